-- A responder answered no, or answered too late: the offer is closed with that status.
UPDATE assignments SET status = %(status)s,
       responded_at = CASE WHEN %(status)s = 'declined' THEN now() ELSE responded_at END
WHERE id = %(id)s AND city_id = %(city_id)s;
