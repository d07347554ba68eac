SELECT c.id, c.code, c.name_id, c.name_en, a.code AS agency, c.default_priority,
       c.sla_hours, c.confidential
FROM categories c JOIN agencies a ON a.id = c.agency_id
ORDER BY c.id;
