-- Reports keep their history: detach them from the zones about to go, the caller re-routes.
WITH gone AS (DELETE FROM service_zones WHERE agency_id = %(agency_id)s AND city_id = %(city_id)s RETURNING id)
SELECT count(*) AS n FROM gone;
