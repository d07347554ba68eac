"""Camera registry over HTTP: operators add cameras with their calibration; anyone lists them."""
from __future__ import annotations

from datetime import tzinfo
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from api.accounts import json_body
from api.auth import current_user, require_user, roles
from api.city import current_city, named_city_id
from api.deps import settings, transaction
from geo import cameras, cctv_rules
from geo.accounts import check_city
from geo.cameras import shown_source
from geo.cities import by_id, local_iso
from geo.db import Conn
from geo.errors import InvalidInput

bp = Blueprint("cameras", __name__, url_prefix="/api/v1")


def _public(cam: dict[str, Any], tz: tzinfo) -> dict[str, Any]:
    """What anyone may read of a camera; times in its city's zone."""
    return {"id": cam["id"], "name": cam["name"], "lng": cam["lng"], "lat": cam["lat"],
            "heading_deg": cam["heading_deg"], "kelurahan": cam["kelurahan"], "active": cam["active"],
            "calibrated": cam["homography"] is not None,
            "reprojection_error_m": None if cam["reprojection_error_m"] is None
            else round(cam["reprojection_error_m"], 3),
            "created_at": local_iso(cam["created_at"], tz),
            # health: online / offline / unknown (never tried yet) / inactive, and when last seen
            "status": cam["status"], "last_seen_at": local_iso(cam["last_seen_at"], tz)}


def _for_staff(cam: dict[str, Any], tz: tzinfo) -> dict[str, Any]:
    """Why an offline camera failed and when it is tried next: for the people who fix it (a
    camera back online no longer shows its old error as if it were now; `last_error_at` keeps when)."""
    offline = cam["status"] == "offline"
    return {**_public(cam, tz), "source": shown_source(cam["source"]),
            "last_error": cam["last_error"] if offline else None, "last_error_at": local_iso(cam["last_error_at"], tz),
            "failures": cam["failures"], "next_try_at": local_iso(cam["next_try_at"], tz)}


@bp.post("/cameras")
@roles("operator", "admin")
def add() -> ResponseReturnValue:
    body = json_body()
    points = cameras.parse_control_points(body.get("control_points"))
    with transaction() as conn:
        cam = cameras.register(conn, settings(), name=body.get("name") or "", lng=body.get("lng"),
                               lat=body.get("lat"), source=body.get("source") or "",
                               heading_deg=body.get("heading_deg"), control_points=points, actor=require_user())
        tz = by_id(conn, cam["city_id"]).tz
    return jsonify(_public(cam, tz)), 201


@bp.get("/cameras")
def list_cameras() -> ResponseReturnValue:
    user = current_user()
    city = current_city()
    staff = user is not None and user.role in ("operator", "admin", "agency_admin") and user.staff_of(city.id)
    view = _for_staff if staff else _public
    with transaction() as conn:
        return jsonify({"city": city.slug, "cameras": [view(c, city.tz) for c in cameras.all_cameras(conn, city.id)]})


@bp.patch("/cameras/<int:camera_id>")
@roles("operator", "admin")
def change(camera_id: int) -> ResponseReturnValue:
    """Correct a camera (name, source, heading_deg, control_points) or switch it off/on (active)."""
    body = json_body()
    with transaction() as conn:
        city_id = _camera_city(conn, camera_id)
        cam = cameras.update(conn, settings(), camera_id, city_id, body)
        tz = by_id(conn, city_id).tz
    return jsonify(_for_staff(cam, tz))


@bp.get("/cameras/<int:camera_id>/zones")
@roles("operator", "admin")
def list_zones(camera_id: int) -> ResponseReturnValue:
    with transaction() as conn:
        city_id = _camera_city(conn, camera_id)
        return jsonify({"camera_id": camera_id, "zones": cctv_rules.zones(conn, camera_id, city_id)})


@bp.delete("/cameras/<int:camera_id>/zones/<int:zone_id>")
@roles("operator", "admin")
def remove_zone(camera_id: int, zone_id: int) -> ResponseReturnValue:
    with transaction() as conn:
        cctv_rules.remove_zone(conn, camera_id, _camera_city(conn, camera_id), zone_id)
    return "", 204


@bp.delete("/cameras/<int:camera_id>/rules/<int:rule_id>")
@roles("operator", "admin")
def remove_rule(camera_id: int, rule_id: int) -> ResponseReturnValue:
    with transaction() as conn:
        cctv_rules.remove_rule(conn, camera_id, _camera_city(conn, camera_id), rule_id)
    return "", 204


def _camera_city(conn: Conn, camera_id: int) -> int:
    """The camera's city (404 when the city the request names has no such camera), which the
    signed-in staff member must work for."""
    city_id = int(cameras.get(conn, camera_id, named_city_id())["city_id"])
    check_city(conn, require_user(), city_id)
    return city_id


@bp.post("/cameras/<int:camera_id>/zones")
@roles("operator", "admin")
def add_zone(camera_id: int) -> ResponseReturnValue:
    body = json_body()
    with transaction() as conn:
        city_id = _camera_city(conn, camera_id)
        zid = cctv_rules.add_zone(conn, camera_id, city_id, str(body.get("name") or ""), str(body.get("kind") or ""),
                                  body.get("geometry"))
    return jsonify({"id": zid, "camera_id": camera_id}), 201


@bp.post("/cameras/<int:camera_id>/rules")
@roles("operator", "admin")
def add_rule(camera_id: int) -> ResponseReturnValue:
    body = json_body()
    zone = body.get("zone_id")
    if not isinstance(zone, int):
        raise InvalidInput("zone_id harus bilangan bulat.", "zone_id must be an integer.", code="invalid_zone_id")
    params = body.get("params")
    if params is not None and not isinstance(params, dict):
        raise InvalidInput("params harus objek.", "params must be an object.", code="invalid_rule_params")
    with transaction() as conn:
        city_id = _camera_city(conn, camera_id)
        rid = cctv_rules.add_rule(conn, camera_id, city_id, zone, str(body.get("rule") or ""), str(body.get("category") or ""),
                                  params)
    return jsonify({"id": rid, "zone_id": zone}), 201
