-- "Tandai semua dibaca": every unread notification of the user in one city (a coordinator with a
-- backlog of escalations clears it once they have worked through the queue).
UPDATE notifications SET read_at = now()
WHERE user_id = %(user_id)s AND city_id = %(city_id)s AND read_at IS NULL;
