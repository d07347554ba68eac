SELECT id, code, name_id, name_en FROM agencies WHERE city_id = %(city_id)s ORDER BY id;
