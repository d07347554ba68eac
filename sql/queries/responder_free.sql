-- A responder their tasks made busy, with nothing else on their hands, is available again (not
-- one who chose "busy" themselves).
UPDATE responders SET status = 'available'
WHERE user_id = %(user_id)s AND city_id = %(city_id)s AND status = 'busy' AND NOT busy_by_choice
  AND NOT EXISTS (SELECT 1 FROM assignments WHERE responder_id = %(user_id)s AND city_id = %(city_id)s AND status IN ('accepted','arrived'));
