-- The offer of a report waiting for its officer's answer, for its dispatchers: they saw only
-- "Tersimpan" after verifying, while the officer's phone showed the offer and its two minutes.
SELECT a.responder_id, u.full_name AS name, a.expires_at
FROM assignments a JOIN users u ON u.id = a.responder_id
WHERE a.report_id = %(report_id)s AND a.city_id = %(city_id)s AND a.status = 'offered' AND a.expires_at > now()
ORDER BY a.id DESC
LIMIT 1;
