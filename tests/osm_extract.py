"""A small OpenStreetMap extract around Kel. Lahilai Bissi Kopan, written by the tests in real
.osm.pbf format (pyosmium's writer): known streets (one of them one-way), a gang, a market, a
school drawn as an area, a building, a pond, a road outside the city, and a way whose nodes are
missing from the extract (as at an extract's edge)."""
from __future__ import annotations

import math
from pathlib import Path

from tests.helpers import LLBK


def offset(metres_east: float, metres_north: float, origin: tuple[float, float] = LLBK) -> tuple[float, float]:
    lng, lat = origin
    return (lng + metres_east / (111_320 * math.cos(math.radians(lat))), lat + metres_north / 110_574)


def write_extract(path: Path, *, main_street: str = "Jalan Jenderal Sudirman") -> Path:
    import osmium
    from osmium.osm.mutable import Node, Relation, Way

    nodes: dict[int, tuple[float, float]] = {}

    def node(nid: int, east: float, north: float) -> int:
        nodes[nid] = offset(east, north)
        return nid

    ways: list[Way] = []
    # The main street, two-way, west to east through the kelurahan.
    ways.append(Way(id=100, nodes=[node(1, -400, 0), node(2, -150, 0), node(3, 0, 0), node(4, 150, 0),
                                   node(5, 400, 0)],
                    tags={"highway": "secondary", "name": main_street, "maxspeed": "40"}))
    # A one-way street north of it (east only), joined to it at both ends by two gang.
    ways.append(Way(id=101, nodes=[node(6, -150, 120), node(7, 0, 120), node(8, 150, 120)],
                    tags={"highway": "residential", "name": "Jalan Satu Arah", "oneway": "yes"}))
    ways.append(Way(id=102, nodes=[2, 6], tags={"highway": "service", "name": "Gang Mawar"}))
    ways.append(Way(id=103, nodes=[4, 8], tags={"highway": "service", "name": "Gang Melati"}))
    # A school drawn as an area, a building, a pond.
    ways.append(Way(id=200, nodes=[node(20, 40, -60), node(21, 120, -60), node(22, 120, -20), node(23, 40, -20), 20],
                    tags={"amenity": "school", "name": "SD Inpres Oeba", "building": "school"}))
    ways.append(Way(id=201, nodes=[node(24, -60, -60), node(25, -20, -60), node(26, -20, -20), node(27, -60, -20), 24],
                    tags={"building": "yes"}))
    ways.append(Way(id=202, nodes=[node(28, -300, 60), node(29, -220, 60), node(30, -220, 100), node(31, -300, 100), 28],
                    tags={"natural": "water", "name": "Kolam Oeba"}))
    # Far outside Kota Kupang (in the sea to the north-west): clipped away.
    ways.append(Way(id=300, nodes=[node(40, -40000, 30000), node(41, -39000, 30000)],
                    tags={"highway": "primary", "name": "Jalan Luar Kota"}))
    # Nodes 90 and 91 are not in the extract.
    ways.append(Way(id=301, nodes=[90, 91], tags={"highway": "residential", "name": "Jalan Terpotong"}))
    places = [Node(id=50, location=offset(200, 30), tags={"amenity": "marketplace", "name": "Pasar Oeba"}),
              Node(id=51, location=offset(-100, -100), tags={"place": "neighbourhood", "name": "Kampung Solor"})]
    if path.exists():
        path.unlink()
    with osmium.SimpleWriter(str(path)) as w:
        for nid, (lng, lat) in sorted(nodes.items()):
            w.add_node(Node(id=nid, location=(lng, lat), version=1, tags={}))
        for p in places:
            w.add_node(p)
        for way in ways:
            w.add_way(way)
        w.add_relation(Relation(id=900, members=[], tags={"type": "route"}))
    return path
