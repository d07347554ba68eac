"""Shared bench plumbing: a throwaway PostGIS + Redis + migrated, loaded database."""
from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from geo.migrations import upgrade
from geo.reference import load_reference
from geo.settings import REPO_ROOT, Settings
from sigap_local.services import PostgresCluster, RedisServer, free_port

OUT = REPO_ROOT / "bench" / "out"


@contextmanager
def services(*, redis_persist: bool = False) -> Iterator[tuple[str, str]]:
    """Durable (fsync on) PostGIS and Redis in a temp dir, migrated, Kupang loaded; Redis with
    append-only persistence as in production when asked (the ingest bench)."""
    with tempfile.TemporaryDirectory(prefix="sigap-bench-") as tmp:
        pg = PostgresCluster(Path(tmp) / "pg", port=free_port(), dbname="sigap_bench")
        rd = RedisServer(Path(tmp) / "redis", port=free_port())
        pg.start()
        rd.start(persist=redis_persist)
        try:
            with psycopg.connect(pg.url, row_factory=dict_row) as conn:
                upgrade(conn)
                load_reference(conn, Settings().reference_dir)
                conn.commit()
            yield pg.url, rd.url
        finally:
            rd.stop()
            pg.stop()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def write_json(name: str, data: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


def table(rows: list[dict], cols: list[str]) -> str:
    widths = [max(len(c), *(len(f"{r[c]}") for r in rows)) for c in cols]
    line = " | ".join(c.ljust(w) for c, w in zip(cols, widths))
    sep = "-+-".join("-" * w for w in widths)
    body = "\n".join(" | ".join(f"{r[c]}".ljust(w) for c, w in zip(cols, widths)) for r in rows)
    return f"{line}\n{sep}\n{body}"


@contextmanager
def api_server(db_url: str, redis_url: str, *, workers: int = 2, threads: int = 8,
               env: dict[str, str] | None = None, log: Path | None = None, root: Path = REPO_ROOT) -> Iterator[int]:
    """`sigap serve` (gunicorn) on a free loopback port, ready when this yields the port; `root`
    is the checkout it runs from (another one: an A/B against an older version of the code)."""
    port = free_port()
    if log:
        log.parent.mkdir(parents=True, exist_ok=True)  # bench/out is not in a fresh clone
    media = Path((env or {}).get("SIGAP_MEDIA_DIR") or tempfile.mkdtemp(prefix=f"sigap-bench-media-{port}-"))
    environ = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis_url, "SIGAP_PORT": str(port),
               "SIGAP_MEDIA_DIR": str(media), "SIGAP_POOL_MAX": str(threads + 2), **(env or {})}
    server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--workers", str(workers),
                               "--threads", str(threads)], env=environ, cwd=root,
                              stdout=subprocess.DEVNULL,
                              stderr=log.open("ab") if log else subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(20)
        shutil.rmtree(media, ignore_errors=True)


@contextmanager
def relay_process(db_url: str, redis_url: str) -> Iterator[None]:
    """`sigap relay` beside the server, as every worker runs one: jobs reach Redis during the
    run, on the same 2 cores (its CPU is part of what a submission costs)."""
    environ = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis_url}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "relay"], env=environ, cwd=REPO_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(20)


@contextmanager
def rq_workers(db_url: str, redis_url: str, plain: int, vision: int, env: dict[str, str]) -> Iterator[None]:
    """`sigap worker` (dispatch etc.; each also runs the outbox relay) and `sigap worker --vision`
    (photos: people detected with the real model and blurred) processes, as a deployment runs
    them beside the API, on the same cores."""
    environ = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis_url, **env}
    commands = [["worker"]] * plain + [["worker", "--vision"]] * vision
    procs = [subprocess.Popen([sys.executable, "-m", "api.cli", *cmd], env=environ, cwd=REPO_ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for cmd in commands]
    try:
        yield
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)


def jobs_handed_over(db_url: str, redis_url: str, wait_s: float = 30.0) -> tuple[int, int, int]:
    """(job rows, rows still pending, jobs in the RQ queue) once the relay has caught up."""
    from redis import Redis

    deadline = time.monotonic() + wait_s
    with psycopg.connect(db_url, autocommit=True) as conn:
        while True:
            rows, pending = conn.execute(  # type: ignore[misc]
                "SELECT count(*), count(*) FILTER (WHERE enqueued_at IS NULL) FROM job_outbox").fetchone()
            if not pending or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    name = Settings().queue_name
    queued = sum(Redis.from_url(redis_url).llen(f"rq:queue:{q}") for q in (name, f"{name}-vision"))
    return rows, pending, queued


def citizen_tokens(db_url: str, port: int, n: int, prefix: str = "c") -> list[str]:
    """n citizen accounts, each logged in through the API."""
    from geo.accounts import create_user

    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        for i in range(n):
            create_user(conn, password="bench-pass-1", email=f"{prefix}{i}@bench.id")
        conn.commit()
    tokens = []
    for i in range(n):
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request("POST", "/api/v1/auth/login", body=json.dumps(
            {"login": f"{prefix}{i}@bench.id", "password": "bench-pass-1"}), headers={"Content-Type": "application/json"})
        tokens.append(json.loads(c.getresponse().read())["token"])
    return tokens


def run_clients(target: Callable[..., None], arg_lists: list[tuple[Any, ...]]) -> tuple[float, float]:
    """One thread per client, all started together; returns (wall seconds, load-generator CPU s)."""
    t0, cpu0 = time.monotonic(), time.process_time()
    threads = [threading.Thread(target=target, args=a) for a in arg_lists]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - t0, time.process_time() - cpu0


def machine_cpu() -> tuple[float, float]:
    """(busy CPU seconds, stolen CPU seconds) of the whole machine so far, from /proc/stat.

    Busy time per accepted request is a steadier yardstick than requests/s on a shared VM:
    steal (the hypervisor running someone else) slows a run without costing it CPU."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    hz = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / hz, steal / hz


def cpu_probe_ms() -> float:
    """Milliseconds of CPU a fixed pure-Python loop takes now (~150 ms on this machine at its
    usual speed). The 2-core VM's speed drifts up to 2x from minute to minute; printed next to
    each result, this says what the machine was like while the run ran."""
    start = time.process_time()
    total = 0
    for i in range(1_500_000):
        total += i * i
    return round((time.process_time() - start) * 1000, 1)
