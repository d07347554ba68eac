-- with the agency's names: the citizen's receipt says where the report went in words, not "DINSOS"
SELECT c.id, c.code, c.name_id, c.name_en, a.code AS agency, a.name_id AS agency_name_id, a.name_en AS agency_name_en,
       c.default_priority,
       c.sla_hours, c.confidential
FROM categories c JOIN agencies a ON a.id = c.agency_id AND a.city_id = c.city_id
WHERE %(city_id)s::int IS NULL OR c.city_id = %(city_id)s
ORDER BY c.id;
