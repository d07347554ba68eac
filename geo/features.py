"""OGC API – Features collections (Part 1: core, GeoJSON): what QGIS and GDAL read directly.

Each collection is a named query sql/queries/ogc_items_<id>.sql with the same parameters
(fid, bbox, since/until, limit, offset; reports also after); reports expose only public fields.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from geo import filter_values, report_views
from geo.db import Conn, query
from geo.errors import InvalidInput, NotFound

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
WORLD_BBOX = (-180.0, -90.0, 180.0, 90.0)  # a city whose boundaries are not loaded yet
# Deep offsets make PostgreSQL walk and drop every row before the page: bounded for anonymous
# callers (OGC API Features allows a server limit); bulk readers use the exports.
MAX_OFFSET = 10_000
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    description: str
    dimension: int  # of its geometries: 0 points, 2 polygons (OGC Tiles layer metadata)
    # Each item property and its type (JSON Schema's, "date-time" for a time): what the collection's
    # schema says, so a client need not guess a type from a first page where a field is all null.
    fields: dict[str, str]
    temporal: bool = False


_REPORT_FIELDS = {
    "report_id": "integer", "category": "string", "category_name_id": "string", "category_name_en": "string", "status": "string",
    "priority": "string", "agency": "string", "kelurahan": "string", "kecamatan": "string", "street": "string",
    "support_count": "integer", "created_at": "date-time", "updated_at": "date-time", "due_at": "date-time",
    "resolved_at": "date-time", "location_coarsened": "boolean", "description": "string",
    "source": "string"}  # citizen, cctv or open311: the exports had it, OGC not (a planner's walk)
COLLECTIONS = {c.id: c for c in (
    Collection("reports", "Laporan warga / Citizen reports",
               "Kolom publik; kategori rahasia di pusat sel H3 r8; waktu dalam zona kota / Public fields; "
               "confidential categories at an H3 r8 centre; times in the city's zone", 0, _REPORT_FIELDS, temporal=True),
    Collection("kelurahan", "Kelurahan", "Kelurahan kota (batas BPS) / The city's kelurahan (BPS boundaries)", 2,
               {"name": "string", "code": "string", "kecamatan": "string", "puskesmas": "string", "area_km2": "number"}),
    Collection("kecamatan", "Kecamatan",
               "Kecamatan kota, selaras dengan kelurahannya / The city's kecamatan, nesting with its kelurahan", 2,
               {"name": "string", "code": "string", "area_km2": "number"}),
    Collection("service_zones", "Zona layanan OPD / Agency service zones",
               "Wilayah kerja tiap tim OPD / Where each agency's teams work", 2,
               {"name": "string", "agency": "string", "agency_name": "string"}),
    Collection("cameras", "Kamera CCTV / CCTV cameras", "Kamera sebagai sensor / Cameras used as sensors", 0,
               {"name": "string", "heading_deg": "number", "active": "boolean", "calibrated": "boolean",
                "created_at": "date-time"}),
)}


def feature_schema(c: Collection) -> dict[str, Any]:
    """A GeoJSON Feature of `c` as JSON Schema (the form GDAL's OAPIF driver reads from a
    collection's "describedBy" link, OGC API Features Part 5 in spirit)."""
    def one(kind: str) -> dict[str, Any]:  # a plain type: GDAL 3.6 reads ["integer", "null"] as a string
        return {"type": "string", "format": "date-time"} if kind == "date-time" else {"type": kind}

    geometry = "Point" if c.dimension == 0 else "MultiPolygon"
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": c.title, "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {"type": {"type": "string", "enum": ["Feature"]},
                           "id": {"type": "integer"},
                           "geometry": {"type": "object", "properties": {"type": {"type": "string", "enum": [geometry]}}},
                           "properties": {"type": "object",
                                          "properties": {k: one(v) for k, v in c.fields.items()}}}}

_XSD_TYPES = {"string": "xs:string", "integer": "xs:int", "number": "xs:double", "boolean": "xs:boolean",
              "date-time": "xs:dateTime"}
XSD_NS = "https://sigap.id/ns/ogc"  # names the feature types; nothing is fetched from it


