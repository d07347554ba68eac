"""Read services for the city's reference data (what map viewers and forms list)."""
from __future__ import annotations

from typing import Any

import psycopg

from geo.db import query
from geo.errors import InvalidInput


def agencies(conn: psycopg.Connection) -> list[dict[str, Any]]:
    return conn.execute(query("list_agencies")).fetchall()  # type: ignore[return-value]


def categories(conn: psycopg.Connection) -> list[dict[str, Any]]:
    return conn.execute(query("list_categories")).fetchall()  # type: ignore[return-value]


_BOUNDARY_QUERIES = {"kecamatan": "kecamatan_geojson", "kelurahan": "kelurahan_geojson",
                     "service_zones": "service_zones_geojson"}


def boundaries(conn: psycopg.Connection, layer: str, *, simplify: float = 0.0,
               kecamatan: str | None = None, agency: str | None = None) -> dict[str, Any]:
    """A boundary layer as a GeoJSON FeatureCollection (layer name from a whitelist)."""
    if layer not in _BOUNDARY_QUERIES:
        raise InvalidInput(f"Lapisan {layer!r} tidak dikenal.", f"Unknown layer {layer!r}.",
                           code="unknown_layer")
    if not 0 <= simplify <= 0.01:
        raise InvalidInput("simplify harus 0..0.01 derajat.", "simplify must be 0..0.01 degrees.",
                           code="invalid_simplify")
    row = conn.execute(query(_BOUNDARY_QUERIES[layer]),
                       {"simplify": simplify, "kecamatan": kecamatan, "agency": agency}).fetchone()
    return next(iter(row.values()))  # type: ignore[union-attr,no-any-return]
