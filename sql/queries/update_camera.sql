-- A camera corrected by an operator: its name, source, heading, calibration, or switched off (a
-- dismantled camera stayed on the public traffic panel as "Kamera mati" for ever, and a wrong
-- calibration could not be fixed: a CCTV walk). A new source, or a camera switched on again,
-- starts its health afresh: the backoff and the last error were the old source's.
UPDATE cameras
SET name = %(name)s, source = %(source)s, heading_deg = %(heading_deg)s, active = %(active)s,
    control_points = %(control_points)s, homography = %(homography)s,
    reprojection_error_m = %(reprojection_error_m)s,
    failures = CASE WHEN %(fresh)s THEN 0 ELSE failures END,
    next_try_at = CASE WHEN %(fresh)s THEN NULL ELSE next_try_at END,
    last_error = CASE WHEN %(fresh)s THEN NULL ELSE last_error END,
    last_seen_at = CASE WHEN %(fresh)s THEN NULL ELSE last_seen_at END
WHERE id = %(id)s AND city_id = %(city_id)s
RETURNING id;
