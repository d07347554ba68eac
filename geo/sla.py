"""Service levels: escalate overdue reports, auto-close resolved ones.

Both are set-based statements safe to run any number of times: a report is
escalated once (escalated_at) and each coordinator is notified once.
"""
from __future__ import annotations

from typing import Any

from geo.cities import local_iso, resolve
from geo.db import Conn, one, query


def escalate_overdue(conn: Conn) -> dict[str, int]:
    row = one(conn.execute(query("escalate_overdue")))
    return {k: int(v) for k, v in row.items()}


def auto_close(conn: Conn, days: int) -> list[int]:
    """Ids of the reports closed now."""
    return [r["report_id"] for r in conn.execute(query("auto_close_resolved"), {"days": days})]


def notifications(conn: Conn, user_id: int, unread_only: bool = False) -> tuple[list[dict[str, Any]], int]:
    """The user's newest 200 notifications (every city's) and how many are unread in all; each
    one's times in its own city's zone."""
    rows = conn.execute(query("list_notifications"), {"user_id": user_id, "unread": unread_only}).fetchall()
    unread = int(rows[0]["unread"]) if rows else 0
    out = []
    for r in rows:
        tz = resolve(conn, r["city"]).tz
        out.append({**{k: v for k, v in r.items() if k != "unread"}, "created_at": local_iso(r["created_at"], tz),
                    "read_at": local_iso(r["read_at"], tz)})
    return out, unread


def mark_all_read(conn: Conn, user_id: int, city_id: int) -> int:
    """Mark every unread notification of the user in one city read; how many were."""
    return conn.execute(query("mark_notifications_read_all"), {"user_id": user_id, "city_id": city_id}).rowcount


def mark_read(conn: Conn, user_id: int, notification_id: int, city_id: int | None = None) -> bool:
    """Mark one of the user's notifications read; `city_id` when the request names it (the
    notification's city: one shard on Citus)."""
    row = conn.execute(query("mark_notification_read"),
                       {"id": notification_id, "user_id": user_id, "city_id": city_id}).fetchone()
    return row is not None
