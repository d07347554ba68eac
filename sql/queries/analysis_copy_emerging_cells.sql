COPY emerging_cells (run_id, city_id, cell, n, pattern, hot_months, cold_months, trend_tau, trend_p, count_tau, geom) FROM STDIN
