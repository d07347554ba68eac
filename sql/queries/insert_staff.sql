-- A staff account works for one city (an admin for several): its agency (by code), kecamatan and
-- kelurahan (camat / lurah coordinators, ids checked by staff_area_matches.sql) are that city's.
INSERT INTO staff (city_id, user_id, agency_id, kecamatan_id, kelurahan_id)
VALUES (%(city_id)s, %(user_id)s,
        (SELECT id FROM agencies WHERE code = %(agency)s AND city_id = %(city_id)s),
        (SELECT id FROM kecamatan WHERE id = %(kecamatan_id)s AND city_id = %(city_id)s),
        (SELECT id FROM kelurahan WHERE id = %(kelurahan_id)s AND city_id = %(city_id)s))
ON CONFLICT (user_id, city_id) DO NOTHING;
