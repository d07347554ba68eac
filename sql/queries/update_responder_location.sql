-- A GPS fix: into the track, and the latest position unless a newer one is known. `woke`: an
-- available officer's first fresh fix after none or a stale one (the shift's first, or the phone
-- found the sky again): what waited out of their reach can be offered now (offer_waiting).
WITH prev AS (
    SELECT status, location_at FROM responders
    WHERE user_id = %(user_id)s AND city_id = %(city_id)s
), upd AS (
    UPDATE responders
    SET geom = ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326), accuracy_m = %(accuracy_m)s,
        location_at = %(recorded_at)s
    WHERE user_id = %(user_id)s AND city_id = %(city_id)s AND (location_at IS NULL OR location_at <= %(recorded_at)s)
    RETURNING user_id
)
INSERT INTO responder_track (user_id, city_id, geom, accuracy_m, recorded_at)
SELECT r.user_id, r.city_id, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326), %(accuracy_m)s, %(recorded_at)s
FROM responders r WHERE r.user_id = %(user_id)s AND r.city_id = %(city_id)s
RETURNING (SELECT count(*) FROM upd) AS latest,
          (SELECT count(*) FROM upd) > 0 AND %(recorded_at)s > now() - make_interval(secs => %(stale_s)s)
          AND EXISTS (SELECT 1 FROM prev WHERE prev.status = 'available'
                        AND (prev.location_at IS NULL
                             OR prev.location_at <= now() - make_interval(secs => %(stale_s)s))) AS woke;
