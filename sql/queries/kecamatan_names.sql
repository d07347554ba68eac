-- One city's kecamatan by name, without their outlines: the transparency page's area list.
SELECT kc.id, kc.name FROM kecamatan kc WHERE kc.city_id = %(city_id)s ORDER BY kc.name;
