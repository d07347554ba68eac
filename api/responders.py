"""Responders: live location, shift status, nearest tasks, offers; operators' dispatch views."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from api.accounts import json_body
from api.auth import require_user, roles
from api.city import current_city, report_city
from api.deps import settings, transaction
from geo import dispatch
from geo.errors import InvalidInput

bp = Blueprint("responders", __name__, url_prefix="/api/v1")


def _iso(v: object) -> object:
    return v.isoformat() if isinstance(v, datetime) else v


def _rows(rows: list[dict]) -> list[dict]:
    return [{k: _iso(v) for k, v in r.items()} for r in rows]


@bp.post("/responders/me/location")
def location() -> ResponseReturnValue:
    user = require_user()
    body = json_body()
    when = body.get("timestamp")
    try:
        recorded = datetime.fromisoformat(str(when).replace("Z", "+00:00")) if when else None
    except ValueError:
        raise InvalidInput("timestamp harus ISO 8601.", "timestamp must be ISO 8601.",
                           code="invalid_timestamp") from None
    with transaction() as conn:
        latest = dispatch.update_location(conn, user, body.get("lng"), body.get("lat"), body.get("accuracy"),
                                          recorded)
    return jsonify({"stored": True, "latest": latest})


@bp.put("/responders/me/status")
def status() -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        dispatch.set_status(conn, user, str(json_body().get("status") or ""))
    return jsonify({"status": json_body().get("status")})


@bp.get("/responders/me/tasks")
def tasks() -> ResponseReturnValue:
    user = require_user()
    near = request.args.get("near", "")
    try:
        lng, lat = (float(v) for v in near.split(","))
        limit = int(request.args.get("limit", 20))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise InvalidInput("near=lng,lat wajib; limit/offset bilangan bulat.",
                           "near=lng,lat is required; limit/offset are integers.", code="invalid_near") from None
    with transaction() as conn:
        rows = dispatch.nearest_tasks(conn, user, lng, lat, limit=limit, offset=offset)
    return jsonify({"tasks": _rows(rows), "limit": limit, "offset": offset})


@bp.get("/responders/me/offers")
def offers() -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        return jsonify({"offers": _rows(dispatch.my_offers(conn, user))})


@bp.post("/assignments/<int:assignment_id>/<any(accept, decline):action>")
def respond(assignment_id: int, action: str) -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        result = dispatch.respond(conn, settings(), user, assignment_id, accept=action == "accept")
        from geo.reports import points

        touched = points(conn, [result["report_id"]], result["city_id"])
    from api.tilecache import forget

    forget(touched)
    return jsonify(result)


@bp.get("/reports/<int:report_id>/nearest-responders")
@roles("operator", "agency_admin", "admin")
def nearest(report_id: int) -> ResponseReturnValue:
    k = request.args.get("k", "5")
    if not k.isdigit() or not 1 <= int(k) <= 50:
        raise InvalidInput("k harus 1..50.", "k must be 1..50.", code="invalid_k")
    with transaction() as conn:
        rows = dispatch.nearest_responders(conn, settings(), report_id, report_city(conn, report_id), k=int(k),
                                           only_available=request.args.get("all") not in ("1", "true"),
                                           viewer=require_user())
    return jsonify({"report_id": report_id, "responders": _rows(rows)})


@bp.get("/responders")
@roles("operator", "agency_admin", "admin")
def team() -> ResponseReturnValue:
    with transaction() as conn:
        return jsonify({"responders": _rows(dispatch.workload(conn, settings(), require_user(), current_city().id))})
