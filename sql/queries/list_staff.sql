-- A city's staff, for its admin (an agency admin: their agency's field officers): who may sign
-- in, in which role and area, who has been switched off, and who still has a password an admin chose.
SELECT u.id, u.email, u.phone, u.full_name, u.role, a.code AS agency, kc.name AS kecamatan,
       kl.name AS kelurahan, u.disabled, u.must_change_password, u.created_at
FROM staff s
JOIN users u ON u.id = s.user_id
LEFT JOIN agencies a ON a.id = s.agency_id AND a.city_id = s.city_id
LEFT JOIN kecamatan kc ON kc.id = s.kecamatan_id AND kc.city_id = s.city_id
LEFT JOIN kelurahan kl ON kl.id = s.kelurahan_id AND kl.city_id = s.city_id
WHERE s.city_id = %(city_id)s
  AND (%(agency_id)s::integer IS NULL OR (s.agency_id = %(agency_id)s AND u.role = 'responder'))
ORDER BY u.role, u.full_name, u.id;
