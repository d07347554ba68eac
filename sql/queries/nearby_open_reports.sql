-- Possible duplicates: open reports of a category within a radius and time window
-- (the definition lives in migrations 0011/0012, shared with insert_report; confidential
-- reports match only in the caller's own H3 r8 cell, at a 100 m-rounded distance).
SELECT * FROM sigap_open_reports_near(%(lng)s, %(lat)s, %(category)s, %(radius_m)s, %(radius_deg)s,
                                      %(window_h)s, %(exclude_id)s, %(cell8)s);
