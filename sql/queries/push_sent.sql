UPDATE push_subscriptions SET last_sent_at = now() WHERE id = %(id)s;
