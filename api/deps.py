"""Per-request access to settings and the database: one pooled connection per request.

The connection is taken from the pool on first use and given back when the request ends, so
a request pays for one pool check, not one per block. `transaction()` blocks commit on
success and roll back on error; `read()` runs in whatever transaction is open without
committing, so e.g. the bearer-token lookup rides in the request's own transaction instead
of a BEGIN/SELECT/COMMIT of its own.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from flask import Flask, current_app, g
from psycopg_pool import ConnectionPool, PoolTimeout

from api.observe import request_id
from geo.db import Conn, connect, query
from geo.errors import ServiceUnavailable, SigapError
from geo.settings import Settings


def settings() -> Settings:
    return current_app.extensions["sigap.settings"]


def pool() -> ConnectionPool[Conn]:
    return current_app.extensions["sigap.pool"]


_DOWN_KEY = "sigap.db_down_at"
_DOWN_MEMORY_S = 30.0
RETRY_AFTER_S = 2  # what a 503 database_unavailable tells the caller


def mark_database_down() -> None:
    """Remember a failure: for a while, requests wait only `pool_fail_fast_s` for a pooled
    connection (not `pool_timeout_s`), so callers hear 503 at once during an outage."""
    current_app.extensions[_DOWN_KEY] = time.monotonic()


def _recently_down() -> bool:
    at = current_app.extensions.get(_DOWN_KEY)
    return at is not None and time.monotonic() - at < _DOWN_MEMORY_S


def _unavailable(exc: Exception) -> ServiceUnavailable:
    mark_database_down()
    err = ServiceUnavailable("Basis data sedang sibuk atau tidak dapat dihubungi.",
                             "The database is busy or unreachable.", code="database_unavailable",
                             details={"retry_after_s": RETRY_AFTER_S})
    err.__cause__ = exc
    return err


def _connection() -> Conn:
    if "sigap_conn" not in g:
        conn = _acquire()
        # Job rows this request writes carry its id (job_outbox.request_id's default).
        conn.execute(query("set_request_id"), {"request_id": request_id()})
    return g.sigap_conn


def _acquire() -> Conn:
    if "sigap_conn" not in g:
        s = settings()
        if not _recently_down():
            try:
                g.sigap_conn = pool().getconn()
            except PoolTimeout as exc:
                raise _unavailable(exc) from exc
            return g.sigap_conn
        try:  # after an outage: a short wait for the pool, which reconnects with backoff ...
            g.sigap_conn = pool().getconn(timeout=s.pool_fail_fast_s)
            current_app.extensions.pop(_DOWN_KEY, None)  # the pool has connections again
        except PoolTimeout as exc:
            # ... and one direct try, so service resumes with the first request after the
            # database is back instead of when the pool's backoff next wakes up.
            try:
                g.sigap_conn = connect(s, connect_timeout=2)
                g.sigap_own_conn = True
            except ServiceUnavailable:
                raise _unavailable(exc) from exc
    return g.sigap_conn


@contextmanager
def read() -> Iterator[Conn]:
    """The request's connection, inside its current transaction (nothing is committed here)."""
    yield _connection()


@contextmanager
def transaction() -> Iterator[Conn]:
    """The request's connection; the transaction commits if the block succeeds, else rolls back."""
    conn = _connection()
    try:
        yield conn
    except SigapError as exc:
        if not exc.keep:
            _rollback_quietly(conn)
            raise
        conn.commit()  # a refusal that keeps what was done before it (geo.errors.SigapError.keep)
        raise
    except BaseException:
        _rollback_quietly(conn)
        raise
    conn.commit()


def _rollback_quietly(conn: Conn) -> None:
    try:
        conn.rollback()
    except psycopg.Error:
        pass  # a broken connection: the pool discards it on return


def init_app(app: Flask) -> None:
    """Give the request's connection back (rolled back if anything is left open)."""

    @app.teardown_request
    def _give_back(_exc: BaseException | None) -> None:
        conn = g.pop("sigap_conn", None)
        if conn is not None and g.pop("sigap_own_conn", False):
            conn.close()  # a direct connection made while the pool was reconnecting
        elif conn is not None:
            if not conn.closed and conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                _rollback_quietly(conn)
            app.extensions["sigap.pool"].putconn(conn)
