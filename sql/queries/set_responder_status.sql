-- A responder's shift status (off / available / busy), as they chose it: a "busy" they chose is
-- kept when their tasks end (responder_free.sql).
UPDATE responders SET status = %(status)s, busy_by_choice = (%(status)s = 'busy')
WHERE user_id = %(user_id)s AND city_id = %(city_id)s;
