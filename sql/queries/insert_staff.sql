-- A staff account works for one city (an admin for several): its agency, kecamatan and
-- kelurahan (camat / lurah coordinators) are that city's, named by code / name.
INSERT INTO staff (city_id, user_id, agency_id, kecamatan_id, kelurahan_id)
VALUES (%(city_id)s, %(user_id)s,
        (SELECT id FROM agencies WHERE code = %(agency)s AND city_id = %(city_id)s),
        (SELECT id FROM kecamatan WHERE name = %(kecamatan)s AND city_id = %(city_id)s),
        (SELECT id FROM kelurahan WHERE name = %(kelurahan)s AND city_id = %(city_id)s))
ON CONFLICT (user_id, city_id) DO NOTHING;
