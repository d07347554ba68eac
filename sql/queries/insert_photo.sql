INSERT INTO photos (report_id, city_id, kind, uploader_id, media_key, width, height, sha256)
SELECT r.id, r.city_id, %(kind)s, %(uploader_id)s, %(media_key)s, %(width)s, %(height)s, %(sha256)s
FROM reports r WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s
RETURNING id, city_id;
