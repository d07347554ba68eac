-- A rule's state after a frame: its streak, and when it fired, the time and the report it filed.
UPDATE camera_rules
SET streak = %(streak)s,
    last_fired_at = CASE WHEN %(fired)s THEN now() ELSE last_fired_at END,
    last_report_id = coalesce(%(report_id)s, last_report_id)
WHERE id = %(id)s AND city_id = %(city_id)s
