SELECT (SELECT count(*) FROM kecamatan WHERE city_id = %(city_id)s)     AS kecamatan,
       (SELECT count(*) FROM kelurahan WHERE city_id = %(city_id)s)     AS kelurahan,
       (SELECT count(*) FROM agencies WHERE city_id = %(city_id)s)      AS agencies,
       (SELECT count(*) FROM categories WHERE city_id = %(city_id)s)    AS categories,
       (SELECT count(*) FROM service_zones WHERE city_id = %(city_id)s) AS service_zones;
