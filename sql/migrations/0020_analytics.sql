-- Planners' analysis (geo/hotspots.py, geo/emerging.py): the results of the scheduled job
-- `analyse_hotspots`, one run per (kind, category, period, resolution), replaced whole in one
-- transaction so readers see either the old run or the new one, never half of each.
-- category '' is "all categories"; period is '3m' / '12m' (whole local months up to now) for
-- hot spots and '<n>m' (complete months) for emerging hot spots.
CREATE TABLE analysis_runs (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('hotspots', 'emerging_hotspots')),
    category     text NOT NULL DEFAULT '',
    period       text NOT NULL,
    res          smallint NOT NULL CHECK (res BETWEEN 6 AND 10),
    computed_at  timestamptz NOT NULL DEFAULT now(),
    months       date[] NOT NULL,               -- the local months counted, oldest first
    reports      integer NOT NULL,              -- reports counted in the study area
    cells        integer NOT NULL,              -- cells in the study area
    permutations integer NOT NULL,
    note         text NOT NULL DEFAULT '',      -- e.g. too few reports to test
    UNIQUE (kind, category, period, res)
);

-- Getis-Ord Gi* per cell: z-score, two-sided permutation p-value, and the confidence level at
-- which the cell stays significant after the Benjamini-Hochberg false discovery rate
-- correction (99/95/90 hot, -99/-95/-90 cold, 0 not significant).
CREATE TABLE hotspot_cells (
    id         bigserial UNIQUE,               -- a single-column key for QGIS
    run_id     bigint NOT NULL REFERENCES analysis_runs(id) ON DELETE CASCADE,
    cell       bigint NOT NULL,
    n          integer NOT NULL,
    gi_z       double precision,
    p_value    double precision,
    confidence smallint NOT NULL DEFAULT 0 CHECK (confidence IN (-99, -95, -90, 0, 90, 95, 99)),
    geom       geometry(Polygon, 4326) NOT NULL,
    PRIMARY KEY (run_id, cell)
);
CREATE INDEX hotspot_cells_geom ON hotspot_cells USING gist (geom);

-- Emerging hot spots: a space-time cube (cell x month), Gi* per month, and a Mann-Kendall
-- trend of the cell's Gi* z-scores, classified as in ArcGIS Pro's Emerging Hot Spot Analysis.
CREATE TABLE emerging_cells (
    id          bigserial UNIQUE,
    run_id      bigint NOT NULL REFERENCES analysis_runs(id) ON DELETE CASCADE,
    cell        bigint NOT NULL,
    n           integer NOT NULL,               -- reports over all the months
    pattern     text NOT NULL,                  -- e.g. new_hot, intensifying_hot, no_pattern
    hot_months  smallint NOT NULL,
    cold_months smallint NOT NULL,
    trend_tau   double precision,               -- Mann-Kendall tau of the Gi* z-scores
    trend_p     double precision,
    count_tau   double precision,               -- Mann-Kendall tau of the monthly counts
    geom        geometry(Polygon, 4326) NOT NULL,
    PRIMARY KEY (run_id, cell)
);
CREATE INDEX emerging_cells_geom ON emerging_cells USING gist (geom);

-- GIS staff read the analysis in QGIS too (docs/qgis/sigap.qgs).
CREATE VIEW gis.hotspots AS
SELECT h.id, r.category, r.period, r.res, r.computed_at,
       h.cell, to_hex(h.cell) AS h3, h.n AS reports, h.gi_z, h.p_value, h.confidence, h.geom
FROM hotspot_cells h JOIN analysis_runs r ON r.id = h.run_id;

CREATE VIEW gis.emerging_hotspots AS
SELECT e.id, r.category, r.period, r.res, r.computed_at, e.cell, to_hex(e.cell) AS h3, e.n AS reports,
       e.pattern, e.hot_months, e.cold_months, e.trend_tau, e.trend_p, e.count_tau, e.geom
FROM emerging_cells e JOIN analysis_runs r ON r.id = e.run_id;

GRANT SELECT ON gis.hotspots, gis.emerging_hotspots TO sigap_gis;
