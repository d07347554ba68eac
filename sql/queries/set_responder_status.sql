-- A responder's shift status (off / available / busy).
UPDATE responders SET status = %(status)s WHERE user_id = %(user_id)s;
