"""Open-data exports: /api/v1/exports/reports.{geojson,csv,gpkg} and heatmap.tif.

Reports are streamed: each export reads through a server-side cursor on a connection of its
own (held by the response's generator, not the request), so a million rows never sit in memory.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from flask import Blueprint, Response, request

from api import ratelimit
from api.city import current_city
from api.replica import read_pool, replica
from geo import exports, filter_values
from geo.errors import InvalidInput

ATTRIBUTION = "Laporan: SIGAP; nama jalan / street names: (c) OpenStreetMap contributors, ODbL 1.0"
bp = Blueprint("exports", __name__, url_prefix="/api/v1/exports")
TYPES = {"geojson": "application/geo+json", "csv": "text/csv; charset=utf-8",
         "gpkg": "application/geopackage+sqlite3"}
CHUNK = 256 * 1024


@bp.get("/reports.<any(geojson, csv, gpkg):fmt>")
def reports(fmt: str) -> Response:
    ratelimit.check_export()
    args: dict[str, str | None] = dict(request.args.to_dict())
    city = current_city()
    exports.check_filters(args, city.tz)  # a bad filter is a 400 now, not a broken stream later
    conns = read_pool()
    with conns.connection() as conn:
        args = filter_values.checked(conn, city.id, args)  # a misspelt filter: 400, not an empty file
        label = exports.named(conn, args, city.id)

    def body() -> Iterator[bytes]:
        with conns.connection() as conn:
            rows = exports.rows(conn, args, city)
            if fmt == "geojson":
                yield from (chunk.encode() for chunk in exports.geojson_chunks(rows))
            elif fmt == "csv":
                yield from (chunk.encode() for chunk in exports.csv_chunks(rows))
            else:
                yield from _file_chunks(rows)

    resp = Response(body(), mimetype=TYPES[fmt].split(";")[0])
    resp.headers["Content-Type"] = TYPES[fmt]
    resp.headers["Content-Disposition"] = f'attachment; filename="{exports.file_name(city.slug, "reports", label, fmt, city.tz)}"'
    # Street names come from OpenStreetMap (ODbL); CSV and GeoPackage have no place for it inside.
    resp.headers["X-Attribution"] = ATTRIBUTION
    return resp


def _file_chunks(rows: Iterator[dict[str, object]]) -> Iterator[bytes]:
    """GeoPackage is a SQLite file: written to a temporary file, then sent in pieces."""
    with tempfile.TemporaryDirectory() as tmp:
        path = exports.write_geopackage(rows, Path(tmp) / "sigap_reports.gpkg")
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                yield chunk


@bp.get("/heatmap.tif")
def heatmap() -> Response:
    ratelimit.check_export()
    try:
        cell = float(request.args.get("cell_m", 100))
    except ValueError:
        raise InvalidInput("cell_m harus angka.", "cell_m must be a number.", code="invalid_cell_m") from None
    exports.check_filters(request.args, current_city().tz, exports.DENSITY_PARAMS)
    with replica() as conn:
        args = filter_values.checked(conn, current_city().id, {k: v for k, v in request.args.items() if k != "cell_m"})
        tif = exports.density_geotiff(conn, args, current_city(), cell)
        label = exports.named(conn, args, current_city().id)
    resp = Response(tif, mimetype="image/tiff")
    name = exports.file_name(current_city().slug, "density", label, "tif", current_city().tz)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp
