-- A dispatcher moves a report to another category (the resident chose the wrong one): its agency,
-- service zone (the agency's zone holding it, else the nearest, as at intake), priority (the new
-- category's, unless someone chose one by hand), deadline (sigap_report_due, 0054: the new
-- category's hours from filing, sooner for a report made urgent by hand, never later than such a
-- report's deadline was) and public place follow. The public place is the one geo/privacy.py gives
-- for the new category (the caller passes it and its cells): exact, or a confidential category's
-- r8 centre with that centre's kelurahan and street; `keep_public`: a report already coarsened
-- keeps its public place and cells (geo/reindex.py: moving one would tell more). The aggregates,
-- statistics and confidentiality triggers (0040, 0033, 0038) move its counts and guard the public
-- point. An escalation stays only where the new deadline has passed and the agency is the same:
-- another agency is told of a late report by the next sweep, as its first agency was.
-- The category is held FOR SHARE as the caller knew it (confidential flag, agency), as a report
-- filed under it holds it (insert_report.sql): no row when a reload changed it meanwhile.
WITH cat AS (
    SELECT c.id FROM categories c
    WHERE c.id = %(category_id)s AND c.city_id = %(city_id)s
      AND c.confidential = %(coarse)s AND c.agency_id = %(agency_id)s
    FOR SHARE
), old AS (
    SELECT r.id, c.code, c.name_id, c.name_en, c.default_priority, r.priority, a.code AS agency
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
    WHERE r.id = %(id)s AND r.city_id = %(city_id)s
), p AS (
    SELECT ST_SetSRID(ST_MakePoint(%(public_lng)s, %(public_lat)s), 4326) AS public
), n AS (  -- the priority (the new category's, unless one was chosen by hand) and its deadline (0054)
    SELECT q.priority,
           CASE WHEN q.priority = 'urgent' AND old.priority = 'urgent' AND old.default_priority <> 'urgent'
                -- urgent by hand before and after: its hours are not counted again from now
                THEN least(r.due_at, sigap_report_due(r.created_at, r.city_id, %(sla_hours)s, q.priority,
                                                      %(default_priority)s))
                ELSE sigap_report_due(r.created_at, r.city_id, %(sla_hours)s, q.priority, %(default_priority)s)
           END AS due
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
    escalated_at = CASE WHEN n.due > now() OR r.agency_id <> %(agency_id)s THEN NULL ELSE r.escalated_at END,
    public_geom = CASE WHEN %(keep_public)s THEN r.public_geom WHEN %(coarse)s THEN p.public ELSE r.geom END,
    h3_r6 = CASE WHEN %(keep_public)s THEN r.h3_r6 ELSE %(h3_r6)s END,
    h3_r7 = CASE WHEN %(keep_public)s THEN r.h3_r7 ELSE %(h3_r7)s END,
    h3_r8 = CASE WHEN %(keep_public)s THEN r.h3_r8 ELSE %(h3_r8)s END,
    h3_r9 = CASE WHEN %(keep_public)s THEN r.h3_r9 ELSE %(h3_r9)s END,
    h3_r10 = CASE WHEN %(keep_public)s THEN r.h3_r10 ELSE %(h3_r10)s END,
    h3_r11 = CASE WHEN %(keep_public)s THEN r.h3_r11 ELSE %(h3_r11)s END,
    public_kelurahan_id = CASE WHEN %(keep_public)s THEN r.public_kelurahan_id
                               ELSE coalesce(%(public_kelurahan_id)s::integer, r.kelurahan_id) END,
    public_street_name = CASE WHEN %(keep_public)s THEN r.public_street_name
                              WHEN %(coarse)s THEN (SELECT s.name FROM sigap_nearest_street(p.public) s)
                              ELSE r.street_name END,
    updated_at = now()
FROM cat, old, p, n
WHERE r.id = old.id AND r.city_id = %(city_id)s
RETURNING old.code AS old_code, old.name_id AS old_name_id, old.name_en AS old_name_en, old.agency AS old_agency,
          old.priority AS old_priority, r.priority;
