-- Layer reports, high zoom: one point per report at its public location
-- (confidential categories coarsened to an H3 r8 centre). Public fields only.
WITH env AS (
    SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS e,
           ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), 4326) AS e4326
)
SELECT ST_AsMVT(t, 'reports', %(extent)s, 'geom', 'id') FROM (
    SELECT r.id, c.code AS category, r.status, r.priority, a.code AS agency, r.support_count,
           extract(epoch FROM r.created_at)::bigint AS created_at, c.confidential AS coarsened,
           ST_AsMVTGeom(ST_Transform(r.public_geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM reports r
    JOIN categories c ON c.id = r.category_id
    JOIN agencies a ON a.id = r.agency_id, env
    WHERE r.public_geom && env.e4326
      AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
      AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
) t;
