-- A user's notifications from every city (one account reports anywhere), each naming its city
-- so that the app opens its report there.
SELECT n.id, n.report_id, ct.slug AS city, n.kind, n.message_id, n.message_en, n.created_at, n.read_at
FROM notifications n JOIN cities ct ON ct.id = n.city_id
WHERE n.user_id = %(user_id)s AND (%(unread)s IS FALSE OR n.read_at IS NULL)
ORDER BY n.id DESC LIMIT 200;
