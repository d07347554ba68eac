-- Aggregates for low-zoom report tiles and planners' heatmaps, kept current by
-- triggers in the same transaction as the report change (never recomputed per request).
-- H3 has no PostgreSQL extension here: the application registers each cell's hexagon
-- in h3_cells when it first sees it.
CREATE TABLE h3_cells (
    cell    bigint PRIMARY KEY,
    res     smallint NOT NULL CHECK (res BETWEEN 0 AND 15),
    area_km2 double precision NOT NULL,          -- for densities without per-request geodesy
    geom    geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX h3_cells_geom_gist ON h3_cells USING gist (geom);
-- One GiST per aggregate resolution: a z10 envelope covers the whole city, and a single
-- index would walk every fine r10 hexagon to find the dozen r6 ones.
CREATE INDEX h3_cells_geom_r6 ON h3_cells USING gist (geom) WHERE res = 6;
CREATE INDEX h3_cells_geom_r7 ON h3_cells USING gist (geom) WHERE res = 7;
CREATE INDEX h3_cells_geom_r8 ON h3_cells USING gist (geom) WHERE res = 8;
CREATE INDEX h3_cells_geom_r9 ON h3_cells USING gist (geom) WHERE res = 9;
CREATE INDEX h3_cells_geom_r10 ON h3_cells USING gist (geom) WHERE res = 10;

-- Current state: open and closed reports per cell, category and status (r6..r10).
CREATE TABLE h3_report_counts (
    res         smallint NOT NULL,
    cell        bigint   NOT NULL,
    category_id integer  NOT NULL,
    status      text     NOT NULL,
    n           integer  NOT NULL,
    PRIMARY KEY (res, cell, category_id, status)
);

-- History for heatmaps: reports created per cell, category and month (r6..r10),
-- plus the same without the category, so an unfiltered heatmap sums ~12 rows per cell.
CREATE TABLE h3_report_heat (
    res         smallint NOT NULL,
    cell        bigint   NOT NULL,
    month       date     NOT NULL,
    category_id integer  NOT NULL,
    n           integer  NOT NULL,
    PRIMARY KEY (res, month, cell, category_id)
);
CREATE INDEX h3_report_heat_cell ON h3_report_heat (res, cell, category_id, month);

CREATE TABLE h3_report_heat_total (
    res   smallint NOT NULL,
    cell  bigint   NOT NULL,
    month date     NOT NULL,
    n     integer  NOT NULL,
    PRIMARY KEY (res, cell, month)
);

CREATE FUNCTION sigap_report_cells(r reports) RETURNS TABLE (res smallint, cell bigint)
LANGUAGE sql IMMUTABLE AS $$
    VALUES (6::smallint, r.h3_r6), (7::smallint, r.h3_r7), (8::smallint, r.h3_r8), (9::smallint, r.h3_r9),
           (10::smallint, r.h3_r10)
$$;

CREATE FUNCTION sigap_report_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE h3_report_counts c SET n = c.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE c.res = x.res AND c.cell = x.cell AND c.category_id = OLD.category_id AND c.status = OLD.status;
        DELETE FROM h3_report_counts WHERE n <= 0;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE h3_report_heat h SET n = h.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE h.res = x.res AND h.cell = x.cell AND h.category_id = OLD.category_id
          AND h.month = date_trunc('month', OLD.created_at AT TIME ZONE 'Asia/Makassar')::date;
        UPDATE h3_report_heat_total h SET n = h.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE h.res = x.res AND h.cell = x.cell
          AND h.month = date_trunc('month', OLD.created_at AT TIME ZONE 'Asia/Makassar')::date;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO h3_report_counts (res, cell, category_id, status, n)
        SELECT x.res, x.cell, NEW.category_id, NEW.status, 1 FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, cell, category_id, status) DO UPDATE SET n = h3_report_counts.n + 1;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO h3_report_heat (res, cell, month, category_id, n)
        SELECT x.res, x.cell, date_trunc('month', NEW.created_at AT TIME ZONE 'Asia/Makassar')::date,
               NEW.category_id, 1
        FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, month, cell, category_id) DO UPDATE SET n = h3_report_heat.n + 1;
        INSERT INTO h3_report_heat_total (res, cell, month, n)
        SELECT x.res, x.cell, date_trunc('month', NEW.created_at AT TIME ZONE 'Asia/Makassar')::date, 1
        FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, cell, month) DO UPDATE SET n = h3_report_heat_total.n + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER reports_aggregates
    AFTER INSERT OR DELETE OR UPDATE OF status, category_id, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10 ON reports
    FOR EACH ROW EXECUTE FUNCTION sigap_report_aggregates();

-- TRUNCATE fires no row triggers: empty the aggregates with the reports.
CREATE FUNCTION sigap_report_aggregates_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE h3_report_counts, h3_report_heat, h3_report_heat_total;
    RETURN NULL;
END $$;
CREATE TRIGGER reports_aggregates_truncate AFTER TRUNCATE ON reports
    FOR EACH STATEMENT EXECUTE FUNCTION sigap_report_aggregates_truncate();

-- Reports that existed before this migration.
INSERT INTO h3_report_counts (res, cell, category_id, status, n)
SELECT x.res, x.cell, r.category_id, r.status, count(*)
FROM reports r, sigap_report_cells(r) x GROUP BY 1, 2, 3, 4;
INSERT INTO h3_report_heat (res, cell, month, category_id, n)
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE 'Asia/Makassar')::date, r.category_id, count(*)
FROM reports r, sigap_report_cells(r) x GROUP BY 1, 2, 3, 4;
INSERT INTO h3_report_heat_total (res, cell, month, n)
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE 'Asia/Makassar')::date, count(*)
FROM reports r, sigap_report_cells(r) x GROUP BY 1, 2, 3;

-- Where the public sees a report: the point itself, or for confidential categories
-- (missing persons, health) the centre of its H3 r8 cell (~0.7 km²). Set on insert.
ALTER TABLE reports ADD COLUMN public_geom geometry(Point, 4326);
UPDATE reports r SET public_geom = CASE WHEN c.confidential
        THEN coalesce((SELECT ST_Centroid(h.geom) FROM h3_cells h WHERE h.cell = r.h3_r8), ST_SnapToGrid(r.geom, 0.01))
        ELSE r.geom END
FROM categories c WHERE c.id = r.category_id;
ALTER TABLE reports ALTER COLUMN public_geom SET NOT NULL;
CREATE INDEX reports_public_geom_gist ON reports USING gist (public_geom);
