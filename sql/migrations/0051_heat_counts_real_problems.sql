-- The month tables behind the heatmap and the hot spot analysis (h3_report_heat, _total) counted
-- every report ever filed, rejected ones (spam, not a problem, outside the city's remit) and
-- duplicates (merged into another report: one pothole reported five times was five) included.
-- The density GeoTIFF left both out (export_density_grid.sql), so a planner saw two different
-- maps of the same month. From now on a report is counted while its status is neither 'rejected'
-- nor 'duplicate': a rejection or a merge takes it off, a reopened report is counted again.
-- h3_report_counts (the report tiles, by status) keeps every status: its filter is the status.

-- Writes wait while the tables are counted again (reads of reports go on); none slips between
-- the count and the new trigger.
LOCK reports IN SHARE ROW EXCLUSIVE MODE;

CREATE OR REPLACE FUNCTION sigap_report_counted(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT status NOT IN ('rejected', 'duplicate') $$;
COMMENT ON FUNCTION sigap_report_counted(text) IS
    'Whether a report of this status counts in the heatmap and hot spot analysis (a real problem, once)';

CREATE OR REPLACE FUNCTION sigap_report_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved boolean := TG_OP = 'UPDATE' AND (
        (OLD.h3_r6, OLD.h3_r7, OLD.h3_r8, OLD.h3_r9, OLD.h3_r10, OLD.category_id, OLD.city_id, OLD.created_at,
         sigap_report_counted(OLD.status))
        IS DISTINCT FROM
        (NEW.h3_r6, NEW.h3_r7, NEW.h3_r8, NEW.h3_r9, NEW.h3_r10, NEW.category_id, NEW.city_id, NEW.created_at,
         sigap_report_counted(NEW.status)));
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE h3_report_counts c SET n = c.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE c.res = x.res AND c.cell = x.cell AND c.category_id = OLD.category_id AND c.status = OLD.status
          AND c.city_id = OLD.city_id;
        -- only the rows just lowered: a scan of the whole table per status change grew with the country
        DELETE FROM h3_report_counts c USING sigap_report_cells(OLD) x
        WHERE c.res = x.res AND c.cell = x.cell AND c.category_id = OLD.category_id AND c.status = OLD.status
          AND c.city_id = OLD.city_id AND c.n <= 0;
    END IF;
    IF (TG_OP = 'DELETE' OR moved) AND sigap_report_counted(OLD.status) THEN
        UPDATE h3_report_heat h SET n = h.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE h.res = x.res AND h.cell = x.cell AND h.category_id = OLD.category_id
          AND h.month = sigap_city_month(OLD.city_id, OLD.created_at) AND h.city_id = OLD.city_id;
        DELETE FROM h3_report_heat h USING sigap_report_cells(OLD) x
        WHERE h.res = x.res AND h.cell = x.cell AND h.category_id = OLD.category_id
          AND h.month = sigap_city_month(OLD.city_id, OLD.created_at) AND h.city_id = OLD.city_id AND h.n <= 0;
        UPDATE h3_report_heat_total h SET n = h.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE h.res = x.res AND h.cell = x.cell
          AND h.month = sigap_city_month(OLD.city_id, OLD.created_at) AND h.city_id = OLD.city_id;
        DELETE FROM h3_report_heat_total h USING sigap_report_cells(OLD) x
        WHERE h.res = x.res AND h.cell = x.cell
          AND h.month = sigap_city_month(OLD.city_id, OLD.created_at) AND h.city_id = OLD.city_id AND h.n <= 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO h3_report_counts (res, cell, category_id, status, city_id, n)
        SELECT x.res, x.cell, NEW.category_id, NEW.status, NEW.city_id, 1 FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, cell, category_id, status, city_id) DO UPDATE SET n = h3_report_counts.n + 1;
    END IF;
    IF (TG_OP = 'INSERT' OR moved) AND sigap_report_counted(NEW.status) THEN
        INSERT INTO h3_report_heat (res, cell, month, category_id, city_id, n)
        SELECT x.res, x.cell, sigap_city_month(NEW.city_id, NEW.created_at), NEW.category_id, NEW.city_id, 1
        FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, month, cell, category_id, city_id) DO UPDATE SET n = h3_report_heat.n + 1;
        INSERT INTO h3_report_heat_total (res, cell, month, city_id, n)
        SELECT x.res, x.cell, sigap_city_month(NEW.city_id, NEW.created_at), NEW.city_id, 1
        FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, cell, month, city_id) DO UPDATE SET n = h3_report_heat_total.n + 1;
    END IF;
    RETURN NULL;
END $$;

-- The month tables counted again without rejected reports and duplicates (the trigger above is
-- unchanged in when it fires: status is among its columns since 0004).
TRUNCATE h3_report_heat, h3_report_heat_total;
INSERT INTO h3_report_heat (res, cell, month, category_id, city_id, n)
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE ct.time_zone)::date, r.category_id, r.city_id,
       count(*)
FROM reports r JOIN cities ct ON ct.id = r.city_id, sigap_report_cells(r) x
WHERE sigap_report_counted(r.status)
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO h3_report_heat_total (res, cell, month, city_id, n)
SELECT res, cell, month, city_id, sum(n) FROM h3_report_heat GROUP BY 1, 2, 3, 4;

-- Hot spot runs were counted with them: the next scheduled analysis (SIGAP_ANALYSIS_EVERY_H), or
-- an admin's `sigap analyse`, counts without. Kept until then: a map a few reports off beats none.
