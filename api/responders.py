"""Responders: live location, shift status, nearest tasks, offers; operators' dispatch views."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from api.accounts import json_body
from api.auth import require_user, roles
from api.city import current_city, report_city
from api.deps import settings, transaction
from geo import cities, dispatch
from geo.db import Conn
from geo.errors import InvalidInput

bp = Blueprint("responders", __name__, url_prefix="/api/v1")


def _rows(conn: Conn, rows: list[dict], city_id: int | None) -> list[dict]:
    """Rows for JSON, their times in the city's zone (the request's for a staff member of several)."""
    tz = cities.by_id(conn, city_id).tz if city_id else current_city().tz
    return [cities.zoned(r, tz) for r in rows]


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
                                          recorded, stale_s=settings().responder_stale_s)
    return jsonify({"stored": True, "latest": latest})


@bp.put("/responders/me/status")
def status() -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        handed_back = dispatch.set_status(conn, user, str(json_body().get("status") or ""))
    return jsonify({"status": json_body().get("status"), "handed_back": handed_back})


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
        rows = _rows(conn, dispatch.nearest_tasks(conn, user, lng, lat, limit=limit, offset=offset), user.home_city)
    return jsonify({"tasks": rows, "limit": limit, "offset": offset})


@bp.get("/responders/me/offers")
def offers() -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        return jsonify({"offers": _rows(conn, dispatch.my_offers(conn, user), user.home_city)})


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
        city_id = report_city(conn, report_id)
        rows = dispatch.nearest_responders(conn, settings(), report_id, city_id, k=int(k),
                                           only_available=request.args.get("all") not in ("1", "true"),
                                           viewer=require_user(), skip_passed=False)
        rows = _rows(conn, rows, city_id)
    return jsonify({"report_id": report_id, "responders": rows})


@bp.get("/responders")
@roles("operator", "agency_admin", "admin")
def team() -> ResponseReturnValue:
    with transaction() as conn:
        city_id = current_city().id
        return jsonify({"responders": _rows(conn, dispatch.workload(conn, settings(), require_user(), city_id), city_id)})
