"""A city-sized synthetic OpenStreetMap extract over Kota Kupang, for the geocoder and road
benchmarks (no real extract can be fetched on these machines): a street grid every 150 m over
the city (~26k road edges between junctions), each street a few blocks long with its own
Indonesian name (~2,800 names, every 8th street one-way), and 3,000 named places."""
from __future__ import annotations

import random
from pathlib import Path

WEST, SOUTH, EAST, NORTH = 123.53, -10.29, 123.68, -10.13
STEP_DEG = 150 / 111_320
BLOCKS_PER_STREET = 10
WORDS = ["Mawar", "Melati", "Anggrek", "Kenanga", "Cempaka", "Flamboyan", "Sudirman", "El Tari", "Timor Raya",
         "Frans Seda", "Ahmad Yani", "Piet Tallo", "Soekarno", "Hatta", "Diponegoro", "Kartini", "Cendana",
         "Lontar", "Nangka", "Kelapa", "Sumba", "Flores", "Rote", "Sabu", "Alor", "Lembata", "Adisucipto",
         "Bajawa", "Ende", "Maumere", "Larantuka", "Atambua", "Kefa", "Soe", "Oebobo", "Oesapa", "Fatululi",
         "Bakunase", "Naikoten", "Kuanino", "Oebufu", "Liliba", "Penfui", "Matani", "Bello", "Manulai"]
KINDS = [("amenity", "school", "SD"), ("amenity", "place_of_worship", "Gereja"), ("amenity", "place_of_worship", "Masjid"),
         ("shop", "convenience", "Toko"), ("amenity", "clinic", "Klinik"), ("amenity", "marketplace", "Pasar")]


def write_city(path: Path, seed: int = 16) -> dict[str, int]:
    import osmium
    from osmium.osm.mutable import Node, Way

    rnd = random.Random(seed)
    cols = int((EAST - WEST) / STEP_DEG)
    rows = int((NORTH - SOUTH) / STEP_DEG)
    nid = lambda i, j: 1 + i * (rows + 1) + j  # noqa: E731
    names: set[str] = set()
    ways = []
    wid = 1

    def street(nodes: list[int], n: int) -> None:
        nonlocal wid
        name = f"{rnd.choice(['Jalan', 'Jalan', 'Gang'])} {rnd.choice(WORDS)} {n}"
        names.add(name)
        tags = {"highway": rnd.choice(["residential"] * 6 + ["tertiary", "secondary"]), "name": name}
        if wid % 8 == 0:
            tags["oneway"] = "yes"
        ways.append(Way(id=wid, nodes=nodes, tags=tags))
        wid += 1

    n = 0
    for i in range(cols + 1):  # north-south streets, cut every few blocks
        for j0 in range(0, rows, BLOCKS_PER_STREET):
            n += 1
            street([nid(i, j) for j in range(j0, min(rows, j0 + BLOCKS_PER_STREET) + 1)], n)
    for j in range(rows + 1):  # east-west streets
        for i0 in range(0, cols, BLOCKS_PER_STREET):
            n += 1
            street([nid(i, j) for i in range(i0, min(cols, i0 + BLOCKS_PER_STREET) + 1)], n)
    if path.exists():
        path.unlink()
    with osmium.SimpleWriter(str(path)) as w:
        for i in range(cols + 1):
            for j in range(rows + 1):
                w.add_node(Node(id=nid(i, j), location=(WEST + i * STEP_DEG, SOUTH + j * STEP_DEG), tags={}))
        for k in range(3000):
            key, value, word = rnd.choice(KINDS)
            w.add_node(Node(id=10_000_000 + k, location=(rnd.uniform(WEST, EAST), rnd.uniform(SOUTH, NORTH)),
                            tags={key: value, "name": f"{word} {rnd.choice(WORDS)} {k}"}))
        for way in ways:
            w.add_way(way)
    return {"ways": len(ways), "street_names": len(names), "places": 3000}


def street_names(db_url: str) -> list[str]:
    import psycopg

    with psycopg.connect(db_url) as conn:
        return [r[0] for r in conn.execute("SELECT DISTINCT name FROM osm_search WHERE kind = 'street' ORDER BY name")]
