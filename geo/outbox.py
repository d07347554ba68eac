"""Jobs as rows: services record the background work a change needs in the caller's
transaction, so the job exists exactly when the change does (workers/relay.py pushes)."""
from __future__ import annotations

import weakref

import psycopg
from psycopg.types.json import Jsonb

from geo.db import query

# Rows added through each connection since the last take(): the entrypoint that owns the
# transaction takes them just before committing and pushes them right after.
_added: "weakref.WeakKeyDictionary[psycopg.Connection, list[int]]" = weakref.WeakKeyDictionary()


def add(conn: psycopg.Connection, job: str, *args: object, delay_s: int = 0) -> int:
    row = conn.execute(query("outbox_add"), {"job": job, "args": Jsonb(list(args)), "delay_s": delay_s}).fetchone()
    job_id = int(row["id"])  # type: ignore[index]
    _added.setdefault(conn, []).append(job_id)
    return job_id


def record(conn: psycopg.Connection, job_ids: list[int]) -> None:
    """Outbox rows a statement of its own added (e.g. insert_report, with the report)."""
    _added.setdefault(conn, []).extend(int(i) for i in job_ids)


def take(conn: psycopg.Connection) -> list[int]:
    """The outbox rows this connection's transaction added (and forget them)."""
    return _added.pop(conn, [])


def pending_count(conn: psycopg.Connection) -> int:
    row = conn.execute("SELECT count(*) AS n FROM job_outbox WHERE enqueued_at IS NULL").fetchone()
    return int(row["n"])  # type: ignore[index]
