-- Layer responders (staff only): field officers' last positions.
WITH env AS (
    SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS e,
           ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), ST_TileEnvelope(0, 0, 0)::box2d), 4326) AS e4326
)
SELECT ST_AsMVT(t, 'responders', %(extent)s, 'geom', 'id') FROM (
    SELECT r.user_id AS id, u.full_name AS name, a.code AS agency, r.team, r.status,
           extract(epoch FROM r.location_at)::bigint AS location_at,
           (SELECT count(*) FROM reports x WHERE x.assignee_id = r.user_id
              AND x.status IN ('assigned','in_progress'))::int AS open_tasks,
           ST_AsMVTGeom(ST_Transform(r.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM responders r JOIN users u ON u.id = r.user_id JOIN agencies a ON a.id = r.agency_id, env
    WHERE r.geom && env.e4326 AND r.city_id = %(city_id)s AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
) t;
