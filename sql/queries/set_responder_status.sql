-- A responder's shift status (off / available / busy).
UPDATE responders SET status = %(status)s WHERE user_id = %(user_id)s AND city_id = %(city_id)s;
