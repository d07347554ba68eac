"""Field responders: positions, shift status, nearest tasks, and nearest-responder dispatch.

Dispatch offers a routed report to the nearest available responder of its agency with
a fresh position; a decline or a timeout passes it to the next nearest. Every step is
one transaction and safe to repeat (jobs are retried), and the partial unique index on
assignments makes a double dispatch impossible.
"""
from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import psycopg

from geo import cities, lifecycle, medialinks, outbox, reports, routing
from geo.accounts import User, check_city
from geo.assignments import switched_off
from geo.db import Conn, one, query
from geo.errors import Conflict, Forbidden, InvalidInput, NotFound
from geo.locate import check_lnglat
from geo.settings import Settings

STATUSES = ("off", "available", "busy")
DISPATCHABLE = ("submitted", "verified")
WAITING_TRIES = 3  # waiting reports tried for a ready officer while nearer officers take the first ones
CLAIM_TRIES = 3  # officers tried in turn when a concurrent dispatch took the nearest a moment before


def _responder(user: User) -> None:
    if user.role != "responder":
        raise Forbidden("Hanya untuk petugas lapangan.", "For field responders only.", code="responders_only")


def update_location(conn: Conn, user: User, lng: Any, lat: Any, accuracy_m: Any = None,
                    recorded_at: datetime | None = None, *, stale_s: int = 600) -> bool:
    """Store a GPS fix in the track; it becomes the latest position unless an newer one is known.
    Returns whether it is now the latest. An available officer's first fresh fix (after none, or
    one older than `stale_s`) lets what waits near them be offered (the offer_waiting job)."""
    _responder(user)
    x, y = check_lnglat(lng, lat)
    now = datetime.now(UTC)
    when = recorded_at or now
    if when.tzinfo is None:
        raise InvalidInput("timestamp harus memuat zona waktu.", "timestamp must include a time zone.",
                           code="invalid_timestamp")
    if (when - now).total_seconds() > 300:
        raise InvalidInput("timestamp di masa depan.", "timestamp is in the future.", code="invalid_timestamp")
    try:
        acc = None if accuracy_m in (None, "") else float(accuracy_m)
    except (TypeError, ValueError):
        raise InvalidInput("accuracy harus angka.", "accuracy must be a number.", code="invalid_accuracy") from None
    row = one(conn.execute(query("update_responder_location"), {
        "user_id": user.id, "city_id": user.home_city, "lng": x, "lat": y, "accuracy_m": acc,
        "recorded_at": when, "stale_s": stale_s}))
    if row["woke"] and user.home_city is not None:
        outbox.add(conn, "offer_waiting", user.id, user.home_city)
    return bool(row["latest"])


def set_status(conn: Conn, user: User, status: str) -> list[int]:
    """Set the shift status; off duty or on a break, the offers still open to them go on to the
    next nearest at once. Returns the reports handed back so."""
    _responder(user)
    if status not in STATUSES:
        raise InvalidInput(f"Status harus salah satu dari {', '.join(STATUSES)}.",
                           f"Status must be one of {', '.join(STATUSES)}.", code="invalid_status")
    handed: list[Any] = []
    if status != "available" and user.home_city is not None:
        # the offers before the status row: an accept locks its offer, then that row (no deadlock);
        # one being answered at this moment is skipped (hand_back_offers.sql), not waited for
        handed = conn.execute(query("hand_back_offers"), {"user_id": user.id, "city_id": user.home_city}).fetchall()
        for offer in handed:
            outbox.add(conn, "dispatch_report", offer["report_id"], user.home_city)  # on to the next nearest
    conn.execute(query("set_responder_status"), {"status": status, "user_id": user.id, "city_id": user.home_city})
    if status == "available" and user.home_city is not None:  # what waited while nobody was on duty
        outbox.add(conn, "offer_waiting", user.id, user.home_city)
    return sorted(int(o["report_id"]) for o in handed)


def responder_state(conn: Conn, user: User) -> dict[str, Any] | None:
    """The responder's own shift status and last position, as the server has them."""
    if user.role != "responder":
        return None
    row = conn.execute(query("responder_state"), {"user_id": user.id, "city_id": user.home_city}).fetchone()
    if row is None or user.home_city is None:
        return {"status": "off", "busy_by_choice": False, "lng": None, "lat": None, "accuracy_m": None, "location_at": None}
    return cities.zoned(row, cities.by_id(conn, user.home_city).tz)


