-- Another responder takes over: the previous live assignment is cancelled.
UPDATE assignments SET status = 'cancelled', responded_at = now() WHERE id = %(id)s AND city_id = %(city_id)s;
