"""Notifications outbox for staff and coordinators (SLA escalations and more)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from api.auth import require_user
from api.city import current_city, named_city_id
from api.deps import transaction
from geo import sla
from geo.errors import NotFound

bp = Blueprint("notifications", __name__, url_prefix="/api/v1")


@bp.get("/notifications")
def list_notifications() -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        rows, unread = sla.notifications(conn, user.id, unread_only=request.args.get("unread") in ("1", "true"))
    return jsonify({"notifications": rows, "unread": unread})


@bp.post("/notifications/read")
def mark_all_read() -> ResponseReturnValue:
    """Mark all of the user's notifications in the request's city read (`?city=`)."""
    user = require_user()
    with transaction() as conn:
        marked = sla.mark_all_read(conn, user.id, current_city().id)
    return jsonify({"marked": marked})


@bp.post("/notifications/<int:notification_id>/read")
def mark_read(notification_id: int) -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        if not sla.mark_read(conn, user.id, notification_id, named_city_id()):
            raise NotFound("Notifikasi tidak ditemukan.", "Notification not found.", code="notification_not_found")
    return "", 204
