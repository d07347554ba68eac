-- Staff's notices of a report later moved into a confidential category named its street and true
-- kelurahan, and a bell kept showing them after the move (a review). From now on the move rewrites
-- them (sql/queries/redact_report_notices.sql); this does it once for every report already
-- confidential, in the statement's form as it stands here (frozen: a later change to the query file
-- does not change this upgrade). Notices made for a confidential report already read this way.
UPDATE notifications n
SET message_id = CASE WHEN n.kind = 'urgent_report' THEN replace(n.message_id, ' di Kel. ' || k.name, '')
                      ELSE regexp_replace(n.message_id, '^(.*?#' || r.id || ' [^,]*), .*Kel\. .*\.$',
                                          '\1, Kel. ' || replace(pk.name, '\', '\\') || '.') END,
    message_en = CASE WHEN n.kind = 'urgent_report' THEN replace(n.message_en, ' in Kel. ' || k.name, '')
                      ELSE regexp_replace(n.message_en, '^(.*?#' || r.id || ' [^,]*), .*Kel\. .*\.$',
                                          '\1, Kel. ' || replace(pk.name, '\', '\\') || '.') END
FROM reports r
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id AND c.confidential
JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
JOIN kelurahan pk ON pk.id = r.public_kelurahan_id AND pk.city_id = r.city_id
WHERE n.report_id = r.id AND n.city_id = r.city_id
  AND n.kind IN ('task_assigned', 'task_back', 'task_offered', 'urgent_report');
