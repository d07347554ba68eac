"""Web Mercator tile arithmetic (WebMercatorQuad), as small pure functions (mercantile style)."""
from __future__ import annotations

import math
from collections.abc import Iterator

MAX_LAT = 85.0511287798066
MAX_ZOOM = 22


def valid_tile(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def tile_of(lng: float, lat: float, z: int) -> tuple[int, int]:
    """The (x, y) of the tile at zoom z holding a point."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    n = 2**z
    x = int((lng + 180.0) / 360.0 * n)
    r = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(r)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees."""
    n = 2**z

    def lat(yy: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * yy / n))))

    return x / n * 360.0 - 180.0, lat(y + 1), (x + 1) / n * 360.0 - 180.0, lat(y)


def unit_xy(lng: float, lat: float) -> tuple[float, float]:
    """A point on the zoom-0 tile, both coordinates in [0, 1], y downwards: scaled by 2**z it
    is the tile position at any zoom, so one projection serves every zoom."""
    r = math.radians(max(-MAX_LAT, min(MAX_LAT, lat)))
    return (lng + 180.0) / 360.0, (1.0 - math.asinh(math.tan(r)) / math.pi) / 2.0


def tiles_over(bbox: tuple[float, float, float, float], z: int, buffer: float = 0.0) -> Iterator[tuple[int, int]]:
    """Tiles at zoom z whose area, grown by `buffer` (a fraction of a tile), meets bbox."""
    west, south, east, north = bbox
    return tiles_over_unit((*unit_xy(west, north), *unit_xy(east, south)), z, buffer)


def tiles_over_unit(box: tuple[float, float, float, float], z: int, buffer: float = 0.0) -> Iterator[tuple[int, int]]:
    """tiles_over for a box already in unit_xy coordinates (left, top, right, bottom)."""
    n = 2**z
    fx0, fy0, fx1, fy1 = box[0] * n, box[1] * n, box[2] * n, box[3] * n
    x0, y0, x1, y1 = (min(max(int(v), 0), n - 1) for v in (fx0, fy0, fx1, fy1))  # as tile_of
    if buffer > 0:  # a feature this close to an edge is drawn in the neighbour's buffer too
        x0 -= fx0 - math.floor(fx0) < buffer
        y0 -= fy0 - math.floor(fy0) < buffer
        x1 += fx1 - math.floor(fx1) > 1 - buffer
        y1 += fy1 - math.floor(fy1) > 1 - buffer
    for x in range(max(x0, 0), min(x1, n - 1) + 1):
        for y in range(max(y0, 0), min(y1, n - 1) + 1):
            yield x, y
