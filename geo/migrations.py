"""Apply numbered SQL migrations exactly once each, recorded in schema_migrations.

An advisory lock makes concurrent `sigap db upgrade` runs (api + worker starting
together) safe: the second waits, then finds nothing left to do. A migration that needs Python
(H3 is computed here, not in PostgreSQL) names a step in STEPS, run after its SQL in the same
transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from geo.db import Conn, migration_files, one

_LOCK_KEY = 7_412_001  # arbitrary, fixed: "SIGAP migrations"


def _cells_hold_their_points(conn: Conn) -> None:
    from geo.reindex import cells_hold_their_points

    cells_hold_their_points(conn)


def _duplicates_follow_confidential(conn: Conn) -> None:
    from geo.recategorize import duplicates_follow_confidential

    duplicates_follow_confidential(conn)


STEPS: dict[int, Callable[[Conn], None]] = {43: _cells_hold_their_points, 57: _duplicates_follow_confidential}


def upgrade(conn: Conn, *, files: list[Path] | None = None,
            on_apply: Callable[[str], None] | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction. Returns applied names."""
    files = files if files is not None else migration_files()
    applied_now: list[str] = []
    conn.autocommit = True
    conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {r["version"] if isinstance(r, dict) else r[0]
                for r in conn.execute("SELECT version FROM schema_migrations").fetchall()}
        for path in files:
            version = int(path.name[:4])
            if version in done:
                continue
            with conn.transaction():
                conn.execute(path.read_text())
                if version in STEPS:
                    STEPS[version](conn)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (version, path.stem),
                )
            applied_now.append(path.stem)
            if on_apply:
                on_apply(path.stem)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
        conn.autocommit = False
    return applied_now


def status(conn: Conn, files: list[Path] | None = None) -> tuple[int, list[str]]:
    """The schema version and the migrations `upgrade` would apply now, in order (all of them on
    an empty database): a deployer sees what an upgrade will do before taking a backup."""
    files = files if files is not None else migration_files()
    made = one(conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL AS made"))
    if not (made["made"] if isinstance(made, dict) else made[0]):
        return 0, [p.stem for p in files]
    done = {r["version"] if isinstance(r, dict) else r[0]
            for r in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    return max(done, default=0), [p.stem for p in files if int(p.name[:4]) not in done]


def current_version(conn: Conn) -> int:
    """Highest applied migration number, 0 on an empty database."""
    row = one(conn.execute("SELECT coalesce(max(version), 0) AS v FROM schema_migrations"))
    return int(row["v"] if isinstance(row, dict) else row[0])
