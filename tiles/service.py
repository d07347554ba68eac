"""Tile serving logic without Flask: validate, consult the cache, render, tag."""
from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import psycopg
from redis import Redis
from redis.exceptions import RedisError

from geo import cities
from geo.cities import City
from geo.db import Conn, lsn, query
from geo.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from tiles import cache
from tiles.filters import TileFilters, parse
from tiles.layers import DEFAULT_MAX_POINTS, LAYERS, Layer
from tiles.render import render
from tiles.tilemath import valid_tile

ConnFactory = Callable[[], AbstractContextManager[Conn]]
RENDER_TRIES = 3


@dataclass(frozen=True)
class Tile:
    data: bytes
    etag: str        # unquoted entity tag
    public: bool     # may shared caches keep it?
    cache_hit: bool


def layer(name: str) -> Layer:
    if name not in LAYERS:
        raise NotFound(f"Lapisan {name!r} tidak ada.", f"No layer named {name!r}.", code="unknown_layer",
                       details={"layers": sorted(LAYERS)})
    return LAYERS[name]


def parse_zxy(z: str, x: str, y: str, lyr: Layer) -> tuple[int, int, int]:
    try:
        zi, xi, yi = int(z), int(x), int(y)
    except ValueError:
        zi = xi = yi = -1
    if not valid_tile(zi, xi, yi) or zi > 22:
        raise InvalidInput("Alamat petak z/x/y di luar jangkauan.", "Tile z/x/y out of range.",
                           code="invalid_tile", details={"z": z, "x": x, "y": y})
    return zi, xi, yi


_categories: tuple[float, set[str], dict[str, str]] = (0.0, set(), {})


def known_categories(conns: ConnFactory) -> set[str]:
    """Category codes, refreshed once a minute (they change only by reloading reference data)."""
    global _categories
    if time.monotonic() - _categories[0] > 60:
        with conns() as conn:
            codes = {r["code"] if isinstance(r, dict) else r[1] for r in conn.execute(query("list_categories"),
                                                                                      {"city_id": None})}
            agencies = [r["code"] if isinstance(r, dict) else r[0] for r in conn.execute(query("agency_codes"))]
        _categories = (time.monotonic(), codes, {a.lower(): a for a in agencies})
    return _categories[1]


def known_agencies(conns: ConnFactory) -> dict[str, str]:
    """Every agency's code by its lower case (a filter names it in any case), kept as the categories are."""
    known_categories(conns)
    return _categories[2]


def city_named(conns: ConnFactory, name: str | None) -> City:
    """The city a tile request names (`city=` slug or code; the default city when absent)."""
    with conns() as conn:
        return cities.resolve(conn, name)


