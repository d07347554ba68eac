"""Render one MVT tile with one SQL statement (TiPg style). No Flask in here."""
from __future__ import annotations

from geo.db import Conn, one, query
from tiles.filters import TileFilters
from tiles.layers import DEFAULT_MAX_POINTS, DEFAULT_POINTS_FROM_ZOOM, Layer, h3_res_for_zoom

EXTENT = 4096
BUFFER = 64


def statement(layer: Layer, z: int, filters: TileFilters, points_from_zoom: int = DEFAULT_POINTS_FROM_ZOOM) -> str:
    """Which named statement renders this layer at this zoom."""
    if layer.name == "reports" and z < points_from_zoom:
        windowed = filters.since is not None or filters.until is not None
        return "tile_reports_h3_window" if windowed else "tile_reports_h3"
    return f"tile_{layer.name}"


def render(conn: Conn, layer: Layer, z: int, x: int, y: int, filters: TileFilters,
           points_from_zoom: int = DEFAULT_POINTS_FROM_ZOOM, max_points: int = DEFAULT_MAX_POINTS) -> bytes:
    """The tile's bytes (possibly empty: a valid MVT with no features is zero bytes)."""
    params = {"z": z, "x": x, "y": y, "extent": EXTENT, "buffer": BUFFER, "margin": BUFFER / EXTENT,
              "res": h3_res_for_zoom(z), "max_points": max_points, **filters.params()}
    row = one(conn.execute(query(statement(layer, z, filters, points_from_zoom)), params))
    data = next(iter(row.values())) if isinstance(row, dict) else row[0]
    return bytes(data or b"")
