-- Logout: the token stops working at once.
DELETE FROM api_tokens WHERE token_hash = %(token_hash)s
