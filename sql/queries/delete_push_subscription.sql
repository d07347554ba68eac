DELETE FROM push_subscriptions WHERE user_id = %(user_id)s AND endpoint = %(endpoint)s;
