-- A resident's own e-mail, added or changed (the way back in when a password is forgotten):
-- nothing comes back when another account has it.
UPDATE users SET email = %(email)s
WHERE id = %(id)s AND NOT EXISTS (SELECT 1 FROM users o WHERE o.email = %(email)s AND o.id <> %(id)s)
RETURNING id;
