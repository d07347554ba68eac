-- Read-only access for GIS staff (QGIS, ogr2ogr): views in schema "gis" with public fields
-- only, and a group role "sigap_gis" that can read them and nothing else. Create logins with
-- `sigap gis-user NAME` (or CREATE ROLE name LOGIN PASSWORD '...' IN ROLE sigap_gis).
CREATE SCHEMA IF NOT EXISTS gis;

CREATE VIEW gis.reports AS
SELECT r.id, c.code AS category, c.name_id AS category_name, r.status, r.priority, a.code AS agency,
       k.name AS kelurahan, kc.name AS kecamatan, r.support_count, r.source, r.created_at, r.due_at,
       r.resolved_at, c.confidential AS location_coarsened, r.h3_r8, r.public_geom AS geom
FROM reports r
JOIN categories c ON c.id = r.category_id
JOIN agencies a ON a.id = r.agency_id
JOIN kelurahan k ON k.id = r.kelurahan_id
JOIN kecamatan kc ON kc.id = r.kecamatan_id;

CREATE VIEW gis.kelurahan AS
SELECT k.id, k.code, k.name, kc.name AS kecamatan, k.puskesmas, k.area_km2, k.geom
FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id;

CREATE VIEW gis.kecamatan AS SELECT id, code, name, area_km2, geom FROM kecamatan;

CREATE VIEW gis.service_zones AS
SELECT z.id, z.name, a.code AS agency, z.geom FROM service_zones z JOIN agencies a ON a.id = z.agency_id;

CREATE VIEW gis.cameras AS
SELECT id, name, heading_deg, active, homography IS NOT NULL AS calibrated, geom FROM cameras;

CREATE VIEW gis.detections AS
SELECT id, camera_id, class_name, confidence, frame_at, georef, kelurahan_id, geom FROM detections;

CREATE VIEW gis.report_counts_h3_r8 AS
SELECT h.cell, to_hex(h.cell) AS h3, sum(x.n)::int AS reports,
       sum(x.n) FILTER (WHERE x.status IN ('submitted','verified','assigned','in_progress'))::int AS open,
       h.area_km2, h.geom
FROM h3_report_counts x JOIN h3_cells h ON h.cell = x.cell
WHERE x.res = 8
GROUP BY h.cell, h.area_km2, h.geom;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sigap_gis') THEN
        CREATE ROLE sigap_gis NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA gis TO sigap_gis;
GRANT SELECT ON ALL TABLES IN SCHEMA gis TO sigap_gis;
-- PostGIS metadata so clients can discover geometry columns and SRIDs.
GRANT SELECT ON geometry_columns, spatial_ref_sys TO sigap_gis;
