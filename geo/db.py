"""Database access: one psycopg 3 pool per process and named SQL loaded once.

Services take a connection from the caller (the caller owns the transaction,
as in cosmicpython); SQL text lives in sql/queries/*.sql, never in Python.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

import psycopg
from psycopg.rows import DictRow, dict_row
from psycopg_pool import ConnectionPool

from geo.errors import ServiceUnavailable
from geo.settings import REPO_ROOT, SettingError, Settings

QUERY_DIR = REPO_ROOT / "sql" / "queries"

# Every connection the services see returns rows as dicts.
Conn: TypeAlias = psycopg.Connection[DictRow]
Row = TypeVar("Row")


@lru_cache(maxsize=1)
def _all_queries() -> dict[str, str]:
    return {p.stem: _without_comment_lines(p.read_text()) for p in sorted(QUERY_DIR.glob("*.sql"))}


def _without_comment_lines(text: str) -> str:
    """Drop whole-line `--` comments: the files explain themselves to readers, but psycopg parses
    a statement longer than 4 KB again on every execute (its parsed-query cache skips them), which
    cost the busiest tile statement ~0.2 ms a tile. Trailing comments and strings are untouched."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--")) + "\n"


def query(name: str) -> str:
    """The text of sql/queries/<name>.sql (loaded once per process)."""
    try:
        return _all_queries()[name]
    except KeyError:
        raise KeyError(f"no named query {name!r} in {QUERY_DIR}") from None


def one(cur: psycopg.Cursor[Row]) -> Row:
    """The row of a statement that always returns one (INSERT … RETURNING, an aggregate): no
    None to check at every call, and a clear error if the SQL is ever changed to return none."""
    row = cur.fetchone()
    if row is None:
        raise LookupError("the statement returned no row")
    return row


def connect(settings: Settings, **kwargs: Any) -> Conn:
    """A single connection with dict rows, for CLI commands and workers."""
    try:
        conn = psycopg.connect(settings.database_url, row_factory=dict_row, **kwargs)
        conn.execute("SET jit = off")
        conn.commit()
        return conn
    except psycopg.OperationalError as exc:
        raise ServiceUnavailable(
            "Basis data tidak dapat dihubungi.",
            "The database cannot be reached.",
            code="database_unavailable",
        ) from exc
    except psycopg.ProgrammingError as exc:  # not an address at all ("notaurl"): a traceback before
        raise SettingError(f"DATABASE_URL bukan alamat PostgreSQL yang sah / is not a valid PostgreSQL address ({exc})") from None


_kept: dict[tuple[int, str], Conn] = {}


@contextmanager
def kept(settings: Settings) -> Iterator[Conn]:
    """A connection kept for the next unit of work of this process, used like `with connect(…)`
    (commit on success, rollback on error). A vision worker runs every job in one process, and a
    new connection for each step of each camera frame cost a backend start and cold caches every
    time. A broken one is replaced on the next use; keyed by process, so a forked child never
    uses its parent's socket."""
    key = (os.getpid(), settings.database_url)
    conn = _kept.get(key)
    if conn is None or conn.closed or conn.broken:
        conn = _kept[key] = connect(settings)
    try:
        yield conn
    except BaseException:
        try:
            conn.rollback()
        except psycopg.Error:
            pass  # broken: replaced next time
        raise
    conn.commit()


def make_pool(settings: Settings, *, configure_tiles: bool = False, replica: bool = False) -> ConnectionPool[Conn]:
    """A pool with dict rows. Tile pools disable parallel plans (~20 ms each here) and
    generic plans: a tile's selectivity depends on its envelope, and a cached generic
    plan made one z12 tile 33x slower (870 ms vs 26 ms) once psycopg auto-prepared it.
    Tile connections run in autocommit and are not checked when taken: a tile is one
    read-only statement, and the BEGIN/COMMIT and the check were two more round trips per
    tile (~1 ms of a 3-10 ms z14-z16 tile); tiles/service.py retries once on a connection
    that died (a database restart) instead."""

    def configure(conn: Conn) -> None:
        # JIT compiles for ~30 ms when big tables make cost estimates high: always a loss
        # for our millisecond queries.
        conn.execute("SET jit = off")
        conn.commit()
        if configure_tiles:
            conn.execute("SET max_parallel_workers_per_gather = 0")
            conn.execute("SET plan_cache_mode = force_custom_plan")
            conn.commit()
            conn.autocommit = True

    return ConnectionPool[Conn](
        (settings.database_read_url or settings.database_url) if replica else settings.database_url,
        min_size=settings.pool_min,
        max_size=settings.pool_max,
        configure=configure,
        check=None if configure_tiles else ConnectionPool.check_connection,
        # an unreachable host must not hang a reconnection attempt
        kwargs={"connect_timeout": 3, "row_factory": dict_row},
        open=True,
        timeout=settings.pool_timeout_s,
    )


def lsn(conn: Conn, name: str) -> int | None:
    """A WAL position as bytes from the start: the primary's insert position
    (primary_wal_lsn) or a replica's replay position (replica_replay_lsn; None on a primary)."""
    row = conn.execute(query(name)).fetchone()
    return None if row is None or row["lsn"] is None else int(row["lsn"])


def wal_position(conn: Conn, settings: Settings) -> int:
    """The primary's WAL position to record with a tile invalidation, read after the change
    committed: a read replica must have replayed this far before its tiles may be cached.
    Without a replica nothing reads it, so no query (0)."""
    return (lsn(conn, "primary_wal_lsn") or 0) if settings.database_read_url else 0


def migration_files(directory: Path | None = None) -> list[Path]:
    """Numbered migrations in order: sql/migrations/0001_name.sql, 0002_…"""
    directory = directory or REPO_ROOT / "sql" / "migrations"
    return sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql"))
