"""Nearest-responder and nearest-task queries over 10k responders and 1M reports, and
dispatch throughput through real RQ workers.

    .venv/bin/python -m bench.nearest --reports 1000000 --responders 10000
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime

import psycopg
from psycopg.rows import dict_row
from redis import Redis

from bench.common import pct, services, table, write_json
from bench.tiles import load_reports
from geo import dispatch
from geo.accounts import User
from geo.settings import REPO_ROOT, Settings
from workers.jobs import dispatch_report
from workers.run import queue


def load_responders(db_url: str, n: int, city: str = "kupang") -> None:
    """n on-shift responders of one city, spread over its extent, agencies in turn."""
    now = datetime.now(UTC)
    with psycopg.connect(db_url) as conn:
        city_id, bbox = conn.execute("SELECT id, bbox FROM cities WHERE slug = %s", (city,)).fetchone()  # type: ignore[misc]
        agencies = [r[0] for r in conn.execute("SELECT id FROM agencies WHERE city_id = %s ORDER BY id", (city_id,))]
        with conn.cursor().copy("COPY users (email, password_hash, full_name, role) FROM STDIN") as cp:
            for i in range(n):
                cp.write_row((f"r{i}@{city}.bench.id", "x", f"Petugas {i}", "responder"))
        conn.execute("""
            INSERT INTO staff (city_id, user_id, agency_id)
            SELECT %(city)s, u.id, (%(agencies)s::int[])[1 + (u.id %% cardinality(%(agencies)s::int[]))]
            FROM users u WHERE u.role = 'responder' AND u.email LIKE %(like)s""",
                     {"city": city_id, "agencies": agencies, "like": f"%@{city}.bench.id"})
        conn.execute("""
            INSERT INTO responders (user_id, city_id, agency_id, team, status, geom, accuracy_m, location_at)
            SELECT s.user_id, s.city_id, s.agency_id, 'tim ' || (s.user_id %% 20),
                   (ARRAY['available','available','busy','off'])[1 + (s.user_id %% 4)],
                   ST_SetSRID(ST_MakePoint(%(x0)s + random() * (%(x1)s - %(x0)s),
                                           %(y0)s + random() * (%(y1)s - %(y0)s)), 4326),
                   10, %(now)s - make_interval(secs => random() * 1200)
            FROM staff s WHERE s.city_id = %(city)s
              AND NOT EXISTS (SELECT 1 FROM responders r WHERE r.user_id = s.user_id)""",
                     {"city": city_id, "now": now, "x0": bbox[0], "y0": bbox[1], "x1": bbox[2], "y1": bbox[3]})
        conn.commit()
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE responders")


def time_queries(db_url: str, settings: Settings, n: int) -> list[dict[str, object]]:
    rnd = random.Random(9)
    rows = []
    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        conn.execute("SET jit = off")  # as the application's pools do
        ids = [(r["id"], r["city_id"]) for r in conn.execute(
            "SELECT id, city_id FROM reports TABLESAMPLE SYSTEM (1) LIMIT %s", (n,))]
        agencies = [(r["id"], r["city_id"]) for r in conn.execute("SELECT id, city_id FROM agencies")]
        for name, fn in [
            ("nearest responders (k=5)", lambda i: dispatch.nearest_responders(conn, settings, *ids[i % len(ids)], k=5)),
            ("nearest tasks (20)", lambda i: dispatch.nearest_tasks(
                conn, User(1, "responder", agencies[i % len(agencies)][0], cities=(agencies[i % len(agencies)][1],)),
                123.53 + rnd.random() * 0.15, -10.29 + rnd.random() * 0.16, limit=20)),
        ]:
            for i in range(20):
                fn(i)  # warm up
            lat = []
            for i in range(n):
                t0 = time.perf_counter()
                out = fn(i)
                lat.append((time.perf_counter() - t0) * 1000)
                assert out is not None
            conn.rollback()
            rows.append({"query": name, "n": n, "p50_ms": round(pct(lat, 50), 2), "p95_ms": round(pct(lat, 95), 2),
                         "p99_ms": round(pct(lat, 99), 2)})
    return rows


def dispatch_throughput(db_url: str, redis_url: str, jobs: int, workers: int) -> dict[str, object]:
    settings = Settings(database_url=db_url, redis_url=redis_url)
    redis = Redis.from_url(redis_url)
    redis.flushdb()
    with psycopg.connect(db_url) as conn:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM reports WHERE status = 'submitted' ORDER BY random() LIMIT %s", (jobs,))]
    q = queue(settings, redis)
    for rid in ids:
        q.enqueue(dispatch_report, rid, job_timeout=30)
    env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis_url}
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "api.cli", "worker", "--burst"], env=env, cwd=REPO_ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    for p in procs:
        p.wait()
    elapsed = time.perf_counter() - t0
    with psycopg.connect(db_url) as conn:
        offered = conn.execute("SELECT count(DISTINCT report_id) FROM assignments WHERE report_id = ANY(%s)",
                               (ids,)).fetchone()[0]  # type: ignore[index]
        doubles = conn.execute("SELECT count(*) FROM (SELECT report_id FROM assignments WHERE status IN"
                               " ('offered','accepted') GROUP BY 1 HAVING count(*) > 1) d").fetchone()[0]  # type: ignore[index]
    return {"jobs": jobs, "workers": workers, "seconds": round(elapsed, 1),
            "jobs_per_s": round(jobs / elapsed, 1), "reports_offered": offered, "double_offers": doubles,
            "failed": len(q.failed_job_registry)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--responders", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with services() as (db_url, redis_url):
        load_reports(db_url, args.reports)
        load_responders(db_url, args.responders)
        settings = Settings(database_url=db_url, redis_url=redis_url, responder_stale_s=900)
        qrows = time_queries(db_url, settings, args.queries)
        print(table(qrows, ["query", "n", "p50_ms", "p95_ms", "p99_ms"]), flush=True)
        d = dispatch_throughput(db_url, redis_url, args.jobs, args.workers)
        print(table([d], list(d)))
    path = write_json("nearest", {"reports": args.reports, "responders": args.responders, "queries": qrows,
                                  "dispatch": d})
    print(f"wrote {path}")
    return 0 if d["double_offers"] == 0 and d["failed"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
