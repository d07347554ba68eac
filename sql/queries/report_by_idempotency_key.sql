SELECT id, city_id FROM reports WHERE reporter_id = %(reporter_id)s AND idempotency_key = %(key)s;
