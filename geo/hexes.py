"""H3 helpers. PostgreSQL has no H3 extension here, so cells are computed in
Python and stored as bigint (an H3 index never sets bit 63, so it fits)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import h3

from geo.db import Conn

if TYPE_CHECKING:
    from collections.abc import Iterable



def cell_int(lng: float, lat: float, res: int) -> int:
    """H3 cell of a point as a signed-64-safe int. Note h3 takes (lat, lng)."""
    return h3.str_to_int(h3.latlng_to_cell(lat, lng, res))


def cells_for_point(lng: float, lat: float, resolutions: tuple[int, ...]) -> dict[int, int]:
    """The cell holding the point at every stored resolution, keyed by resolution. Each one is
    found on its own, not as the parent of the finest: an H3 parent does not cover all of its
    children, and 7 % of reports were counted in a hexagon next to the one their dot is in (a
    planner counting the dots inside a hexagon found 45 of 99 counts wrong; migration 0043)."""
    return {r: cell_int(lng, lat, r) for r in resolutions}


def cell_boundary(cell: int) -> list[tuple[float, float]]:
    """Closed ring of a cell in (lng, lat) order, ready for GeoJSON."""
    ring = [(lng, lat) for lat, lng in h3.cell_to_boundary(h3.int_to_str(cell))]
    return ring + ring[:1]


def cell_center(cell: int) -> tuple[float, float]:
    """Centre of a cell as (lng, lat)."""
    lat, lng = h3.cell_to_latlng(h3.int_to_str(cell))
    return lng, lat


AGGREGATE_RESOLUTIONS = (6, 7, 8, 9, 10)  # kept in h3_report_counts / h3_report_heat
# The H3 cells stored on every report and detection: columns h3_r6 .. h3_r11 (the schema's,
# so not a setting).
REPORT_RESOLUTIONS = (6, 7, 8, 9, 10, 11)


def cell_wkt(cell: int) -> str:
    ring = cell_boundary(cell)
    return "POLYGON((" + ",".join(f"{x:.7f} {y:.7f}" for x, y in ring) + "))"


def cells_covering(geometries: Iterable[dict], resolutions: Iterable[int]) -> list[int]:
    """Cells of each resolution that can hold a point of these GeoJSON (Multi)Polygons: the
    area grown by one and a half cell edges, so cells centred just outside still count."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    area = unary_union([shape(g) for g in geometries])
    out: list[int] = []
    for res in resolutions:
        grown = area.buffer(1.5 * h3.average_hexagon_edge_length(res, unit="km") / 111.0)
        out += [h3.str_to_int(c) for c in h3.geo_to_cells(grown, res)]
    return out


def register_cells(conn: Conn, cells: Iterable[int]) -> None:
    """Make sure the hexagons of aggregate-resolution cells exist in h3_cells (for tiles)."""
    from geo.db import query

    chosen = [c for c in set(cells) if h3.get_resolution(h3.int_to_str(c)) in AGGREGATE_RESOLUTIONS]
    conn.execute(query("register_h3_cells"), {
        "cells": chosen, "res": [h3.get_resolution(h3.int_to_str(c)) for c in chosen],
        "area": [h3.cell_area(h3.int_to_str(c), unit="km^2") for c in chosen],
        "wkt": [cell_wkt(c) for c in chosen]})
