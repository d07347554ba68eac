SELECT u.id, u.role, s.agency_id, a.code AS agency, s.cities, s.kecamatan_id, s.kelurahan_id, u.full_name, u.must_change_password
FROM api_tokens t
JOIN users u ON u.id = t.user_id
LEFT JOIN LATERAL (SELECT array_agg(st.city_id ORDER BY st.city_id) AS cities, min(st.agency_id) AS agency_id,
                          -- a camat's kecamatan or a lurah's kelurahan (staff below admin have one city)
                          min(st.kecamatan_id) AS kecamatan_id, min(st.kelurahan_id) AS kelurahan_id
                   FROM staff st WHERE st.user_id = u.id) s ON true
LEFT JOIN agencies a ON a.id = s.agency_id AND a.city_id = ANY(s.cities)
WHERE t.token_hash = %(token_hash)s AND t.expires_at > now() AND NOT u.disabled;
