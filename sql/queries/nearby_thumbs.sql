-- The first published photo of each of the form's "support instead" reports (public ones only:
-- the caller leaves confidential reports out), so a resident sees which pile it is before
-- supporting it (the buttons said "Dukung #1254 (0 m)" and nothing else). Not of a report whose
-- words and photos are withheld from the public (0056).
SELECT DISTINCT ON (p.report_id) p.report_id, p.media_key
FROM photos p JOIN cities ct ON ct.id = p.city_id
JOIN reports r ON r.id = p.report_id AND r.city_id = p.city_id
WHERE p.report_id = ANY(%(ids)s) AND ct.slug = ANY(%(cities)s) AND p.kind = 'before'
  AND p.published_at IS NOT NULL AND r.withheld_at IS NULL
ORDER BY p.report_id, p.id;
