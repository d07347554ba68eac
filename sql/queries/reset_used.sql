-- The link used: it and every other link of the account asked from this city stop working.
UPDATE password_resets SET used_at = now() WHERE user_id = %(user_id)s AND city_id = %(city_id)s AND used_at IS NULL;
