SELECT s.user_id AS responder_id, u.full_name AS name, a.code AS agency, s.team, s.status,
       s.location_at, ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat,
       (s.location_at IS NULL OR s.location_at <= now() - make_interval(secs => %(stale_s)s)) AS stale,
       (SELECT count(*) FROM reports x WHERE x.assignee_id = s.user_id AND x.city_id = s.city_id
          AND x.status IN ('assigned','in_progress'))::int AS open_tasks,
       (SELECT count(*) FROM reports x WHERE x.assignee_id = s.user_id AND x.city_id = s.city_id
          AND x.status IN ('resolved','closed') AND x.resolved_at > now() - interval '30 days')::int
          AS resolved_30d
FROM responders s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = s.agency_id AND a.city_id = s.city_id
WHERE s.city_id = %(city_id)s AND (%(agency_id)s::int IS NULL OR s.agency_id = %(agency_id)s)
  AND NOT u.disabled  -- switched off: gone from the team (their tasks went back to the queue)
ORDER BY a.code, s.team, u.full_name;