def feature_xsd(c: Collection) -> str:
    """A GML 3.2 application schema of `c`: the only schema from which GDAL's OAPIF driver (3.6,
    Debian's) takes a layer's geometry type. From the JSON one it takes the fields only, so an
    empty collection (a city with no camera yet) was a layer of unknown geometry in QGIS/GDAL."""
    geometry = "gml:PointPropertyType" if c.dimension == 0 else "gml:MultiSurfacePropertyType"
    props = "".join(f'\n          <xs:element name="{k}" type="{_XSD_TYPES[v]}" minOccurs="0" nillable="true"/>'
                    for k, v in c.fields.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:gml="http://www.opengis.net/gml/3.2"
    xmlns:sigap="{XSD_NS}" targetNamespace="{XSD_NS}" elementFormDefault="qualified" version="1.0">
  <xs:import namespace="http://www.opengis.net/gml/3.2" schemaLocation="http://schemas.opengis.net/gml/3.2.1/gml.xsd"/>
  <xs:element name="{c.id}" type="sigap:{c.id}Type" substitutionGroup="gml:AbstractFeature"/>
  <xs:complexType name="{c.id}Type">
    <xs:complexContent>
      <xs:extension base="gml:AbstractFeatureType">
        <xs:sequence>
          <xs:element name="geometry" type="{geometry}" minOccurs="0"/>{props}
        </xs:sequence>
      </xs:extension>
    </xs:complexContent>
  </xs:complexType>
</xs:schema>
"""
# The query parameters of /items (OGC API Features /req/core/query-param-unknown: anything else is a
# 400, not a page that silently ignores it, e.g. a category filter QGIS users expect to work).
FORMATS = ("json", "geojson", "application/json", "application/geo+json")  # the one format offered
ITEM_PARAMS = frozenset({"f", "limit", "offset", "bbox", "bbox-crs", "datetime", "crs", "city"})
# the reports' own filters, as in the list API, and `after` (the report number a page follows:
# their "next" links page by it, so a city of any size reads to its end)
REPORT_PARAMS = frozenset({"category", "status", "after"})


def collection(cid: str) -> Collection:
    if cid not in COLLECTIONS:
        raise NotFound(f"Koleksi {cid!r} tidak ada.", f"No collection {cid!r}.", code="unknown_collection")
    return COLLECTIONS[cid]


def parse_datetime(raw: str | None, tz: ZoneInfo | None = None) -> tuple[datetime | None, datetime | None]:
    """OGC datetime: an instant, or an interval 'start/end' with '..' for open ends. With the
    city's zone `tz`, a plain date (RFC 3339 full-date) is that whole local day: "2026-11-01/
    2026-11-30" is November, both days included (OGC intervals are closed; the report list's
    `until`, a half-open bound, leaves its day out)."""
    if not raw:
        return None, None

    def one(v: str, end: bool) -> datetime | None:
        if v in ("..", ""):
            return None
        gdal = len(v) == 11 and v.endswith("T")  # GDAL writes a date of a -where as "2026-11-01T"
        if gdal:
            v = v[:-1]
        d = report_views.parse_time(v, "datetime", tz)  # a plain date: its day's start
        if not (end and d and tz is not None and report_views.is_date(v)):  # not a date ending an interval
            return d
        if gdal and "/" in raw:
            # `created_at < '2026-12-01'` (GDAL writes `<=` alike): up to that day, as the same
            # -where reads on the downloaded file; the whole day made "< 1 December" hold 1 December.
            return d - timedelta(microseconds=1)
        return d + timedelta(days=1) - timedelta(microseconds=1)  # a day typed: all of it

    if "/" in raw:
        a, b = raw.split("/", 1)
        start, end, named_end = one(a, False), one(b, True), one(b, False)
        if start and named_end and start > named_end:  # ends reversed (GDAL's `>= A AND <= A` is not: empty)
            raise InvalidInput("Awal interval setelah akhirnya.", "Interval start is after its end.",
                               code="invalid_datetime")
        return start, end
    return one(raw, False), one(raw, True)


def parse_datetimes(raws: list[str], tz: ZoneInfo | None = None) -> tuple[datetime | None, datetime | None]:
    """Every `datetime` given, all applying: GDAL sends one per comparison of a -where beside other
    conditions (`category = 'sampah' AND created_at >= A AND created_at < B` came as
    `datetime=A/..&datetime=../B`), and reading the first alone answered everything after A."""
    start: datetime | None = None
    end: datetime | None = None
    for raw in raws:
        s, e = parse_datetime(raw, tz)
        start = s if start is None or (s is not None and s > start) else start
        end = e if end is None or (e is not None and e < end) else end
    return start, end


def parse_bbox(raw: str | None) -> list[float] | None:
    """OGC's bbox: the list's four numbers (same checks, same error), or six whose heights are
    dropped."""
    parts = (raw or "").split(",")
    if len(parts) == 6:
        raw = ",".join(parts[0:2] + parts[3:5])
    bbox = report_views.parse_bbox(raw)
    return list(bbox) if bbox else None


def check_params(cid: str, args: Mapping[str, str]) -> tuple[list[str] | None, list[str] | None]:
    """Refuse unknown parameters and any CRS but CRS84 (the only one offered: a UTM bbox was read
    as degrees and answered an empty page); the reports' category and status filters."""
    report_views.known_params(args, ITEM_PARAMS | (REPORT_PARAMS if cid == "reports" else frozenset()))
    if args.get("f") and args["f"].lower() not in FORMATS:  # f=xml was answered GeoJSON all the same
        raise InvalidInput(f"f hanya {', '.join(FORMATS)}.", f"f can only be {', '.join(FORMATS)}.",
                           code="invalid_format", details={"allowed": list(FORMATS)})
    for name in ("crs", "bbox-crs"):
        if args.get(name) and args[name] != CRS84:
            raise InvalidInput(f"{name} hanya {CRS84}.", f"{name} can only be {CRS84}.", code="invalid_crs")

    return (report_views.csv_values(args.get("category"), None, "category"),
            report_views.csv_values(args.get("status"), report_views.STATUSES, "status"))


