-- A category in every city that has it, with its agency and SLA.
SELECT c.city_id, c.id, c.code, c.agency_id, a.code AS agency, c.default_priority, c.sla_hours, c.confidential
FROM categories c JOIN agencies a ON a.id = c.agency_id AND a.city_id = c.city_id
WHERE c.code = %(code)s;
