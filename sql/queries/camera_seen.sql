-- A frame arrived: the camera is online again.
UPDATE cameras SET last_seen_at = %(at)s, failures = 0, next_try_at = NULL WHERE id = %(id)s AND city_id = %(city_id)s;
