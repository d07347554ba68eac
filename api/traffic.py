"""Public traffic status per CCTV camera (geo/traffic.py): no people, no frames."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from api.city import current_city
from api.deps import transaction
from geo import traffic
from geo.errors import NotFound

bp = Blueprint("traffic", __name__, url_prefix="/api/v1")


@bp.get("/traffic")
def all_cameras() -> ResponseReturnValue:
    with transaction() as conn:
        city = current_city()
        resp = jsonify({"city": city.slug, "cameras": traffic.status(conn, city.id), "levels": traffic.LEVELS,
                        "windows_min": list(traffic.WINDOWS)})
    resp.headers["Cache-Control"] = "public, max-age=30"
    return resp


@bp.get("/traffic/<int:camera_id>")
def one_camera(camera_id: int) -> ResponseReturnValue:
    with transaction() as conn:
        found = traffic.status(conn, current_city().id, camera_id)
    if not found:
        raise NotFound("Kamera tidak ditemukan di kota ini.", "No such camera in this city.", code="camera_not_found")
    return jsonify(found[0])
