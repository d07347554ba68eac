UPDATE users SET password_hash = %(hash)s WHERE id = %(id)s;
