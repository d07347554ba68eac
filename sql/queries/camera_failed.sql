-- No frame: offline, with the reason; the next try waits base * 2^(failures so far), capped.
UPDATE cameras
SET failures = failures + 1, last_error = %(error)s, last_error_at = now(),
    next_try_at = now() + make_interval(secs => least(%(max_s)s::float8, %(base_s)s::float8 * 2 ^ failures))
WHERE id = %(id)s AND city_id = %(city_id)s
RETURNING failures, next_try_at;
