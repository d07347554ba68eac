-- A rejected report's words and photos withheld from the public (0056).
UPDATE reports SET withheld_at = now() WHERE id = %(id)s AND city_id = %(city_id)s AND status = 'rejected';
