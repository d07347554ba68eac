-- An available responder who takes a report becomes busy.
UPDATE responders SET status = 'busy' WHERE user_id = %(user_id)s AND city_id = %(city_id)s AND status = 'available';
