-- Open reports that may be the same problem as report %(id)s, for the staff who merge: of its
-- city and category (and agency, for an agency admin; area, for a camat or lurah: a merge takes
-- only reports they act on, and exact distances to others are not theirs), within the radius and
-- created within the duplicate window around it; for a withheld one, withheld ones only. Exact distances: staff see exact positions,
-- confidential reports included (the public "nearby" answer coarsens those).
WITH me AS (
    SELECT id, geom, category_id, city_id, created_at, withheld_at FROM reports
    WHERE id = %(id)s AND city_id = %(city_id)s
)
SELECT r.id, r.status, r.created_at, r.support_count,
       round(ST_Distance(r.geom::geography, me.geom::geography)::numeric, 1)::float8 AS distance_m
FROM me
JOIN reports r ON r.city_id = me.city_id AND r.category_id = me.category_id
WHERE r.city_id = %(city_id)s AND r.id <> me.id  -- one city's shard (Citus prunes on it)
  AND ST_DWithin(r.geom, me.geom, %(radius_deg)s)
  AND ST_DWithin(r.geom::geography, me.geom::geography, %(radius_m)s)
  AND r.status IN ('submitted', 'verified', 'assigned', 'in_progress')
  -- a withheld report merges only into one withheld too (geo.reports.merge): it offered others
  AND (me.withheld_at IS NULL OR r.withheld_at IS NOT NULL)
  AND r.created_at BETWEEN me.created_at - make_interval(hours => %(window_h)s)
                       AND me.created_at + make_interval(hours => %(window_h)s)
  AND (%(agency_id)s::bigint IS NULL OR r.agency_id = %(agency_id)s::bigint)
  AND (%(kecamatan_id)s::int IS NULL OR r.kecamatan_id = %(kecamatan_id)s)
  AND (%(kelurahan_id)s::int IS NULL OR r.kelurahan_id = %(kelurahan_id)s)
ORDER BY distance_m, r.id
LIMIT 10
