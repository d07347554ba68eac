"""Open-data exports: /api/v1/exports/reports.{geojson,csv,gpkg} and heatmap.tif."""
from __future__ import annotations

import json

from flask import Blueprint, Response, request

from api import ratelimit
from api.deps import transaction
from geo import exports
from geo.errors import InvalidInput

bp = Blueprint("exports", __name__, url_prefix="/api/v1/exports")
TYPES = {"geojson": "application/geo+json", "csv": "text/csv; charset=utf-8",
         "gpkg": "application/geopackage+sqlite3"}


@bp.get("/reports.<any(geojson, csv, gpkg):fmt>")
def reports(fmt: str) -> Response:
    ratelimit.check_export()
    with transaction() as conn:
        data = exports.rows(conn, request.args.to_dict())
    if fmt == "geojson":
        body: bytes | str = json.dumps(exports.to_geojson(data), ensure_ascii=False)
    elif fmt == "csv":
        body = exports.to_csv(data)
    else:
        body = exports.to_geopackage(data)
    resp = Response(body, mimetype=TYPES[fmt].split(";")[0])
    resp.headers["Content-Type"] = TYPES[fmt]
    resp.headers["Content-Disposition"] = f'attachment; filename="sigap_reports.{fmt}"'
    return resp


@bp.get("/heatmap.tif")
def heatmap() -> Response:
    ratelimit.check_export()
    try:
        cell = float(request.args.get("cell_m", 100))
    except ValueError:
        raise InvalidInput("cell_m harus angka.", "cell_m must be a number.", code="invalid_cell_m") from None
    args = {k: v for k, v in request.args.items() if k != "cell_m"}
    with transaction() as conn:
        tif = exports.density_geotiff(conn, args, cell)
    resp = Response(tif, mimetype="image/tiff")
    resp.headers["Content-Disposition"] = 'attachment; filename="sigap_density.tif"'
    return resp
