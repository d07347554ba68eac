-- Cameras whose frames are analysed on this sweep: active, and not waiting out a backoff.
SELECT id, city_id FROM cameras WHERE active AND (next_try_at IS NULL OR next_try_at <= now()) ORDER BY id;
