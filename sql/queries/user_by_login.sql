SELECT u.id, u.role, u.agency_id, a.code AS agency, u.password_hash, u.disabled, u.full_name
FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
WHERE u.email = %(login)s OR u.phone = %(login)s;
