-- A report handed to a field officer by someone else (an operator's "Tugaskan", or the reporter's
-- "belum beres" bringing it back to them): the officer hears of it by notice and push, also with
-- /petugas closed; before, only an open /petugas page noticed, by comparing its task lists.
WITH r AS (
    SELECT r.id, r.city_id, c.name_id, c.name_en, k.name AS kelurahan, r.street_name
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
    WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s
), note AS (
    INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
    SELECT %(user_id)s, r.id, r.city_id, %(kind)s,
           format(CASE %(kind)s WHEN 'task_back' THEN 'Kembali kepada Anda, belum beres menurut pelapor: #%%s %%s, %%sKel. %%s.'
                                ELSE 'Tugas baru untuk Anda dari operator: #%%s %%s, %%sKel. %%s.' END,
                  r.id, r.name_id, coalesce(r.street_name || ', ', ''), r.kelurahan),
           format(CASE %(kind)s WHEN 'task_back' THEN 'Back to you, not fixed says the reporter: #%%s %%s, %%sKel. %%s.'
                                ELSE 'A new task for you from the operator: #%%s %%s, %%sKel. %%s.' END,
                  r.id, r.name_en, coalesce(r.street_name || ', ', ''), r.kelurahan)
    FROM r
    RETURNING id, city_id
)
INSERT INTO job_outbox (job, args) SELECT 'push_notification', jsonb_build_array(id, city_id) FROM note
RETURNING 1;
