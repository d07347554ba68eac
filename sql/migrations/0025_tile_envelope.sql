-- The two envelopes every tile statement starts from, written once instead of in 14 files:
-- e, the tile in web mercator (ST_AsMVTGeom's bounds), and e4326, the tile with its buffer
-- margin, clipped to the world (a margin at the antimeridian or the poles must not wrap) and in
-- lng/lat, for the && index test on geometries stored in 4326. A single-SELECT IMMUTABLE SQL
-- function: the planner inlines it, so each tile stays one statement with the same plan.
CREATE FUNCTION sigap_tile_env(p_z integer, p_x integer, p_y integer, p_margin float8)
RETURNS TABLE (e geometry, e4326 geometry)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_TileEnvelope(p_z, p_x, p_y),
           ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(p_z, p_x, p_y, margin => p_margin),
                                       ST_TileEnvelope(0, 0, 0)::box2d), 4326)
$$;
