-- Before a citizen's submission, in one round trip:
-- replay_id: the report this reporter already made, or automatically merged into, with this
-- Idempotency-Key (a retry), and its city (a key is the reporter's, whichever city);
-- own_id: their open report of this category within the duplicate radius and window,
-- nearest first (the same citizen resubmitting the same problem: merged into it).
WITH p AS (SELECT ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326) AS g),
replay AS (
    (SELECT id, city_id FROM reports WHERE reporter_id = %(reporter_id)s AND idempotency_key = %(key)s::text)
    UNION ALL
    (SELECT report_id, city_id FROM report_events
     WHERE actor_id = %(reporter_id)s AND idempotency_key = %(key)s::text)
    LIMIT 1
)
SELECT (SELECT id FROM replay) AS replay_id, (SELECT city_id FROM replay) AS replay_city_id,
       (SELECT r.id
        FROM reports r, p
        WHERE r.reporter_id = %(reporter_id)s AND r.city_id = %(city_id)s AND r.category_id = %(category_id)s
          AND r.status IN ('submitted','verified','assigned','in_progress')
          AND r.created_at > now() - make_interval(hours => %(window_h)s)
          AND ST_DWithin(r.geom, p.g, %(radius_deg)s)
          AND ST_DWithin(r.geom::geography, p.g::geography, %(radius_m)s)
        ORDER BY r.geom <-> p.g
        LIMIT 1) AS own_id;
