-- A category's confidentiality as stored, and whether any report was filed under it: the
-- promise made to those reporters (geo/reference.load_city keeps it).
SELECT c.confidential,
       EXISTS (SELECT 1 FROM reports r WHERE r.category_id = c.id AND r.city_id = c.city_id) AS has_reports
FROM categories c
WHERE c.city_id = %(city_id)s AND c.code = %(code)s;
