-- Open reports of an agency nearest to a point, and the responder's own tasks wherever they are
-- (an operator may assign one across town: past the nearest candidates it never showed). KNN
-- (<->) on the GiST index picks the candidates; the exact geodesic distance orders the page
-- (degrees are not metres), the responder's own first.
-- The point is written inline, not in a CTE: a CTE referenced twice is materialised
-- and then cannot drive an index-ordered KNN scan (it sorted every open report).
WITH cand AS (
    (SELECT r.id, r.city_id
    FROM reports r
    WHERE r.agency_id = %(agency_id)s::int  -- int4 like the column, or btree_gist cannot use it
      AND r.city_id = %(city_id)s
      AND r.status IN ('submitted','verified','assigned','in_progress')
      AND (%(zone_id)s::int IS NULL OR r.zone_id = %(zone_id)s)
    ORDER BY r.geom <-> ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326)
    LIMIT %(candidates)s)
    UNION
    SELECT r.id, r.city_id FROM reports r  -- reports_assignee_open
    WHERE r.assignee_id = %(user_id)s AND r.city_id = %(city_id)s AND r.status IN ('assigned','in_progress')
)
SELECT r.id, r.status, r.priority, r.due_at, r.created_at, r.assignee_id, c.code AS category, c.confidential, r.withheld_at IS NOT NULL AS withheld,
       c.name_id AS category_name_id, c.name_en AS category_name_en, k.name AS kelurahan, r.street_name AS street,
       ST_X(r.geom) AS lng, ST_Y(r.geom) AS lat, r.description,
       -- the reporter's photo, once published (geo/dispatch._with_photo)
       (SELECT p.media_key FROM photos p WHERE p.report_id = r.id AND p.city_id = r.city_id AND p.kind = 'before'
          AND p.published_at IS NOT NULL ORDER BY p.id LIMIT 1) AS photo_key,
       -- Why a resolved report came back ("belum beres"): its latest reopening's note.
       (SELECT e.note FROM report_events e
        WHERE e.report_id = r.id AND e.city_id = r.city_id AND e.from_status = 'resolved' AND e.to_status = 'in_progress'
        ORDER BY e.created_at DESC, e.id DESC LIMIT 1) AS reopen_note,
       ST_Distance(r.geom::geography, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326)::geography) AS distance_m
FROM cand JOIN reports r ON r.id = cand.id AND r.city_id = cand.city_id
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
ORDER BY r.assignee_id IS NOT DISTINCT FROM %(user_id)s DESC, distance_m, r.id
LIMIT %(limit)s OFFSET %(offset)s;
