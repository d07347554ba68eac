-- Whether an OpenStreetMap import is loaded, and its provenance.
SELECT source, imported_at, attribution, (SELECT count(*) FROM osm_roads) AS roads FROM osm_import;
