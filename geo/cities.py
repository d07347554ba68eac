"""Cities: the tenants of one SIGAP platform (Kupang, Jakarta, …).

A city is data, not code: its boundaries, agencies and categories are rows with its `city_id`,
and its time zone and UTM zone (for metres: homographies, distances, GeoTIFFs) are columns of
`cities`. Every surface works on one city at a time; `resolve` picks it from a slug or code.
"""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from geo.db import Conn, query
from geo.errors import NotFound

_TTL_S = 60.0
_cache: dict[tuple[object, ...], tuple[float, tuple[City, ...]]] = {}


@dataclass(frozen=True)
class City:
    """One tenant. `bbox` is (minx, miny, maxx, maxy) in lng/lat, None before boundaries load."""

    id: int
    code: str
    slug: str
    name: str
    time_zone: str
    utm_epsg: int
    center: tuple[float, float]
    zoom: float
    bbox: tuple[float, float, float, float] | None
    attribution: str = ""
    default: bool = False  # answers a request that names no city (`sigap city default`)

    @property
    def tz(self) -> ZoneInfo:
        """Local time: statistics days, heat and analysis months, exports (stored times are UTC)."""
        return ZoneInfo(self.time_zone)

    def public(self) -> dict[str, Any]:
        """What the web app and API clients need to show the city."""
        return {"id": self.id, "code": self.code, "slug": self.slug, "name": self.name,
                "time_zone": self.time_zone, "utm_epsg": self.utm_epsg, "center": list(self.center),
                "zoom": self.zoom, "bbox": list(self.bbox) if self.bbox else None, "attribution": self.attribution,
                "default": self.default}


def local_iso(value: datetime | None, tz: tzinfo | None) -> str | None:
    """A stored (UTC) time as ISO 8601 in a city's zone, its offset written (`+08:00` in Kupang):
    what a person there reads on their clock, and still one exact instant for a program. Without
    a zone, as stored (not the server's own zone)."""
    return None if value is None else (value.astimezone(tz) if tz else value).isoformat()


def zoned(row: Mapping[str, Any], tz: tzinfo) -> dict[str, Any]:
    """`row` for JSON, every time in it given in `tz` (see local_iso); other values as they are."""
    return {k: local_iso(v, tz) if isinstance(v, datetime) else v for k, v in row.items()}


def _row(r: dict[str, Any]) -> City:
    bbox = r["bbox"]
    return City(r["id"], r["code"], r["slug"], r["name"], r["time_zone"], r["utm_epsg"],
                (r["center_lng"], r["center_lat"]), float(r["zoom"]),
                (bbox[0], bbox[1], bbox[2], bbox[3]) if bbox else None, r["attribution"], r["is_default"])


def all_cities(conn: Conn, *, fresh: bool = False) -> tuple[City, ...]:
    """Every city, by id; cached for a minute per database (they change only when one is added)."""
    info = conn.info
    key = (info.host, info.port, info.dbname)
    hit = _cache.get(key)
    if hit and not fresh and time.monotonic() - hit[0] < _TTL_S:
        return hit[1]
    cities = tuple(_row(r) for r in conn.execute(query("list_cities")).fetchall())
    _cache[key] = (time.monotonic(), cities)
    return cities


def forget() -> None:
    """Drop the cache (after `sigap city add`)."""
    _cache.clear()


def resolve(conn: Conn, name: str | None) -> City:
    """The city called `name` (slug, BPS code or id); the default city when `name` is empty
    (see default_of).

    404 city_not_found for an unknown name: a typo must not silently show another city."""
    cities = all_cities(conn)
    if not cities:
        raise NotFound("Belum ada kota yang dimuat.", "No city has been loaded yet.", code="city_not_found")
    if not name:
        return default_of(cities)
    wanted = name.strip().lower()
    for c in cities:
        if wanted in (c.slug, c.code, str(c.id)):
            return c
    cities = all_cities(conn, fresh=True)
    for c in cities:  # added a moment ago by another process
        if wanted in (c.slug, c.code, str(c.id)):
            return c
    # `city list` prints names too: "DKI Jakarta" was tried (a walk)
    known = ", ".join(f"{c.slug} ({c.code})" for c in cities)
    raise NotFound(f"Kota {name!r} tidak dikenal; pakai slug atau kode BPS: {known}.",
                   f"Unknown city {name!r}; use a slug or BPS code: {known}.", code="city_not_found",
                   details={"cities": [c.slug for c in cities]})


def default_of(cities: tuple[City, ...]) -> City:
    """The one `sigap city default` named; else the first with boundaries (Kupang's row, made by
    migration 0021, stays empty on a platform installed without it: SIGAP_LOAD_KUPANG=no)."""
    return next((c for c in cities if c.default), None) or next((c for c in cities if c.bbox), cities[0])


def set_default(conn: Conn, name: str) -> City:
    """Make `name` the city a request that names none gets. Other processes follow within the
    cities cache's minute; the caller commits."""
    city = resolve(conn, name)
    conn.execute(query("lock_cities"))  # a second `city default` at the same moment waits, then wins
    conn.execute(query("clear_default_city"), {"city_id": city.id})
    conn.execute(query("set_default_city"), {"city_id": city.id})
    forget()
    return dataclasses.replace(city, default=True)


def by_id(conn: Conn, city_id: int) -> City:
    for c in all_cities(conn):
        if c.id == city_id:
            return c
    return resolve(conn, str(city_id))


def covering(conn: Conn, lng: float, lat: float, margin_deg: float = 0.05) -> bool:
    """Whether any city's bounding box (with a margin) holds the point: a cheap first check
    that catches swapped coordinates before a spatial query. Asked again of the database before
    saying no: a city added a moment ago by another process (its residents' first reports were
    refused as "outside every city" for up to the cache's minute)."""
    def holds(cities: tuple[City, ...]) -> bool:
        return any(c.bbox is None or c.bbox[0] - margin_deg <= lng <= c.bbox[2] + margin_deg
                   and c.bbox[1] - margin_deg <= lat <= c.bbox[3] + margin_deg for c in cities)
    return holds(all_cities(conn)) or holds(all_cities(conn, fresh=True))


def utm_epsg(lng: float, lat: float) -> int:
    """The WGS 84 / UTM zone of a point (Kupang 32751 = 51S, Jakarta 32748 = 48S)."""
    zone = min(60, int((lng + 180) // 6) + 1)
    return (32600 if lat >= 0 else 32700) + zone


def admins_without(conn: Conn, city_id: int) -> list[str]:
    """The platform's admins (e-mail or phone) who do not work for `city_id`: after a city is
    added they lose the platform-wide tools (failed jobs), which are for admins of every city."""
    return [r["email"] or r["phone"] for r in conn.execute(query("admins_not_of_city"), {"city_id": city_id})]
