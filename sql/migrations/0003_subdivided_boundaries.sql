-- Point-in-polygon on 51 kelurahan of ~700 vertices costs ~1 ms per lookup because
-- every candidate polygon is detoasted and scanned whole. ST_Subdivide pieces of at
-- most 64 vertices make the GiST index do the work (the classic PostGIS remedy).
-- Triggers keep the pieces in step with the source tables.
CREATE TABLE kelurahan_parts (
    kelurahan_id integer NOT NULL REFERENCES kelurahan(id) ON DELETE CASCADE,
    geom         geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX kelurahan_parts_geom_gist ON kelurahan_parts USING gist (geom);
CREATE INDEX kelurahan_parts_kelurahan ON kelurahan_parts (kelurahan_id);

CREATE TABLE service_zone_parts (
    zone_id   integer NOT NULL REFERENCES service_zones(id) ON DELETE CASCADE,
    agency_id integer NOT NULL,
    geom      geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX service_zone_parts_geom_gist ON service_zone_parts USING gist (geom);
CREATE INDEX service_zone_parts_zone ON service_zone_parts (zone_id);

CREATE FUNCTION sigap_refresh_kelurahan_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM kelurahan_parts WHERE kelurahan_id = NEW.id;
    INSERT INTO kelurahan_parts (kelurahan_id, geom)
    SELECT NEW.id, (ST_Dump(ST_Subdivide(NEW.geom, 64))).geom;
    RETURN NULL;
END $$;

CREATE FUNCTION sigap_refresh_zone_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM service_zone_parts WHERE zone_id = NEW.id;
    INSERT INTO service_zone_parts (zone_id, agency_id, geom)
    SELECT NEW.id, NEW.agency_id, (ST_Dump(ST_Subdivide(NEW.geom, 64))).geom;
    RETURN NULL;
END $$;

CREATE TRIGGER kelurahan_parts_sync AFTER INSERT OR UPDATE OF geom ON kelurahan
    FOR EACH ROW EXECUTE FUNCTION sigap_refresh_kelurahan_parts();
CREATE TRIGGER service_zone_parts_sync AFTER INSERT OR UPDATE OF geom, agency_id ON service_zones
    FOR EACH ROW EXECUTE FUNCTION sigap_refresh_zone_parts();

-- Databases loaded before this migration get their pieces now.
INSERT INTO kelurahan_parts (kelurahan_id, geom)
SELECT id, (ST_Dump(ST_Subdivide(geom, 64))).geom FROM kelurahan;
INSERT INTO service_zone_parts (zone_id, agency_id, geom)
SELECT id, agency_id, (ST_Dump(ST_Subdivide(geom, 64))).geom FROM service_zones;
