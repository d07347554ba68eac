"""Per-request access to settings and the database: one pooled connection per request.

The connection is taken from the pool on first use and given back when the request ends, so
a request pays for one pool check, not one per block. `transaction()` blocks commit on
success and roll back on error; `read()` runs in whatever transaction is open without
committing, so e.g. the bearer-token lookup rides in the request's own transaction instead
of a BEGIN/SELECT/COMMIT of its own.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from flask import Flask, current_app, g
from psycopg_pool import ConnectionPool, PoolTimeout

from geo.errors import ServiceUnavailable
from geo.settings import Settings


def settings() -> Settings:
    return current_app.extensions["sigap.settings"]  # type: ignore[no-any-return]


def pool() -> ConnectionPool:
    return current_app.extensions["sigap.pool"]  # type: ignore[no-any-return]


def _connection() -> psycopg.Connection:
    if "sigap_conn" not in g:
        try:
            g.sigap_conn = pool().getconn()
        except PoolTimeout as exc:
            raise ServiceUnavailable(
                "Basis data sedang sibuk atau tidak dapat dihubungi.",
                "The database is busy or unreachable.",
                code="database_unavailable",
            ) from exc
    return g.sigap_conn  # type: ignore[no-any-return]


@contextmanager
def read() -> Iterator[psycopg.Connection]:
    """The request's connection, inside its current transaction (nothing is committed here)."""
    yield _connection()


@contextmanager
def transaction() -> Iterator[psycopg.Connection]:
    """The request's connection; the transaction commits if the block succeeds, else rolls back."""
    conn = _connection()
    try:
        yield conn
    except BaseException:
        _rollback_quietly(conn)
        raise
    conn.commit()


def _rollback_quietly(conn: psycopg.Connection) -> None:
    try:
        conn.rollback()
    except psycopg.Error:
        pass  # a broken connection: the pool discards it on return


def init_app(app: Flask) -> None:
    """Give the request's connection back (rolled back if anything is left open)."""

    @app.teardown_request
    def _give_back(_exc: BaseException | None) -> None:
        conn = g.pop("sigap_conn", None)
        if conn is not None:
            if not conn.closed and conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                _rollback_quietly(conn)
            app.extensions["sigap.pool"].putconn(conn)
