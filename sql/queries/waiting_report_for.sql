-- The reports waiting nearest to an officer who is ready now (on duty or freed by a finished task):
-- one of their agency's that nobody holds or is offered, filed or verified, that they have not
-- passed on lately (declined or let lapse, within pass_s), within dispatch reach of their fresh
-- position; the most
-- urgent first (the queue's order, 0049), then the nearest. None while they have an offer open:
-- one at a time. A report filed while nobody was on duty waited for a dispatcher; an officer
-- starting the morning shift was offered nothing (a walk). The first `k`: the first may go to an
-- officer nearer to it, and the next is tried for this one (geo/dispatch.offer_waiting).
SELECT r.id
FROM responders s
JOIN reports r ON r.city_id = s.city_id AND r.agency_id = s.agency_id
WHERE s.user_id = %(user_id)s AND s.city_id = %(city_id)s AND s.status = 'available'
  AND s.geom IS NOT NULL AND s.location_at > now() - make_interval(secs => %(stale_s)s)
  AND NOT EXISTS (SELECT 1 FROM assignments o WHERE o.responder_id = s.user_id AND o.city_id = s.city_id
                    AND o.status = 'offered' AND o.expires_at > now())
  AND r.status IN ('submitted', 'verified')
  AND r.geom && ST_Expand(s.geom, %(max_deg)s)  -- the open reports' (agency, geom) index (0005)
  AND ST_DWithin(r.geom::geography, s.geom::geography, %(max_m)s)
  AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.report_id = r.id AND a.city_id = r.city_id
                    AND (a.status IN ('offered', 'accepted', 'arrived')
                         OR (a.responder_id = s.user_id AND a.status IN ('declined', 'expired')
                             AND coalesce(a.responded_at, a.expires_at) > now() - make_interval(secs => %(pass_s)s))))
ORDER BY array_position(ARRAY['urgent','high','normal','low'], r.priority)
           - (r.escalated_at IS NOT NULL AND r.priority IN ('normal','low'))::int,
         r.geom <-> s.geom, r.id
LIMIT %(k)s;
