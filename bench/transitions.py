"""A report's status change against the size of the aggregates table (migration 0040).

Every status change runs the aggregates trigger. Until 0040 it ended with
`DELETE FROM h3_report_counts WHERE n <= 0`: a scan of the whole table, which grows with the
city's reports (about two rows per report on the dev instance's 9,839 Kupang reports: 20,082).
0040 deletes only the rows the change just lowered, by their primary key.

One durable PostGIS (migrated, Kupang loaded) gets --rows synthetic aggregate rows (other cells
than the real ones, as a big city's would be) and --reports real reports (tests.helpers
plant_reports: real cells). Then status changes (submitted → verified → assigned → ...; each its
own transaction, as the API's) are timed with the trigger function of 0021 (before) and of 0040
(now), swapped between rounds, interleaved. Prints a table and writes bench/out/transitions.json.

    .venv/bin/python -m bench.transitions --rows 2000000
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from bench.common import services, table, write_json
from geo.settings import REPO_ROOT

MIGRATIONS = REPO_ROOT / "sql" / "migrations"
CYCLE = ("verified", "assigned", "in_progress", "resolved", "closed", "submitted")
FILL = """
INSERT INTO h3_report_counts (res, cell, category_id, status, city_id, n)
SELECT (6 + g %% 5)::smallint, 500000000000000000 + g, c.id,
       (ARRAY['submitted','verified','assigned','in_progress','resolved','closed'])[1 + g %% 6], 1, 1 + g %% 7
FROM generate_series(1, %(rows)s) g
JOIN LATERAL (SELECT id FROM categories WHERE city_id = 1 ORDER BY id OFFSET g %% 10 LIMIT 1) c ON true
"""


def trigger_function(migration: str) -> str:
    """The `sigap_report_aggregates()` a migration defines, as written there."""
    text = next(MIGRATIONS.glob(f"{migration}_*.sql")).read_text()
    found = re.search(r"CREATE OR REPLACE FUNCTION sigap_report_aggregates\(\).*?END \$\$;", text, re.S)
    assert found, migration
    return found.group(0)


def round_ms(db_url: str, function: str, ids: list[int], step: int) -> list[float]:
    """One status change of each report, each its own transaction: milliseconds each."""
    out = []
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(function)
        conn.execute("SET max_parallel_workers_per_gather = 0")  # as the API's connections
        for rid in ids:
            t0 = time.perf_counter()
            with conn.transaction():
                conn.execute("UPDATE reports SET status = %s, updated_at = now() WHERE id = %s AND city_id = 1",
                             (CYCLE[step % len(CYCLE)], rid))
            out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=2_000_000, help="synthetic h3_report_counts rows (~1M reports)")
    ap.add_argument("--reports", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    from datetime import UTC, datetime

    from tests.helpers import plant_reports

    before, now = trigger_function("0021"), trigger_function("0040")
    times: dict[str, list[float]] = {"0021 (before)": [], "0040 (now)": []}
    with services() as (db_url, _redis):
        with psycopg.connect(db_url, row_factory=dict_row) as conn:
            t0 = time.perf_counter()
            conn.execute(FILL, {"rows": args.rows})
            conn.commit()
            conn.autocommit = True
            conn.execute("VACUUM ANALYZE h3_report_counts")
            conn.autocommit = False
            planted = plant_reports(conn, [{"lng": 123.58 + 0.0005 * i, "lat": -10.17, "category": "sampah",
                                            "created": datetime.now(UTC)} for i in range(args.reports)])
            conn.commit()
            ids = [r["id"] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
            size = conn.execute("SELECT count(*) AS n, pg_total_relation_size('h3_report_counts') AS b"
                                " FROM h3_report_counts").fetchone()
            assert size is not None
            print(f"{size['n']:,} aggregate rows ({size['b'] / 1e6:.0f} MB), {planted} reports, "
                  f"loaded in {time.perf_counter() - t0:.0f} s", flush=True)
        step = 0
        for _ in range(args.rounds):
            for name, function in (("0021 (before)", before), ("0040 (now)", now)):
                times[name] += round_ms(db_url, function, ids, step)
                step += 1
    rows = [{"trigger": name, "changes": len(v), "median ms": f"{statistics.median(v):.2f}",
             "p95 ms": f"{statistics.quantiles(v, n=20)[18]:.2f}"} for name, v in times.items()]
    ratio = statistics.median(times["0021 (before)"]) / statistics.median(times["0040 (now)"])
    print(table(rows, ["trigger", "changes", "median ms", "p95 ms"]))
    print(f"ratio before/now (medians): {ratio:.1f}x")
    path = write_json("transitions", {"aggregate_rows": size["n"], "aggregate_bytes": size["b"],
                                      "reports": planted, "rounds": args.rounds, "results": rows,
                                      "ratio_median": round(ratio, 1), "ms": times})
    print(f"wrote {Path(path).relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
