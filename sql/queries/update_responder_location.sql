WITH upd AS (
    UPDATE responders
    SET geom = ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326), accuracy_m = %(accuracy_m)s,
        location_at = %(recorded_at)s
    WHERE user_id = %(user_id)s AND city_id = %(city_id)s AND (location_at IS NULL OR location_at <= %(recorded_at)s)
    RETURNING user_id
)
INSERT INTO responder_track (user_id, city_id, geom, accuracy_m, recorded_at)
SELECT r.user_id, r.city_id, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326), %(accuracy_m)s, %(recorded_at)s
FROM responders r WHERE r.user_id = %(user_id)s AND r.city_id = %(city_id)s
RETURNING (SELECT count(*) FROM upd) AS latest;
