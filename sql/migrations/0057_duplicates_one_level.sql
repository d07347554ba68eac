-- Reports merged into a report that was itself merged later (35 into 36, then 36 into 37) pointed
-- at the middle one: withholding 37, or moving it into a confidential category, followed only the
-- reports merged straight into it, and 35 kept its exact place and words on every public surface,
-- next to a missing person's true point (a privacy review). A merge now points them at the kept
-- report (merge_reports.sql); here every duplicate points at the end of its chain, and takes its
-- withholding. Duplicates of a confidential report that are not confidential themselves (merged
-- before a move took them along, 0055) move into its category: the Python step after this file
-- (geo.recategorize.duplicates_follow_confidential, with their public places).
WITH RECURSIVE up AS (
    SELECT d.id, d.city_id, d.duplicate_of AS root, 1 AS depth
    FROM reports d WHERE d.duplicate_of IS NOT NULL
    UNION ALL
    SELECT up.id, up.city_id, r.duplicate_of, up.depth + 1
    FROM up JOIN reports r ON r.id = up.root AND r.city_id = up.city_id
    WHERE r.duplicate_of IS NOT NULL AND up.depth < 1000
), roots AS (
    SELECT DISTINCT ON (id, city_id) id, city_id, root FROM up ORDER BY id, city_id, depth DESC
)
UPDATE reports d SET duplicate_of = roots.root
FROM roots
WHERE d.id = roots.id AND d.city_id = roots.city_id AND d.duplicate_of <> roots.root;

UPDATE reports d SET withheld_at = r.withheld_at
FROM reports r
WHERE r.id = d.duplicate_of AND r.city_id = d.city_id AND r.withheld_at IS NOT NULL AND d.withheld_at IS NULL;
