-- The push service said the subscription is gone (404/410).
DELETE FROM push_subscriptions WHERE id = %(id)s;