def get_tile(conns: ConnFactory, redis: Redis | None, name: str, z: str, x: str, y: str,
             args: dict[str, str], *, role: str | None, staff_cities: tuple[int, ...] = (),
             agency: str | None = None,
             points_from_zoom: int = 14,
             max_points: int = DEFAULT_MAX_POINTS, primary: ConnFactory | None = None,
             on_render: Callable[[str], None] | None = None) -> Tile:
    """The tile, from the cache or rendered. With a read replica, `conns` are the replica's and
    `primary` the primary's: a render is done on the replica only when it has replayed the
    newest invalidation, so no answer older than an invalidation is ever cached (and a citizen
    sees their own new report at once). Every tile is one city's (`city=`, else the default):
    staff-only layers only for that city's staff. `agency`: the viewer's own agency, if any (an
    agency admin's, a field officer's): an own-agency layer shows only it."""
    lyr = layer(name)
    args = dict(args)
    city = city_named(conns, args.pop("city", None))
    if lyr.staff_only:
        if role is None:
            raise Unauthorized()
        if role == "citizen":
            raise Forbidden()
        if lyr.roles is not None and role not in lyr.roles:
            raise Forbidden(details={"required_roles": sorted(lyr.roles)})
        if city.id not in staff_cities:
            raise Forbidden("Anda bukan staf kota ini.", "You are not staff of this city.", code="other_city")
    zi, xi, yi = parse_zxy(z, x, y, lyr)
    filters = parse(args, lyr.filters, known_categories(conns), lyr.max_window_days,
                    lyr.one_category, city.tz, known_agencies(conns)) if args else TileFilters()
    filters = dataclasses.replace(filters, city_id=city.id)
    if lyr.own_agency and agency is not None:
        # where another agency's field officers are is not theirs to see (geo/dispatch.py)
        if filters.agency not in (None, agency):
            raise Forbidden("Hanya data OPD Anda sendiri.", "Only your own agency's data.", code="other_agency")
        filters = dataclasses.replace(filters, agency=agency)
    # The Redis to use for this tile, if any (None: not cacheable, or Redis is down).
    rc = redis if lyr.depends_on is not None and zi <= cache.MAX_CACHED_ZOOM else None
    key = etag = None
    fresh_lsn = 0
    # How reports tiles are drawn is part of what they are: a changed setting is another tile.
    fkey = filters.key() + (f":p{points_from_zoom}:m{max_points}" if name == "reports" else "")
    if rc is not None and lyr.depends_on is not None:
        try:
            found = cache.lookup(rc, name, lyr.depends_on, zi, xi, yi, fkey)
            etag = hashlib.sha1(f"{found.epoch}:{name}:{zi}/{xi}/{yi}:{fkey}:{found.version}".encode()).hexdigest()[:20]
            key = cache.cache_key(name, zi, xi, yi, fkey, found.version)
            if found.data is not None:
                return Tile(found.data, etag, not lyr.staff_only, True)
            fresh_lsn = found.fresh_lsn
        except RedisError:
            rc = None  # Redis down: serve from the database, uncached
    for attempt in range(RENDER_TRIES):
        try:
            with _render_conn(conns, primary, fresh_lsn, on_render) as conn:
                data = render(conn, lyr, zi, xi, yi, filters, points_from_zoom, max_points)
            break
        except psycopg.OperationalError:
            # A pooled connection that died with a database restart (tile pools do not check
            # connections when handing them out): the pool drops it; try the next one.
            if attempt == RENDER_TRIES - 1:
                raise
    if rc is not None and key:
        try:
            cache.put(rc, key, data)
        except RedisError:
            pass
    if etag is None:
        etag = hashlib.sha1(data).hexdigest()[:20]
    return Tile(data, etag, not lyr.staff_only, False)


@contextmanager
def _render_conn(conns: ConnFactory, primary: ConnFactory | None, fresh_lsn: int,
                 on_render: Callable[[str], None] | None) -> Iterator[Conn]:
    """The replica's connection if it has replayed `fresh_lsn` (or there is no replica),
    else the primary's. On the replica this costs one tiny query per rendered tile."""
    source = "primary"
    with conns() as conn:
        if primary is None:
            source = "database"
        elif fresh_lsn <= 0 or (lsn(conn, "replica_replay_lsn") or 0) >= fresh_lsn:
            source = "replica"
        if source != "primary":
            if on_render:
                on_render(source)
            yield conn
            return
    assert primary is not None
    if on_render:
        on_render(source)
    with primary() as conn:
        yield conn


def tilejson(conns: ConnFactory, name: str, base_url: str, city: City,
             args: dict[str, str] | None = None) -> dict[str, object]:
    """TileJSON 3.0.0 for one layer of one city. Filters given (`?category=sampah`) are checked as
    a tile checks them and carried into the tile URL: a client that adds the layer from this
    document gets the filtered layer, not silently the whole city."""
    lyr = layer(name)
    given = {k: v for k, v in (args or {}).items() if k not in ("city", "token")}
    if given:
        parse(given, lyr.filters, known_categories(conns), lyr.max_window_days, lyr.one_category, city.tz,
              known_agencies(conns))
    return {
        "tilejson": "3.0.0", "name": lyr.name, "description": lyr.description,
        "tiles": [f"{base_url}/tiles/{lyr.name}/{{z}}/{{x}}/{{y}}.mvt?{urlencode({**given, 'city': city.slug})}"],
        "minzoom": lyr.minzoom, "maxzoom": lyr.maxzoom,
        "bounds": list(city.bbox) if city.bbox else [-180, -85.0511, 180, 85.0511],
        "center": [*city.center, int(city.zoom)],
        "scheme": "xyz", "attribution": f"SIGAP {city.name}; {city.attribution or 'batas wilayah BPS'}",
        "vector_layers": [{"id": lyr.name, "description": lyr.description, "fields": lyr.properties(),
                           "minzoom": lyr.minzoom, "maxzoom": lyr.maxzoom}],
    }
