"""Road distance and driving time on the imported OpenStreetMap road graph (pgRouting), for
dispatch: the nearest responders and tasks by straight line are ranked again by time on the
road, one-way streets respected. Without pgRouting or a road graph, or for a pair with no path,
callers keep the straight line."""
from __future__ import annotations

from typing import Any

from geo.db import Conn, query

RERANK = 10  # how many straight-line candidates are ranked again by road


def ready(conn: Conn) -> bool:
    row = conn.execute(query("road_graph_ready")).fetchone()
    return bool(row and row["ready"])


def costs(conn: Conn, sources: list[tuple[float, float]], targets: list[tuple[float, float]]
          ) -> dict[tuple[int, int], tuple[float, float]]:
    """{(source index, target index): (road metres, seconds)} for the pairs with a road path."""
    if not sources or not targets or not ready(conn):
        return {}
    rows = conn.execute(query("road_costs"), {
        "from_lng": [p[0] for p in sources], "from_lat": [p[1] for p in sources],
        "to_lng": [p[0] for p in targets], "to_lat": [p[1] for p in targets]}).fetchall()
    return {(r["from_idx"] - 1, r["to_idx"] - 1): (float(r["road_m"]), float(r["eta_s"])) for r in rows}


def rerank(rows: list[dict[str, Any]], found: dict[int, tuple[float, float]]) -> list[dict[str, Any]]:
    """Rows with road_distance_m and eta_s added (None without a path), those with a road path
    first by driving time, then the rest by straight line."""
    out = []
    for i, r in enumerate(rows):
        road = found.get(i)
        out.append({**r, "road_distance_m": round(road[0], 1) if road else None,
                    "eta_s": round(road[1]) if road else None})
    return sorted(out, key=lambda r: (r["eta_s"] is None, r["eta_s"] if r["eta_s"] is not None else 0,
                                      r["distance_m"]))
