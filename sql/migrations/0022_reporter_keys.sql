-- A citizen's own reports are found by reporter first, in any city (a citizen account works in
-- every city): the retry / resubmission lookup of every submission (report_replay_or_own),
-- "Laporan saya" and Idempotency-Key replays. 0021 put city_id first in this key, which left
-- those lookups no index to use: each submission walked the whole key (the two-city bench:
-- ingest 77 -> 15 reports/s at 11M reports). city_id stays in the key (Citus needs it there,
-- in any position); it goes last.
ALTER TABLE reports DROP CONSTRAINT reports_city_id_reporter_id_idempotency_key_key;
ALTER TABLE reports ADD CONSTRAINT reports_reporter_idempotency
    UNIQUE (reporter_id, idempotency_key, city_id);
