-- A dispatcher moves a report to another category (the resident chose the wrong one): its agency,
-- service zone (the agency's zone holding it, else the nearest, as at intake), priority (the new
-- category's, unless someone chose one by hand), deadline (sigap_report_due, 0054: the new
-- category's hours from filing, sooner for a report made urgent by hand) and public place follow.
-- The public place is the one geo/privacy.py gives for the new category (the caller passes it and
-- its cells): exact, or a confidential category's r8 centre with that centre's kelurahan and
-- street. The aggregates, statistics and confidentiality triggers (0040, 0033, 0038) move its
-- counts and guard the public point. An escalation stays only where the new deadline has passed.
WITH old AS (
    SELECT r.id, c.code, c.name_id, c.name_en, c.default_priority, r.priority, a.code AS agency
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
    WHERE r.id = %(id)s AND r.city_id = %(city_id)s
), p AS (
    SELECT ST_SetSRID(ST_MakePoint(%(public_lng)s, %(public_lat)s), 4326) AS public
), n AS (  -- the priority (the new category's, unless one was chosen by hand) and its deadline (0054)
    SELECT q.priority, sigap_report_due(r.created_at, r.city_id, %(sla_hours)s, q.priority, %(default_priority)s) AS due
    FROM old JOIN reports r ON r.id = old.id AND r.city_id = %(city_id)s,
         LATERAL (SELECT CASE WHEN old.priority = old.default_priority THEN %(default_priority)s
                              ELSE old.priority END AS priority) q
)
UPDATE reports r
SET category_id = %(category_id)s, agency_id = %(agency_id)s,
    zone_id = (SELECT z.id FROM service_zones z
               WHERE z.agency_id = %(agency_id)s AND z.city_id = r.city_id
               ORDER BY ST_Intersects(z.geom, r.geom) DESC, z.geom <-> r.geom, z.id
               LIMIT 1),
    priority = n.priority,
    due_at = n.due,
    escalated_at = CASE WHEN n.due > now() THEN NULL ELSE r.escalated_at END,
    public_geom = CASE WHEN %(coarse)s THEN p.public ELSE r.geom END,
    h3_r6 = %(h3_r6)s, h3_r7 = %(h3_r7)s, h3_r8 = %(h3_r8)s, h3_r9 = %(h3_r9)s, h3_r10 = %(h3_r10)s,
    h3_r11 = %(h3_r11)s,
    public_kelurahan_id = coalesce(%(public_kelurahan_id)s::integer, r.kelurahan_id),
    public_street_name = CASE WHEN %(coarse)s THEN (SELECT s.name FROM sigap_nearest_street(p.public) s)
                              ELSE r.street_name END,
    updated_at = now()
FROM old, p, n
WHERE r.id = old.id AND r.city_id = %(city_id)s
RETURNING old.code AS old_code, old.name_id AS old_name_id, old.name_en AS old_name_en, old.agency AS old_agency,
          old.priority AS old_priority, r.priority;
