-- The reports merged into one that were withheld on their own (before they were merged, or after
-- it was shown again): their photos are its photos now, so it cannot be shown again while they
-- are withheld (geo/moderation.py). Those withheld with it share its withheld_at.
SELECT d.id
FROM reports d JOIN reports k ON k.id = d.duplicate_of AND k.city_id = d.city_id
WHERE d.duplicate_of = %(id)s AND d.city_id = %(city_id)s
  AND d.withheld_at IS NOT NULL AND d.withheld_at IS DISTINCT FROM k.withheld_at
ORDER BY d.id;
