-- Whether a published photo belongs to a confidential report (its link must then be signed); no
-- row: not a report's photo.
SELECT c.confidential
FROM photos p
JOIN reports r ON r.id = p.report_id AND r.city_id = p.city_id
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
WHERE p.media_key = %(key)s;
