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


def tiles_over(bbox: tuple[float, float, float, float], z: int, buffer: float = 0.0) -> Iterator[tuple[int, int]]:
    """Tiles at zoom z whose area, grown by `buffer` (a fraction of a tile), meets bbox."""
    west, south, east, north = bbox
    x0, y0 = tile_of(west, north, z)
    x1, y1 = tile_of(east, south, z)
    if buffer > 0:  # a feature this close to an edge is drawn in the neighbour's buffer too
        fx0, fy0 = _fraction(west, north, z)
        fx1, fy1 = _fraction(east, south, z)
        x0 -= fx0 < buffer
        y0 -= fy0 < buffer
        x1 += fx1 > 1 - buffer
        y1 += fy1 > 1 - buffer
    n = 2**z
    for x in range(max(x0, 0), min(x1, n - 1) + 1):
        for y in range(max(y0, 0), min(y1, n - 1) + 1):
            yield x, y


def _fraction(lng: float, lat: float, z: int) -> tuple[float, float]:
    n = 2**z
    fx = (lng + 180.0) / 360.0 * n
    r = math.radians(max(-MAX_LAT, min(MAX_LAT, lat)))
    fy = (1.0 - math.asinh(math.tan(r)) / math.pi) / 2.0 * n
    return fx - math.floor(fx), fy - math.floor(fy)
