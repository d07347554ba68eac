INSERT INTO service_zones (city_id, agency_id, name, kecamatan_id, geom)
VALUES (%(city_id)s, %(agency_id)s, %(name)s, NULL,
        ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326)), 3)))
RETURNING id;
