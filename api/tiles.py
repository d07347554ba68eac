"""Vector tiles over HTTP: /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json."""
from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request
from flask.typing import ResponseReturnValue
from redis import Redis

from api.auth import current_user
from api.compress import accepts_gzip, gzip_bytes
from api.deps import settings
from api.observe import TILE_CACHE, TILE_RENDERS
from api.replica import primary_tile_connection, tile_connection
from geo.errors import InvalidInput
from tiles import service

bp = Blueprint("tiles", __name__)
MVT = "application/vnd.mapbox-vector-tile"


def _redis() -> Redis:
    from workers.relay import redis_client

    return redis_client(settings().redis_url)




@bp.get("/tiles/<layer>/<z>/<x>/<y>.mvt")
def tile(layer: str, z: str, x: str, y: str) -> Response:
    return tile_response(layer, z, x, y)


def tile_response(layer: str, z: str, x: str, y: str) -> Response:
    """One MVT tile with ETag/304 and the cache headers its audience allows (also used by OGC Tiles)."""
    user = current_user() if service.layer(layer).staff_only else None
    args = request.args.to_dict()
    if "city" not in args and g.get("sigap_city_name"):  # /<city>/ogc/…/tiles/…
        args["city"] = g.sigap_city_name
    t = service.get_tile(tile_connection, _redis() if settings().tile_cache else None, layer, z, x, y, args,
                         role=user.role if user else None, staff_cities=user.cities if user else (),
                         agency=user.agency if user else None,
                         points_from_zoom=settings().tile_points_from_zoom,
                         max_points=settings().tile_max_points,
                         primary=primary_tile_connection if settings().database_read_url else None,
                         on_render=lambda source: TILE_RENDERS.labels(source).inc())
    TILE_CACHE.labels("hit" if t.cache_hit else ("miss" if settings().tile_cache else "off")).inc()
    shared = settings().tile_shared_max_age_s
    cache_control = ("public, max-age=0, must-revalidate" + (f", s-maxage={shared}" if shared else "")
                     if t.public else "private, no-store")
    gz = accepts_gzip() and len(t.data) > 512  # browsers: a third of the bytes over a mobile link
    etag = f"{t.etag}-gz" if gz else t.etag  # another representation, another validator
    if request.if_none_match.contains(etag):
        resp = Response(status=304)
    else:
        resp = Response(gzip_bytes(t.data) if gz else t.data, mimetype=MVT)
        if gz:
            resp.headers["Content-Encoding"] = "gzip"
    resp.vary.add("Accept-Encoding")
    resp.set_etag(etag)
    resp.headers["Cache-Control"] = cache_control
    resp.headers["X-Tile-Cache"] = "hit" if t.cache_hit else "miss"
    return resp


@bp.get("/fonts/<fontstack>/<int:start>-<int:end>.pbf")
def glyphs(fontstack: str, start: int, end: int) -> ResponseReturnValue:
    """Label glyphs for the map (offline: no font CDN)."""
    from tiles.glyphs import glyph_range

    if start % 256 or end != start + 255 or not 0 <= start <= 65280 or len(fontstack) > 200:
        raise InvalidInput("Rentang glyph tidak valid.", "Invalid glyph range.", code="invalid_glyph_range")
    data = glyph_range(fontstack, start)
    gz = accepts_gzip()
    resp = Response(gzip_bytes(data) if gz else data, mimetype="application/x-protobuf")
    if gz:
        resp.headers["Content-Encoding"] = "gzip"
    resp.vary.add("Accept-Encoding")
    resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


@bp.get("/tiles/<layer>.json")
def tilejson(layer: str) -> ResponseReturnValue:
    city = service.city_named(tile_connection, request.args.get("city"))
    return jsonify(service.tilejson(tile_connection, layer, request.host_url.rstrip("/"), city, request.args.to_dict()))
