-- A confidential report (missing persons, health) is never public at its exact point, whoever
-- wrote it: the app places it at its H3 r8 centre (geo/privacy.py), but a bulk load straight into
-- the table once published 940 seeded reports exactly.

-- 1. Rows already written so: placed as the app places them (as 0004 and 0012 did): the public
-- point at their r8 cell's centre, the finer cells that centre's, the public kelurahan the one
-- holding it and the street named near it. The aggregates trigger moves their counts.
WITH bad AS (
    SELECT r.id, r.city_id,
           coalesce((SELECT ST_Centroid(h.geom) FROM h3_cells h WHERE h.cell = r.h3_r8),
                    ST_SnapToGrid(r.geom, 0.01)) AS pub
    FROM reports r JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    WHERE c.confidential
      AND (ST_Equals(r.public_geom, r.geom)
           OR r.h3_r9 IS DISTINCT FROM sigap_h3_center_child(r.h3_r8, 9)
           OR r.h3_r10 IS DISTINCT FROM sigap_h3_center_child(r.h3_r8, 10)
           OR r.h3_r11 IS DISTINCT FROM sigap_h3_center_child(r.h3_r8, 11))
)
UPDATE reports r
SET public_geom = b.pub,
    h3_r9 = sigap_h3_center_child(r.h3_r8, 9), h3_r10 = sigap_h3_center_child(r.h3_r8, 10),
    h3_r11 = sigap_h3_center_child(r.h3_r8, 11),
    public_kelurahan_id = (SELECT kp.kelurahan_id FROM kelurahan_parts kp WHERE kp.city_id = r.city_id
                           ORDER BY ST_Intersects(kp.geom, b.pub) DESC, kp.geom <-> b.pub, kp.kelurahan_id LIMIT 1),
    public_street_name = (SELECT s.name FROM sigap_nearest_street(b.pub) s)
FROM bad b
WHERE r.id = b.id AND r.city_id = b.city_id;

-- 2. And from now on refused: the public cells must be the r8 cell's centre chain, and the public
-- point not the exact one.
CREATE OR REPLACE FUNCTION sigap_confidential_stays_coarse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (ST_Equals(NEW.public_geom, NEW.geom)
        OR NEW.h3_r9 IS DISTINCT FROM sigap_h3_center_child(NEW.h3_r8, 9)
        OR NEW.h3_r10 IS DISTINCT FROM sigap_h3_center_child(NEW.h3_r8, 10)
        OR NEW.h3_r11 IS DISTINCT FROM sigap_h3_center_child(NEW.h3_r8, 11))
       AND EXISTS (SELECT 1 FROM categories c
                   WHERE c.id = NEW.category_id AND c.city_id = NEW.city_id AND c.confidential) THEN
        RAISE EXCEPTION 'report % of a confidential category would be public at its exact point', NEW.id
            USING ERRCODE = 'check_violation',
                  HINT = 'place it at its H3 r8 centre (geo.privacy.public_point), as the app does';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS reports_confidential_stays_coarse ON reports;
CREATE TRIGGER reports_confidential_stays_coarse
BEFORE INSERT OR UPDATE OF geom, public_geom, h3_r8, h3_r9, h3_r10, h3_r11, category_id ON reports
FOR EACH ROW EXECUTE FUNCTION sigap_confidential_stays_coarse();
