UPDATE reports SET priority = %(priority)s, updated_at = now() WHERE id = %(id)s AND city_id = %(city_id)s;
