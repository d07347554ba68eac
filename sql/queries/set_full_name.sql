-- A resident's own name, as operators see it on her reports ('' for none).
UPDATE users SET full_name = %(full_name)s WHERE id = %(id)s;
