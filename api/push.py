"""Web Push subscriptions: the browser asks for the server's key, subscribes with its push
service, and hands the subscription here; status changes of the user's reports then reach
the phone even when the app is closed (workers.jobs.push_notification)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from api.auth import require_user
from api.deps import settings, transaction
from geo import push
from geo.errors import InvalidInput

bp = Blueprint("push", __name__, url_prefix="/api/v1/push")


@bp.get("/key")
def server_key() -> ResponseReturnValue:
    return jsonify({"application_server_key": push.server_key(settings())})


def _body() -> dict[str, object]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("Kirim langganan push sebagai JSON.", "Send the push subscription as JSON.",
                           code="invalid_subscription")
    return body


@bp.post("/subscriptions")
def subscribe() -> ResponseReturnValue:
    user = require_user()
    body = _body()
    with transaction() as conn:
        sid = push.subscribe(conn, user, body)
    return jsonify({"id": sid}), 201


@bp.delete("/subscriptions")
def unsubscribe() -> ResponseReturnValue:
    user = require_user()
    endpoint = _body().get("endpoint")
    with transaction() as conn:
        push.unsubscribe(conn, user, endpoint if isinstance(endpoint, str) else "")
    return "", 204
