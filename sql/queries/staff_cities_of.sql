-- A staff account's role and the cities it already works for (by login: e-mail or phone).
SELECT u.id, u.role, coalesce(array_agg(st.city_id ORDER BY st.city_id) FILTER (WHERE st.city_id IS NOT NULL), '{}') AS cities
FROM users u LEFT JOIN staff st ON st.user_id = u.id
WHERE u.id = %(user_id)s OR u.email = %(login)s OR u.phone = %(login)s
GROUP BY u.id, u.role;
