-- The names of a kecamatan and a kelurahan given by id, for a download's file name
-- ("…_alak_…", not "…_1_…"); NULL where the value is not an id of this city.
SELECT (SELECT kc.name FROM kecamatan kc WHERE kc.city_id = %(city_id)s AND kc.id::text = %(kecamatan)s) AS kecamatan,
       (SELECT k.name FROM kelurahan k WHERE k.city_id = %(city_id)s AND k.id::text = %(kelurahan)s) AS kelurahan;
