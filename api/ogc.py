"""OGC API – Features (Part 1 core, GeoJSON) under /ogc, for QGIS and GDAL (OAPIF driver)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from api.city import current_city, endpoint
from api.replica import replica
from geo import features
from geo.errors import InvalidInput, NotFound

bp = Blueprint("ogc", __name__, url_prefix="/ogc")
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]


def _link(href: str, rel: str, typ: str = "application/json", title: str = "") -> dict[str, str]:
    out = {"href": href, "rel": rel, "type": typ}
    if title:
        out["title"] = title
    return out


def _abs(name: str, **values: Any) -> str:
    """An absolute link to `name` as this request reached the API (under /<city>/ or not)."""
    return url_for(endpoint(name), _external=True, **values)


@bp.get("/")
def landing() -> ResponseReturnValue:
    return jsonify({
        "title": "SIGAP — OGC API Features & Tiles",
        "description": f"Laporan warga dan batas wilayah {current_city().name} / "
                       f"Citizen reports and boundaries of {current_city().name}",
        "links": [
            _link(_abs("ogc.landing"), "self", title="Halaman ini / This document"),
            _link(_abs("ogc.api"), "service-desc", OPENAPI, "OpenAPI"),
            _link(_abs("openapi.docs"), "service-doc", "text/html", "Dokumentasi / Documentation"),
            _link(_abs("ogc.conformance"), "conformance", title="Conformance"),
            _link(_abs("ogc.collections"), "data", title="Koleksi / Collections"),
            _link(_abs("ogc_tiles.tile_matrix_sets"), "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
                  title="Tile matrix sets"),
        ]})


@bp.get("/api")
def api() -> ResponseReturnValue:
    """This OGC API's OpenAPI document (api.openapi.ogc_document: the paths as OGC names them)."""
    from api.openapi import ogc_document

    resp = jsonify(ogc_document(_abs("ogc.landing").rstrip("/")))
    resp.headers["Content-Type"] = OPENAPI
    return resp


@bp.get("/conformance")
def conformance() -> ResponseReturnValue:
    from api.ogc_tiles import CONFORMANCE as TILES

    return jsonify({"conformsTo": CONFORMANCE + TILES})


def _collection_doc(c: features.Collection) -> dict[str, Any]:
    city = current_city()
    extent: dict[str, Any] = {"spatial": {"bbox": [list(city.bbox or features.WORLD_BBOX)], "crs": features.CRS84}}
    if c.temporal:
        with replica() as conn:
            interval = features.temporal_extent(conn, city.id, city.tz)
        extent["temporal"] = {"interval": [interval], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
    return {"id": c.id, "title": c.title, "description": c.description, "itemType": "feature",
            "crs": [features.CRS84], "extent": extent,
            "links": [_link(_abs("ogc.collection", cid=c.id), "self"),
                      _link(_abs("ogc.items", cid=c.id), "items", GEOJSON, "Fitur / Features"),
                      # Relation types are case-insensitive (RFC 8288); GDAL 3.6's OAPIF driver
                      # looks for this spelling only, and types fields from it, not from a first page.
                      _link(_abs("ogc.schema", cid=c.id), "describedBy", "application/schema+json",
                            "Skema fitur / Feature schema"),
                      # GDAL prefers this one, and reads the layer's geometry type only from it
                      _link(_abs("ogc.schema_xsd", cid=c.id), "describedBy", "application/xml",
                            "Skema GML / GML application schema"),
                      _link(_abs("ogc_tiles.tilesets", cid=c.id), "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
                            title="Petak vektor / Vector tiles")]}


@bp.get("/collections")
def collections() -> ResponseReturnValue:
    return jsonify({"links": [_link(_abs("ogc.collections"), "self")],
                    "collections": [_collection_doc(c) for c in features.COLLECTIONS.values()]})


@bp.get("/collections/<cid>")
def collection(cid: str) -> ResponseReturnValue:
    return jsonify(_collection_doc(features.collection(cid)))


@bp.get("/collections/<cid>/schema")
def schema(cid: str) -> ResponseReturnValue:
    """Each property's type, so that a field null on the first page (resolved_at) is still a time."""
    resp = jsonify(features.feature_schema(features.collection(cid)))
    resp.mimetype = "application/schema+json"
    return resp


@bp.get("/collections/<cid>/schema.xsd")
def schema_xsd(cid: str) -> ResponseReturnValue:
    """The same as a GML application schema, with the geometry's type (empty collections too)."""
    return Response(features.feature_xsd(features.collection(cid)), mimetype="application/xml")


@bp.get("/collections/<cid>/items")
def items(cid: str) -> ResponseReturnValue:
    features.collection(cid)
    args = request.args
    categories, statuses = features.check_params(cid, args)
    try:
        limit = int(args.get("limit", 10))
        offset = int(args.get("offset", 0))
        after = int(args["after"]) if "after" in args else None
    except ValueError:
        raise InvalidInput("limit, offset dan after harus bilangan bulat.", "limit, offset and after must be integers.",
                           code="invalid_limit") from None
    limit = min(limit, features.MAX_LIMIT) if limit > 0 else limit
    bbox = features.parse_bbox(args.get("bbox"))
    interval = features.parse_datetimes(args.getlist("datetime"), current_city().tz)
    with replica() as conn:
        feats, matched = features.items(conn, cid, current_city().id, bbox=bbox, interval=interval, limit=limit,
                                        offset=offset, tz=current_city().tz, categories=categories,
                                        statuses=statuses, after=after)
    # every value of a repeated parameter (GDAL's two `datetime`s): page 2 kept only the first
    keep = {k: args.getlist(k) for k in args if k not in ("offset", "after", "f")}
    links = [_link(_abs("ogc.items", cid=cid, **{k: args.getlist(k) for k in args if k != "f"}), "self", GEOJSON),
             _link(_abs("ogc.collection", cid=cid), "collection")]
    if len(feats) == limit:
        # Reports page by number (no offset bound: a GIS client reads a whole city to its end);
        # the other collections are a city's few hundred areas, zones and cameras.
        nxt = {"after": feats[-1]["id"]} if cid == "reports" else {"offset": offset + limit}
        links.append(_link(_abs("ogc.items", cid=cid, **nxt, **keep), "next", GEOJSON,
                           "Halaman berikutnya / Next page"))
    if offset > 0 and after is None:
        links.append(_link(_abs("ogc.items", cid=cid, offset=max(0, offset - limit), **keep), "prev", GEOJSON))
    body: dict[str, Any] = {"type": "FeatureCollection", "features": feats, "numberReturned": len(feats),
                            **({"numberMatched": matched} if matched is not None else {}),
                            "timeStamp": datetime.now(UTC).isoformat(timespec="seconds"), "links": links}
    resp = jsonify(body)
    resp.mimetype = GEOJSON
    return resp


@bp.get("/collections/<cid>/items/<fid>")
def item(cid: str, fid: str) -> ResponseReturnValue:
    features.collection(cid)
    if not fid.isdigit():
        raise NotFound("Fitur tidak ditemukan.", "Feature not found.", code="feature_not_found")
    with replica() as conn:
        feats, _ = features.items(conn, cid, current_city().id, fid=int(fid), limit=1, tz=current_city().tz)
    if not feats:
        raise NotFound("Fitur tidak ditemukan.", "Feature not found.", code="feature_not_found")
    feat = feats[0]
    feat["links"] = [_link(_abs("ogc.item", cid=cid, fid=fid), "self", GEOJSON),
                     _link(_abs("ogc.collection", cid=cid), "collection")]
    resp = jsonify(feat)
    resp.mimetype = GEOJSON
    return resp
