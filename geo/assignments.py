"""Assignment records: who was offered or given a report, how far away, and when.

Shared by the lifecycle (operators assign by hand) and the dispatcher (offers to the
nearest responder). The partial unique index assignments_one_live makes two live
assignments for one report impossible, whatever the race.
"""
from __future__ import annotations

from typing import Any

from geo import outbox
from geo.db import Conn, one, query
from geo.errors import Conflict


def distance_m(conn: Conn, report_id: int, city_id: int, responder_id: int) -> float | None:
    row = conn.execute(query("assignment_distance"),
                       {"report_id": report_id, "city_id": city_id, "responder_id": responder_id}).fetchone()
    return None if row is None or row["d"] is None else float(row["d"])


def record_assignment(conn: Conn, report_id: int, city_id: int, responder_id: int,
                      actor_id: int | None) -> int:
    """The report is now assigned to `responder_id`: accept their live offer, or cancel any
    other live assignment and record an accepted one."""
    where = {"report_id": report_id, "city_id": city_id}
    live = conn.execute(query("lock_live_assignment"), where).fetchone()
    if live and live["responder_id"] == responder_id:
        conn.execute(query("accept_assignment"), {"id": live["id"], "city_id": city_id})
        assignment_id = int(live["id"])
    else:
        if live:
            _cancel(conn, live, city_id)
        row = one(conn.execute(query("offer_assignment"), {
            **where, "responder_id": responder_id, "status": "accepted",
            "distance_m": distance_m(conn, report_id, city_id, responder_id), "assigned_by": actor_id,
            "timeout_s": 0}))
        assignment_id = int(row["id"])
    conn.execute(query("responder_busy"), {"user_id": responder_id, "city_id": city_id})
    if one(conn.execute(query("staff_disabled"), {"id": responder_id}))["disabled"]:
        # switched off as they accepted (their row waited for it): not theirs any more
        raise switched_off()
    # Their other open offers go on to the next nearest (busy with this one, an offer stayed on
    # their phone beside the task, a walk): after their row, so one a dispatch just made goes too;
    # those another transaction holds are skipped, never waited for (hand_back_offers.sql).
    for offer in conn.execute(query("hand_back_offers"), {"user_id": responder_id, "city_id": city_id}).fetchall():
        outbox.add(conn, "dispatch_report", offer["report_id"], city_id)
    return assignment_id


def on_report_status(conn: Conn, report_id: int, city_id: int, to_status: str) -> None:
    """Keep the live assignment's times in step with the report's lifecycle."""
    where = {"report_id": report_id, "city_id": city_id}
    if to_status == "in_progress":
        conn.execute(query("assignment_arrived"), where)
    elif to_status == "verified":  # handed back to the queue: its officer no longer holds it
        live = conn.execute(query("lock_live_assignment"), where).fetchone()
        if live:
            _cancel(conn, live, city_id)
    elif to_status in ("resolved", "rejected", "duplicate", "closed"):
        rows = conn.execute(query("assignment_finished"), where).fetchall()
        for r in rows:  # free the officer when nothing else is on their hands, and offer them what waits
            conn.execute(query("responder_free"), {"user_id": r["responder_id"], "city_id": city_id})
            outbox.add(conn, "offer_waiting", r["responder_id"], city_id)


def _cancel(conn: Conn, live: dict[str, Any], city_id: int) -> None:
    """A live offer or assignment ends without the work done (another officer takes over, or
    it goes back to the queue): its officer is free again when nothing else is on their hands.
    They stayed "busy", out of dispatch, until they changed it themselves."""
    conn.execute(query("cancel_assignment"), {"id": live["id"], "city_id": city_id})
    conn.execute(query("responder_free"), {"user_id": live["responder_id"], "city_id": city_id})
    if live["status"] != "offered":  # freed from held work: what waits near them (an offer never held them)
        outbox.add(conn, "offer_waiting", live["responder_id"], city_id)


def switched_off(*, keep: bool = False) -> Conflict:
    """The refusal of an accept by an officer whose account was switched off."""
    return Conflict("Akun petugas ini sudah dinonaktifkan.", "This officer's account has been switched off.",
                    code="account_disabled", keep=keep)
