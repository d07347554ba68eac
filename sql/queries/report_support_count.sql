SELECT support_count FROM reports WHERE id = %(id)s AND city_id = %(city_id)s;
