-- Where an OSM import lands before it replaces the previous one (geo.osm.load; gone at commit).
CREATE TEMP TABLE osm_in_roads (osm_id bigint, highway text, name text, ref text, oneway smallint,
                                maxspeed integer, wkb text) ON COMMIT DROP;
CREATE TEMP TABLE osm_in_areas (osm_id bigint, layer text, kind text, name text, wkb text) ON COMMIT DROP;
CREATE TEMP TABLE osm_in_waterways (osm_id bigint, kind text, name text, wkb text) ON COMMIT DROP;
CREATE TEMP TABLE osm_in_places (osm_type char(1), osm_id bigint, class text, kind text, name text,
                                 wkb text) ON COMMIT DROP;
CREATE TEMP TABLE osm_in_edges (osm_id bigint, source bigint, target bigint, highway text, name text,
                                oneway smallint, speed_kmh real, wkt text) ON COMMIT DROP;
