-- How many field officers an agency has in a city (any shift, not disabled): with none, /ops says
-- so instead of sending the operator to "Cari petugas terdekat", which could find nobody.
SELECT count(*)::int AS n
FROM responders s JOIN users u ON u.id = s.user_id AND NOT u.disabled
WHERE s.city_id = %(city_id)s AND s.agency_id = %(agency_id)s;
