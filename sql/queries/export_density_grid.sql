-- One city's reports per grid cell of %(cell_m)s metres in its UTM zone (%(epsg)s) over the
-- grid's origin (west, north), with the export's filters (export_reports.sql); without a status
-- filter, rejected reports and duplicates are not counted. A confidential report (missing
-- persons, health) is public only as its H3 r8 cell: it is counted spread evenly over the grid
-- cells whose centres lie in that hexagon, not as a pile at its centre (the city's "hottest"
-- 100 m cells were where missing persons and health reports were stacked: a planner's walk).
-- A grid coarser than the hexagon (no grid cell's centre inside) counts it where its centre falls.
WITH picked AS (
    SELECT c.confidential, r.h3_r8, ST_Transform(r.public_geom, %(epsg)s::int) AS p
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
    JOIN kelurahan k ON k.id = r.public_kelurahan_id AND k.city_id = r.city_id
    JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
    WHERE r.city_id = %(city_id)s
      AND (%(statuses)s::text[] IS NOT NULL OR sigap_report_counted(r.status))
      AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
      AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
      -- where the public is told the report is (a confidential report's public kelurahan and point)
      AND (%(kelurahan)s::text IS NULL OR lower(k.name) = lower(%(kelurahan)s) OR k.id::text = %(kelurahan)s)
      AND (%(kecamatan)s::text IS NULL OR lower(kc.name) = lower(%(kecamatan)s) OR kc.id::text = %(kecamatan)s)
      AND (%(minx)s::float8 IS NULL OR r.public_geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
), hidden AS (  -- confidential reports by hexagon: a city has hundreds of those, not 100,000 reports
    SELECT h3_r8, count(*) AS n FROM picked WHERE confidential GROUP BY h3_r8
), spread AS (
    SELECT d.h3_r8, g.col, g.row, d.n
    FROM hidden d
    JOIN h3_cells h ON h.cell = d.h3_r8
    CROSS JOIN LATERAL (SELECT ST_Transform(h.geom, %(epsg)s::int) AS hex) x
    CROSS JOIN LATERAL (
        SELECT cc AS col, rr AS row
        -- only the grid's own cells: a hexagon at the city's edge reaches past the raster, and
        -- the shares out there were dropped with it (a report at the southern tip counted 0.3)
        FROM generate_series(greatest(0, floor((ST_XMin(x.hex) - %(west)s) / %(cell_m)s)::int),
                             least(%(width)s - 1, floor((ST_XMax(x.hex) - %(west)s) / %(cell_m)s)::int)) cc,
             generate_series(greatest(0, floor((%(north)s - ST_YMax(x.hex)) / %(cell_m)s)::int),
                             least(%(height)s - 1, floor((%(north)s - ST_YMin(x.hex)) / %(cell_m)s)::int)) rr
        WHERE ST_Intersects(x.hex, ST_SetSRID(ST_MakePoint(%(west)s + (cc + 0.5) * %(cell_m)s,
                                                           %(north)s - (rr + 0.5) * %(cell_m)s), %(epsg)s::int))) g
), shares AS (
    SELECT h3_r8, col, row, n::float8 / count(*) OVER (PARTITION BY h3_r8) AS n FROM spread
)
SELECT col, row, sum(n)::float8 AS n
FROM (SELECT floor((ST_X(p) - %(west)s) / %(cell_m)s)::int AS col,
             floor((%(north)s - ST_Y(p)) / %(cell_m)s)::int AS row, 1::float8 AS n
      FROM picked
      WHERE NOT confidential OR h3_r8 NOT IN (SELECT h3_r8 FROM shares)
      UNION ALL
      SELECT col, row, n FROM shares) u
GROUP BY 1, 2;
