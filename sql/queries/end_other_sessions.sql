-- Every sign-in of the account but the one asking (NULL: every one): after a new password a
-- phone that was lost or a session somebody else opened stops working at once.
DELETE FROM api_tokens WHERE user_id = %(id)s AND token_hash IS DISTINCT FROM %(keep)s;
