-- One staff member of a city, as an admin acting on them sees them, with every city they work
-- for (switching an account off reaches all of them).
SELECT u.id, u.role, s.agency_id, (SELECT array_agg(o.city_id ORDER BY o.city_id) FROM staff o
                                   WHERE o.user_id = u.id) AS cities
FROM staff s JOIN users u ON u.id = s.user_id
WHERE u.id = %(id)s AND s.city_id = %(city_id)s;
