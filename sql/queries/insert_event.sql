-- A timeline event. An automatic merge carries the resubmission's Idempotency-Key: a
-- concurrent retry of it inserts nothing (unique index) and is answered as a replay.
INSERT INTO report_events (report_id, city_id, actor_id, event, from_status, to_status, note, photo_id,
                           idempotency_key)
SELECT r.id, r.city_id, %(actor_id)s, %(event)s, %(from_status)s, %(to_status)s, %(note)s, %(photo_id)s,
       %(idempotency_key)s
FROM reports r WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s
ON CONFLICT (actor_id, idempotency_key, city_id) WHERE idempotency_key IS NOT NULL DO NOTHING
RETURNING id;
