-- A merge moves the duplicate's photos onto the kept report (merge_reports.sql). Until now they
-- then looked like the kept report's own: /ops captioned every one "Foto laporan" with nothing to
-- say a second resident took it (a staff walk), and the duplicate's reporter lost the photo from
-- their own data ("Data saya", my_data.sql joins photos by report). Each photo now keeps the
-- number of the report it came with; a later merge of the kept report keeps the first number.
ALTER TABLE photos ADD COLUMN from_report_id bigint;
COMMENT ON COLUMN photos.from_report_id IS
    'The report this photo was sent with, when a merge moved it onto another (NULL: its own report)';
CREATE INDEX photos_from_report ON photos (city_id, from_report_id) WHERE from_report_id IS NOT NULL;

-- Photos merged before this migration: a "before" photo on a report that was sent by the
-- reporter of one of its duplicates (not by its own reporter) came with that duplicate; the
-- duplicate sent nearest in time when one resident's several reports were merged into it.
UPDATE photos p SET from_report_id = (
        SELECT d.id FROM reports d
        WHERE d.duplicate_of = p.report_id AND d.city_id = p.city_id AND d.reporter_id = p.uploader_id
        ORDER BY abs(extract(epoch FROM d.created_at - p.created_at)), d.id LIMIT 1)
FROM reports k
WHERE k.id = p.report_id AND k.city_id = p.city_id AND p.kind = 'before'
  AND p.uploader_id IS DISTINCT FROM k.reporter_id
  AND EXISTS (SELECT 1 FROM reports d WHERE d.duplicate_of = p.report_id AND d.city_id = p.city_id
                                        AND d.reporter_id = p.uploader_id);
