-- A user's notifications from every city (one account reports anywhere), each naming its city
-- so that the app opens its report there, and what the report is and where (its category and
-- the kelurahan the public is told): 200 lines of "Laporan #N melewati batas waktu" told a
-- coordinator nothing. A confidential report's place is not named: the public's blurred kelurahan
-- misled its own lurah, who opens the report for the true one (a walk). `unread` counts every
-- unread one, beyond the 200 listed.
SELECT n.id, n.report_id, ct.slug AS city, n.kind, n.message_id, n.message_en, n.created_at, n.read_at,
       c.name_id AS category_name_id, c.name_en AS category_name_en,
       CASE WHEN NOT c.confidential THEN pk.name END AS kelurahan,
       (SELECT count(*) FROM notifications u WHERE u.user_id = %(user_id)s AND u.read_at IS NULL) AS unread
FROM (SELECT * FROM notifications
      WHERE user_id = %(user_id)s AND (%(unread)s IS FALSE OR read_at IS NULL)
      ORDER BY id DESC LIMIT 200) n
JOIN cities ct ON ct.id = n.city_id
LEFT JOIN reports r ON r.id = n.report_id AND r.city_id = n.city_id
LEFT JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
LEFT JOIN kelurahan pk ON pk.id = r.public_kelurahan_id AND pk.city_id = r.city_id
ORDER BY n.id DESC;
