"""Shared bench plumbing: a throwaway PostGIS + Redis + migrated, loaded database."""
from __future__ import annotations

import json
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from geo.migrations import upgrade
from geo.reference import load_reference
from geo.settings import REPO_ROOT, Settings
from sigap_local.services import PostgresCluster, RedisServer, free_port

OUT = REPO_ROOT / "bench" / "out"


@contextmanager
def services() -> Iterator[tuple[str, str]]:
    """Durable (fsync on) PostGIS and Redis in a temp dir, migrated, Kupang loaded."""
    with tempfile.TemporaryDirectory(prefix="sigap-bench-") as tmp:
        pg = PostgresCluster(Path(tmp) / "pg", port=free_port(), dbname="sigap_bench")
        rd = RedisServer(Path(tmp) / "redis", port=free_port())
        pg.start()
        rd.start(persist=False)
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


def write_json(name: str, data: dict) -> Path:  # type: ignore[type-arg]
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


def table(rows: list[dict], cols: list[str]) -> str:  # type: ignore[type-arg]
    widths = [max(len(c), *(len(f"{r[c]}") for r in rows)) for c in cols]
    line = " | ".join(c.ljust(w) for c, w in zip(cols, widths))
    sep = "-+-".join("-" * w for w in widths)
    body = "\n".join(" | ".join(f"{r[c]}".ljust(w) for c, w in zip(cols, widths)) for r in rows)
    return f"{line}\n{sep}\n{body}"
