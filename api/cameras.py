"""Camera registry over HTTP: operators add cameras with their calibration; anyone lists them."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify

from api.accounts import json_body
from api.auth import roles
from api.deps import settings, transaction
from geo import cameras

bp = Blueprint("cameras", __name__, url_prefix="/api/v1")


def _public(cam: dict[str, Any]) -> dict[str, Any]:
    return {"id": cam["id"], "name": cam["name"], "lng": cam["lng"], "lat": cam["lat"],
            "heading_deg": cam["heading_deg"], "kelurahan": cam["kelurahan"], "active": cam["active"],
            "calibrated": cam["homography"] is not None,
            "reprojection_error_m": None if cam["reprojection_error_m"] is None
            else round(cam["reprojection_error_m"], 3),
            "created_at": cam["created_at"].isoformat() if isinstance(cam["created_at"], datetime) else None}


@bp.post("/cameras")
@roles("operator", "admin")
def add():  # type: ignore[no-untyped-def]
    body = json_body()
    points = cameras.parse_control_points(body.get("control_points"))
    with transaction() as conn:
        cam = cameras.register(conn, settings(), name=str(body.get("name") or ""), lng=body.get("lng"),
                               lat=body.get("lat"), source=str(body.get("source") or ""),
                               heading_deg=body.get("heading_deg"), control_points=points)
    return jsonify(_public(cam)), 201


@bp.get("/cameras")
def list_cameras():  # type: ignore[no-untyped-def]
    with transaction() as conn:
        return jsonify({"cameras": [_public(c) for c in cameras.all_cameras(conn)]})
