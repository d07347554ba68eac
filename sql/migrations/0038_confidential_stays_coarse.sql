-- A confidential report (missing persons, health) is never written with its exact point as its
-- public one, whoever writes it: the app places it at its H3 r8 centre (geo/privacy.py), but a
-- bulk load straight into the table once published 940 seeded reports exactly. The public cells
-- must be the r8 cell's centre chain, and the public point must not be the exact one.
CREATE FUNCTION sigap_confidential_stays_coarse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.h3_r11 IS DISTINCT FROM sigap_h3_center_child(NEW.h3_r8, 11) OR NEW.public_geom ~= NEW.geom)
       AND EXISTS (SELECT 1 FROM categories c
                   WHERE c.id = NEW.category_id AND c.city_id = NEW.city_id AND c.confidential) THEN
        RAISE EXCEPTION 'report % of a confidential category would be public at its exact point', NEW.id
            USING ERRCODE = 'check_violation',
                  HINT = 'place it at its H3 r8 centre (geo.privacy.public_point), as the app does';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER reports_confidential_stays_coarse
BEFORE INSERT OR UPDATE OF geom, public_geom, h3_r8, h3_r11, category_id ON reports
FOR EACH ROW EXECUTE FUNCTION sigap_confidential_stays_coarse();
