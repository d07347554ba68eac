-- Migration 0057's Python step (geo/steps.py), frozen: written against the schema at 0057 and
-- never edited after it, so a later change to the named queries cannot change or break an upgrade
-- of an older database. Reports merged into a confidential report that are not confidential
-- themselves, in every city, locked, with the kept report's category and agency.
SELECT d.id, d.city_id, ST_X(d.geom) AS lng, ST_Y(d.geom) AS lat, d.kelurahan_id,
       kc.id AS category_id, kc.agency_id, kc.name_id, kc.name_en, dc.name_id AS old_name_id, dc.name_en AS old_name_en
FROM reports d
JOIN categories dc ON dc.id = d.category_id AND dc.city_id = d.city_id
JOIN reports k ON k.id = d.duplicate_of AND k.city_id = d.city_id
JOIN categories kc ON kc.id = k.category_id AND kc.city_id = k.city_id
WHERE d.duplicate_of IS NOT NULL AND kc.confidential AND NOT dc.confidential
ORDER BY d.id
FOR UPDATE OF d;
