SELECT a.id, a.city_id, a.report_id, a.responder_id, a.status, a.expires_at, r.status AS report_status,
       r.agency_id,
       -- by the database's clock, as expire_offer.sql judges it (the app's clock could say "expired"
       -- while the offer stayed open: a review)
       a.expires_at IS NOT NULL AND a.expires_at <= now() AS expired
FROM assignments a JOIN reports r ON r.id = a.report_id AND r.city_id = a.city_id
WHERE a.id = %(id)s AND a.city_id = %(city_id)s
FOR UPDATE OF a;
