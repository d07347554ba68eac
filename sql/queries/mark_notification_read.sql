-- Only the addressee can mark a notification read; reading twice keeps the first time.
UPDATE notifications SET read_at = coalesce(read_at, now())
WHERE id = %(id)s AND user_id = %(user_id)s AND (%(city_id)s::int IS NULL OR city_id = %(city_id)s)
RETURNING id;
