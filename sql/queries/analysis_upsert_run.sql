-- One run per (kind, category, period, res): a new computation replaces the row in place;
-- its cells are deleted and written again by the caller in the same transaction.
INSERT INTO analysis_runs (city_id, kind, category, period, res, computed_at, months, reports, cells, permutations, note)
VALUES (%(city_id)s, %(kind)s, %(category)s, %(period)s, %(res)s, now(), %(months)s, %(reports)s, %(cells)s,
        %(permutations)s, %(note)s)
ON CONFLICT (city_id, kind, category, period, res) DO UPDATE
SET computed_at = now(), months = EXCLUDED.months, reports = EXCLUDED.reports, cells = EXCLUDED.cells,
    permutations = EXCLUDED.permutations, note = EXCLUDED.note
RETURNING id;
