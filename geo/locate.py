"""Georeferencing: which kelurahan, kecamatan and service zone a point is in."""
from __future__ import annotations

import math
from dataclasses import dataclass

from geo import cities
from geo.db import Conn, query
from geo.errors import InvalidInput, OutsideCity
from geo.settings import Settings


@dataclass(frozen=True)
class Location:
    city_id: int
    kelurahan_id: int
    kelurahan: str
    kelurahan_code: str
    kecamatan_id: int
    kecamatan: str
    zone_id: int | None
    zone: str | None
    distance_m: float  # 0 inside a kelurahan; > 0 when snapped from just outside

    @property
    def snapped(self) -> bool:
        return self.distance_m > 0


def check_lnglat(lng: object, lat: object) -> tuple[float, float]:
    """Validate a (lng, lat) pair; bad numbers are a 400, not a 500."""
    try:
        x, y = float(lng), float(lat)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(
            "Koordinat harus berupa angka (lng, lat).",
            "Coordinates must be numbers (lng, lat).",
            code="invalid_coordinates",
        ) from None
    if not (math.isfinite(x) and math.isfinite(y)) or not (-180 <= x <= 180 and -90 <= y <= 90):
        raise InvalidInput(
            "Koordinat di luar rentang: lng -180..180, lat -90..90.",
            "Coordinates out of range: lng -180..180, lat -90..90.",
            code="invalid_coordinates",
        )
    return x, y


# What to do about a point outside every city: (Indonesian, English).
PIN_ADVICE = ("Periksa GPS atau geser pin ke lokasi masalah.", "Check the GPS or move the pin to the problem's location.")


def locate(conn: Conn, settings: Settings, lng: float, lat: float,
           agency_ids: list[int] | None = None, *, advice: tuple[str, str] = PIN_ADVICE) -> Location:
    """Assign a point to its city, kelurahan and kecamatan, and to the service zone of whichever
    of `agency_ids` belongs to that city (agency ids are unique across cities, so a category's
    agencies in every city can be passed before the city is known). OutsideCity otherwise, which
    ends with `advice` (a resident's pin, an admin's typed coordinates)."""
    lng, lat = check_lnglat(lng, lat)
    if not cities.covering(conn, lng, lat):  # cheap: swapped or far-away coordinates
        raise _outside(conn, lng, lat, advice)
    tol = settings.boundary_tolerance_m
    row = conn.execute(
        query("locate_point"),
        {"lng": lng, "lat": lat, "agency_ids": agency_ids or [],
         "tolerance_m": tol, "tolerance_deg": tol / 100_000.0},
    ).fetchone()
    if row is None:
        raise _outside(conn, lng, lat, advice)
    return Location(**row)


def _outside(conn: Conn, lng: float, lat: float, advice: tuple[str, str]) -> OutsideCity:
    """Names the city when one is served; with several, says "every city served" and lists a
    few ("Kota Kupang, DKI Jakarta" alone read as one address)."""
    names = [c.name for c in cities.all_cities(conn)]
    if len(names) == 1:
        where_id = where_en = names[0]
    else:
        def listed(word: str) -> str:
            return f" ({', '.join(names[:-1])} {word} {names[-1]})" if 2 <= len(names) <= 4 else ""
        where_id, where_en = f"layanan{listed('dan')}", f"the cities served{listed('and')}"
    return OutsideCity(
        f"Lokasi berada di luar wilayah {where_id} atau di laut. {advice[0]}",
        f"The location is outside {where_en}, or in the sea. {advice[1]}",
        details={"lng": lng, "lat": lat},
    )
