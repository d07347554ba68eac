-- The k nearest dispatchable responders of an agency: available, with a fresh position, and
-- (for dispatch: skip_passed) not already declined/expired for this report. An operator's list
-- keeps those too, saying so in `passed`: "no officer near" with one available 30 m away, who once
-- let its offer lapse, left the operator guessing. KNN candidates, exact geodesic order.
-- The report's point is an uncorrelated scalar subquery (an InitPlan parameter), so the
-- GiST index can drive the KNN scan; a joined CTE could not.
-- `with_stale` (the operator's "everyone" list) keeps officers without a recent position too,
-- after the others (`stale`; no position at all last: the GiST scan returns NULL keys last): an
-- officer whose phone lost its fix for an hour could not be assigned from /ops at all.
WITH cand AS (
    SELECT s.user_id, s.city_id
    FROM responders s JOIN users u ON u.id = s.user_id
    WHERE s.agency_id = (SELECT agency_id FROM reports WHERE id = %(report_id)s AND city_id = %(city_id)s)
      AND NOT u.disabled
      AND (%(only_available)s IS FALSE OR s.status = 'available')
      AND (%(with_stale)s OR (s.geom IS NOT NULL AND s.location_at > now() - make_interval(secs => %(stale_s)s)))
      -- dispatch: not one who passed this report on lately (declined, let lapse: within pass_s),
      -- nor one weighing an offer as urgent as this report or more (one at a time: three open at
      -- once came to a phone, a walk; a fire still reaches one weighing a garbage report)
      AND (%(skip_passed)s IS FALSE
           OR NOT EXISTS (SELECT 1 FROM assignments a WHERE a.city_id = s.city_id AND a.responder_id = s.user_id
                            AND a.report_id = %(report_id)s AND a.status IN ('declined','expired')
                            AND coalesce(a.responded_at, a.expires_at) > now() - make_interval(secs => %(pass_s)s)))
      AND (%(skip_passed)s IS FALSE
           OR NOT EXISTS (SELECT 1 FROM assignments a JOIN reports o ON o.id = a.report_id AND o.city_id = a.city_id
                          WHERE a.city_id = s.city_id AND a.responder_id = s.user_id AND a.status = 'offered'
                            AND a.expires_at > now()
                            AND array_position(ARRAY['urgent','high','normal','low'], o.priority)
                                <= (SELECT array_position(ARRAY['urgent','high','normal','low'], x.priority)
                                    FROM reports x WHERE x.id = %(report_id)s AND x.city_id = %(city_id)s)))
    ORDER BY s.geom <-> (SELECT geom FROM reports WHERE id = %(report_id)s AND city_id = %(city_id)s)
    LIMIT %(candidates)s
)
SELECT s.user_id AS responder_id, u.full_name AS name, s.team, s.status, s.location_at,
       (s.geom IS NULL OR s.location_at <= now() - make_interval(secs => %(stale_s)s)) AS stale,
       ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat,
       ST_Distance(s.geom::geography, (SELECT geom FROM reports WHERE id = %(report_id)s AND city_id = %(city_id)s)::geography)
           AS distance_m,
       (SELECT count(*) FROM reports x WHERE x.assignee_id = s.user_id AND x.city_id = s.city_id
          AND x.status IN ('assigned','in_progress'))::int AS open_tasks,
       p.status AS passed, p.at AS passed_at
FROM cand JOIN responders s ON s.user_id = cand.user_id AND s.city_id = cand.city_id JOIN users u ON u.id = s.user_id
-- their latest pass on this report and when (the operator's list: a pass holds for pass_s only)
LEFT JOIN LATERAL (SELECT a.status, coalesce(a.responded_at, a.expires_at) AS at FROM assignments a
                   WHERE a.report_id = %(report_id)s AND a.city_id = s.city_id AND a.responder_id = s.user_id
                     AND a.status IN ('declined','expired')
                   ORDER BY a.id DESC LIMIT 1) p ON true
ORDER BY stale, distance_m NULLS LAST, s.user_id
LIMIT %(k)s;
