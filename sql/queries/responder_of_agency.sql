SELECT u.id FROM users u JOIN responders r ON r.user_id = u.id
WHERE u.id = %(user_id)s AND r.agency_id = %(agency_id)s AND r.city_id = %(city_id)s AND NOT u.disabled;
