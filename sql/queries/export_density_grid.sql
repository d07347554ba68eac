-- One city's reports per grid cell of %(cell_m)s metres in its UTM zone (%(epsg)s) over the
-- grid's origin (west, north), with the export's filters (export_reports.sql); without a status
-- filter, rejected reports and duplicates are not counted.
SELECT floor((ST_X(p) - %(west)s) / %(cell_m)s)::int AS col,
       floor((%(north)s - ST_Y(p)) / %(cell_m)s)::int AS row, count(*)::int AS n
FROM (SELECT ST_Transform(r.public_geom, %(epsg)s::int) AS p
      FROM reports r
      JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
      JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
      JOIN kelurahan k ON k.id = r.public_kelurahan_id AND k.city_id = r.city_id
      JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
      WHERE r.city_id = %(city_id)s
        AND (%(statuses)s::text[] IS NOT NULL OR r.status NOT IN ('rejected','duplicate'))
        AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
        AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
        AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
        AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
        AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
        -- where the public is told the report is (a confidential report's public kelurahan and point)
        AND (%(kelurahan)s::text IS NULL OR lower(k.name) = lower(%(kelurahan)s) OR k.id::text = %(kelurahan)s)
        AND (%(kecamatan)s::text IS NULL OR lower(kc.name) = lower(%(kecamatan)s) OR kc.id::text = %(kecamatan)s)
        AND (%(minx)s::float8 IS NULL OR r.public_geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
     ) q
GROUP BY 1, 2;
