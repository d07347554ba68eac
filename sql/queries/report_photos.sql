SELECT id, kind, media_key, width, height, created_at FROM photos
WHERE report_id = %(id)s ORDER BY id;
