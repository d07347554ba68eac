SELECT u.id, u.role, u.agency_id, a.code AS agency, u.full_name
FROM api_tokens t
JOIN users u ON u.id = t.user_id
LEFT JOIN agencies a ON a.id = u.agency_id
WHERE t.token_hash = %(token_hash)s AND t.expires_at > now() AND NOT u.disabled;
