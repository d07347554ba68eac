-- Public traffic status per camera ("Lalu lintas"): one row per analysed frame with its vehicle
-- counts (in the camera's road zones and in view), written with the frame's detections, so a
-- frame with no vehicles counts as zero and the status never needs the detections themselves
-- (people seen on camera are never part of it). Kept as long as raw detections.
CREATE TABLE camera_frames (
    camera_id        integer NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
    frame_at         timestamptz NOT NULL,
    vehicles         integer NOT NULL,          -- cars, buses, trucks, motorcycles in view
    vehicles_on_road integer,                   -- of those, inside the road zones (NULL: no road zone)
    PRIMARY KEY (camera_id, frame_at)
);

-- Congestion level from the mean vehicles per frame inside the road zones against what they
-- hold when jammed: lancar (smooth) below 35 %, padat (busy) below 70 %, macet (jammed) above.
-- NULL when the camera has no road zone (or is not calibrated) or no frame in the window.
CREATE FUNCTION sigap_traffic_level(mean float8, capacity float8) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN mean IS NULL OR capacity IS NULL OR capacity <= 0 THEN NULL
                WHEN mean / capacity < 0.35 THEN 'lancar'
                WHEN mean / capacity < 0.7 THEN 'padat'
                ELSE 'macet' END
$$;
