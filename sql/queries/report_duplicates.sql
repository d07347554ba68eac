-- The reports merged into one (status duplicate), locked: a move into a confidential category
-- takes them along, or their exact place and words would still point at it.
SELECT r.id, r.city_id, r.status, r.agency_id, r.category_id, r.priority, ST_X(r.geom) AS lng, ST_Y(r.geom) AS lat,
       c.confidential
FROM reports r JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
WHERE r.duplicate_of = %(id)s AND r.city_id = %(city_id)s
ORDER BY r.id
FOR UPDATE OF r;
