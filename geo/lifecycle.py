"""Report lifecycle: which role may move a report from which status to which.

submitted → verified → assigned → in_progress → resolved → closed, with
rejected (reason) and duplicate (merge) as exits. Staff below admin act only on
their own agency's reports; a responder only on reports assigned to them; a
citizen only on their own report. Every change is a report_events row.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo import photos
from geo.accounts import User, check_area, check_city
from geo.assignments import on_report_status, record_assignment
from geo.db import Conn, query
from geo.errors import Conflict, Forbidden, InvalidInput, Unprocessable
from geo.reports import add_event, attach_photo, lock
from geo.settings import Settings

DISPATCHERS = frozenset({"operator", "agency_admin", "admin"})
FIELD = frozenset({"responder", "agency_admin", "admin"})
SYSTEM = frozenset({"system"})  # no user has this role: only `transition(..., user=None, ...)`

# (from, to) -> roles allowed. "reporter" means the citizen who filed the report.
RULES: dict[tuple[str, str], frozenset[str]] = {
    ("submitted", "verified"): DISPATCHERS,
    ("submitted", "rejected"): DISPATCHERS,
    ("verified", "rejected"): DISPATCHERS,
    ("submitted", "assigned"): DISPATCHERS,      # urgent reports may skip verification
    ("verified", "assigned"): DISPATCHERS,
    ("assigned", "assigned"): DISPATCHERS,       # re-assign to another responder
    ("in_progress", "assigned"): DISPATCHERS,    # ... also once started (reopened, or the responder left)
    ("assigned", "in_progress"): FIELD | {"operator"},
    ("in_progress", "resolved"): FIELD,
    ("resolved", "closed"): frozenset({"reporter", "admin"}),
    ("resolved", "in_progress"): frozenset({"reporter", "operator", "agency_admin", "admin"}),  # not fixed
    # Back to the queue when the officer holding it is switched off (they left): the system only.
    ("assigned", "verified"): SYSTEM,
    ("in_progress", "verified"): SYSTEM,
}
PRIORITIES = ("low", "normal", "high", "urgent")


@dataclass
class Transition:
    to: str
    note: str = ""
    reason: str = ""
    assignee_id: int | None = None
    rating: int | None = None
    photo: photos.Photo | None = None
    withhold: bool = False  # rejected: its words and photos withheld from the public (0056)


def allowed_roles(from_status: str, to_status: str) -> frozenset[str]:
    return RULES.get((from_status, to_status), frozenset())


def check_scope(conn: Conn, user: User, report: dict) -> None:
    check_city(conn, user, report["city_id"])
    check_area(user, report)
    # anyone of one agency (an operator of one too: they moved, raised and rejected others' reports)
    if (user.role in ("agency_admin", "responder") or user.agency_id is not None) and report["agency_id"] != user.agency_id:
        raise Forbidden("Laporan milik OPD lain.", "The report belongs to another agency.", code="other_agency")
    if user.role == "responder" and report["assignee_id"] != user.id:
        raise Forbidden("Laporan ini tidak ditugaskan kepada Anda.", "This report is not assigned to you.",
                        code="not_assignee")


def transition(conn: Conn, settings: Settings, report_id: int, city_id: int, user: User | None,
               t: Transition) -> str:
    """Apply one status change for `user` (None = the system, e.g. auto-close) to `city_id`'s
    report. Returns the new status."""
    # The live offer or assignment first, then the report: the order an officer's answer takes
    # (dispatch.respond); an operator assigning an offered report as its officer accepted deadlocked.
    conn.execute(query("lock_live_assignment"), {"report_id": report_id, "city_id": city_id})
    report = lock(conn, report_id, city_id)
    # Who acts, for the trigger that tells the reporter (never about their own action).
    conn.execute(query("set_actor"), {"actor_id": str(user.id) if user else ""})
    src = report["status"]
    if user is not None and user.role == "responder" and report["assignee_id"] != user.id:
        # before the step's rule: a task moved away under an officer's open page read "Status tidak
        # bisa berubah dari verified ke resolved" at their next tap (a walk)
        raise Forbidden("Laporan ini tidak ditugaskan kepada Anda.", "This report is not assigned to you.",
                        code="not_assignee")
    allowed = allowed_roles(src, t.to)
    if not allowed:
        raise Conflict(f"Status tidak bisa berubah dari {src} ke {t.to}.",
                       f"Status cannot change from {src} to {t.to}.", code="invalid_transition",
                       details={"from": src, "to": t.to})
    if user is not None:
        role = "reporter" if user.role == "citizen" and report["reporter_id"] == user.id else user.role
        if role not in allowed:
            raise Forbidden(details={"from": src, "to": t.to, "allowed": sorted(allowed)})
        check_scope(conn, user, report)
    staff = user is not None and user.staff_of(report["city_id"])
    assignee = None
    if t.to == "assigned":
        if t.assignee_id is None:
            raise InvalidInput("Pilih petugas (assignee_id).", "Choose a responder (assignee_id).",
                               code="assignee_required")
        ok = conn.execute(query("responder_of_agency"),
                          {"user_id": t.assignee_id, "agency_id": report["agency_id"], "city_id": city_id}).fetchone()
        if ok is None:
            raise Unprocessable("Petugas bukan anggota OPD laporan ini.",
                                "The responder does not belong to this report's agency.",
                                code="invalid_assignee")
        assignee = t.assignee_id
    if t.withhold and t.to != "rejected":
        raise InvalidInput("Hanya laporan yang ditolak yang isinya bisa disembunyikan dari publik.",
                           "Only a rejected report's words and photos can be withheld from the public.",
                           code="withhold_needs_reject")
    if t.to == "rejected" and not t.reason.strip():
        raise InvalidInput("Alasan penolakan wajib diisi.", "A reason for rejection is required.",
                           code="reason_required")
    if src == "resolved" and t.to == "in_progress" and not t.note.strip():
        # "Belum beres": whoever works on it next must know what is still wrong.
        raise InvalidInput("Tulis apa yang belum beres.", "Say what is still not fixed.", code="note_required")
    if t.to == "resolved" and t.photo is None:
        raise InvalidInput("Foto sesudah penanganan wajib dilampirkan.",
                           "An after-photo is required to resolve a report.", code="after_photo_required")
    if (t.to == "closed" and user is not None and user.role == "citizen"
            and (t.rating is None or not 1 <= int(t.rating) <= 5)):
        raise InvalidInput("Beri nilai 1–5.", "Give a rating from 1 to 5.", code="rating_required")
    photo_id = attach_photo(conn, settings, report_id, city_id, user.id if user else None, t.photo,
                            "after" if t.to == "resolved" else "event") if t.photo else None
    moved = conn.execute(query("transition_report"), {
        "id": report_id, "city_id": city_id, "from_status": src, "to_status": t.to, "set_assignee": t.to == "assigned",
        "assignee_id": assignee, "reason": t.reason.strip() or None,
        "rating": int(t.rating) if t.rating is not None else None, "staff": staff}).fetchone()
    if moved is None:  # cannot happen under the row lock, but never write a half-change
        raise Conflict("Laporan berubah bersamaan, coba lagi.", "The report changed meanwhile, retry.",
                       code="concurrent_change")
    if t.withhold:  # with the rejection, in its transaction
        # the same statement as moderation's: a report merged in that was withheld on its own keeps
        # its own time (overwritten, it was shown again with this one: geo/moderation.py)
        conn.execute(query("set_report_withheld"), {"id": report_id, "city_id": city_id, "withheld": True})
    reopened = src == "resolved" and t.to == "in_progress"
    actor = user.id if user else None
    if assignee is not None:  # set exactly when moving to "assigned"
        record_assignment(conn, report_id, city_id, assignee, actor)
        if not (src in ("assigned", "in_progress") and report["assignee_id"] == assignee):  # not news twice
            _tell_officer(conn, report_id, city_id, assignee, actor, "task_assigned")
    else:
        if reopened and report["assignee_id"] is not None and conn.execute(query("responder_of_agency"), {
                "user_id": report["assignee_id"], "agency_id": report["agency_id"], "city_id": city_id}).fetchone():
            # Back on its officer's hands: busy again, with a live assignment (the resolution
            # had freed them, and dispatch went on offering them new reports). An officer who
            # has left gets nothing: the notice below brings the report to a dispatcher.
            record_assignment(conn, report_id, city_id, report["assignee_id"], actor)
            _tell_officer(conn, report_id, city_id, report["assignee_id"], actor, "task_back")
        on_report_status(conn, report_id, city_id, t.to)
    if reopened:
        conn.execute(query("notify_reopened"), {"report_id": report_id, "city_id": city_id,
                                                "actor_id": user.id if user else None})
    if user is not None and user.role == "responder" and t.to in ("in_progress", "resolved"):
        # the officer is at it: the notice that gave it to them is no longer news (also on a reload)
        conn.execute(query("read_task_notices"), {"user_id": user.id, "report_id": report_id, "city_id": city_id})
    note = t.reason if t.to == "rejected" else t.note
    add_event(conn, report_id, city_id, user.id if user else None, "status", from_status=src, to_status=t.to,
              note=note.strip(), photo_id=photo_id)
    return t.to


def _tell_officer(conn: Conn, report_id: int, city_id: int, officer_id: int, actor_id: int | None, kind: str) -> None:
    """A notice (and push) to the officer a report was handed to by someone (not the system: an
    offer they accepted themselves is no news): with /petugas closed they learnt of it only when
    they next looked at their list."""
    if actor_id is not None and officer_id != actor_id:
        conn.execute(query("notify_assignee"), {"report_id": report_id, "city_id": city_id, "user_id": officer_id,
                                                "kind": kind})


def set_priority(conn: Conn, report_id: int, city_id: int, user: User, priority: str) -> None:
    if priority not in PRIORITIES:
        raise InvalidInput(f"Prioritas harus salah satu dari {', '.join(PRIORITIES)}.",
                           f"Priority must be one of {', '.join(PRIORITIES)}.", code="invalid_priority")
    if user.role not in DISPATCHERS:
        raise Forbidden()
    report = lock(conn, report_id, city_id)
    check_scope(conn, user, report)
    if report["priority"] == priority:
        return
    conn.execute(query("set_report_priority"), {"priority": priority, "id": report_id, "city_id": city_id})
    add_event(conn, report_id, city_id, user.id, "priority", note=f"{report['priority']} → {priority}")
    if priority == "urgent":  # raised: told as an urgent report filed so is (reports.submit)
        conn.execute(query("notify_urgent_report"),
                     {"report_id": report_id, "city_id": city_id, "actor_id": user.id, "raised": True})
