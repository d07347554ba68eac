-- The area a staff member coordinates in one city: a camat's kecamatan, or a lurah's kelurahan
-- (with its kecamatan); /ops opens its queue there. No row, or NULLs, for staff of the whole city.
SELECT CASE WHEN kc.id IS NOT NULL THEN 'kecamatan' WHEN k.id IS NOT NULL THEN 'kelurahan' END AS level,
       coalesce(kc.id, kk.id) AS kecamatan_id, coalesce(kc.name, kk.name) AS kecamatan,
       CASE WHEN kc.id IS NULL THEN k.id END AS kelurahan_id, CASE WHEN kc.id IS NULL THEN k.name END AS kelurahan,
       -- its extent [w, s, e, n]: /ops opens its map there (a camat's map opened on the whole city)
       (SELECT ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)]
        FROM (SELECT coalesce(kc.geom, k.geom)::box2d AS b) x WHERE b IS NOT NULL) AS bbox
FROM staff s
LEFT JOIN kecamatan kc ON kc.id = s.kecamatan_id AND kc.city_id = s.city_id
LEFT JOIN kelurahan k ON k.id = s.kelurahan_id AND k.city_id = s.city_id
LEFT JOIN kecamatan kk ON kk.id = k.kecamatan_id AND kk.city_id = k.city_id
WHERE s.user_id = %(user_id)s AND s.city_id = %(city_id)s;
