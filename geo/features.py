"""OGC API – Features collections (Part 1: core, GeoJSON): what QGIS and GDAL read directly.

Each collection is a named query sql/queries/ogc_items_<id>.sql with the same parameters
(fid, bbox, since/until, limit, offset); reports expose only public fields.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
    temporal: bool = False


COLLECTIONS = {c.id: c for c in (
    Collection("reports", "Laporan warga / Citizen reports",
               "Public fields; confidential categories at an H3 r8 centre.", 0, temporal=True),
    Collection("kelurahan", "Kelurahan", "The city's kelurahan (BPS boundaries).", 2),
    Collection("kecamatan", "Kecamatan", "The city's kecamatan, nesting with its kelurahan.", 2),
    Collection("service_zones", "Zona layanan OPD / Agency service zones", "Where each agency's teams work.", 2),
    Collection("cameras", "Kamera CCTV / CCTV cameras", "Cameras used as sensors.", 0),
)}


def collection(cid: str) -> Collection:
    if cid not in COLLECTIONS:
        raise NotFound(f"Koleksi {cid!r} tidak ada.", f"No collection {cid!r}.", code="unknown_collection")
    return COLLECTIONS[cid]


def parse_datetime(raw: str | None) -> tuple[datetime | None, datetime | None]:
    """OGC datetime: an instant, or an interval 'start/end' with '..' for open ends."""
    if not raw:
        return None, None

    def one(v: str) -> datetime | None:
        if v in ("..", ""):
            return None
        try:
            d = datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput("datetime tidak valid (RFC 3339).", "Invalid datetime (RFC 3339).",
                               code="invalid_datetime") from None
        if d.tzinfo is None:
            raise InvalidInput("datetime harus memuat zona waktu.", "datetime must include a time zone.",
                               code="invalid_datetime")
        return d

    if "/" in raw:
        a, b = raw.split("/", 1)
        start, end = one(a), one(b)
        if start and end and start > end:
            raise InvalidInput("Awal interval setelah akhirnya.", "Interval start is after its end.",
                               code="invalid_datetime")
        return start, end
    instant = one(raw)
    return instant, instant


def parse_bbox(raw: str | None) -> list[float] | None:
    if not raw:
        return None
    try:
        vals = [float(v) for v in raw.split(",")]
    except ValueError:
        vals = []
    if len(vals) == 6:  # 3D bbox: drop heights
        vals = [vals[0], vals[1], vals[3], vals[4]]
    if len(vals) != 4 or not (vals[0] <= vals[2] and vals[1] <= vals[3]):
        raise InvalidInput("bbox harus minLon,minLat,maxLon,maxLat.", "bbox must be minLon,minLat,maxLon,maxLat.",
                           code="invalid_bbox")
    return vals


def items(conn: Conn, cid: str, city_id: int, *, bbox: list[float] | None = None,
          interval: tuple[datetime | None, datetime | None] = (None, None), limit: int = 10,
          offset: int = 0, fid: int | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """One city's (features, numberMatched); numberMatched is None (unknown) for an empty page past the end."""
    collection(cid)
    if not 1 <= limit <= MAX_LIMIT or not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(
            f"limit harus 1..{MAX_LIMIT}, offset 0..{MAX_OFFSET} (lebih jauh: persempit bbox/datetime atau "
            "pakai ekspor).",
            f"limit must be 1..{MAX_LIMIT}, offset 0..{MAX_OFFSET} (beyond that, narrow bbox/datetime or use "
            "the exports).", code="invalid_limit", details={"max_offset": MAX_OFFSET})
    minx, miny, maxx, maxy = bbox if bbox else (None, None, None, None)
    rows = conn.execute(query(f"ogc_items_{cid}"), {
        "fid": fid, "city_id": city_id, "minx": minx, "miny": miny, "maxx": maxx, "maxy": maxy,
        "since": interval[0], "until": interval[1], "limit": limit, "offset": offset}).fetchall()
    matched: int | None = int(rows[0]["matched"]) if rows else (0 if offset == 0 else None)
    feats = [{"type": "Feature", "id": r["id"], "geometry": r["geometry"], "properties": r["properties"]}
             for r in rows]
    return feats, matched
