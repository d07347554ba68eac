"""OGC API – Tiles (Part 1: core, tileset, tilesets-list, geodata-tilesets; MVT) under /ogc,
over the same renderer, cache and layer names as /tiles, so QGIS, GDAL and OpenLayers'
OGCVectorTile connect with no XYZ template typed by hand."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, url_for
from flask.typing import ResponseReturnValue

from api.city import current_city, endpoint
from api.tiles import MVT, tile_response
from geo import features
from geo.errors import NotFound
from tiles import service
from tiles.tms import (
    CRS_3857,
    TMS_URI,
    WEB_MERCATOR_QUAD,
    tile_matrix_limits,
    web_mercator_quad,
)

bp = Blueprint("ogc_tiles", __name__, url_prefix="/ogc")
REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
]


def _link(href: str, rel: str, typ: str = "application/json", **extra: Any) -> dict[str, Any]:
    return {"href": href, "rel": rel, "type": typ, **extra}


def _tms(tms: str) -> None:
    if tms != WEB_MERCATOR_QUAD:
        raise NotFound(f"Tile matrix set {tms!r} tidak tersedia.", f"Tile matrix set {tms!r} is not offered.",
                       code="unknown_tile_matrix_set", details={"offered": [WEB_MERCATOR_QUAD]})


def _tileset_summary(cid: str) -> dict[str, Any]:
    tms_url = url_for(endpoint("ogc_tiles.tile_matrix_set"), tms=WEB_MERCATOR_QUAD, _external=True)
    return {"title": f"{cid} ({WEB_MERCATOR_QUAD})", "dataType": "vector", "crs": CRS_3857, "tileMatrixSetURI": TMS_URI,
            "links": [_link(url_for(endpoint("ogc_tiles.tileset"), cid=cid, tms=WEB_MERCATOR_QUAD, _external=True), "self"),
                      _link(tms_url, REL_TILING_SCHEME)]}


@bp.get("/tileMatrixSets")
def tile_matrix_sets() -> ResponseReturnValue:
    href = url_for(endpoint("ogc_tiles.tile_matrix_set"), tms=WEB_MERCATOR_QUAD, _external=True)
    return jsonify({"tileMatrixSets": [{"id": WEB_MERCATOR_QUAD, "title": "Web Mercator", "uri": TMS_URI,
                                        "links": [_link(href, "self"), _link(href, REL_TILING_SCHEME)]}]})


@bp.get("/tileMatrixSets/<tms>")
def tile_matrix_set(tms: str) -> ResponseReturnValue:
    _tms(tms)
    return jsonify(web_mercator_quad())


@bp.get("/collections/<cid>/tiles")
def tilesets(cid: str) -> ResponseReturnValue:
    features.collection(cid)
    return jsonify({"links": [_link(url_for(endpoint("ogc_tiles.tilesets"), cid=cid, _external=True), "self")],
                    "tilesets": [_tileset_summary(cid)]})


def _field_schema(described: str) -> dict[str, str]:
    """"Number (epoch s)" → {"type": "number", "description": "epoch s"}: the type is
    the first word (a mapping on the whole text typed created_at and aggregated as strings)."""
    kind, _, note = described.partition(" ")
    out = {"type": {"Number": "number", "Boolean": "boolean"}.get(kind, "string")}
    if note:
        out["description"] = note.strip("()")
    return out


def properties_schema(fields: dict[str, str]) -> dict[str, Any]:
    """A layer's fields as JSON Schema; "cat_<category>" stands for a family of fields, given as a pattern."""
    plain = {k: _field_schema(v) for k, v in fields.items() if "<" not in k}
    patterns = {"^" + k.split("<", 1)[0] + "[a-z0-9_]+$": _field_schema(v) for k, v in fields.items() if "<" in k}
    return {"type": "object", "properties": plain, **({"patternProperties": patterns} if patterns else {})}


@bp.get("/collections/<cid>/tiles/<tms>")
def tileset(cid: str, tms: str) -> ResponseReturnValue:
    c = features.collection(cid)
    _tms(tms)
    lyr = service.layer(cid)
    template = url_for(endpoint("ogc_tiles.tileset"), cid=cid, tms=tms, _external=True) + "/{tileMatrix}/{tileRow}/{tileCol}"
    doc = _tileset_summary(cid)
    doc["links"].append(_link(template, "item", MVT, templated=True, title="Petak MVT / MVT tiles"))
    doc["links"].append(_link(url_for(endpoint("ogc.collection"), cid=cid, _external=True), "collection"))
    west, south, east, north = current_city().bbox or features.WORLD_BBOX
    doc.update({
        "description": c.description,
        "boundingBox": {"lowerLeft": [west, south], "upperRight": [east, north], "crs": features.CRS84},
        "tileMatrixSetLimits": tile_matrix_limits((west, south, east, north), lyr.minzoom, lyr.maxzoom),
        "layers": [{"id": cid, "title": c.title, "dataType": "vector", "geometryDimension": c.dimension,
                    "minTileMatrix": str(lyr.minzoom),
                    "maxTileMatrix": str(lyr.maxzoom),
                    "propertiesSchema": properties_schema(lyr.properties())}],
    })
    return jsonify(doc)


@bp.get("/collections/<cid>/tiles/<tms>/<tileMatrix>/<tileRow>/<tileCol>")
def tile(cid: str, tms: str, tileMatrix: str, tileRow: str, tileCol: str) -> Response:
    features.collection(cid)
    _tms(tms)
    return tile_response(cid, tileMatrix, tileCol, tileRow)
