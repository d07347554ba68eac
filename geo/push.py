"""Web Push to citizens, field officers and coordinators (RFC 8030/8291/8292): VAPID keys,
subscriptions, and sending one notification to every browser its user subscribed. Payloads are encrypted by pywebpush
(aes128gcm); a push service answering 404 or 410 means the subscription is gone for good, so
it is deleted. Without a configured key (SIGAP_VAPID_PRIVATE_KEY_FILE) push is off and the
in-app bell still works."""
from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

from geo.accounts import User
from geo.db import Conn, query
from geo.errors import InvalidInput, NotFound
from geo.settings import Settings

# Notices for a field officer about their tasks (sql/queries/notify_assignee.sql): a tap opens /petugas.
OFFICER_KINDS = frozenset({"task_assigned", "task_back", "task_offered"})
# Notices for a camat, lurah or agency admin (notify_urgent_report.sql): a tap opens the report in /ops.
STAFF_KINDS = frozenset({"urgent_report"})

log = logging.getLogger("sigap.push")
GONE = (404, 410)


def new_vapid_key(path: Path) -> str:
    """Write a new VAPID private key (PEM, P-256) to `path`; returns the public key as the
    browser's applicationServerKey (base64url, uncompressed point)."""
    from py_vapid import Vapid02

    v = Vapid02()
    v.generate_keys()
    path.parent.mkdir(parents=True, exist_ok=True)
    v.save_key(str(path))
    path.chmod(0o600)
    return public_key(path)


def public_key(path: Path) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from py_vapid import Vapid02

    raw = Vapid02.from_file(str(path)).public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def server_key(settings: Settings) -> str:
    """The applicationServerKey browsers subscribe with; 404 when push is not configured here."""
    path = settings.vapid_private_key_file
    if path is None or not path.exists():
        raise NotFound("Notifikasi push belum disiapkan di server ini.",
                                 "Push notifications are not set up on this server.", code="push_not_configured")
    return public_key(path)


def _b64(value: object, name: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 512:
        raise InvalidInput(f"Langganan push tidak valid ({name}).", f"Invalid push subscription ({name}).",
                           code="invalid_subscription")
    try:
        base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError:
        raise InvalidInput(f"Langganan push tidak valid ({name}).", f"Invalid push subscription ({name}).",
                           code="invalid_subscription") from None
    return value


def subscribe(conn: Conn, user: User, sub: dict[str, Any]) -> int:
    """Store a browser's PushSubscription (its toJSON()) for `user`; the same endpoint moves
    to the user now signed in on that browser."""
    endpoint = sub.get("endpoint")
    raw_keys = sub.get("keys")
    keys: dict[str, Any] = raw_keys if isinstance(raw_keys, dict) else {}
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")) or len(endpoint) > 2048:
        raise InvalidInput("Langganan push tidak valid (endpoint).", "Invalid push subscription (endpoint).",
                           code="invalid_subscription")
    row = conn.execute(query("upsert_push_subscription"), {
        "user_id": user.id, "endpoint": endpoint, "p256dh": _b64(keys.get("p256dh"), "p256dh"),
        "auth": _b64(keys.get("auth"), "auth")}).fetchone()
    assert row is not None
    return int(row["id"])


def unsubscribe(conn: Conn, user: User, endpoint: str) -> bool:
    return conn.execute(query("delete_push_subscription"), {"user_id": user.id, "endpoint": endpoint}).rowcount > 0


def _opens(note: dict[str, Any]) -> str:
    """The page a tap on the notice opens: the officer's tasks, the report in the dashboard, or
    the report on the map."""
    city, report = note["city"], note["report_id"]
    if note["kind"] in OFFICER_KINDS:
        return f"/{city}/petugas"
    if note["kind"] in STAFF_KINDS and report:
        return f"/{city}/ops#report={report}"
    return f"/{city}/?report={report}" if report else "/"


def payload(note: dict[str, Any]) -> str:
    """What the service worker (frontend/sw.js) gets for one notification (a notification_for_push row)."""
    title = "SIGAP"
    if note["kind"] in STAFF_KINDS and note.get("category_name_id"):  # what and where, folded on a lock screen
        title = f"Darurat: {note['category_name_id']}" + (f" · Kel. {note['kelurahan']}" if note["kelurahan"] else "")
    return json.dumps({"id": note["id"], "report_id": note["report_id"], "kind": note["kind"], "title": title,
                       "message_id": note["message_id"], "message_en": note["message_en"], "url": _opens(note)})


def send(conn: Conn, settings: Settings, notification_id: int, city_id: int | None) -> dict[str, int]:
    """Push one notification to its user's browsers. Raises on a transient failure (so the job
    is retried); subscriptions the push service reports gone are deleted."""
    from pywebpush import WebPushException, webpush

    path = settings.vapid_private_key_file
    if path is None or not path.exists():
        return {"sent": 0, "removed": 0}
    note = conn.execute(query("notification_for_push"), {"id": notification_id, "city_id": city_id}).fetchone()
    # Read already (in the app, or an offer closed): no news to buzz a phone with, minutes later
    # (a push job is retried for half an hour). An offer is told only while it is open, and a
    # phone that comes back on line after it closed is not told of it.
    ttl = 24 * 3600 if note is None or note["kind"] != "task_offered" else int(note["offer_left_s"] or 0)
    if note is None or note["read_at"] is not None or ttl <= 0:
        return {"sent": 0, "removed": 0}
    data = payload(note)
    sent = removed = 0
    failures = []
    for sub in note["subscriptions"] or []:
        try:
            webpush({"endpoint": sub["endpoint"], "keys": {"p256dh": sub["p256dh"], "auth": sub["auth"]}},
                    data=data, vapid_private_key=str(path), vapid_claims={"sub": settings.vapid_subject},
                    ttl=ttl, timeout=10)
            conn.execute(query("push_sent"), {"id": sub["id"]})
            sent += 1
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in GONE:
                conn.execute(query("delete_push_subscription_by_id"), {"id": sub["id"]})
                removed += 1
            else:
                failures.append(f"{sub['endpoint'][:60]}: {status or exc}")
    if failures and not sent:
        raise RuntimeError("push failed: " + "; ".join(failures))
    return {"sent": sent, "removed": removed}
