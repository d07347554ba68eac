"""Stored H3 cells made anew: the Python half of migration 0043 (PostgreSQL has no H3 here).

Reports were stored under the parents of their finest (r11) cell, and an H3 parent does not
cover all of its children: 7 % of reports were counted in a hexagon next to the one their dot is
in. Each report now gets the cell that holds its point at every resolution (geo.hexes.
cells_for_point). A confidential report keeps its public point and its r8 cell (moving either now
would tell whoever kept the old one that the person was near the cell's edge; old rows may even
hold a point snapped to a 0.01° grid, 0004/0038): r9..r11 stay that cell's centre children, and
r6/r7 become the cells holding its centre, as geo.privacy.public_point files one today. The
aggregates' trigger moves each changed report's counts, as for any other move (0040).
Detections are left as they are: nothing reads their cells (tiles draw their points).
"""
from __future__ import annotations

from typing import Any

from psycopg.rows import dict_row

from geo.db import Conn
from geo.hexes import AGGREGATE_RESOLUTIONS, REPORT_RESOLUTIONS, cell_center, cells_for_point, register_cells

BATCH = 20_000
COLS = ", ".join(f"h3_r{r}" for r in REPORT_RESOLUTIONS)
SELECT = (f"SELECT r.id, r.city_id, ST_X(r.public_geom) AS lng, ST_Y(r.public_geom) AS lat, c.confidential, {COLS}"
          " FROM reports r JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id"
          " WHERE r.id > %s ORDER BY r.id LIMIT %s")
UPDATE = ("UPDATE reports t SET " + ", ".join(f"h3_r{r} = v.r{r}" for r in REPORT_RESOLUTIONS)
          + " FROM unnest(%(id)s::bigint[], %(city)s::int[], " + ", ".join(f"%(r{r})s::bigint[]" for r in REPORT_RESOLUTIONS)
          + ") AS v(id, city_id, " + ", ".join(f"r{r}" for r in REPORT_RESOLUTIONS) + ")"
          " WHERE t.id = v.id AND t.city_id = v.city_id")


def confidential_cells(r8: int) -> dict[int, int]:
    """A confidential report's cells from its r8 cell alone: those holding its centre (the r8
    cell itself, its centre children below), as geo.privacy.public_point files them."""
    return cells_for_point(*cell_center(r8), REPORT_RESOLUTIONS)


def cells_hold_their_points(conn: Conn) -> int:
    """Give every report the cells holding its (public) point; how many changed."""
    last, changed = 0, 0
    cur = conn.cursor(row_factory=dict_row)  # whatever rows the caller's connection makes
    while rows := cur.execute(SELECT, (last, BATCH)).fetchall():
        last = rows[-1]["id"]
        moved: list[tuple[Any, Any, dict[int, int]]] = []
        for row in rows:
            cells = (confidential_cells(row["h3_r8"]) if row["confidential"]
                     else cells_for_point(row["lng"], row["lat"], REPORT_RESOLUTIONS))
            if any(row[f"h3_r{r}"] != c for r, c in cells.items()):
                moved.append((row["id"], row["city_id"], cells))
        if not moved:
            continue
        register_cells(conn, [c for _, _, cells in moved for r, c in cells.items() if r in AGGREGATE_RESOLUTIONS])
        conn.execute(UPDATE, {"id": [m[0] for m in moved], "city": [m[1] for m in moved],
                              **{f"r{r}": [m[2][r] for m in moved] for r in REPORT_RESOLUTIONS}})
        changed += len(moved)
    return changed
