"""Liveness and readiness: is the database and the queue reachable, and is the database's schema
the one this code was written for? Code newer than its schema (deployed without `sigap db
upgrade`) answered "ok" while queries that name new columns failed: it answers 503 until upgraded,
so a load balancer or compose's healthcheck keeps traffic off it."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from redis import Redis
from redis.exceptions import RedisError

from api.deps import settings, transaction
from geo.db import migration_files
from geo.migrations import current_version

EXPECTED = int(migration_files()[-1].name[:4])  # the newest migration this code ships

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    with transaction() as conn:
        version = current_version(conn)
    try:
        redis_ok = bool(Redis.from_url(settings().redis_url, socket_timeout=1).ping())
    except RedisError:
        redis_ok = False
    # the detection model (mounted in ./models): without it no photo is ever published, while
    # everything else looks healthy (a deployer's walk); said here, not a 503 (the map still works)
    model = settings().model_path
    body = {"status": "ok", "schema_version": version, "schema_expected": EXPECTED, "redis": redis_ok,
            "model": model is not None and model.is_file()}
    if version < EXPECTED:
        return jsonify({**body, "status": "migration_pending",
                        "message": "Skema basis data belum mutakhir: jalankan `sigap db upgrade`.",
                        "message_en": "The database schema is behind this code: run `sigap db upgrade`."}), 503
    return jsonify(body)
