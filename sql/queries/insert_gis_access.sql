-- A GIS login reads the gis views of this city (and of any other city it is given).
INSERT INTO gis_access (login, city_id) VALUES (%(login)s, %(city_id)s) ON CONFLICT DO NOTHING;
