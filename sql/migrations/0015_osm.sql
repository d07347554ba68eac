-- Streets, places and addresses from OpenStreetMap (issue 16). `sigap load-osm FILE` fills the
-- osm_* tables from an extract, clipped to the city, replacing the previous import in one
-- transaction. Data © OpenStreetMap contributors, ODbL 1.0 (osm_import keeps the provenance).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE osm_import (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    source text NOT NULL,            -- the file's name as given
    sha256 text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    counts jsonb NOT NULL,
    attribution text NOT NULL DEFAULT '© OpenStreetMap contributors (ODbL 1.0)'
);

CREATE TABLE osm_roads (
    id bigserial PRIMARY KEY,
    osm_id bigint NOT NULL,
    highway text NOT NULL,           -- OSM highway=* class
    name text,
    ref text,
    oneway smallint NOT NULL DEFAULT 0 CHECK (oneway IN (-1, 0, 1)),  -- 1 along, -1 against the way
    maxspeed integer,                -- km/h where tagged
    geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX osm_roads_geom ON osm_roads USING gist (geom);
CREATE INDEX osm_roads_named_geom ON osm_roads USING gist (geom) WHERE name IS NOT NULL;

CREATE TABLE osm_areas (
    id bigserial PRIMARY KEY,
    osm_id bigint NOT NULL,
    layer text NOT NULL CHECK (layer IN ('building', 'water', 'landuse')),
    kind text NOT NULL,              -- e.g. building=yes, natural=water, leisure=park, landuse=residential
    name text,
    geom geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX osm_areas_geom ON osm_areas USING gist (geom);
CREATE INDEX osm_areas_layer ON osm_areas (layer);

CREATE TABLE osm_waterways (
    id bigserial PRIMARY KEY,
    osm_id bigint NOT NULL,
    kind text NOT NULL,              -- river, stream, canal, drain
    name text,
    geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX osm_waterways_geom ON osm_waterways USING gist (geom);

CREATE TABLE osm_places (
    id bigserial PRIMARY KEY,
    osm_id bigint NOT NULL,
    osm_type char(1) NOT NULL CHECK (osm_type IN ('n', 'w', 'r')),
    class text NOT NULL,             -- place, amenity, shop, office, tourism, leisure, healthcare
    kind text NOT NULL,              -- the tag's value: village, school, hospital, …
    name text NOT NULL,
    geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX osm_places_geom ON osm_places USING gist (geom);

-- Search text: lower case, punctuation to spaces, Indonesian abbreviations written out
-- (Jl./Jln. → jalan, Gg. → gang, Kel. → kelurahan, Kec. → kecamatan), spaces collapsed. The
-- same function indexes names and reads queries.
CREATE FUNCTION sigap_search_text(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT trim(regexp_replace(
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            regexp_replace(lower(coalesce(name, '')), '[^[:alnum:]]+', ' ', 'g'),
            '\m(jl|jln)\M', 'jalan', 'g'), '\mgg\M', 'gang', 'g'), '\mkel\M', 'kelurahan', 'g'),
            '\mkec\M', 'kecamatan', 'g'), '\mkp\M', 'kampung', 'g'),
        '\s+', ' ', 'g'))
$$;

-- What is matched: the search text without the words every street or kelurahan shares
-- ("jalan", "gang", "kelurahan", "kecamatan"), whose trigrams would match every row.
CREATE FUNCTION sigap_search_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT trim(regexp_replace(regexp_replace(sigap_search_text(name),
                '\m(jalan|gang|kelurahan|kecamatan)\M', ' ', 'g'), '\s+', ' ', 'g'))
$$;

-- The kelurahan are searched too: their search text is kept with them, not made per query.
ALTER TABLE kelurahan ADD COLUMN search text GENERATED ALWAYS AS (sigap_search_key(name)) STORED;

-- One entry per named street (per kelurahan it runs through) and per named place: what
-- /api/v1/geocode searches, besides the kelurahan themselves.
CREATE TABLE osm_search (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('street', 'place', 'poi')),
    name text NOT NULL,
    detail text NOT NULL DEFAULT '',  -- kelurahan of a street, class/kind of a place
    kelurahan text,
    kecamatan text,
    geom geometry(Point, 4326) NOT NULL,
    search text NOT NULL
);
CREATE INDEX osm_search_trgm ON osm_search USING gin (search gin_trgm_ops);

-- The nearest named street of a point (metres, geodesic) and the nearest named place within
-- 300 m: reverse geocoding for reports.
CREATE FUNCTION sigap_nearest_street(p geometry) RETURNS TABLE (name text, distance_m real)
LANGUAGE sql STABLE AS $$
    SELECT r.name, ST_Distance(r.geom::geography, p::geography)::real
    FROM osm_roads r WHERE r.name IS NOT NULL
    ORDER BY r.geom <-> p LIMIT 1
$$;
CREATE FUNCTION sigap_nearest_place(p geometry) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT pl.name FROM osm_places pl
    WHERE ST_DWithin(pl.geom::geography, p::geography, 300)
    ORDER BY pl.geom <-> p LIMIT 1
$$;

-- Reports carry their street: the exact one for staff, the one of the public (coarsened)
-- point for everyone else (identical unless the category is confidential).
ALTER TABLE reports
    ADD COLUMN street_name text,
    ADD COLUMN street_distance_m real,
    ADD COLUMN place_name text,
    ADD COLUMN public_street_name text;

-- The road graph for dispatch by road (pgRouting where installed; straight lines otherwise).
CREATE TABLE osm_road_edges (
    id bigserial PRIMARY KEY,
    osm_id bigint NOT NULL,
    source bigint NOT NULL,          -- OSM node ids at both ends
    target bigint NOT NULL,
    highway text NOT NULL,
    name text,
    length_m double precision NOT NULL,
    cost_s double precision NOT NULL,          -- seconds along the way; -1: not allowed (one-way)
    reverse_cost_s double precision NOT NULL,  -- seconds against it; -1: not allowed
    geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX osm_road_edges_geom ON osm_road_edges USING gist (geom);
CREATE TABLE osm_road_vertices (
    id bigint PRIMARY KEY,           -- the OSM node id
    geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX osm_road_vertices_geom ON osm_road_vertices USING gist (geom);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') THEN
        CREATE EXTENSION IF NOT EXISTS pgrouting;
    END IF;
END $$;
