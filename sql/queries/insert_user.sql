INSERT INTO users (email, phone, password_hash, full_name, role, agency_id, kecamatan_id, kelurahan_id)
VALUES (%(email)s, %(phone)s, %(password_hash)s, %(full_name)s, %(role)s,
        (SELECT id FROM agencies WHERE code = %(agency)s),
        (SELECT id FROM kecamatan WHERE name = %(kecamatan)s),
        (SELECT id FROM kelurahan WHERE name = %(kelurahan)s))
ON CONFLICT DO NOTHING
RETURNING id;
