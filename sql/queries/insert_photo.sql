INSERT INTO photos (report_id, kind, uploader_id, media_key, width, height, sha256)
VALUES (%(report_id)s, %(kind)s, %(uploader_id)s, %(media_key)s, %(width)s, %(height)s, %(sha256)s)
RETURNING id;
