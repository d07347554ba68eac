"""Address search and road routing at a city's size (bench/osmcity.py's synthetic Kupang:
~2,800 street names, 3,000 places, ~26k road edges), one client, in one run:
  - geocode: what residents type — a street name with the "Jl."/"Gg." abbreviation and one typo,
    or a place's name — through the service (/api/v1/geocode's code path); goal p95 < 20 ms;
  - road: driving time from the 10 nearest responders (straight line) to a report, one-way
    streets respected (geo.routing.costs, what dispatch adds to bench/nearest.py's straight-line
    query); goal p95 < 50 ms for K = 10.
Prints a table, writes bench/out/geocode.json.

    .venv/bin/python -m bench.geocode --queries 500
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from bench.common import pct, services, table, write_json
from bench.osmcity import EAST, NORTH, SOUTH, WEST, street_names, write_city
from geo import geocode, osm, routing


def typo(text: str, rnd: random.Random) -> str:
    """One slip of the thumb: a letter dropped, doubled or swapped with its neighbour."""
    words = text.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))  # in the longest word
    w = words[i]
    k = rnd.randrange(1, len(w) - 1) if len(w) > 3 else 0
    words[i] = rnd.choice([w[:k] + w[k + 1:], w[:k] + w[k] + w[k:], w[:k - 1] + w[k] + w[k - 1] + w[k + 1:] if k else w])
    return " ".join(words).replace("Jalan ", "Jl. ").replace("Gang ", "Gg. ")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--queries", type=int, default=500)
    args = ap.parse_args()
    rnd = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp, services() as (db_url, _):
        city = write_city(Path(tmp) / "kupang-synthetic.osm.pbf")
        t0 = time.perf_counter()
        extract = osm.read(Path(tmp) / "kupang-synthetic.osm.pbf")
        with psycopg.connect(db_url, row_factory=dict_row) as conn:
            counts = osm.load(conn, Path(tmp) / "kupang-synthetic.osm.pbf", extract)
            conn.commit()
        load_s = time.perf_counter() - t0
        print(f"city: {city}; loaded in {load_s:.1f} s: {counts}", flush=True)
        names = street_names(db_url)
        with psycopg.connect(db_url, row_factory=dict_row) as conn:
            places = [r["name"] for r in conn.execute("SELECT name FROM osm_places")]
            wanted = [rnd.choice(names) if rnd.random() < 0.7 else rnd.choice(places) for _ in range(args.queries)]
            queries = [typo(w, rnd) if w in names else w for w in wanted]
            geo_ms, found = [], 0
            for q in queries[:20]:  # warm
                geocode.search(conn, q, 10)
                conn.rollback()
            for q, want in zip(queries, wanted, strict=True):
                t = time.perf_counter()
                hits = geocode.search(conn, q, 10)
                geo_ms.append((time.perf_counter() - t) * 1000)
                conn.rollback()
                found += want in [h["name"] for h in hits[:3]]
            road_ms, paths = [], 0
            for _ in range(args.queries):
                report = (rnd.uniform(WEST + 0.01, EAST - 0.01), rnd.uniform(SOUTH + 0.01, NORTH - 0.01))
                responders = [(report[0] + rnd.gauss(0, 0.01), report[1] + rnd.gauss(0, 0.01)) for _ in range(10)]
                t = time.perf_counter()
                got = routing.costs(conn, responders, [report])
                road_ms.append((time.perf_counter() - t) * 1000)
                paths += len(got)
    rows = [{"what": "geocode (typo + abbreviation, or a place)", "n": len(geo_ms), "p50_ms": round(pct(geo_ms, 50), 1),
             "p95_ms": round(pct(geo_ms, 95), 1), "goal_p95_ms": 20,
             "note": f"intended name in the top 3: {found}/{len(geo_ms)}"},
            {"what": "road: 10 responders -> report (pgRouting)", "n": len(road_ms),
             "p50_ms": round(pct(road_ms, 50), 1), "p95_ms": round(pct(road_ms, 95), 1), "goal_p95_ms": 50,
             "note": f"{paths}/{10 * len(road_ms)} pairs with a road path"}]
    print(table(rows, ["what", "n", "p50_ms", "p95_ms", "goal_p95_ms", "note"]))
    print(f"wrote {write_json('geocode', {'city': city, 'load_s': round(load_s, 1), 'counts': counts, 'rows': rows})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
