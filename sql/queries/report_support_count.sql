SELECT support_count FROM reports WHERE id = %(id)s;
