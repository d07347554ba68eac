"""Read services for the city's reference data (what map viewers and forms list)."""
from __future__ import annotations

from typing import Any

from geo.db import Conn, query
from geo.errors import InvalidInput


def agencies(conn: Conn, city_id: int) -> list[dict[str, Any]]:
    return conn.execute(query("list_agencies"), {"city_id": city_id}).fetchall()


def categories(conn: Conn, city_id: int) -> list[dict[str, Any]]:
    return conn.execute(query("list_categories"), {"city_id": city_id}).fetchall()


_BOUNDARY_QUERIES = {"kecamatan": "kecamatan_geojson", "kelurahan": "kelurahan_geojson",
                     "service_zones": "service_zones_geojson"}


def boundaries(conn: Conn, layer: str, city_id: int, *, simplify: float = 0.0,
               kecamatan: str | None = None, agency: str | None = None) -> dict[str, Any]:
    """One city's boundary layer as a GeoJSON FeatureCollection (layer name from a whitelist)."""
    if layer not in _BOUNDARY_QUERIES:
        raise InvalidInput(f"Lapisan {layer!r} tidak dikenal.", f"Unknown layer {layer!r}.",
                           code="unknown_layer")
    if not 0 <= simplify <= 0.01:
        raise InvalidInput("simplify harus 0..0.01 derajat.", "simplify must be 0..0.01 degrees.",
                           code="invalid_simplify")
    row = conn.execute(query(_BOUNDARY_QUERIES[layer]),
                       {"simplify": simplify, "kecamatan": kecamatan, "agency": agency, "city_id": city_id}).fetchone()
    assert row is not None, "an aggregate returns one row"
    return next(iter(row.values()))
