"""Stored H3 cells made anew: the Python half of migration 0043 (PostgreSQL has no H3 here).

Reports and detections were stored under the parents of their finest (r11) cell, and an H3
parent does not cover all of its children: 7 % of reports were counted in a hexagon next to the
one their dot is in. Each row now gets the cell that holds its point at every resolution
(geo.hexes.cells_for_point), from the point the public sees: a confidential report keeps its
public r8 centre (moving it now would tell whoever kept the old one that the person was near the
cell's edge), and only the cells above r8 may change, to those holding that centre. The
aggregates' trigger moves each changed report's counts, as for any other move (0040).
"""
from __future__ import annotations

from typing import Any

from psycopg.rows import dict_row

from geo.db import Conn
from geo.hexes import AGGREGATE_RESOLUTIONS, REPORT_RESOLUTIONS, cells_for_point, register_cells

BATCH = 20_000
# table -> the point its cells are of (a whitelist: identifiers are never taken from input)
POINTS = {"reports": "public_geom", "detections": "geom"}


def cells_hold_their_points(conn: Conn) -> dict[str, int]:
    """Give every report and detection the cells holding its (public) point; rows changed by table."""
    return {table: _reindex(conn, table, column) for table, column in POINTS.items()}


def _reindex(conn: Conn, table: str, column: str) -> int:
    cols = ", ".join(f"h3_r{r}" for r in REPORT_RESOLUTIONS)
    select = (f"SELECT id, city_id, ST_X({column}) AS lng, ST_Y({column}) AS lat, {cols} FROM {table}"
              " WHERE id > %s ORDER BY id LIMIT %s")
    sets = ", ".join(f"h3_r{r} = v.r{r}" for r in REPORT_RESOLUTIONS)
    update = (f"UPDATE {table} t SET {sets} FROM unnest(%(id)s::bigint[], %(city)s::int[], "
              + ", ".join(f"%(r{r})s::bigint[]" for r in REPORT_RESOLUTIONS)
              + ") AS v(id, city_id, " + ", ".join(f"r{r}" for r in REPORT_RESOLUTIONS) + ")"
              " WHERE t.id = v.id AND t.city_id = v.city_id")
    last, changed = 0, 0
    cur = conn.cursor(row_factory=dict_row)  # whatever rows the caller's connection makes
    while rows := cur.execute(select, (last, BATCH)).fetchall():
        last = rows[-1]["id"]
        moved: list[tuple[Any, Any, dict[int, int]]] = []
        for row in rows:
            cells = cells_for_point(row["lng"], row["lat"], REPORT_RESOLUTIONS)
            if any(row[f"h3_r{r}"] != c for r, c in cells.items()):
                moved.append((row["id"], row["city_id"], cells))
        if not moved:
            continue
        register_cells(conn, [c for _, _, cells in moved for r, c in cells.items() if r in AGGREGATE_RESOLUTIONS])
        conn.execute(update, {"id": [m[0] for m in moved], "city": [m[1] for m in moved],
                              **{f"r{r}": [m[2][r] for m in moved] for r in REPORT_RESOLUTIONS}})
        changed += len(moved)
    return changed
