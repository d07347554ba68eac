-- An offer answered, expired or handed back: its notice is no longer news (it asked for an answer
-- within minutes; unread, it would wait for ever).
UPDATE notifications n SET read_at = now()
FROM assignments a
WHERE a.id = %(id)s AND a.city_id = %(city_id)s
  AND n.user_id = a.responder_id AND n.report_id = a.report_id AND n.city_id = a.city_id
  AND n.kind = 'task_offered' AND n.read_at IS NULL;
