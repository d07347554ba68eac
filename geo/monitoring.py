"""What an operator's monitoring asks of the database (served as Prometheus metrics by
api/metrics.py): the job outbox backlog and reports per city and status, both cheap at 10M reports."""
from __future__ import annotations

from dataclasses import dataclass

from geo.db import Conn, query


@dataclass(frozen=True)
class Snapshot:
    outbox_pending: int        # job rows not yet handed to Redis
    outbox_oldest_s: float     # age of the oldest of them (0 when none): the relay's lag
    reports_by_city: dict[str, dict[str, int]]  # city slug -> status -> reports


def snapshot(conn: Conn) -> Snapshot:
    row = conn.execute(query("metrics_snapshot")).fetchone()
    assert row is not None
    return Snapshot(int(row["outbox_pending"]), float(row["outbox_oldest_s"]),
                    {city: {k: int(v) for k, v in by.items()} for city, by in row["reports_by_city"].items()})
