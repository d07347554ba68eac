-- Migration 0057's Python step (geo/steps.py), frozen (see 0057_duplicates.sql): one duplicate
-- into the kept report's confidential category, its agency and service zone following, its public
-- place the r8 centre geo.privacy.public_point gave (with that centre's kelurahan and street), and
-- a timeline line by the system.
WITH p AS (
    SELECT ST_SetSRID(ST_MakePoint(%(public_lng)s, %(public_lat)s), 4326) AS public
), moved AS (
    UPDATE reports r
    SET category_id = %(category_id)s, agency_id = %(agency_id)s,
        zone_id = (SELECT z.id FROM service_zones z
                   WHERE z.agency_id = %(agency_id)s AND z.city_id = r.city_id
                   ORDER BY ST_Intersects(z.geom, r.geom) DESC, z.geom <-> r.geom, z.id LIMIT 1),
        public_geom = p.public,
        h3_r6 = %(h3_r6)s, h3_r7 = %(h3_r7)s, h3_r8 = %(h3_r8)s, h3_r9 = %(h3_r9)s, h3_r10 = %(h3_r10)s,
        h3_r11 = %(h3_r11)s,
        public_kelurahan_id = coalesce((SELECT kp.kelurahan_id FROM kelurahan_parts kp
                                        WHERE kp.city_id = r.city_id
                                        ORDER BY ST_Intersects(kp.geom, p.public) DESC, kp.geom <-> p.public,
                                                 kp.kelurahan_id
                                        LIMIT 1), r.kelurahan_id),
        public_street_name = (SELECT s.name FROM sigap_nearest_street(p.public) s),
        updated_at = now()
    FROM p
    WHERE r.id = %(id)s AND r.city_id = %(city_id)s
    RETURNING r.id, r.city_id
)
INSERT INTO report_events (report_id, city_id, actor_id, event, note)
SELECT id, city_id, NULL, 'category', %(note)s FROM moved;
