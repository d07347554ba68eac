INSERT INTO agencies (code, name_id, name_en)
VALUES (%(code)s, %(name_id)s, %(name_en)s)
ON CONFLICT (code) DO UPDATE SET name_id = EXCLUDED.name_id, name_en = EXCLUDED.name_en
RETURNING id;
