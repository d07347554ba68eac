"""Exports for planners and GIS staff: one city's reports as GeoJSON, CSV or GeoPackage (times in
the city's zone: WITA for Kupang, WIB for Jakarta), and a report density GeoTIFF (reports per
km², in the city's UTM zone) that opens in QGIS and GDAL."""
from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from geo.cities import City
from geo.db import Conn, query
from geo.errors import InvalidInput
from geo.report_views import STATUSES, csv_values, known_params, parse_bbox, parse_time, parse_window

MAX_ROWS = 1_000_000
FIELDS = ["id", "category", "category_name_id", "category_name_en", "status", "priority", "agency", "kelurahan",
          "kecamatan", "street", "support_count", "source", "created_at", "due_at", "resolved_at", "location_coarsened",
          "lng", "lat"]
TIMES = ("created_at", "due_at", "resolved_at")


def _filters(args: Mapping[str, str | None], tz: ZoneInfo) -> dict[str, Any]:
    # The list's filters, all of them: a filter left out answered 200 with the whole city, and a
    # planner who asked for one kelurahan or a bbox believed they had it. Places as the public is
    # told them (a confidential report's public point and kelurahan), as the exported rows are.
    bbox = parse_bbox(args.get("bbox"))
    minx, miny, maxx, maxy = bbox or (None, None, None, None)
    since, until = parse_window(args, tz)
    return {"categories": csv_values(args.get("category"), None, "category"),
            "statuses": csv_values(args.get("status"), STATUSES, "status"),
            "agency": args.get("agency") or None, "since": since,
            "until": until, "kelurahan": args.get("kelurahan") or None,
            "kecamatan": args.get("kecamatan") or None, "minx": minx, "miny": miny, "maxx": maxx, "maxy": maxy}


def file_name(city_slug: str, what: str, args: Mapping[str, str | None], ext: str, tz: ZoneInfo | None = None) -> str:
    """A download's name that says its filters ("sigap_kupang_reports_sampah_from-2026-11-27.csv"):
    two filtered downloads of one city no longer overwrite each other as "…_reports.csv"."""
    parts = [args.get(k) for k in ("category", "status", "agency", "kecamatan", "kelurahan")]
    # `until` is exclusive: "before-2026-12-01" is November, where "to-2026-12-01" read as including the 1st
    for key, word in (("since", "from"), ("until", "before")):
        if raw := args.get(key):
            parts.append(f"{word}-{_stamp(raw, tz)}")
    if args.get("bbox"):
        parts.append("bbox")
    tail = "_".join(re.sub(r"[^a-z0-9-]+", "-", (p or "").lower()).strip("-") for p in parts if p)
    return f"sigap_{city_slug}_{what}{'_' + tail if tail else ''}.{ext}"


def _stamp(raw: str, tz: ZoneInfo | None) -> str:
    """A filter's time for a file name on the city's clock (`tz`), with its hour when not the day's
    start: 05:00 and 00:00 extracts had one name, and "…T14:00:00Z" was named by UTC's wall clock
    while the same instant given in WITA was named 22:00 (a walk). Read as the filter itself is
    (parse_time: a plain date is the city's day start)."""
    try:
        when = parse_time(raw.strip(), "since", tz)
        if when is not None and when.tzinfo is not None and tz is not None:
            when = when.astimezone(tz)
    except (InvalidInput, OverflowError):  # year 1 or 9999 moved past the calendar's end
        return raw[:10]
    if when is None:
        return raw[:10]
    return f"{when.year:04d}-{when:%m-%d}" + ("" if (when.hour, when.minute) == (0, 0) else f"-{when:%H%M}")


def named(conn: Conn, args: Mapping[str, str | None], city_id: int) -> dict[str, str | None]:
    """The filters with a kecamatan or kelurahan given by id (as /ops sends them) named instead,
    for the file's name: a camat's download was "sigap_kupang_reports_1_….csv"."""
    row = conn.execute(query("place_names"), {"kecamatan": args.get("kecamatan") or None,
                                              "kelurahan": args.get("kelurahan") or None, "city_id": city_id}).fetchone()
    return {**args, **{k: row[k] for k in ("kecamatan", "kelurahan") if row and row[k]}}


# What an export takes: the list's filters (and `city`); the density GeoTIFF also its cell size.
FILTER_PARAMS = frozenset({"category", "status", "agency", "since", "until", "kelurahan", "kecamatan", "bbox", "city"})
DENSITY_PARAMS = FILTER_PARAMS | {"cell_m"}


def check_filters(args: Mapping[str, str | None], tz: ZoneInfo, allowed: frozenset[str] = FILTER_PARAMS) -> None:
    """Validate the filters up front (a streamed answer cannot turn into a 400 half-way),
    NUL characters included, which PostgreSQL would refuse only once the stream has begun; an
    unknown parameter (a typo) is a 400, not the whole city."""
    known_params(args, allowed)
    if any("\x00" in (v or "") for v in args.values()):
        raise InvalidInput("Parameter memuat karakter NUL.", "A parameter contains a NUL character.",
                           code="invalid_input")
    _filters(args, tz)


