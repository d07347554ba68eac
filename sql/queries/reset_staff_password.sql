-- An admin sets a password for a staff member who forgot theirs: every session ends, and the
-- owner must choose their own at the next sign-in (0035).
WITH who AS (
    UPDATE users SET password_hash = %(hash)s, must_change_password = true
    WHERE id = %(id)s AND role <> 'citizen' RETURNING id
), sessions AS (
    DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM who) RETURNING 1
)
SELECT (SELECT count(*) FROM sessions) AS sessions_ended;
