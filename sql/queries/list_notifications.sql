SELECT id, report_id, kind, message_id, message_en, created_at, read_at
FROM notifications WHERE user_id = %(user_id)s AND (%(unread)s IS FALSE OR read_at IS NULL)
ORDER BY id DESC LIMIT 200;
