-- Layer responders (staff only): field officers' last positions.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
)
SELECT ST_AsMVT(t, 'responders', %(extent)s, 'geom', 'id') FROM (
    SELECT r.user_id AS id, u.full_name AS name, a.code AS agency, r.team, r.status,
           extract(epoch FROM r.location_at)::bigint AS location_at,
           (SELECT count(*) FROM reports x WHERE x.assignee_id = r.user_id AND x.city_id = r.city_id
              AND x.status IN ('assigned','in_progress'))::int AS open_tasks,
           ST_AsMVTGeom(ST_Transform(r.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM responders r JOIN users u ON u.id = r.user_id JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id, env
    WHERE r.geom && env.e4326 AND r.city_id = %(city_id)s AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
) t;
