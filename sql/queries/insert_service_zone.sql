INSERT INTO service_zones (agency_id, name, kecamatan_id, geom)
VALUES (%(agency_id)s, %(name)s, NULL,
        ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326)), 3)))
RETURNING id;
