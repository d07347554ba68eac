-- A responder row for a user just created with role responder, in their agency of that city.
INSERT INTO responders (user_id, city_id, agency_id)
SELECT user_id, city_id, agency_id FROM staff WHERE user_id = %(user_id)s AND city_id = %(city_id)s
