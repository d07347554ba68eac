-- A city by its BPS code: created, or updated in place when loaded again.
INSERT INTO cities (code, slug, name, time_zone, utm_epsg, center_lng, center_lat, zoom, attribution)
VALUES (%(code)s, %(slug)s, %(name)s, %(time_zone)s, %(utm_epsg)s, %(center_lng)s, %(center_lat)s, %(zoom)s,
        %(attribution)s)
ON CONFLICT (code) DO UPDATE
SET slug = EXCLUDED.slug, name = EXCLUDED.name, time_zone = EXCLUDED.time_zone, utm_epsg = EXCLUDED.utm_epsg,
    center_lng = EXCLUDED.center_lng, center_lat = EXCLUDED.center_lat, zoom = EXCLUDED.zoom,
    attribution = EXCLUDED.attribution
RETURNING id;
