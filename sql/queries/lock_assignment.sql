SELECT a.id, a.city_id, a.report_id, a.responder_id, a.status, a.expires_at, r.status AS report_status,
       r.agency_id
FROM assignments a JOIN reports r ON r.id = a.report_id AND r.city_id = a.city_id
WHERE a.id = %(id)s AND a.city_id = %(city_id)s
FOR UPDATE OF a;
