-- A password reset asked for `email` from `city_id`'s page: a row for a resident's account that
-- is in use, unless one was made for it there in the last two minutes (a second tap, or someone
-- filling another person's mailbox). Nothing comes back for an unknown address: the caller says
-- the same either way.
INSERT INTO password_resets (city_id, user_id)
SELECT %(city_id)s, u.id FROM users u
WHERE u.email = %(email)s AND u.role = 'citizen' AND NOT u.disabled
  AND NOT EXISTS (SELECT 1 FROM password_resets p
                  WHERE p.city_id = %(city_id)s AND p.user_id = u.id AND p.created_at > now() - interval '2 minutes')
RETURNING id;
