"""/api/v1/stats at 10M reports: the rollup (migration 0013) against the full scan it replaced.

One durable PostGIS gets --reports synthetic reports spread over --years (default 10M over 5
years: 2M a year, a whole country's volume in one city's 51 kelurahan) with a realistic life
cycle: older reports mostly resolved or closed, the last weeks mostly open; first response and
resolution times log-normal; SLA times from the real categories. Rows are generated inside
PostgreSQL (INSERT ... SELECT), the GiST indexes are built after the load, both are irrelevant
to statistics. Then:
  - the first rollup (`sigap stats-refresh` on a database that never had one), and a steady-state
    refresh after one minute's worth of submissions and status changes;
  - HTTP p50/p95 of /api/v1/stats (one client; agency, kelurahan and category; all time, a year,
    30 days; one kecamatan's, one agency's, one category's and mixes of them),
    and the old full-scan statement, interleaved in rounds.
Prints a table and writes bench/out/stats.json.

    .venv/bin/python -m bench.stats --reports 10000000
"""
from __future__ import annotations

import argparse
import http.client
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import psycopg

from bench.common import OUT, api_server, pct, services, table, write_json
from geo import stats
from sigap_local.services import RedisServer, free_port

OLD_STATS = """
SELECT CASE WHEN %(group)s = 'agency' THEN a.code ELSE k.id::text END AS key,
       CASE WHEN %(group)s = 'agency' THEN a.name_id ELSE k.name END AS name, count(*) AS total,
       count(*) FILTER (WHERE r.status = 'submitted') AS submitted,
       count(*) FILTER (WHERE r.status = 'resolved') AS resolved,
       percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM r.first_response_at - r.created_at) / 3600.0) AS median_first_response_h,
       percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM r.resolved_at - r.created_at) / 3600.0) AS median_resolution_h,
       (count(*) FILTER (WHERE r.status NOT IN ('rejected','duplicate')
                           AND coalesce(r.resolved_at, now()) > r.due_at))::float8
         / nullif(count(*) FILTER (WHERE r.status NOT IN ('rejected','duplicate')), 0) AS sla_breach_rate
FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN kelurahan k ON k.id = r.public_kelurahan_id
GROUP BY 1, 2 ORDER BY 1
"""

# Synthetic reports, generated in the database: one kelurahan centre per report (statistics
# never look at the geometry), a category drawn uniformly, an age uniform over the years.
GENERATE = """
WITH kel AS (
    SELECT row_number() OVER (ORDER BY id) AS i, id, kecamatan_id, ST_PointOnSurface(geom) AS pt
    FROM kelurahan WHERE city_id = 1
), cat AS (
    -- no confidential category: their reports must be placed at an r8 centre (migration 0038
    -- refuses one at its exact point), and these rows have no places worth computing
    SELECT row_number() OVER (ORDER BY id) AS i, id, agency_id, sla_hours FROM categories
    WHERE city_id = 1 AND NOT confidential
), n AS (SELECT count(*) AS kels FROM kel), m AS (SELECT count(*) AS cats FROM cat),
g AS (
    SELECT s, 1 + floor(random() * n.kels)::int AS ki, 1 + floor(random() * m.cats)::int AS ci,
           random() * %(days)s AS age_d, random() AS u,
           exp(0.5 + 1.4 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS first_h,
           exp(3.0 + 1.3 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS done_h
    FROM generate_series(1, %(n)s) s, n, m
)
INSERT INTO reports (city_id, source, category_id, agency_id, kecamatan_id, kelurahan_id, public_kelurahan_id, status,
                     priority, description, geom, public_geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11,
                     created_at, updated_at, due_at, first_response_at, resolved_at)
SELECT 1, 'citizen', cat.id, cat.agency_id, kel.kecamatan_id, kel.id, kel.id, x.status, 'normal', '', kel.pt, kel.pt,
       0, 0, 0, 0, 0, 0, x.created, x.created, x.created + make_interval(hours => cat.sla_hours),
       CASE WHEN x.status <> 'submitted' THEN x.created + make_interval(secs => g.first_h * 3600) END,
       CASE WHEN x.status IN ('resolved', 'closed') THEN x.created + make_interval(secs => g.done_h * 3600) END
FROM g JOIN kel ON kel.i = g.ki JOIN cat ON cat.i = g.ci
CROSS JOIN LATERAL (SELECT now() - make_interval(secs => g.age_d * 86400) AS created,
    CASE WHEN g.age_d > 30 THEN (CASE WHEN g.u < 0.55 THEN 'closed' WHEN g.u < 0.80 THEN 'resolved'
                                      WHEN g.u < 0.88 THEN 'rejected' WHEN g.u < 0.92 THEN 'duplicate'
                                      WHEN g.u < 0.96 THEN 'in_progress' ELSE 'submitted' END)
         ELSE (CASE WHEN g.u < 0.30 THEN 'submitted' WHEN g.u < 0.45 THEN 'verified' WHEN g.u < 0.60 THEN 'assigned'
                    WHEN g.u < 0.70 THEN 'in_progress' WHEN g.u < 0.90 THEN 'resolved' ELSE 'rejected' END)
    END AS status) x
"""
GIST = ("reports_geom_gist", "reports_public_geom_gist", "reports_open_agency_geom")

