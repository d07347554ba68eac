-- A browser's push subscription; the same endpoint moves to the user now signed in on it.
INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
VALUES (%(user_id)s, %(endpoint)s, %(p256dh)s, %(auth)s)
ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth
RETURNING id;
