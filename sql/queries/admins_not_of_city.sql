-- The platform's admins who do not work for a city (yet): after `sigap city add` they lose the
-- platform-wide tools (failed background jobs), which are for admins of every city.
SELECT u.email, u.phone FROM users u
WHERE u.role = 'admin' AND NOT u.disabled
  AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.user_id = u.id AND s.city_id = %(city_id)s)
ORDER BY u.id;
