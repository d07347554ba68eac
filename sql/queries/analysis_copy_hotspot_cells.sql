COPY hotspot_cells (run_id, city_id, cell, n, gi_z, p_value, confidence, geom) FROM STDIN
