-- A responder's own shift status and last known position (the responder view after a reload),
-- and whether a "busy" is theirs (a break) or their task's (it ends with the task).
SELECT status, busy_by_choice, ST_X(geom) AS lng, ST_Y(geom) AS lat, accuracy_m, location_at
FROM responders WHERE user_id = %(user_id)s AND city_id = %(city_id)s;
