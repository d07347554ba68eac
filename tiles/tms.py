"""OGC Two Dimensional Tile Matrix Set (OGC 17-083r4) documents for WebMercatorQuad, and the
tile limits of a bounding box: what OGC API – Tiles clients read before asking for tiles.
Pure functions, like tilemath: WebMercatorQuad's tileRow/tileCol are our XYZ y/x."""
from __future__ import annotations

from typing import Any

from tiles.tilemath import tile_of

WEB_MERCATOR_QUAD = "WebMercatorQuad"
TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
CRS_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857"
ORIGIN = 20037508.3427892  # half the equator in EPSG:3857 metres
PIXEL_SIZE_M = 0.00028     # the standardized rendering pixel


def web_mercator_quad(max_zoom: int = 22) -> dict[str, Any]:
    """The WebMercatorQuad definition, zoom 0..max_zoom, 256-pixel tiles from the top-left.

    TMS 2.0 keys (id, crs, tileMatrices, pointOfOrigin) plus the TMS 1.0 ones (identifier,
    supportedCRS, tileMatrix, topLeftCorner): GDAL up to 3.6 (Debian 12, QGIS on it) reads only
    1.0, newer clients read 2.0; each ignores the other's keys."""
    v2, v1 = [], []
    for z in range(max_zoom + 1):
        cell = 2 * ORIGIN / 256 / 2**z
        size = {"scaleDenominator": cell / PIXEL_SIZE_M, "tileWidth": 256, "tileHeight": 256,
                "matrixWidth": 2**z, "matrixHeight": 2**z}
        v2.append({"id": str(z), "cellSize": cell, "cornerOfOrigin": "topLeft", "pointOfOrigin": [-ORIGIN, ORIGIN],
                   **size})
        v1.append({"type": "TileMatrixType", "identifier": str(z), "topLeftCorner": [-ORIGIN, ORIGIN], **size})
    return {"id": WEB_MERCATOR_QUAD, "title": "Google Maps Compatible for the World", "uri": TMS_URI,
            "crs": CRS_3857, "orderedAxes": ["X", "Y"], "wellKnownScaleSet":
            "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible", "tileMatrices": v2,
            "type": "TileMatrixSetType", "identifier": WEB_MERCATOR_QUAD, "supportedCRS": CRS_3857,
            "boundingBox": {"type": "BoundingBoxType", "crs": CRS_3857, "lowerCorner": [-ORIGIN, -ORIGIN],
                            "upperCorner": [ORIGIN, ORIGIN]}, "tileMatrix": v1}


def tile_matrix_limits(bbox: tuple[float, float, float, float], minzoom: int, maxzoom: int) -> list[dict[str, Any]]:
    """tileMatrixSetLimits covering bbox (west, south, east, north in degrees) at each zoom."""
    west, south, east, north = bbox
    out = []
    for z in range(minzoom, maxzoom + 1):
        x0, y0 = tile_of(west, north, z)
        x1, y1 = tile_of(east, south, z)
        out.append({"tileMatrix": str(z), "minTileRow": y0, "maxTileRow": y1, "minTileCol": x0, "maxTileCol": x1})
    return out