def rows(conn: Conn, args: Mapping[str, str | None], city: City, batch: int = 5000) -> Iterator[dict[str, Any]]:
    """One city's export rows through a server-side cursor, `batch` at a time: memory stays flat
    whether the city has a thousand reports or a million (bench/exports.py measures it). Times
    are in the city's zone, with their offset."""
    params = {**_filters(args, city.tz), "limit": MAX_ROWS, "city_id": city.id}
    tz = city.tz
    with conn.cursor(name="sigap_export") as cur:
        cur.itersize = batch
        cur.execute(query("export_reports"), params)
        for r in cur:
            yield {**r, **{k: r[k].astimezone(tz) for k in TIMES if r[k] is not None}}


def _plain(v: Any) -> Any:
    """Times to the second ("2026-09-10T01:42:36+08:00"): microseconds are noise in a spreadsheet."""
    return v.isoformat(timespec="seconds") if isinstance(v, datetime) else v


def _feature(r: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": r["id"], "geometry": {"type": "Point", "coordinates": [r["lng"], r["lat"]]},
            "properties": {k: _plain(r[k]) for k in FIELDS if k not in ("lng", "lat")}}


def geojson_chunks(data: Iterable[dict[str, Any]], per_chunk: int = 1000) -> Iterator[str]:
    """A GeoJSON FeatureCollection, written a few hundred features at a time."""
    # Street names come from OpenStreetMap (ODbL): the attribution travels with the file.
    yield ('{"type": "FeatureCollection", "attribution": "Laporan: SIGAP; nama jalan / street names: '
           '\u00a9 OpenStreetMap contributors (ODbL 1.0)", "features": [')
    first, buf = True, []
    for r in data:
        buf.append(("" if first else ",") + json.dumps(_feature(r), ensure_ascii=False))
        first = False
        if len(buf) >= per_chunk:
            yield "".join(buf)
            buf = []
    yield "".join(buf) + "]}"


def csv_chunks(data: Iterable[dict[str, Any]], per_chunk: int = 1000) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS)
    w.writeheader()
    for i, r in enumerate(data, 1):
        w.writerow({k: _plain(r[k]) for k in FIELDS})
        if i % per_chunk == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _gpkg_record(r: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """A GeoPackage's DATETIME is UTC ("…Z", GeoPackage 1.3 §1.1.1.1.1: GDAL warned "non-conformant"
    on every row of the city-time values); the city's wall clock goes beside it as text."""
    created = r["created_at"]
    props = {k: (r[k].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if k in TIMES and r[k] is not None
                 else _plain(r[k])) for k in names if k != "created_local"}
    props["created_local"] = created.strftime("%Y-%m-%d %H:%M:%S %Z")  # "2026-12-04 18:14:48 WITA"
    return {"geometry": {"type": "Point", "coordinates": (r["lng"], r["lat"])}, "properties": props}


def write_geopackage(data: Iterable[dict[str, Any]], path: Path) -> Path:
    """A GeoPackage with one point layer "reports" in EPSG:4326 (written by GDAL via fiona),
    fed row by row, so only GDAL's page cache grows, not a list of a million records."""
    import fiona
    from fiona.crs import CRS

    schema = {"geometry": "Point", "properties": {
        "id": "int", "category": "str", "category_name_id": "str", "category_name_en": "str", "status": "str",
        "priority": "str", "agency": "str", "kelurahan": "str", "kecamatan": "str", "street": "str",
        "support_count": "int", "source": "str", "created_at": "datetime", "created_local": "str",
        "due_at": "datetime", "resolved_at": "datetime", "location_coarsened": "bool"}}
    with fiona.open(path, "w", driver="GPKG", layer="reports", schema=schema, crs=CRS.from_epsg(4326)) as dst:
        dst.writerecords(_gpkg_record(r, schema["properties"]) for r in data)
    return path


def grid_bounds(city: City) -> tuple[float, float, float, float]:
    """The city's extent in its UTM zone, rounded out to whole kilometres (west, south, east, north)."""
    from pyproj import Transformer

    minx, miny, maxx, maxy = city.bbox or (city.center[0] - 0.1, city.center[1] - 0.1,
                                          city.center[0] + 0.1, city.center[1] + 0.1)
    xs, ys = Transformer.from_crs("EPSG:4326", f"EPSG:{city.utm_epsg}", always_xy=True).transform(
        [minx, minx, maxx, maxx], [miny, maxy, miny, maxy])
    return (float(np.floor(min(xs) / 1000) * 1000), float(np.floor(min(ys) / 1000) * 1000),
            float(np.ceil(max(xs) / 1000) * 1000), float(np.ceil(max(ys) / 1000) * 1000))


def density_geotiff(conn: Conn, args: Mapping[str, str | None], city: City, cell_m: float = 100.0) -> bytes:
    """One city's reports per km² on a grid of `cell_m` metres, GeoTIFF in the city's UTM zone."""
    import rasterio
    from affine import Affine

    if not 25 <= cell_m <= 5000:
        raise InvalidInput("cell_m harus 25..5000 meter.", "cell_m must be 25..5000 metres.", code="invalid_cell_m")
    f = _filters(args, city.tz)
    west, south, east, north = grid_bounds(city)
    if (east - west) * (north - south) / cell_m ** 2 > 50_000_000:
        raise InvalidInput("Grid terlalu besar untuk kota ini: perbesar cell_m.",
                           "The grid is too large for this city: raise cell_m.", code="invalid_cell_m")
    width, height = int(np.ceil((east - west) / cell_m)), int(np.ceil((north - south) / cell_m))
    grid = np.zeros((height, width), dtype=np.float32)
    for r in conn.execute(query("export_density_grid"), {
            **f, "city_id": city.id, "epsg": city.utm_epsg, "west": west, "north": north, "cell_m": cell_m,
            "width": width, "height": height}):
        if 0 <= r["row"] < height and 0 <= r["col"] < width:
            grid[r["row"], r["col"]] += r["n"]
    grid /= (cell_m / 1000.0) ** 2  # reports per km²
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "density.tif"
        with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1, dtype="float32",
                           crs=f"EPSG:{city.utm_epsg}", transform=Affine(cell_m, 0.0, west, 0.0, -cell_m, north),
                           compress="deflate", nodata=None) as dst:
            dst.write(grid, 1)
            # what was counted travels inside the file: only its name said the period and category,
            # and a renamed copy said neither (a walk)
            dst.update_tags(**{f"filter_{k}": str(v) for k, v in sorted(args.items()) if v and k != "city"})
            dst.update_tags(units="reports per km2", source="SIGAP", city=city.name, cell_m=str(cell_m),
                            counted="every status but rejected and duplicate" if not f["statuses"]
                            else "status " + ",".join(f["statuses"]),
                            confidential="missing persons and health: spread evenly over their H3 r8 cell")
            dst.set_band_description(1, "Kepadatan laporan / report density (per km2)")
        return path.read_bytes()


