-- Possible duplicates: open reports of a category within a radius and time window
-- (the definition lives in migration 0011, shared with insert_report).
SELECT * FROM sigap_open_reports_near(%(lng)s, %(lat)s, %(category)s, %(radius_m)s, %(radius_deg)s,
                                      %(window_h)s, %(exclude_id)s);