URLS = {
    "agency, all time": "/api/v1/stats?group=agency",
    "kelurahan, all time": "/api/v1/stats?group=kelurahan",
    "agency, last 365 days": "/api/v1/stats?group=agency&since={year}",
    "kelurahan, last 30 days": "/api/v1/stats?group=kelurahan&since={month}",
    # part of the city, from the (kelurahan, agency) rows of migration 0032: a camat's, an agency admin's
    "agency, one kecamatan, all time": "/api/v1/stats?group=agency&kecamatan=Oebobo",
    "kelurahan, one kecamatan, last 365 days": "/api/v1/stats?group=kelurahan&kecamatan=Oebobo&since={year}",
    "kelurahan, one agency, all time": "/api/v1/stats?group=kelurahan&agency=DLH",
    "category, all time": "/api/v1/stats?group=category",
    "category, one kecamatan, last 365 days": "/api/v1/stats?group=category&kecamatan=Oebobo&since={year}",
    "kelurahan, one category, all time": "/api/v1/stats?group=kelurahan&category=sampah",
    "agency, one kelurahan and one category, last 30 days":
        "/api/v1/stats?group=agency&kelurahan=Oebobo&category=sampah&since={month}",
}


def load(db_url: str, n: int, years: float) -> float:
    t0 = time.perf_counter()
    with psycopg.connect(db_url, autocommit=True) as conn:
        defs = {r[0]: r[1] for r in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", (list(GIST),))}
        for name in defs:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("ALTER TABLE reports DISABLE TRIGGER reports_aggregates")
        conn.execute("SET max_parallel_workers_per_gather = 0")
        conn.execute("SELECT setseed(0.14)")
        step = 1_000_000
        for i in range(0, n, step):
            conn.execute(GENERATE, {"n": min(step, n - i), "days": years * 365})
            print(f"  {i + min(step, n - i)} reports", flush=True)
        for ddl in defs.values():
            conn.execute(ddl)
        conn.execute("ALTER TABLE reports ENABLE TRIGGER reports_aggregates")
        conn.execute("VACUUM ANALYZE reports")
    return time.perf_counter() - t0


def get(c: http.client.HTTPConnection, url: str) -> float:
    t0 = time.perf_counter()
    c.request("GET", url)
    r = c.getresponse()
    r.read()
    if r.status != 200:
        raise RuntimeError(f"{url}: HTTP {r.status}")
    return (time.perf_counter() - t0) * 1000


def steady_churn(db_url: str) -> None:
    """About a minute of a busy city: 100 new reports (today) and 300 status changes on
    reports from the last 60 days (these mark settled days dirty)."""
    with psycopg.connect(db_url) as conn:
        conn.execute(GENERATE.replace("random() * %(days)s", "0.0"), {"n": 100, "days": 0})
        conn.execute("UPDATE reports SET status = 'resolved', resolved_at = now() WHERE id IN ("
                     " SELECT id FROM reports WHERE status = 'in_progress' AND created_at > now() - interval '60 days'"
                     " ORDER BY random() LIMIT 300)")
        conn.commit()


@contextmanager
def existing_database(db_url: str) -> Iterator[tuple[str, str]]:
    """A database loaded earlier (e.g. by an interrupted run), with a fresh Redis."""
    with tempfile.TemporaryDirectory(prefix="sigap-bench-redis-") as tmp:
        rd = RedisServer(Path(tmp), port=free_port())
        rd.start(persist=False)
        try:
            yield db_url, rd.url
        finally:
            rd.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=10_000_000)
    ap.add_argument("--years", type=float, default=5)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the old full scan, interleaved")
    ap.add_argument("--db-url", help="measure a database loaded before (skips the load and first rollup)")
    args = ap.parse_args()
    rows: list[dict[str, object]] = []
    with existing_database(args.db_url) if args.db_url else services() as (db_url, redis_url):
        load_s = 0.0 if args.db_url else load(db_url, args.reports, args.years)
        print(f"{args.reports} reports loaded in {load_s:.0f} s", flush=True)
        timings: dict[str, tuple[float, dict[str, object]]] = {}
        with psycopg.connect(db_url) as conn:
            from psycopg.rows import dict_row
            conn.row_factory = dict_row  # type: ignore[assignment]
            # As the worker builds it: a year of days per run, each committed (one run for all of
            # 10M took 620 s, past the job's 600 s timeout); the longest run is what must fit.
            t0 = time.perf_counter()
            first = stats.refresh_all(conn, full_every=timedelta(0))
            timings["first rollup" if not args.db_url else "full refresh"] = (time.perf_counter() - t0, first)
            rollup_rows = {r["dim"]: r["n"] for r in conn.execute(  # type: ignore[call-overload, index]
                "SELECT dim, count(*) AS n FROM report_stats GROUP BY 1 ORDER BY 1")}
            steady_churn(db_url)
            t0 = time.perf_counter()
            steady = stats.refresh(conn)
            conn.commit()
            timings["steady refresh"] = (time.perf_counter() - t0, steady)
            steady_churn(db_url)  # the measured answers include dirty days and today's reports
            year = conn.execute("SELECT (now() - interval '365 days')::date AS d").fetchone()["d"]  # type: ignore[index]
            month = conn.execute("SELECT (now() - interval '30 days')::date AS d").fetchone()["d"]  # type: ignore[index]
        for what, (secs, done) in timings.items():
            print(f"{what}: {secs:.1f} s ({done})", flush=True)
        lat: dict[str, list[float]] = {k: [] for k in URLS}
        old: dict[str, list[float]] = {"agency": [], "kelurahan": []}
        with api_server(db_url, redis_url, log=OUT / "stats-server.log") as port, \
                psycopg.connect(db_url) as conn:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            for url in URLS.values():  # warm
                get(c, url.format(year=year, month=month))
            per_round = max(1, args.requests // args.rounds)
            for rnd in range(args.rounds):
                # gunicorn closes idle keep-alive connections after 2 s: a fresh one per round
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                for group in old:
                    t0 = time.perf_counter()
                    conn.execute(OLD_STATS, {"group": group}).fetchall()
                    old[group].append((time.perf_counter() - t0) * 1000)
                for _ in range(per_round):
                    for name, url in URLS.items():
                        lat[name].append(get(c, url.format(year=year, month=month)))
                print(f"  round {rnd + 1}: old agency {old['agency'][-1]:.0f} ms", flush=True)
        for name, values in lat.items():
            rows.append({"what": f"rollup: {name} (HTTP)", "n": len(values), "p50_ms": round(pct(values, 50), 1),
                         "p95_ms": round(pct(values, 95), 1)})
        for group, values in old.items():
            rows.append({"what": f"old full scan: {group} (SQL)", "n": len(values),
                         "p50_ms": round(pct(values, 50), 1), "p95_ms": round(pct(values, 95), 1)})
    print(table(rows, ["what", "n", "p50_ms", "p95_ms"]))
    summary = {"reports": args.reports, "years": args.years, "load_s": round(load_s), "rollup_rows": rollup_rows,
               "first_rollup_s": round(next(iter(timings.values()))[0], 1),
               "steady_refresh_s": round(timings["steady refresh"][0], 2),
               "steady_refresh": timings["steady refresh"][1], "rows": rows}
    print(f"wrote {write_json('stats', summary)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