def features_geopackage(features: list[dict[str, Any]], layer: str, path: Path, tz: ZoneInfo | None = None,
                        floats: frozenset[str] = frozenset()) -> Path:
    """GeoJSON polygon features (an analysis run's cells) as a GeoPackage layer in EPSG:4326. A
    field's type is its first value's that is not null; `floats` are numbers even when every value
    is null (a run too small to test has no z). Each instant also goes beside itself on the city's
    clock (`tz`) as text, "…_local", as the reports' GeoPackage has it (a walk read UTC only)."""
    import fiona
    from fiona.crs import CRS

    def kind(v: Any) -> str:
        return "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else \
            "float" if isinstance(v, float) else "str"

    names = list(features[0]["properties"]) if features else ["h3"]
    fields: dict[str, str] = {}
    for k in names:
        v = next((f["properties"][k] for f in features if f["properties"].get(k) is not None), None)
        fields[k] = "float" if k in floats and v is None else _when_kind(v) or kind(v)
        if fields[k] == "datetime" and tz is not None:
            fields[f"{k.removesuffix('_at')}_local"] = "str"
    schema = {"geometry": "Polygon", "properties": fields}

    def record(props: dict[str, Any]) -> dict[str, Any]:
        out = {k: _gpkg_when(v) if fields.get(k) == "datetime" else v for k, v in props.items()}
        for k, v in props.items():
            if fields.get(k) == "datetime" and tz is not None and isinstance(v, str):
                out[f"{k.removesuffix('_at')}_local"] = datetime.fromisoformat(v.replace("Z", "+00:00")).astimezone(
                    tz).strftime("%Y-%m-%d %H:%M:%S %Z")  # "2026-12-08 04:01:02 WITA"
        return out

    with fiona.open(path, "w", driver="GPKG", layer=layer, schema=schema, crs=CRS.from_epsg(4326)) as dst:
        dst.writerecords({"geometry": f["geometry"], "properties": record(f["properties"])} for f in features)
    return path


# A run's time as a GeoPackage DATETIME, not text: QGIS and GDAL could not filter or sort
# "computed_at" as a time (a GIS analyst's walk). Months ("2026-09") stay text: no day is meant.
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)")


def _when_kind(v: Any) -> str | None:
    return "datetime" if isinstance(v, str) and _INSTANT.fullmatch(v) else None


def _gpkg_when(v: Any) -> Any:
    """An instant with its offset as the GeoPackage's UTC DATETIME (as _gpkg_record writes them)."""
    if not isinstance(v, str) or not _INSTANT.fullmatch(v):
        return v
    return datetime.fromisoformat(v.replace("Z", "+00:00")).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
