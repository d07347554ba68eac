-- A report's photos that have a public copy (their key was handed out, and may be known to a
-- process as a public report's: geo/medialinks.py).
SELECT id, media_key FROM photos
WHERE report_id = %(report_id)s AND city_id = %(city_id)s AND published_at IS NOT NULL
ORDER BY id
FOR UPDATE;
