"""Per-request access to settings and a pooled connection (one transaction per request)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from flask import current_app
from psycopg_pool import ConnectionPool, PoolTimeout

from geo.errors import ServiceUnavailable
from geo.settings import Settings


def settings() -> Settings:
    return current_app.extensions["sigap.settings"]  # type: ignore[no-any-return]


def pool() -> ConnectionPool:
    return current_app.extensions["sigap.pool"]  # type: ignore[no-any-return]


@contextmanager
def transaction() -> Iterator[psycopg.Connection]:
    """A connection whose transaction commits if the block succeeds, else rolls back."""
    try:
        with pool().connection() as conn:
            yield conn
    except PoolTimeout as exc:
        raise ServiceUnavailable(
            "Basis data sedang sibuk atau tidak dapat dihubungi.",
            "The database is busy or unreachable.",
            code="database_unavailable",
        ) from exc


def push_jobs(ids: list[int]) -> None:
    """After the request's transaction committed: hand its jobs to Redis via a pooled connection."""
    from workers.relay import push_now

    if not ids:
        return
    try:
        with pool().connection() as conn:
            push_now(settings(), ids, conn)
    except PoolTimeout:
        pass  # the worker's relay loop will push them
