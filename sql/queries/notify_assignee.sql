-- A report handed to a field officer by someone else (a dispatcher's "Tugaskan", or the report
-- reopened as not fixed, back to them), or offered to them as the nearest (`task_offered`: its two
-- minutes ran out in a pocket, unheard: a walk): the officer hears of it by notice and push, also
-- with /petugas closed; before, only an open /petugas page noticed, by comparing its task lists.
-- A confidential report (missing persons, health) is named by its public kelurahan and no
-- street: the notice shows on a lock screen, and stays when the task is taken from them.
WITH r AS (
    SELECT r.id, r.city_id, c.name_id, c.name_en,
           CASE WHEN c.confidential THEN pk.name ELSE k.name END AS kelurahan,
           CASE WHEN c.confidential THEN NULL ELSE r.street_name END AS street
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
    JOIN kelurahan pk ON pk.id = r.public_kelurahan_id AND pk.city_id = r.city_id
    WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s
), note AS (
    INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
    SELECT %(user_id)s, r.id, r.city_id, %(kind)s,
           format(CASE %(kind)s WHEN 'task_back' THEN 'Kembali kepada Anda, belum beres: #%%s %%s, %%sKel. %%s.'
                                WHEN 'task_offered' THEN 'Tawaran tugas, jawab segera: #%%s %%s, %%sKel. %%s.'
                                ELSE 'Tugas baru untuk Anda: #%%s %%s, %%sKel. %%s.' END,
                  r.id, r.name_id, coalesce(r.street || ', ', ''), r.kelurahan),
           format(CASE %(kind)s WHEN 'task_back' THEN 'Back to you, not fixed: #%%s %%s, %%sKel. %%s.'
                                WHEN 'task_offered' THEN 'A task offered to you, answer soon: #%%s %%s, %%sKel. %%s.'
                                ELSE 'A new task for you: #%%s %%s, %%sKel. %%s.' END,
                  r.id, r.name_en, coalesce(r.street || ', ', ''), r.kelurahan)
    FROM r
    RETURNING id, city_id
)
INSERT INTO job_outbox (job, args) SELECT 'push_notification', jsonb_build_array(id, city_id) FROM note
RETURNING 1;
