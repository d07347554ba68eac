-- The id of a city's agency (OPD) by its code; no row when the code is unknown there.
SELECT id FROM agencies WHERE code = %(code)s AND city_id = %(city_id)s
