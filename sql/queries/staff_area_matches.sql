-- The kecamatan or kelurahan of one city that a camat / lurah coordinator is named for, by name
-- (any case) or BPS code; several rows when a kelurahan name is used in two kecamatan.
SELECT 'kecamatan' AS kind, kc.id, kc.code, kc.name, NULL AS kecamatan
FROM kecamatan kc
WHERE %(kind)s = 'kecamatan' AND kc.city_id = %(city_id)s AND (lower(kc.name) = lower(%(name)s) OR kc.code = %(name)s)
UNION ALL
SELECT 'kelurahan', k.id, k.code, k.name, kc.name
FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
WHERE %(kind)s = 'kelurahan' AND k.city_id = %(city_id)s AND (lower(k.name) = lower(%(name)s) OR k.code = %(name)s)
ORDER BY 3;
