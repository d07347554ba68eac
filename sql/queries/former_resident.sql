-- The one account that stands for every deleted resident, made the first time it is needed.
-- (A concurrent first erasure makes this statement find neither row: the caller asks again.)
WITH made AS (
    INSERT INTO users (full_name, password_hash, role, disabled, deleted_at)
    VALUES ('', '!', 'citizen', true, now())
    ON CONFLICT ((deleted_at IS NOT NULL)) WHERE deleted_at IS NOT NULL DO NOTHING
    RETURNING id
)
SELECT id FROM made
UNION ALL
(SELECT id FROM users WHERE deleted_at IS NOT NULL LIMIT 1)
LIMIT 1;
