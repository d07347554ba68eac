"""A Redis tile cache that is never stale.

Each tile address has a version counter. Cache keys and ETags include the version,
so a report change only has to bump the versions of exactly the tiles it can
appear in (its point plus the MVT buffer at high zoom, its H3 hexagon at low zoom).
Versions are bumped after the database commit: a render racing the commit is stored
under the old version, which nobody asks for again.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from redis import Redis
from redis.commands.core import Script

from geo.hexes import REPORT_RESOLUTIONS, cell_boundary, cells_for_point
from tiles.layers import h3_res_for_zoom
from tiles.render import BUFFER, EXTENT
from tiles.tilemath import tiles_over_unit, unit_xy

TTL_S = 3600
MAX_CACHED_ZOOM = 16
_PREFIX = "sigap:tile"


def _ver_key(scope: str, z: int, x: int, y: int) -> str:
    return f"{_PREFIX}:ver:{scope}:{z}/{x}/{y}" if scope == "reports" else f"{_PREFIX}:ver:{scope}"


# Beside each version key, "<version key>:lsn" (written only with read replicas) holds the primary's WAL position at that tile's
# newest invalidation: a render on a replica that has not replayed that far could miss the change
# and must not be cached (tiles/service.py). Per tile, not one mark for the platform: one city's
# steady writes must not push every other city's renders onto the primary.
_lookups: dict[int, Script] = {}
_LOOKUP = """
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local ver = redis.call('GET', KEYS[2]) or '0'
return {redis.call('GET', KEYS[1]), ver, redis.call('GET', ARGV[2] .. ver), redis.call('GET', KEYS[3]) or '0'}
"""


@dataclass(frozen=True)
class Lookup:
    epoch: str
    version: int
    data: bytes | None
    fresh_lsn: int  # a render must see at least this WAL position to be cached


def lookup(redis: Redis, layer: str, scope: str, z: int, x: int, y: int, filters_key: str) -> Lookup:
    """Epoch, version, cached bytes (or None) and the newest invalidation's WAL position, in
    one round trip: a cached tile used to cost four (epoch SET NX + GET, version GET, tile GET).
    The epoch is random per Redis dataset: if Redis loses its data, every ETag changes with it."""
    script = _lookups.get(id(redis))
    if script is None or script.registered_client is not redis:
        script = _lookups[id(redis)] = redis.register_script(_LOOKUP)
    prefix = cache_key(layer, z, x, y, filters_key, 0)[:-1]  # "...:v"; the version goes after it
    ver_key = _ver_key(scope, z, x, y)
    ep, ver, data, lsn = script(keys=[f"{_PREFIX}:epoch", ver_key, f"{ver_key}:lsn"],
                                args=[uuid.uuid4().hex[:8], prefix])
    return Lookup(ep.decode() if isinstance(ep, bytes) else str(ep), int(ver), data, int(lsn))


def cache_key(layer: str, z: int, x: int, y: int, filters_key: str, ver: int) -> str:
    return f"{_PREFIX}:{layer}:{z}/{x}/{y}:{filters_key}:v{ver}"


def get(redis: Redis, key: str) -> bytes | None:
    return redis.get(key)  # type: ignore[return-value]


def put(redis: Redis, key: str, data: bytes) -> None:
    redis.set(key, data, ex=TTL_S)


def tiles_for_report(public_lng: float, public_lat: float) -> set[tuple[int, int, int]]:
    """Every tile address whose reports/heatmap content can depend on a report shown at this
    public point: its hexagon's tiles (reports aggregates, heatmap) and its point's tiles, at
    every cached zoom, whatever the points-from zoom is set to. Only the public point: the
    tiles are drawn from it, and which tiles change is public (their ETags)."""
    out: set[tuple[int, int, int]] = set()
    margin = BUFFER / EXTENT
    point = (*unit_xy(public_lng, public_lat), *unit_xy(public_lng, public_lat))
    hexes: dict[int, tuple[float, float, float, float]] = {}  # zooms 0-9 share one resolution
    # The cells as a report stores them (one rule, geo.hexes.cells_for_point: a hexagon's tiles
    # once stayed stale when this computed its cells otherwise than the report had stored them).
    cells = cells_for_point(public_lng, public_lat, REPORT_RESOLUTIONS)
    for z in range(MAX_CACHED_ZOOM + 1):
        # hexagons: the heatmap has them at every zoom, the reports layer below its points zoom
        res = h3_res_for_zoom(z)
        if res not in hexes:
            hexes[res] = _cell_box(cells[res])
        out.update((z, x, y) for x, y in tiles_over_unit(hexes[res], z, margin))
        if z >= 10:  # points, drawn also in neighbours' buffers
            out.update((z, x, y) for x, y in tiles_over_unit(point, z, margin))
    return out


@lru_cache(maxsize=16384)
def _cell_box(cell: int) -> tuple[float, float, float, float]:
    """A hexagon's box in unit_xy coordinates (projected once, for every zoom); coarse cells
    recur for every report in them."""
    ring = cell_boundary(cell)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (*unit_xy(min(xs), max(ys)), *unit_xy(max(xs), min(ys)))


def invalidate_reports(redis: Redis, points: list[tuple[float, float]], lsn: int = 0) -> int:
    """Forget the tiles of changed reports, given by their public (lng, lat) (what
    geo.reports.points returns); one Redis round trip for all of them. `lsn`: the
    primary's WAL position after the change committed (0 without read replicas)."""
    tiles: set[tuple[int, int, int]] = set()
    for lng, lat in points:
        tiles |= tiles_for_report(lng, lat)
    if not tiles:
        return 0
    # One command, whatever the count (~20 keys a report): a pipeline of INCRs cost twice the time.
    _bump(redis)(keys=_with_lsn_keys(_ver_key("reports", z, x, y) for z, x, y in sorted(tiles)), args=[lsn])
    return len(tiles)


# Versions up, and with read replicas (a WAL position > 0) each tile's invalidation position kept
# as its high-water mark beside its version (Lua numbers are doubles: exact up to 2^53 bytes of
# WAL, 8 PiB).
_BUMP = """
local lsn = tonumber(ARGV[1])
for i = 1, #KEYS, 2 do
  redis.call('INCR', KEYS[i])
  if lsn > 0 and lsn > tonumber(redis.call('GET', KEYS[i + 1]) or '0') then redis.call('SET', KEYS[i + 1], ARGV[1]) end
end
return #KEYS / 2
"""
_scripts: dict[int, Script] = {}


def _with_lsn_keys(version_keys: Iterable[str]) -> list[str]:
    """[version, its WAL mark, version, its WAL mark, …]: every key the script touches is named."""
    return [k for v in version_keys for k in (v, f"{v}:lsn")]


def _bump(redis: Redis) -> Script:
    """The version-bump script (redis-py reloads it if Redis restarted and lost it).
    Versions never expire: a reset would revive old ETags."""
    script = _scripts.get(id(redis))
    if script is None or script.registered_client is not redis:
        script = _scripts[id(redis)] = redis.register_script(_BUMP)
    return script


def invalidate_reference(redis: Redis, lsn: int = 0) -> None:
    """Boundaries or zones changed: every reference tile is new."""
    _bump(redis)(keys=_with_lsn_keys([_ver_key("reference", 0, 0, 0)]), args=[lsn])


def forget_all(redis: Redis) -> int:
    """Drop every cached tile and version (after a database restore: nothing cached is true)."""
    n = 0
    for key in redis.scan_iter(f"{_PREFIX}:*", count=1000):
        n += int(redis.delete(key))
    return n
