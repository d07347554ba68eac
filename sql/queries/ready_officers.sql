-- Officers ready for an offer now: on duty (available) with a fresh position and no offer open.
-- The SLA sweep offers each what waits near them (geo/dispatch.offer_waiting): a report passed
-- over lately, or skipped while its nearest officer had another offer open, is offered again
-- within a sweep (5 minutes) even when nothing else happens.
SELECT s.user_id, s.city_id
FROM responders s JOIN users u ON u.id = s.user_id AND NOT u.disabled
WHERE s.status = 'available' AND s.geom IS NOT NULL AND s.location_at > now() - make_interval(secs => %(stale_s)s)
  AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.responder_id = s.user_id AND a.city_id = s.city_id
                    AND a.status = 'offered' AND a.expires_at > now())
ORDER BY s.city_id, s.user_id;
