-- One staff member of a city, as an admin acting on them sees them.
SELECT u.id, u.role, s.agency_id FROM staff s JOIN users u ON u.id = s.user_id
WHERE u.id = %(id)s AND s.city_id = %(city_id)s;
