"""OpenStreetMap extracts into PostGIS: roads (with class, name, oneway, maxspeed), buildings,
water, land use and parks, waterways, named places and POIs, clipped to the city boundary.

pyosmium reads the file (geometries as hex WKB) (.osm.pbf, .osm, .osm.bz2: whatever libosmium reads) and assembles
multipolygons; rows go to temporary tables by COPY, and one transaction replaces the previous
import (clip in SQL, search entries, reports' streets): nobody ever sees half an import.
Objects whose geometry cannot be built (nodes missing from the extract) are counted, never
silently dropped. Data © OpenStreetMap contributors, ODbL 1.0."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb

from geo.db import Conn, query
from geo.errors import InvalidInput

ROADS = frozenset({"motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential",
                   "living_street", "service", "pedestrian", "track", "road", "footway", "path", "cycleway",
                   "steps", "motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link"})
PLACE_CLASSES = ("place", "amenity", "shop", "office", "tourism", "leisure", "healthcare", "historic", "craft")
WATER = {("natural", "water"), ("waterway", "riverbank"), ("landuse", "reservoir"), ("landuse", "basin")}
LANDUSE_KEYS = ("landuse", "leisure", "natural")
WATERWAYS = frozenset({"river", "stream", "canal", "drain", "ditch"})
# The road graph for dispatch by road: what a responder's motorbike or car can use.
NOT_DRIVABLE = frozenset({"footway", "path", "cycleway", "steps", "pedestrian"})
SPEED_KMH = {"motorway": 80, "trunk": 60, "primary": 50, "secondary": 40, "tertiary": 35, "unclassified": 25,
             "residential": 25, "road": 25, "living_street": 15, "service": 15, "track": 15}


@dataclass
class Extract:
    roads: list[tuple[Any, ...]] = field(default_factory=list)
    areas: list[tuple[Any, ...]] = field(default_factory=list)
    waterways: list[tuple[Any, ...]] = field(default_factory=list)
    places: list[tuple[Any, ...]] = field(default_factory=list)
    # Drivable ways as (osm_id, highway, name, oneway, maxspeed, [(node id, lng, lat), …]).
    drivable: list[tuple[Any, ...]] = field(default_factory=list)
    objects: int = 0
    broken: int = 0  # geometries that could not be built (missing nodes at the extract's edge)


def _oneway(tags: Any) -> int:
    value = tags.get("oneway", "")
    if value in ("yes", "1", "true"):
        return 1
    if value == "-1":
        return -1
    if tags.get("junction") in ("roundabout", "circular") and value != "no":
        return 1
    return 0


def _maxspeed(tags: Any) -> int | None:
    m = re.match(r"\s*(\d+)\s*(mph)?", tags.get("maxspeed", ""))
    if not m:
        return None
    return round(int(m.group(1)) * 1.609) if m.group(2) else int(m.group(1))


def _place_class(tags: Any) -> tuple[str, str] | None:
    for key in PLACE_CLASSES:
        if key in tags:
            return key, tags[key]
    return None


def read(path: Path, progress: Callable[[int], None] | None = None) -> Extract:
    """Everything the city needs from an OSM file, as WKB rows (no database yet)."""
    import osmium

    out = Extract()
    wkb = osmium.geom.WKBFactory()

    class Handler(osmium.SimpleHandler):
        def _tick(self) -> None:
            out.objects += 1
            if progress and out.objects % 10000 == 0:
                progress(out.objects)

        def node(self, n: Any) -> None:
            self._tick()
            name, cls = n.tags.get("name"), _place_class(n.tags)
            if name and cls:
                try:
                    out.places.append(("n", n.id, cls[0], cls[1], name, wkb.create_point(n)))
                except osmium.InvalidLocationError:
                    out.broken += 1

        def way(self, w: Any) -> None:
            self._tick()
            highway, waterway = w.tags.get("highway"), w.tags.get("waterway")
            if highway not in ROADS and waterway not in WATERWAYS:
                return
            try:
                line = wkb.create_linestring(w)
            except (osmium.InvalidLocationError, RuntimeError):
                out.broken += 1
                return
            if highway in ROADS:
                out.roads.append((w.id, highway, w.tags.get("name"), w.tags.get("ref"), _oneway(w.tags),
                                  _maxspeed(w.tags), line))
                if highway not in NOT_DRIVABLE:
                    out.drivable.append((w.id, highway, w.tags.get("name"), _oneway(w.tags), _maxspeed(w.tags),
                                         [(n.ref, n.lon, n.lat) for n in w.nodes]))
            else:
                out.waterways.append((w.id, waterway, w.tags.get("name"), line))

        def area(self, a: Any) -> None:
            tags = a.tags
            layer = kind = None
            if "building" in tags:
                layer, kind = "building", f"building={tags['building']}"
            elif any((k, tags.get(k)) in WATER for k in ("natural", "waterway", "landuse")):
                layer, kind = "water", next(f"{k}={tags[k]}" for k in ("natural", "waterway", "landuse") if k in tags)
            elif any(k in tags for k in LANDUSE_KEYS):
                key = next(k for k in LANDUSE_KEYS if k in tags)
                layer, kind = "landuse", f"{key}={tags[key]}"
            cls, name = _place_class(tags), tags.get("name")
            if layer is None and not (cls and name):
                return
            try:
                polygon = wkb.create_multipolygon(a)
            except (osmium.InvalidLocationError, RuntimeError):
                out.broken += 1
                return
            osm_type = "w" if a.from_way() else "r"
            if layer is not None:
                out.areas.append((a.orig_id(), layer, kind, name, polygon))
            if cls and name:  # a named school, market, hospital drawn as an area: its centre is the place
                out.places.append((osm_type, a.orig_id(), cls[0], cls[1], name, polygon))

    try:
        Handler().apply_file(str(path), locations=True)
    except RuntimeError as exc:
        raise InvalidInput(f"Berkas OSM tidak dapat dibaca: {exc}", f"The OSM file cannot be read: {exc}",
                           code="invalid_osm_file") from None
    if out.objects == 0:
        raise InvalidInput("Berkas OSM kosong.", "The OSM file is empty.", code="empty_osm_file")
    return out


def edges(extract: Extract) -> list[tuple[Any, ...]]:
    """The road graph: drivable ways cut at every node another way shares (OSM's junctions),
    each piece an edge from one OSM node to the next, with seconds to drive it each way
    (-1: not that way, for one-way streets). Rows: osm_id, source, target, highway, name,
    oneway, speed km/h, WKT."""
    uses: dict[int, int] = {}
    for *_, nodes in extract.drivable:
        for i, (ref, _, _) in enumerate(nodes):
            uses[ref] = uses.get(ref, 0) + (2 if i in (0, len(nodes) - 1) else 1)
    out = []
    for osm_id, highway, name, oneway, maxspeed, nodes in extract.drivable:
        speed = min(maxspeed, 100) if maxspeed else SPEED_KMH.get(highway, 25)
        start = 0
        for i in range(1, len(nodes)):
            if uses[nodes[i][0]] > 1 or i == len(nodes) - 1:
                piece = nodes[start:i + 1]
                wkt = "LINESTRING(" + ", ".join(f"{lng} {lat}" for _, lng, lat in piece) + ")"
                out.append((osm_id, piece[0][0], piece[-1][0], highway, name, oneway, speed, wkt))
                start = i
    return out


def sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def load(conn: Conn, path: Path, extract: Extract) -> dict[str, int]:
    """Replace the previous import with this one, clipped to the city (the caller commits)."""
    conn.execute(query("osm_staging"))
    with conn.cursor() as cur:
        for table, rows in (("osm_in_roads", extract.roads), ("osm_in_areas", extract.areas),
                            ("osm_in_waterways", extract.waterways), ("osm_in_places", extract.places),
                            ("osm_in_edges", edges(extract))):
            with cur.copy(f"COPY {table} FROM STDIN") as copy:  # table names from this fixed list
                for row in rows:
                    copy.write_row(row)
    conn.execute(query("osm_replace"))
    counts = conn.execute(query("osm_counts")).fetchone()
    assert counts is not None
    result = {k: int(v) for k, v in counts.items()}
    result["read"] = extract.objects
    result["broken_geometries"] = extract.broken
    conn.execute(query("osm_import_record"), {"source": path.name, "sha256": sha256(path),
                                              "counts": Jsonb(result)})
    return result


def cities_without_roads(conn: Conn) -> list[str]:
    """Cities the last import has no road for: one import serves every city, so an extract of
    one city leaves the others without basemap streets, address search and road dispatch."""
    return [r["name"] for r in conn.execute(query("osm_roads_per_city")).fetchall() if r["roads"] == 0]
