-- A reset link's row with what its signature covers (the account's current password hash: a
-- link made before the password changed no longer matches) and what its mail says.
SELECT p.id, p.city_id, p.user_id, p.created_at, p.used_at, p.created_at > now() - interval '1 hour' AS fresh,
       u.email, u.full_name, u.password_hash, u.disabled, u.role, c.slug AS city, c.name AS city_name
FROM password_resets p
JOIN users u ON u.id = p.user_id
JOIN cities c ON c.id = p.city_id
WHERE p.id = %(id)s AND p.city_id = %(city_id)s;
