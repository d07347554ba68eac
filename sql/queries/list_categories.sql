SELECT c.id, c.code, c.name_id, c.name_en, a.code AS agency, c.default_priority,
       c.sla_hours, c.confidential
FROM categories c JOIN agencies a ON a.id = c.agency_id AND a.city_id = c.city_id
WHERE %(city_id)s::int IS NULL OR c.city_id = %(city_id)s
ORDER BY c.id;
