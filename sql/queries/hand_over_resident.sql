-- What a resident who deletes their account did stays, no longer theirs: their reports without a
-- reporter (every city's: on Citus this goes to every shard, and it is rare), their timeline
-- events and photos under the account that stands for every deleted resident.
WITH unlinked AS (
    UPDATE reports SET reporter_id = NULL WHERE reporter_id = %(id)s RETURNING 1
), events AS (
    -- their retry keys go (unique per actor: two people's could meet under the shared account)
    UPDATE report_events SET actor_id = %(former)s, idempotency_key = NULL WHERE actor_id = %(id)s RETURNING 1
), pictures AS (
    UPDATE photos SET uploader_id = %(former)s WHERE uploader_id = %(id)s RETURNING 1
)
SELECT (SELECT count(*) FROM unlinked) AS reports, (SELECT count(*) FROM events) AS events,
       (SELECT count(*) FROM pictures) AS photos;
