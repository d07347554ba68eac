-- The month tables behind the heatmap and the hot spot analysis (h3_report_heat, _total) had
-- no UPDATE path: a report whose cells moved kept its count where it had been. 0038 moved 940
-- seeded confidential reports to their r8 centre and left each one counted in its exact r9/r10
-- cell, so the public heatmap showed where missing persons were to ~70 m. From now on a report
-- whose cells, category or city change is counted again where it is, and a cell left at zero is
-- dropped (a "0" hexagon would still say where a report had been).

-- Writes wait while the tables are counted again (reads of reports go on); none slips between
-- the count and the new trigger.
LOCK reports IN SHARE ROW EXCLUSIVE MODE;

CREATE OR REPLACE FUNCTION sigap_report_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved boolean := TG_OP = 'UPDATE' AND (
        (OLD.h3_r6, OLD.h3_r7, OLD.h3_r8, OLD.h3_r9, OLD.h3_r10, OLD.category_id, OLD.city_id, OLD.created_at)
        IS DISTINCT FROM
        (NEW.h3_r6, NEW.h3_r7, NEW.h3_r8, NEW.h3_r9, NEW.h3_r10, NEW.category_id, NEW.city_id, NEW.created_at));
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
    IF TG_OP = 'DELETE' OR moved THEN
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
    IF TG_OP = 'INSERT' OR moved THEN
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

-- created_at and city_id name the month row: a change of either moves the count too.
CREATE OR REPLACE TRIGGER reports_aggregates
    AFTER INSERT OR DELETE OR UPDATE OF status, category_id, city_id, created_at, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10
    ON reports FOR EACH ROW EXECUTE FUNCTION sigap_report_aggregates();

-- The month tables counted again from the reports as they are now (as 0012 did); rows already
-- at zero go with them.
TRUNCATE h3_report_heat, h3_report_heat_total;
INSERT INTO h3_report_heat (res, cell, month, category_id, city_id, n)
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE ct.time_zone)::date, r.category_id, r.city_id,
       count(*)
FROM reports r JOIN cities ct ON ct.id = r.city_id, sigap_report_cells(r) x GROUP BY 1, 2, 3, 4, 5;
INSERT INTO h3_report_heat_total (res, cell, month, city_id, n)
SELECT res, cell, month, city_id, sum(n) FROM h3_report_heat GROUP BY 1, 2, 3, 4;
DELETE FROM h3_report_counts WHERE n <= 0;

-- Hot spot runs finer than r8 were counted from those stale tables (a confidential report keeps
-- its true r8 cell, so r8 runs were right): dropped, and counted again at the next scheduled
-- analysis (SIGAP_ANALYSIS_EVERY_H) or when an admin asks (sigap analyse).
DELETE FROM hotspot_cells h USING analysis_runs r WHERE h.run_id = r.id AND h.city_id = r.city_id AND r.res > 8;
DELETE FROM emerging_cells e USING analysis_runs r WHERE e.run_id = r.id AND e.city_id = r.city_id AND r.res > 8;
DELETE FROM analysis_runs WHERE res > 8;
