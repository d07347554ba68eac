"""H3 helpers. PostgreSQL has no H3 extension here, so cells are computed in
Python and stored as bigint (an H3 index never sets bit 63, so it fits)."""
from __future__ import annotations

import h3


def cell_int(lng: float, lat: float, res: int) -> int:
    """H3 cell of a point as a signed-64-safe int. Note h3 takes (lat, lng)."""
    return h3.str_to_int(h3.latlng_to_cell(lat, lng, res))


def cells_for_point(lng: float, lat: float, resolutions: tuple[int, ...]) -> dict[int, int]:
    """Cells of one point at every stored resolution, keyed by resolution."""
    finest = max(resolutions)
    leaf = h3.latlng_to_cell(lat, lng, finest)
    return {r: h3.str_to_int(h3.cell_to_parent(leaf, r)) for r in resolutions}


def cell_boundary(cell: int) -> list[tuple[float, float]]:
    """Closed ring of a cell in (lng, lat) order, ready for GeoJSON."""
    ring = [(lng, lat) for lat, lng in h3.cell_to_boundary(h3.int_to_str(cell))]
    return ring + ring[:1]


def cell_center(cell: int) -> tuple[float, float]:
    """Centre of a cell as (lng, lat)."""
    lat, lng = h3.cell_to_latlng(h3.int_to_str(cell))
    return lng, lat
