-- A category in every city that has it, with its agency (its names: the reporter's history says
-- where the report went in words, as the receipt does, not "DLH") and SLA.
SELECT c.city_id, c.id, c.code, c.name_id, c.name_en, c.agency_id, a.code AS agency, a.name_id AS agency_name_id, a.name_en AS agency_name_en,
       c.default_priority, c.sla_hours, c.confidential
FROM categories c JOIN agencies a ON a.id = c.agency_id AND a.city_id = c.city_id
WHERE c.code = %(code)s;
