"""Tile throughput with and without a streaming read replica, interleaved in one run.

A fresh durable PostGIS gets --reports synthetic reports (bench.tiles.load_reports), a replica
is made with pg_basebackup (streaming, hot standby) and waits until it has replayed everything;
two `sigap serve` processes render tiles with the Redis cache off (the render path is what a
replica takes over): A on the primary only, B with DATABASE_READ_URL pointing at the replica.
Rounds alternate A, B, A, B at --concurrency clients over the zooms' tile sets. On one machine
both databases share the same cores, so this shows the cost of the replica path (one replay-
position query per rendered tile) rather than the gain; the gain needs the replica on its own
machine. Prints a table and writes bench/out/replica.json.

    .venv/bin/python -m bench.replica --reports 200000
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from bench.common import api_server, services, table, write_json
from bench.tiles import http_fn, load_reports, run_load, tile_set
from sigap_local.services import PostgresCluster, free_port


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=200_000)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--zooms", default="12,14")
    args = ap.parse_args()
    zooms = [int(z) for z in args.zooms.split(",")]
    rows: list[dict[str, object]] = []
    with services() as (db_url, redis_url), tempfile.TemporaryDirectory(prefix="sigap-replica-") as tmp:
        load_reports(db_url, args.reports)
        info = conninfo_to_dict(db_url)
        primary = PostgresCluster(Path(tmp) / "unused", int(info["port"]), info["user"], info["dbname"])
        t0 = time.perf_counter()
        replica = primary.make_replica(Path(tmp) / "replica" / "pg", free_port())
        made_s = time.perf_counter() - t0
        try:
            with psycopg.connect(replica.url, autocommit=True) as r:
                with psycopg.connect(db_url, autocommit=True) as p:
                    target = p.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]  # type: ignore[index]
                while not r.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)).fetchone()[0]:  # type: ignore[index]
                    time.sleep(0.1)
            env = {"SIGAP_TILE_CACHE": "0", "SIGAP_TILE_POINTS_FROM_ZOOM": "14"}
            with api_server(db_url, redis_url, env=env) as port_a, \
                    api_server(db_url, redis_url, env={**env, "DATABASE_READ_URL": replica.url}) as port_b:
                for z in zooms:
                    tiles = tile_set(z, 100)
                    for port in (port_a, port_b):  # warm both
                        run_load(http_fn(port, "reports"), tiles, args.concurrency, len(tiles))
                    for rnd in range(args.rounds):
                        for mode, port in (("primary only", port_a), ("with replica", port_b)):
                            res = run_load(http_fn(port, "reports"), tiles, args.concurrency, args.requests)
                            rows.append({"zoom": z, "mode": mode, "round": rnd + 1, **res})
        finally:
            replica.stop("fast")
    summary = []
    for z in zooms:
        for mode in ("primary only", "with replica"):
            rs = [r for r in rows if r["zoom"] == z and r["mode"] == mode]
            summary.append({"zoom": z, "mode": mode, "tiles_per_s": statistics.median(r["tiles_per_s"] for r in rs),
                            "p50_ms": statistics.median(r["p50_ms"] for r in rs),
                            "p95_ms": statistics.median(r["p95_ms"] for r in rs)})
    for z in zooms:
        a, b = (next(s for s in summary if s["zoom"] == z and s["mode"] == m) for m in ("primary only", "with replica"))
        b["ratio"] = round(float(b["tiles_per_s"]) / float(a["tiles_per_s"]), 2)  # type: ignore[arg-type]
        a["ratio"] = 1.0
    print(table(summary, ["zoom", "mode", "tiles_per_s", "p50_ms", "p95_ms", "ratio"]))
    print(f"\nreplica made by pg_basebackup in {made_s:.1f} s for {args.reports} reports")
    print(write_json("replica", {"reports": args.reports, "concurrency": args.concurrency, "rounds": rows,
                                 "summary": summary, "basebackup_s": round(made_s, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
