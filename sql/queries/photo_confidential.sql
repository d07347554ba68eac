-- Whether a published photo's link must be signed: its report is confidential (for good), or one
-- whose words and photos are withheld from the public (0056: until shown again); no row: no
-- report owns it.
SELECT c.confidential, r.withheld_at IS NOT NULL AS withheld
FROM photos p
JOIN reports r ON r.id = p.report_id AND r.city_id = p.city_id
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
WHERE p.media_key = %(key)s;
