-- An available responder who takes a report becomes busy.
UPDATE responders SET status = 'busy' WHERE user_id = %(user_id)s AND status = 'available';
