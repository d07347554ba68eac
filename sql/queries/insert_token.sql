-- A new bearer token; only its SHA-256 digest is stored.
INSERT INTO api_tokens (token_hash, user_id, expires_at)
VALUES (%(token_hash)s, %(user_id)s, now() + %(ttl)s)