def nearest_tasks(conn: Conn, user: User, lng: Any, lat: Any, *, limit: int = 20,
                  offset: int = 0, zone_id: int | None = None) -> list[dict[str, Any]]:
    """Open reports of the responder's agency, nearest first (metres, geodesic), after the
    responder's own tasks wherever they are."""
    _responder(user)
    x, y = check_lnglat(lng, lat)
    if not (1 <= limit <= 100 and 0 <= offset <= 10_000):
        raise InvalidInput("limit 1..100, offset 0..10000.", "limit 1..100, offset 0..10000.",
                           code="invalid_paging")
    # The first page is ranked again by driving time over the nearest RERANK by straight line;
    # later pages keep the straight-line order.
    fetch = max(limit, routing.RERANK) if offset == 0 else limit
    rows = conn.execute(query("nearest_tasks"), {
        "lng": x, "lat": y, "agency_id": user.agency_id, "city_id": user.home_city, "zone_id": zone_id,
        "user_id": user.id,
        # degrees vs metres differ by <2 % at this latitude: a 1.5x + 20 candidate margin suffices
        "candidates": (offset + fetch) * 3 // 2 + 20, "limit": fetch, "offset": offset}).fetchall()
    tasks = [{**_with_photo(conn, r), "distance_m": round(r["distance_m"], 1), "mine": r["assignee_id"] == user.id} for r in rows]
    if offset == 0:
        found = routing.costs(conn, [(x, y)], [(t["lng"], t["lat"]) for t in tasks[:routing.RERANK]])
        head = routing.rerank(tasks[:routing.RERANK], {j: v for (_, j), v in found.items()})
        tasks = head + [{**t, "road_distance_m": None, "eta_s": None} for t in tasks[routing.RERANK:]]
        tasks.sort(key=lambda t: not t["mine"])  # stable: the driving-time order within each part
    return tasks[:limit]


def nearest_responders(conn: Conn, settings: Settings, report_id: int, city_id: int, *, k: int = 5,
                       only_available: bool = True, viewer: User | None = None,
                       skip_passed: bool = True) -> list[dict[str, Any]]:
    """The report agency's nearest dispatchable responders; `skip_passed=False` (an operator's
    list) keeps those who declined or let lapse an offer of it, with `passed` saying which.
    `only_available=False` (the operator's "everyone") lists the busy, the off-duty and, after
    them, those without a recent position (`stale`), to be assigned all the same. An agency admin
    sees only their own agency's officers (positions of another's are not theirs)."""
    reports.agency_scoped(conn, report_id, city_id, viewer)
    fetch = max(k, routing.RERANK)
    rows = conn.execute(query("nearest_responders"), {
        "report_id": report_id, "city_id": city_id, "k": fetch, "candidates": fetch * 4 + 20,
        "only_available": only_available, "skip_passed": skip_passed, "with_stale": not only_available,
        "stale_s": settings.responder_stale_s, "pass_s": settings.offer_pass_s}).fetchall()
    fresh = [r for r in rows if not r["stale"]]
    unrouted = [{**r, "road_distance_m": None, "eta_s": None} for r in rows if r["stale"]]
    if not fresh:
        return unrouted[:k]
    # Ranked again by driving time to the report (one-way streets respected) where roads allow;
    # an old position is no start for a route.
    where = conn.execute(query("report_point"), {"id": report_id, "city_id": city_id}).fetchone()
    assert where is not None
    found = routing.costs(conn, [(r["lng"], r["lat"]) for r in fresh], [(where["lng"], where["lat"])])
    ranked = routing.rerank(fresh, {i: v for (i, _), v in found.items()})
    return (ranked + unrouted)[:k]


def dispatch(conn: Conn, settings: Settings, report_id: int, city_id: int) -> dict[str, Any] | None:
    """Offer the report to the nearest dispatchable responder. None when nothing is to be done
    (already assigned or offered, closed, or nobody available). The job names the report's
    city, so each statement here names it too (one shard on Citus, docs/scaling.md)."""
    report = conn.execute(query("lock_report"), {"id": report_id, "city_id": city_id}).fetchone()
    if report is None or report["status"] not in DISPATCHABLE:
        return None
    live = conn.execute(query("live_assignment_of_report"), {"report_id": report_id, "city_id": city_id}).fetchone()
    if live:
        return None
    for best in nearest_responders(conn, settings, report_id, city_id, k=CLAIM_TRIES):
        if best["distance_m"] > settings.dispatch_max_km * 1000:
            return None  # a position in another city is no one to send: a dispatcher decides
        if not _claim(conn, report_id, city_id, int(best["responder_id"])):
            continue  # offered another report a moment ago (a concurrent dispatch): the next nearest
        row = conn.execute(query("offer_assignment"), {
            "report_id": report_id, "city_id": city_id, "responder_id": best["responder_id"], "status": "offered",
            "distance_m": best["distance_m"], "assigned_by": None,
            "timeout_s": settings.offer_timeout_s}).fetchone()
        if row is None:
            return None
        outbox.add(conn, "expire_offer", row["id"], city_id, delay_s=settings.offer_timeout_s)
        conn.execute(query("notify_assignee"), {"report_id": report_id, "city_id": city_id,
                                                "user_id": best["responder_id"], "kind": "task_offered"})
        return {"assignment_id": row["id"], **best}
    return None


def _claim(conn: Conn, report_id: int, city_id: int, user_id: int) -> bool:
    """Lock the officer's row, then ask again whether they are free for this report: what
    nearest_responders saw may be a moment old, and two dispatches offered one officer two
    reports at once. The row lock orders them; the second sees the first's offer. In a savepoint:
    an officer found not free is let go at once (two dispatches trying officers in opposite
    orders would otherwise hold one each and wait for the other)."""
    key = {"user_id": user_id, "city_id": city_id, "report_id": report_id}
    with conn.transaction():
        if conn.execute(query("claim_officer"), key).fetchone() is not None:
            row = conn.execute(query("officer_free_for"), key).fetchone()
            if row and row["free"]:
                return True
        raise psycopg.Rollback()
    return False


def waiting_for(conn: Conn, settings: Settings, user_id: int, city_id: int) -> list[int]:
    """The reports waiting nearest an officer ready now (on duty, a decline, a task finished), most
    urgent first, up to WAITING_TRIES: each is dispatched in turn, in a transaction of its own
    (workers/jobs.py), until one is offered to them (the first may go to an officer nearer to it).
    Empty when nothing waits for them or they have an offer open already."""
    return [int(r["id"]) for r in conn.execute(query("waiting_report_for"), {
        "user_id": user_id, "city_id": city_id, "stale_s": settings.responder_stale_s, "pass_s": settings.offer_pass_s,
        "max_m": settings.dispatch_max_km * 1000, "max_deg": settings.dispatch_max_km / 90.0,
        "k": WAITING_TRIES})]


def ready_officers(conn: Conn, settings: Settings) -> list[tuple[int, int]]:
    """(user_id, city_id) of every officer ready for an offer (on duty, fresh position, no offer
    open): the SLA sweep offers each what waits near them (waiting_for), the safety net for what
    no event brought (a report passed over lately, one skipped while its nearest weighed another)."""
    return [(int(o["user_id"]), int(o["city_id"]))
            for o in conn.execute(query("ready_officers"), {"stale_s": settings.responder_stale_s})]


def respond(conn: Conn, settings: Settings, user: User, assignment_id: int,
            accept: bool) -> dict[str, Any]:
    """A responder accepts (the report becomes assigned to them) or declines an offer."""
    _responder(user)
    city_id = user.home_city  # a responder works for one city: their offers are its
    a = conn.execute(query("lock_assignment"), {"id": assignment_id, "city_id": city_id}).fetchone()
    if a is None or a["responder_id"] != user.id:
        raise NotFound("Penugasan tidak ditemukan.", "Assignment not found.", code="assignment_not_found")
    if a["status"] != "offered":
        raise Conflict("Penawaran ini sudah tidak berlaku.", "This offer is no longer open.",
                       code="offer_closed", details={"status": a["status"]})
    city_id = int(a["city_id"])
    answer = {"assignment_id": assignment_id, "report_id": a["report_id"], "city_id": city_id}
    if a["expired"]:
        expire(conn, assignment_id, city_id)  # and on to the next nearest now, as its job would
        raise Conflict("Penawaran sudah kedaluwarsa.", "The offer has expired.", code="offer_expired", keep=True)
    if not accept:
        conn.execute(query("close_offer"), {"id": assignment_id, "city_id": city_id, "status": "declined"})
        outbox.add(conn, "dispatch_report", a["report_id"], city_id)  # on to the next nearest
        outbox.add(conn, "offer_waiting", user.id, city_id)  # and they to another waiting report
        return {**answer, "status": "declined"}
    # Off duty, an offer made as they left (dispatch had picked them a moment before) is not theirs
    # to take (a walk took one off duty): it goes on to the next nearest at once (it waited for its
    # expiry, minutes a fire's report lost).
    if one(conn.execute(query("staff_disabled"), {"id": user.id}))["disabled"]:  # switched off since signing in
        _hand_on(conn, a)
        raise switched_off(keep=True)
    state = conn.execute(query("responder_state"), {"user_id": user.id, "city_id": city_id}).fetchone()
    if state is not None and state["status"] == "off":
        _hand_on(conn, a)
        raise Conflict("Anda sedang tidak bertugas. Pilih Siap untuk menerima tawaran.",
                       "You are off duty. Choose Available to accept offers.", code="off_duty", keep=True)
    try:
        with conn.transaction():  # a savepoint: a refused accept undoes only what it began
            lifecycle.transition(conn, settings, a["report_id"], city_id, None,
                                 lifecycle.Transition(to="assigned", assignee_id=user.id,
                                                      note="Diterima petugas terdekat / accepted by nearest responder"))
    except Conflict as refused:
        if refused.code != "account_disabled":
            raise
        # switched off as they accepted (an offer made while their work was handed back, which the
        # switch-off skipped as this accept held it): on to the next nearest now
        _hand_on(conn, a)
        raise switched_off(keep=True) from None
    return {**answer, "status": "accepted"}


def _hand_on(conn: Conn, offer: dict[str, Any]) -> None:
    """An offer its officer may not take is withdrawn and its report offered to the next nearest."""
    conn.execute(query("close_offer"), {"id": offer["id"], "city_id": offer["city_id"], "status": "cancelled"})
    outbox.add(conn, "dispatch_report", offer["report_id"], offer["city_id"])


def expire(conn: Conn, assignment_id: int, city_id: int) -> dict[str, Any] | None:
    """Expire an unanswered offer whose time is up and queue the next dispatch. Run early
    (a clock step between machines, a job requeued by hand), it queues itself again for when
    the offer is due: an offer must never stay open for ever."""
    row = conn.execute(query("expire_offer"), {"id": assignment_id, "city_id": city_id}).fetchone()
    if row is None:
        early = conn.execute(query("offer_due_in"), {"id": assignment_id, "city_id": city_id}).fetchone()
        if early is not None:
            outbox.add(conn, "expire_offer", assignment_id, city_id, delay_s=math.ceil(early["remaining_s"]))
        return None
    outbox.add(conn, "dispatch_report", row["report_id"], city_id)
    # and its officer to what waited while they weighed it, as after a decline (a walk: a report
    # filed meanwhile waited for the sweep, and /ops said nobody was free); not after two lapses
    # in a row (away from the phone: each report near them lost two minutes)
    if not row["lapsed_before"]:
        outbox.add(conn, "offer_waiting", row["responder_id"], city_id)
    return {"report_id": int(row["report_id"])}


def my_offers(conn: Conn, user: User) -> list[dict[str, Any]]:
    _responder(user)
    rows = conn.execute(query("my_offers"), {"user_id": user.id, "city_id": user.home_city}).fetchall()
    return [_with_photo(conn, r) for r in rows]


def _with_photo(conn: Conn, row: dict[str, Any]) -> dict[str, Any]:
    """The reporter's photo on an offer or task, once published: what the officer is to look for
    at the place (a pile among several, which lamp post); they saw only words before. A
    confidential or withheld report's by a signed link (an unsigned one is refused)."""
    key = row.pop("photo_key", None)
    link = medialinks.links(conn, row["confidential"] or row["withheld"])
    return {**row, "photo_url": link(key, "public"), "thumb_url": link(key, "thumb")}


def workload(conn: Conn, settings: Settings, viewer: User, city_id: int) -> list[dict[str, Any]]:
    """The field officers of one city (an agency admin: of their agency) and their tasks."""
    if viewer.role not in ("agency_admin", "operator", "admin"):
        raise Forbidden()
    check_city(conn, viewer, city_id)
    agency_id = viewer.agency_id if viewer.role == "agency_admin" else None
    return conn.execute(query("responder_workload"), {
        "agency_id": agency_id, "city_id": city_id, "stale_s": settings.responder_stale_s}).fetchall()

