INSERT INTO agencies (city_id, code, name_id, name_en)
VALUES (%(city_id)s, %(code)s, %(name_id)s, %(name_en)s)
ON CONFLICT (city_id, code) DO UPDATE SET name_id = EXCLUDED.name_id, name_en = EXCLUDED.name_en
RETURNING id;
