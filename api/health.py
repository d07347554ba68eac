"""Liveness and readiness: is the database and the queue reachable?"""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from redis import Redis
from redis.exceptions import RedisError

from api.deps import settings, transaction
from geo.migrations import current_version

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    with transaction() as conn:
        version = current_version(conn)
    try:
        redis_ok = bool(Redis.from_url(settings().redis_url, socket_timeout=1).ping())
    except RedisError:
        redis_ok = False
    return jsonify({"status": "ok", "schema_version": version, "redis": redis_ok})
