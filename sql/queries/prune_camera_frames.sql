-- Traffic counts per frame are kept as long as raw detections (then the hourly counts remain).
DELETE FROM camera_frames WHERE frame_at < %(cutoff)s;
