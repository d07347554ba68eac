"""How long the planners' analysis job takes, and how much memory it needs, on a realistic city:
every hot spot run (all categories together and each category; 3 and 12 months; r8 and r9)
and every emerging hot spot run, as the scheduled job does them.

Against an existing database (--db-url, e.g. the 1M-report tile bench database; migrated here
first) or a fresh one with --reports synthetic reports (bench.tiles.load_reports: clustered
around kelurahan centres over a year). Prints a table and writes bench/out/analytics.json.

    .venv/bin/python -m bench.analytics --db-url postgresql://sigap@127.0.0.1:55432/sigap_bench
"""
from __future__ import annotations

import argparse
import resource
import time
from contextlib import nullcontext

import psycopg
from psycopg.rows import dict_row

from bench.common import services, table, write_json
from geo import analytics
from geo.db import query
from geo.migrations import upgrade
from geo.settings import Settings


def measure(db_url: str, permutations: int) -> dict[str, object]:
    settings = Settings(database_url=db_url, hotspot_permutations=permutations)
    rows: list[dict[str, object]] = []
    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        upgrade(conn)
        conn.commit()
        reports = conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"]  # type: ignore[index]
        categories = [r["code"] for r in conn.execute(query("list_categories"))]
        for category in ["", *categories]:
            for period in analytics.PERIODS:
                for res in analytics.RESOLUTIONS:
                    t0 = time.perf_counter()
                    done = analytics.hotspots(conn, settings, category, period, res)
                    rows.append({"kind": "hotspots", "category": category or "(all)", "period": period, "res": res,
                                 "cells": done["cells"], "hot": done["hot"], "cold": done["cold"],
                                 "s": round(time.perf_counter() - t0, 2)})
            t0 = time.perf_counter()
            found = analytics.emerging(conn, settings, category)
            rows.append({"kind": "emerging", "category": category or "(all)", "period": f"{settings.emerging_months}m",
                         "res": analytics.EMERGING_RES, "cells": sum(found.values()),
                         "hot": sum(n for p, n in found.items() if p.endswith("_hot")),
                         "cold": sum(n for p, n in found.items() if p.endswith("_cold")),
                         "s": round(time.perf_counter() - t0, 2)})
        conn.commit()
    return {"reports": reports, "permutations": permutations, "runs": rows,
            "total_s": round(sum(float(r["s"]) for r in rows), 1),  # type: ignore[arg-type]
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db-url", help="an existing database (default: a fresh one with --reports)")
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--permutations", type=int, default=Settings().hotspot_permutations)
    args = ap.parse_args()
    with (nullcontext((args.db_url, "")) if args.db_url else services()) as (db_url, _):
        if not args.db_url:
            from bench.tiles import load_reports
            load_reports(db_url, args.reports)
        result = measure(db_url, args.permutations)
    print(table(result["runs"], ["kind", "category", "period", "res", "cells", "hot", "cold", "s"]))  # type: ignore[arg-type]
    print(f"\n{result['reports']} reports, {result['permutations']} permutations: whole job {result['total_s']} s, "
          f"peak memory {result['max_rss_mb']} MB")
    print(write_json("analytics", result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
