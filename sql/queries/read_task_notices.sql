-- An officer started or finished a report: the notices that handed it to them are read (/petugas
-- showed one as news again after every reload, when it had been dealt with without "Lihat tugas").
UPDATE notifications SET read_at = now()
WHERE user_id = %(user_id)s AND report_id = %(report_id)s AND city_id = %(city_id)s
  AND kind IN ('task_assigned', 'task_back') AND read_at IS NULL;
