INSERT INTO categories (city_id, code, name_id, name_en, agency_id, default_priority, sla_hours, confidential)
SELECT a.city_id, %(code)s, %(name_id)s, %(name_en)s, a.id, %(default_priority)s, %(sla_hours)s, %(confidential)s
FROM agencies a WHERE a.city_id = %(city_id)s AND a.code = %(agency)s
ON CONFLICT (city_id, code) DO UPDATE
SET name_id = EXCLUDED.name_id, name_en = EXCLUDED.name_en, agency_id = EXCLUDED.agency_id,
    default_priority = EXCLUDED.default_priority, sla_hours = EXCLUDED.sla_hours,
    confidential = EXCLUDED.confidential
RETURNING id;
