"""Jobs as rows: services record the background work a change needs in the caller's
transaction, so the job exists exactly when the change does; the relay (workers/relay.py),
woken by the commit, pushes it to Redis."""
from __future__ import annotations

from psycopg.types.json import Jsonb

from geo.db import Conn, one, query


def add(conn: Conn, job: str, *args: object, delay_s: int = 0) -> int:
    row = one(conn.execute(query("outbox_add"), {"job": job, "args": Jsonb(list(args)), "delay_s": delay_s}))
    return int(row["id"])


def pending_count(conn: Conn) -> int:
    return int(one(conn.execute(query("outbox_pending_count")))["n"])
