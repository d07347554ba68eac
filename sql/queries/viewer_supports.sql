-- Whether this signed-in resident already backs the report: the report says so, instead of
-- offering "Dukung" again after a reload (a tap then read as a second support).
SELECT EXISTS (SELECT 1 FROM report_supporters s
               WHERE s.report_id = %(report_id)s AND s.city_id = %(city_id)s AND s.user_id = %(user_id)s) AS yes;
