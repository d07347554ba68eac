"""Reads from the streaming replica (DATABASE_READ_URL), with the primary as the fallback.

Anonymous lists, OGC items and exports read from the replica; a signed-in caller reads from the
primary (what they just changed is what they see). Tiles take a replica connection here and
tiles/service.py decides per tile whether the replica has replayed far enough. A replica that
cannot be reached is remembered as down for a while: reads go to the primary at once instead
of each waiting for the replica's pool, and the primary is not marked down for it.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from flask import current_app, request
from psycopg_pool import ConnectionPool, PoolTimeout

from api.deps import pool, settings, transaction
from geo.db import Conn

log = logging.getLogger("sigap.api")
_DOWN_KEY = "sigap.replica_down_at"
DOWN_MEMORY_S = 30.0


def _up() -> bool:
    at = current_app.extensions.get(_DOWN_KEY)
    return at is None or time.monotonic() - at >= DOWN_MEMORY_S


def _mark_down(exc: Exception) -> None:
    log.warning("read replica unavailable, reading from the primary for %.0f s: %s", DOWN_MEMORY_S, exc)
    current_app.extensions[_DOWN_KEY] = time.monotonic()


def _take(replica_pool: ConnectionPool[Conn] | None) -> Conn | None:
    """A replica connection, or None (no replica, or it is down: the caller uses the primary)."""
    if replica_pool is None or not _up():
        return None
    try:
        return replica_pool.getconn(timeout=settings().pool_fail_fast_s)
    except (PoolTimeout, psycopg.OperationalError) as exc:
        _mark_down(exc)
        return None


@contextmanager
def _using(replica_pool: ConnectionPool[Conn], conn: Conn) -> Iterator[Conn]:
    try:
        yield conn
        if not conn.autocommit:
            conn.commit()  # end the read transaction before the pool takes it back
    except psycopg.OperationalError as exc:
        _mark_down(exc)
        raise
    finally:
        if not conn.closed and not conn.autocommit:
            conn.rollback()
        replica_pool.putconn(conn)


def read_pool() -> ConnectionPool[Conn]:
    """The pool an anonymous streamed read (an export) uses: the replica's while it is up."""
    replica_pool = current_app.extensions.get("sigap.read_pool")
    if replica_pool is None or request.headers.get("Authorization") or not _up():
        return pool()
    return replica_pool


@contextmanager
def replica() -> Iterator[Conn]:
    """A connection for a public read (lists, OGC): the replica's, in a transaction of its own
    that ends with the block; the request's own on the primary without a replica, while it is
    down, or for a signed-in caller."""
    replica_pool = None if request.headers.get("Authorization") else current_app.extensions.get("sigap.read_pool")
    conn = _take(replica_pool)
    if conn is None or replica_pool is None:
        with transaction() as primary:
            yield primary
        return
    with _using(replica_pool, conn) as c:
        yield c


@contextmanager
def tile_connection() -> Iterator[Conn]:
    """A tile connection: the replica's tile pool while it is up, else the primary's."""
    ext = current_app.extensions
    if "sigap.primary_tile_pool" not in ext:  # no replica: the one tile pool is the primary's
        with ext["sigap.tile_pool"].connection() as conn:
            yield conn
        return
    conn = _take(ext["sigap.tile_pool"])
    if conn is None:
        with ext["sigap.primary_tile_pool"].connection() as primary:
            yield primary
        return
    with _using(ext["sigap.tile_pool"], conn) as c:
        yield c


@contextmanager
def primary_tile_connection() -> Iterator[Conn]:
    with current_app.extensions["sigap.primary_tile_pool"].connection() as conn:
        yield conn
