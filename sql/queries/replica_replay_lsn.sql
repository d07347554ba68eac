-- How far a streaming replica has replayed the primary's WAL (bytes); NULL on a primary.
SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint AS lsn;
