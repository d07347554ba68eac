SELECT e.id, e.event, e.from_status, e.to_status, e.note, e.created_at, e.actor_id,
       u.role AS actor_role, p.media_key AS photo_key
FROM report_events e
LEFT JOIN users u ON u.id = e.actor_id
LEFT JOIN photos p ON p.id = e.photo_id
WHERE e.report_id = %(id)s
ORDER BY e.created_at, e.id;
