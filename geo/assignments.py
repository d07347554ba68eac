"""Assignment records: who was offered or given a report, how far away, and when.

Shared by the lifecycle (operators assign by hand) and the dispatcher (offers to the
nearest responder). The partial unique index assignments_one_live makes two live
assignments for one report impossible, whatever the race.
"""
from __future__ import annotations

import psycopg

from geo.db import query


def distance_m(conn: psycopg.Connection, report_id: int, responder_id: int) -> float | None:
    row = conn.execute(
        "SELECT ST_Distance(r.geom::geography, s.geom::geography) AS d FROM reports r, responders s"
        " WHERE r.id = %s AND s.user_id = %s", (report_id, responder_id)).fetchone()
    return None if row is None or row["d"] is None else float(row["d"])  # type: ignore[index]


def record_assignment(conn: psycopg.Connection, report_id: int, responder_id: int,
                      actor_id: int | None) -> int:
    """The report is now assigned to `responder_id`: accept their live offer, or cancel any
    other live assignment and record an accepted one."""
    live = conn.execute("SELECT id, responder_id FROM assignments WHERE report_id = %s"
                        " AND status IN ('offered','accepted','arrived') FOR UPDATE", (report_id,)).fetchone()
    if live and live["responder_id"] == responder_id:
        conn.execute("UPDATE assignments SET status = 'accepted', responded_at = coalesce(responded_at, now())"
                     " WHERE id = %s", (live["id"],))
        assignment_id = int(live["id"])
    else:
        if live:
            conn.execute("UPDATE assignments SET status = 'cancelled', responded_at = now() WHERE id = %s",
                         (live["id"],))
        row = conn.execute(query("offer_assignment"), {
            "report_id": report_id, "responder_id": responder_id, "status": "accepted",
            "distance_m": distance_m(conn, report_id, responder_id), "assigned_by": actor_id,
            "timeout_s": 0}).fetchone()
        assignment_id = int(row["id"])  # type: ignore[index]
    conn.execute("UPDATE responders SET status = 'busy' WHERE user_id = %s AND status = 'available'",
                 (responder_id,))
    return assignment_id


def on_report_status(conn: psycopg.Connection, report_id: int, to_status: str) -> None:
    """Keep the live assignment's times in step with the report's lifecycle."""
    if to_status == "in_progress":
        conn.execute("UPDATE assignments SET status = 'arrived', arrived_at = coalesce(arrived_at, now())"
                     " WHERE report_id = %s AND status = 'accepted'", (report_id,))
    elif to_status in ("resolved", "rejected", "duplicate", "closed"):
        rows = conn.execute(
            "UPDATE assignments SET status = CASE WHEN status = 'offered' THEN 'cancelled' ELSE 'done' END,"
            " done_at = now() WHERE report_id = %s AND status IN ('offered','accepted','arrived')"
            " RETURNING responder_id", (report_id,)).fetchall()
        for r in rows:  # free the officer when nothing else is on their hands
            conn.execute(
                "UPDATE responders SET status = 'available' WHERE user_id = %s AND status = 'busy'"
                " AND NOT EXISTS (SELECT 1 FROM assignments WHERE responder_id = %s"
                "                 AND status IN ('accepted','arrived'))",
                (r["responder_id"], r["responder_id"]))
