-- What a city's filters may name: its category and agency codes, and its kecamatan and kelurahan
-- (by name, or by id as /ops sends them). geo/filter_values.py refuses anything else.
SELECT 'category' AS kind, code AS value, NULL::int AS id FROM categories WHERE city_id = %(city_id)s
UNION ALL SELECT 'agency', code, NULL FROM agencies WHERE city_id = %(city_id)s
UNION ALL SELECT 'kecamatan', name, id FROM kecamatan WHERE city_id = %(city_id)s
UNION ALL SELECT 'kelurahan', name, id FROM kelurahan WHERE city_id = %(city_id)s;
