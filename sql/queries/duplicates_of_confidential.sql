-- Reports merged into a confidential report that are not confidential themselves, in every city
-- (migration 0057's repair, once), locked, with the category they are to follow.
SELECT d.id, d.city_id, d.status, d.agency_id, d.category_id, d.priority, ST_X(d.geom) AS lng, ST_Y(d.geom) AS lat,
       dc.confidential, kc.code AS kept_category
FROM reports d
JOIN categories dc ON dc.id = d.category_id AND dc.city_id = d.city_id
JOIN reports k ON k.id = d.duplicate_of AND k.city_id = d.city_id
JOIN categories kc ON kc.id = k.category_id AND kc.city_id = k.city_id
WHERE d.duplicate_of IS NOT NULL AND kc.confidential AND NOT dc.confidential
ORDER BY d.id
FOR UPDATE OF d;
