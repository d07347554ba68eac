-- The cells of a run about to be written again (both kinds; a run has cells of one kind).
WITH a AS (DELETE FROM hotspot_cells WHERE run_id = %(run_id)s AND city_id = %(city_id)s)
DELETE FROM emerging_cells WHERE run_id = %(run_id)s AND city_id = %(city_id)s;