def _in_zone(props: dict[str, Any], tz: tzinfo | None) -> dict[str, Any]:
    """Times (the "…_at" fields) in the city's zone with their offset, as the exports and Open311
    give them: QGIS drops the offset of an OGC API time, so UTC showed 8 hours early in Kupang."""
    if tz is None:
        return props
    return {k: (datetime.fromisoformat(v).astimezone(tz).isoformat() if k.endswith("_at") and isinstance(v, str) else v)
            for k, v in props.items()}


def temporal_extent(conn: Conn, city_id: int, tz: tzinfo) -> list[str | None]:
    """The first and last report's time of a city (an interval of nulls told clients nothing)."""
    row = conn.execute(query("ogc_reports_extent"), {"city_id": city_id}).fetchone()
    return [row[k].astimezone(tz).isoformat() if row and row[k] else None for k in ("first", "last")]


def items(conn: Conn, cid: str, city_id: int, *, bbox: list[float] | None = None,
          interval: tuple[datetime | None, datetime | None] = (None, None), limit: int = 10,
          offset: int = 0, fid: int | None = None, tz: tzinfo | None = None,
          categories: list[str] | None = None, statuses: list[str] | None = None,
          after: int | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """One city's (features, numberMatched); numberMatched None on a page `after` a report
    number (counted on the first page: a whole city read page by page is not one count a page)."""
    collection(cid)
    if not 1 <= limit <= MAX_LIMIT or not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(
            f"limit harus 1..{MAX_LIMIT}, offset 0..{MAX_OFFSET} (lebih jauh: persempit bbox/datetime atau "
            "pakai ekspor).",
            f"limit must be 1..{MAX_LIMIT}, offset 0..{MAX_OFFSET} (beyond that, narrow bbox/datetime or use "
            "the exports).", code="invalid_limit", details={"max_offset": MAX_OFFSET})
    if after is not None and offset:  # both were applied, and the next page dropped the offset
        raise InvalidInput("Pakai after atau offset, tidak keduanya.", "Use after or offset, not both.",
                           code="invalid_paging")
    if categories:  # a misspelt one answered an empty page
        categories = filter_values.checked(conn, city_id, {"category": ",".join(categories)})["category"].split(",")
    minx, miny, maxx, maxy = bbox if bbox else (None, None, None, None)
    params = {"fid": fid, "city_id": city_id, "minx": minx, "miny": miny, "maxx": maxx, "maxy": maxy,
              "since": interval[0], "until": interval[1], "limit": limit, "offset": offset,
              "categories": categories, "statuses": statuses, "after": after}
    rows = conn.execute(query(f"ogc_items_{cid}"), params).fetchall()
    if after is not None:
        matched = None
    elif not rows and offset:  # a page past the end still says how many there are (the first row's count)
        first = conn.execute(query(f"ogc_items_{cid}"), {**params, "limit": 1, "offset": 0}).fetchone()
        return [], int(first["matched"]) if first else 0
    else:
        matched = int(rows[0]["matched"]) if rows else 0
    feats = [{"type": "Feature", "id": r["id"], "geometry": r["geometry"], "properties": _in_zone(r["properties"], tz)}
             for r in rows]
    return feats, matched
