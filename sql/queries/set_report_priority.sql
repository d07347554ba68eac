UPDATE reports SET priority = %(priority)s, updated_at = now() WHERE id = %(id)s;
