SELECT (SELECT count(*) FROM kecamatan)     AS kecamatan,
       (SELECT count(*) FROM kelurahan)     AS kelurahan,
       (SELECT count(*) FROM agencies)      AS agencies,
       (SELECT count(*) FROM categories)    AS categories,
       (SELECT count(*) FROM service_zones) AS service_zones;
