"""Failed background jobs, for admins: list them and run one again."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from api.auth import roles
from api.city import every_city_admin
from api.deps import settings
from geo.errors import InvalidInput
from workers.failed import failed_jobs, requeue_failed

bp = Blueprint("jobs", __name__, url_prefix="/api/v1/admin/jobs")


@bp.get("/failed")
@roles("admin")
def list_failed() -> ResponseReturnValue:
    every_city_admin()
    raw = request.args.get("limit", "100")
    if not raw.isdigit() or not 1 <= int(raw) <= 1000:
        raise InvalidInput("limit harus bilangan bulat 1–1000.", "limit must be an integer 1–1000.",
                           code="invalid_limit")
    return jsonify(failed_jobs(settings(), int(raw)))


@bp.post("/failed/<job_id>/requeue")
@roles("admin")
def requeue(job_id: str) -> ResponseReturnValue:
    every_city_admin()
    return jsonify(requeue_failed(settings(), job_id)), 202
