-- The primary's WAL insert position after a commit (bytes): a replica that has replayed this
-- far has every change committed before (with synchronous_commit off too, unlike the write
-- position). Recorded with each tile cache invalidation.
SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint AS lsn;
