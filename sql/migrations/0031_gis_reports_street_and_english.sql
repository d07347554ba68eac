-- GIS staff's reports view gets what the other surfaces already give (a GIS walk compared them):
-- the street as the public is told it, the category's English name, and updated_at (OGC has all
-- three). Columns are added at the end, so CREATE OR REPLACE keeps QGIS projects' field order.
CREATE OR REPLACE VIEW gis.reports WITH (security_barrier) AS
SELECT r.id, c.code AS category, c.name_id AS category_name, r.status, r.priority, a.code AS agency,
       k.name AS kelurahan, kc.name AS kecamatan, r.support_count, r.source, r.created_at, r.due_at,
       r.resolved_at, c.confidential AS location_coarsened, r.h3_r8, r.public_geom AS geom, ci.slug AS city,
       r.public_street_name AS street, c.name_en AS category_name_en, r.updated_at
FROM reports r
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
JOIN kelurahan k ON k.id = r.public_kelurahan_id AND k.city_id = r.city_id
JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = r.city_id
JOIN cities ci ON ci.id = r.city_id
WHERE sigap_gis_sees(r.city_id);
