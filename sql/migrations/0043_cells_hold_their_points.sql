-- Every report is stored under the H3 cell that holds its point at each resolution
-- (geo/hexes.cells_for_point), not under the parents of its r11 cell: an H3 parent does not cover
-- all its children, and a planner counting the dots inside a hexagon found 45 of 99 counts wrong.
-- The rows are given their new cells by this migration's Python step (geo/reindex.py, named in
-- geo/migrations.STEPS), in this transaction; the aggregates trigger moves their counts (0040).
-- A confidential report keeps its public point and r8 cell: only its cells above r8 may change.
-- Detections keep theirs (nothing reads them). Kupang's tens of thousands of reports take
-- seconds; a country's millions take minutes, during which reports wait to be written.

-- Writes wait while the cells are made anew (reads go on); none slips between.
LOCK reports IN SHARE ROW EXCLUSIVE MODE;

COMMENT ON FUNCTION sigap_report_cell_slack(integer) IS
    'How far (degrees) a report may lie outside its cell''s stored outline at res. Before 0043 reports '
    'were stored under their r11 cell''s parents, which do not cover all their children; since 0043 each '
    'cell holds its point and the slack is a margin only (the outline''s edges are straight in degrees).';
