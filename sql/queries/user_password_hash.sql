-- The stored password of an account that may still sign in (to confirm who asks for a change).
SELECT password_hash FROM users WHERE id = %(id)s AND NOT disabled AND deleted_at IS NULL;
