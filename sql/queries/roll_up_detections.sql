-- Retention: detections older than the cutoff become hourly counts per camera and class, and
-- the raw rows go, in one statement (a batch at a time; concurrent runs never count a row twice:
-- a row is counted by the statement that deleted it).
WITH old AS (
    DELETE FROM detections
    WHERE id IN (SELECT id FROM detections WHERE frame_at < %(cutoff)s ORDER BY frame_at LIMIT %(batch)s)
    RETURNING camera_id, city_id, class_name, frame_at
), counted AS (
    INSERT INTO detection_counts_hourly (camera_id, city_id, hour, class_name, n)
    SELECT camera_id, city_id, date_trunc('hour', frame_at), class_name, count(*) FROM old GROUP BY 1, 2, 3, 4
    ON CONFLICT (camera_id, hour, class_name, city_id) DO UPDATE SET n = detection_counts_hourly.n + EXCLUDED.n
    RETURNING 1
)
SELECT (SELECT count(*) FROM old)::int AS deleted, (SELECT count(*) FROM counted)::int AS hours;
