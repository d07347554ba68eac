-- Layer basemap: OpenStreetMap streets, water, land use, buildings and places of the city
-- (sigap load-osm), one statement per tile, several MVT layers named after their tables.
-- Generalised per zoom: major roads only below z12, all drivable roads below z14, every path,
-- building and POI from z14; geometry simplified to a pixel of the zoom before encoding.
WITH env AS (
    SELECT e, e4326,
           360.0 / (%(extent)s * 2 ^ %(z)s) AS px
    FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
)
SELECT
  coalesce((SELECT ST_AsMVT(t, 'osm_landuse', %(extent)s, 'geom') FROM (
      SELECT a.kind, a.name,
             ST_AsMVTGeom(ST_Transform(ST_Simplify(a.geom, env.px), 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
      FROM osm_areas a, env
      WHERE a.layer = 'landuse' AND %(z)s >= 11 AND a.geom && env.e4326) t WHERE t.geom IS NOT NULL), '')
  || coalesce((SELECT ST_AsMVT(t, 'osm_water', %(extent)s, 'geom') FROM (
      SELECT a.kind, a.name,
             ST_AsMVTGeom(ST_Transform(ST_Simplify(a.geom, env.px), 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
      FROM osm_areas a, env
      WHERE a.layer = 'water' AND a.geom && env.e4326) t WHERE t.geom IS NOT NULL), '')
  || coalesce((SELECT ST_AsMVT(t, 'osm_waterways', %(extent)s, 'geom') FROM (
      SELECT w.kind, w.name,
             ST_AsMVTGeom(ST_Transform(ST_Simplify(w.geom, env.px), 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
      FROM osm_waterways w, env
      WHERE w.geom && env.e4326 AND (%(z)s >= 13 OR w.kind IN ('river', 'canal'))) t WHERE t.geom IS NOT NULL), '')
  || coalesce((SELECT ST_AsMVT(t, 'osm_buildings', %(extent)s, 'geom') FROM (
      SELECT a.kind, a.name,
             ST_AsMVTGeom(ST_Transform(a.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
      FROM osm_areas a, env
      WHERE a.layer = 'building' AND %(z)s >= 14 AND a.geom && env.e4326) t WHERE t.geom IS NOT NULL), '')
  || coalesce((SELECT ST_AsMVT(t, 'osm_roads', %(extent)s, 'geom') FROM (
      SELECT r.id, r.highway, r.name, r.ref, r.oneway,
             ST_AsMVTGeom(ST_Transform(ST_Simplify(r.geom, env.px), 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
      FROM osm_roads r, env
      WHERE r.geom && env.e4326
        AND (%(z)s >= 14
             OR r.highway IN ('motorway', 'trunk', 'primary', 'secondary', 'motorway_link', 'trunk_link',
                              'primary_link', 'secondary_link')
             OR (%(z)s >= 12 AND r.highway IN ('tertiary', 'tertiary_link', 'unclassified', 'residential',
                                                'living_street')))) t WHERE t.geom IS NOT NULL), '')
  || coalesce((SELECT ST_AsMVT(t, 'osm_places', %(extent)s, 'geom') FROM (
      SELECT p.id, p.class, p.kind, p.name,
             ST_AsMVTGeom(ST_Transform(p.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
      FROM osm_places p, env
      WHERE p.geom && env.e4326 AND (%(z)s >= 14 OR (p.class = 'place' AND %(z)s >= 12))) t
      WHERE t.geom IS NOT NULL), '');
