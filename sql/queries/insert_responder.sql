-- A responder row for a user just created with role responder, in the user's agency.
INSERT INTO responders (user_id, agency_id)
SELECT id, agency_id FROM users WHERE id = %(user_id)s
