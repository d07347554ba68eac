-- A citizen's account erased: no e-mail, phone, name or usable password ('!' is no argon2 hash),
-- never signed in again; their sessions, phones' push subscriptions and notifications gone.
-- (Reports they supported keep the count; the support rows now name an anonymous resident.)
WITH gone AS (
    UPDATE users SET email = NULL, phone = NULL, full_name = '', password_hash = '!', disabled = true,
                     deleted_at = now()
    WHERE id = %(id)s AND role = 'citizen' AND deleted_at IS NULL
    RETURNING id
), sessions AS (
    DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM gone) RETURNING 1
), phones AS (
    DELETE FROM push_subscriptions WHERE user_id IN (SELECT id FROM gone) RETURNING 1
), notes AS (
    DELETE FROM notifications WHERE user_id IN (SELECT id FROM gone) RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS erased, (SELECT count(*) FROM notes) AS notifications;
