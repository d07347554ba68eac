INSERT INTO report_events (report_id, actor_id, event, from_status, to_status, note, photo_id)
VALUES (%(report_id)s, %(actor_id)s, %(event)s, %(from_status)s, %(to_status)s, %(note)s, %(photo_id)s)
RETURNING id;
