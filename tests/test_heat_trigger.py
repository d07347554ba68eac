"""The month tables behind the heatmap and the hot spot analysis (h3_report_heat, _total) are
kept by a row trigger (migrations 0040, 0051): after every kind of change a report can go through
they must equal a count made afresh from the reports, with no row at zero or below (a "0"
hexagon still says where a report was)."""
from __future__ import annotations

import psycopg

from geo.hexes import REPORT_RESOLUTIONS, cells_for_point
from tests.helpers import oebobo_report

_AFRESH = """
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE c.time_zone)::date AS month, {by} r.city_id,
       count(*)::int AS n
FROM reports r JOIN cities c ON c.id = r.city_id, sigap_report_cells(r) x
WHERE r.status NOT IN ('rejected', 'duplicate') GROUP BY {groups} ORDER BY {groups}"""


def _kept(conn: psycopg.Connection) -> tuple[list[tuple], list[tuple]]:
    heat = conn.execute("SELECT res, cell, month, category_id, city_id, n FROM h3_report_heat ORDER BY 1, 2, 3, 4, 5")
    total = conn.execute("SELECT res, cell, month, city_id, n FROM h3_report_heat_total ORDER BY 1, 2, 3, 4")
    return [tuple(r.values()) for r in heat], [tuple(r.values()) for r in total]


def _afresh(conn: psycopg.Connection) -> tuple[list[tuple], list[tuple]]:
    return ([tuple(r.values()) for r in conn.execute(_AFRESH.format(by="r.category_id,", groups="1, 2, 3, 4, 5"))],
            [tuple(r.values()) for r in conn.execute(_AFRESH.format(by="", groups="1, 2, 3, 4"))])


def test_the_heat_tables_match_a_fresh_count_after_every_change(clean, conn: psycopg.Connection) -> None:
    who = conn.execute("INSERT INTO users (email, password_hash, role) VALUES ('z@example.id', 'x', 'citizen')"
                       " RETURNING id").fetchone()["id"]
    cells = ", ".join(f"h3_r{r} = %s" for r in (6, 7, 8, 9, 10))
    there = [cells_for_point(123.58, -10.16, REPORT_RESOLUTIONS)[r] for r in (6, 7, 8, 9, 10)]
    back = [cells_for_point(123.61, -10.17, REPORT_RESOLUTIONS)[r] for r in (6, 7, 8, 9, 10)]
    a = oebobo_report(conn, who, 3, "rejected")
    b = oebobo_report(conn, who, 3, "submitted")
    oebobo_report(conn, who, 3, "duplicate", b)
    assert _kept(conn) == _afresh(conn) and len(_kept(conn)[1]) == 5  # one report counted, at r6..r10
    steps: list[tuple[str, str, tuple]] = [
        ("counted to counted", "UPDATE reports SET status = 'verified' WHERE id = %s", (b,)),
        ("counted to rejected", "UPDATE reports SET status = 'rejected' WHERE id = %s", (b,)),
        ("rejected to counted (by hand: no API path reopens one)", "UPDATE reports SET status = 'submitted' WHERE id = %s", (b,)),
        ("moved and rejected at once", f"UPDATE reports SET status = 'rejected', {cells} WHERE id = %s", (*there, b)),
        ("moved while rejected", f"UPDATE reports SET {cells} WHERE id = %s", (*back, b)),
        ("moved and counted again at once", f"UPDATE reports SET status = 'verified', {cells} WHERE id = %s", (*there, b)),
        ("rejected to duplicate", "UPDATE reports SET status = 'duplicate' WHERE id = %s", (a,)),
        ("to another month and counted", "UPDATE reports SET created_at = created_at - interval '40 days',"
                                         " status = 'submitted' WHERE id = %s", (a,)),
        ("every status flipped", "UPDATE reports SET status = CASE WHEN status = 'rejected' THEN 'submitted'"
                                 " ELSE 'rejected' END", ()),
        ("rejected ones deleted", "DELETE FROM reports WHERE status IN ('rejected', 'duplicate')", ()),
        ("all deleted", "DELETE FROM reports", ()),
    ]
    for step, sql, args in steps:
        conn.execute(sql, args)
        assert _kept(conn) == _afresh(conn), step
        low = conn.execute("SELECT (SELECT count(*) FROM h3_report_heat WHERE n <= 0)"
                           " + (SELECT count(*) FROM h3_report_heat_total WHERE n <= 0) AS n").fetchone()["n"]
        assert low == 0, step
    assert _kept(conn) == ([], [])
