-- The owner's own new password: the one an admin gave (if any) is no longer theirs to keep.
UPDATE users SET password_hash = %(hash)s, must_change_password = false WHERE id = %(id)s;
