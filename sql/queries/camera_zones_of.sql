-- A camera's zones with their rules, for the operator who corrects or removes them.
SELECT z.id, z.name, z.kind, ST_AsGeoJSON(z.geom)::json AS geometry,
       coalesce((SELECT json_agg(json_build_object('id', r.id, 'rule', r.rule, 'params', r.params,
                                                   'category', c.code, 'active', r.active) ORDER BY r.id)
                 FROM camera_rules r JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
                 WHERE r.zone_id = z.id AND r.city_id = z.city_id), '[]') AS rules
FROM camera_zones z
WHERE z.camera_id = %(camera_id)s AND z.city_id = %(city_id)s
ORDER BY z.id;
