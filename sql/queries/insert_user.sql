INSERT INTO users (email, phone, password_hash, full_name, role)
VALUES (%(email)s, %(phone)s, %(password_hash)s, %(full_name)s, %(role)s)
ON CONFLICT DO NOTHING
RETURNING id;
