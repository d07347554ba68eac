INSERT INTO users (email, phone, password_hash, full_name, role, must_change_password)
VALUES (%(email)s, %(phone)s, %(password_hash)s, %(full_name)s, %(role)s, %(must_change)s)
ON CONFLICT DO NOTHING
RETURNING id;
