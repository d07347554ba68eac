-- Deltas of rolled-up days, taken for folding: their days are recomputed from reports in the
-- same transaction (the state row lock keeps new deltas out meanwhile).
DELETE FROM report_stats_delta WHERE day < %(s)s RETURNING day;
