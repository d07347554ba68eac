-- The temporal extent of a city's reports collection: its first and last report (two index
-- probes on reports_city_created).
SELECT min(created_at) AS first, max(created_at) AS last FROM reports WHERE city_id = %(city_id)s;
