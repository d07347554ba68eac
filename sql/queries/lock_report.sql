SELECT r.id, r.city_id, r.status, r.reporter_id, r.agency_id, r.category_id, r.assignee_id, r.duplicate_of,
       r.kecamatan_id, r.kelurahan_id,
       r.first_response_at, r.priority, r.withheld_at IS NOT NULL AS withheld, ST_X(r.geom) AS lng, ST_Y(r.geom) AS lat,
       (SELECT c.confidential FROM categories c WHERE c.id = r.category_id AND c.city_id = r.city_id) AS confidential
FROM reports r WHERE r.id = %(id)s AND r.city_id = %(city_id)s FOR UPDATE;
