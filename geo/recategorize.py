"""Moving a report to another category: a resident's wrong choice, corrected by a dispatcher.

A broken street light filed as "Sampah" went to Dinas Lingkungan Hidup and could not be passed
on: the category decides the agency, the deadline, the default priority and whether the public
sees the point exactly, so each follows the move (set_report_category.sql). Another agency's
officer no longer holds it: it goes back to the queue and is offered anew, and the new agency
hears of it as the first did (urgent at once, late at the next sweep). A move into a confidential
category coarsens its public place at once, and that of the reports merged into it, and gives
their published photos new keys, so links already handed out stop working (a process that had
served a key as a public photo's would go on serving it); staff's notices of them stop naming
the street and true kelurahan. A confidential report keeps its
promise: it is never moved to a category that would show it exactly, and its public place stays.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo import outbox, photos, privacy
from geo.accounts import User
from geo.db import Conn, one, query
from geo.errors import Conflict, Forbidden
from geo.hexes import REPORT_RESOLUTIONS, register_cells
from geo.lifecycle import DISPATCHERS, Transition, check_scope, transition
from geo.reports import OPEN_STATUSES, add_event, category, lock, points
from geo.settings import Settings

_HELD = ("assigned", "in_progress")


@dataclass
class Moved:
    """What the move changed: the public points whose tiles are stale (before and after), the photo
    keys to discard once the change is committed and those to discard if it is not (all empty when
    the report was in that category already)."""
    points: list[tuple[float, float]] = field(default_factory=list)
    old_photo_keys: list[str] = field(default_factory=list)
    new_photo_keys: list[str] = field(default_factory=list)


def set_category(conn: Conn, settings: Settings, report_id: int, city_id: int, user: User, code: str) -> Moved:
    """Move an open report of `city_id` to its category `code`, for a dispatcher who handles it (an
    agency admin passes their own agency's report on to another)."""
    if user.role not in DISPATCHERS:
        raise Forbidden()
    # The live offer or assignment first, then the report: the order an officer's answer takes
    # (dispatch.respond); the other order deadlocked with it.
    live = conn.execute(query("lock_live_assignment"), {"report_id": report_id, "city_id": city_id}).fetchone()
    report = lock(conn, report_id, city_id)
    check_scope(conn, user, report)
    if report["status"] not in OPEN_STATUSES:
        raise Conflict("Kategori laporan yang sudah selesai tidak bisa diubah.",
                       "The category of a finished report cannot be changed.", code="report_not_open",
                       details={"status": report["status"]})
    new = category(conn, code, city_id, fresh=True)
    if new["id"] == report["category_id"]:
        return Moved()
    if report["confidential"] and not new["confidential"]:
        raise Conflict("Laporan rahasia tidak bisa dipindah ke kategori yang tampil tepat di peta publik: "
                       "pelapornya dijanjikan lokasi yang disamarkan.",
                       "A confidential report cannot move to a category shown exactly on the public map: "
                       "its reporter was promised a coarsened location.", code="confidential_stays")
    other_agency = new["agency_id"] != report["agency_id"]
    moved = Moved()
    row = _move(conn, report, new, user.id, moved)
    if other_agency:  # after the move: the reporter's "back in the queue" names the new category
        _release(conn, settings, report, live)
    if row["priority"] == "urgent" and (row["old_priority"] != "urgent" or other_agency):
        # a fire filed as garbage, or an urgent report another agency now holds: told as on filing
        conn.execute(query("notify_urgent_report"), {"report_id": report_id, "city_id": city_id, "actor_id": user.id,
                                                     "raised": row["old_priority"] != "urgent"})
    if other_agency:
        outbox.add(conn, "dispatch_report", report_id, city_id)  # the new agency's nearest officer
    conn.execute(query("notify_reporter_category"), {"report_id": report_id, "city_id": city_id, "actor_id": user.id,
                                                     "routed": other_agency})
    if new["confidential"] and not report["confidential"]:
        dups = conn.execute(query("report_duplicates"), {"id": report_id, "city_id": city_id}).fetchall()
        for dup in dups:  # "duplicate of #n" with its exact place and words would point at it
            if not dup["confidential"]:
                _move(conn, dup, new, user.id, moved)
        conn.execute(query("redact_report_notices"), {
            "city_id": city_id, "ids": [report_id, *(int(d["id"]) for d in dups if not d["confidential"])]})
        try:  # last: nothing after it can fail and leave the new keys' files unowned
            for rid in (report_id, *(int(d["id"]) for d in dups)):
                _rekey_photos(conn, settings, rid, city_id, moved)
        except Exception:
            discard_new(settings, moved)
            raise
    return moved


def discard_new(settings: Settings, moved: Moved) -> None:
    """The files under the new keys, when the move was not committed (a rollback keeps the old)."""
    for key in moved.new_photo_keys:
        photos.discard(settings.media_dir, key)


def _move(conn: Conn, report: dict[str, Any], new: dict[str, Any], actor_id: int | None,
          moved: Moved) -> dict[str, Any]:
    """One report into category `new` (its row locked), with a timeline line; the stale tiles'
    points go into `moved`. The changed row (old names and priority, the new priority)."""
    report_id, city_id = int(report["id"]), int(report["city_id"])
    before = points(conn, [report_id], city_id)
    keep = bool(report["confidential"])  # already coarse: its public place stays where it was
    plng, plat, cells = privacy.public_point(float(report["lng"]), float(report["lat"]), new["confidential"],
                                             REPORT_RESOLUTIONS)
    public_kelurahan_id = one(conn.execute(query("public_kelurahan"), {
        "lng": plng, "lat": plat, "city_id": city_id}))["id"] if new["confidential"] and not keep else None
    row = conn.execute(query("set_report_category"), {
        "id": report_id, "city_id": city_id, "category_id": new["id"], "agency_id": new["agency_id"],
        "default_priority": new["default_priority"], "sla_hours": new["sla_hours"],
        "coarse": new["confidential"], "keep_public": keep, "public_lng": plng, "public_lat": plat,
        "public_kelurahan_id": public_kelurahan_id, **{f"h3_r{r}": c for r, c in cells.items()}}).fetchone()
    if row is None:  # the category was reloaded (its agency or promise changed) a moment ago
        raise Conflict("Kategori baru saja diubah, coba lagi.", "The category changed a moment ago, retry.",
                       code="concurrent_change")
    if not keep:
        register_cells(conn, cells.values())
    routed = row["old_agency"] != new["agency"]
    add_event(conn, report_id, city_id, actor_id, "category",
              note=f"{row['old_name_id']} → {new['name_id']}"
                   f"{'; diteruskan ke ' + new['agency_name_id'] if routed else ''} / "
                   f"{row['old_name_en']} → {new['name_en']}{'; routed to ' + new['agency_name_en'] if routed else ''}")
    if row["priority"] != row["old_priority"] and report["status"] in OPEN_STATUSES:  # a duplicate's is nobody's task
        add_event(conn, report_id, city_id, actor_id, "priority", note=f"{row['old_priority']} → {row['priority']}")
    moved.points += before + points(conn, [report_id], city_id)
    return dict(row)


def _release(conn: Conn, settings: Settings, report: dict[str, Any], live: dict[str, Any] | None) -> None:
    """The old agency lets go: an officer holding it no longer does (back to the queue, a timeline
    event says why; their task notice is read) and an open offer is withdrawn."""
    report_id, city_id = int(report["id"]), int(report["city_id"])
    if report["status"] in _HELD:
        if report["assignee_id"] is not None:  # the notice that gave it to them is no longer news
            conn.execute(query("read_task_notices"), {"user_id": report["assignee_id"], "report_id": report_id,
                                                      "city_id": city_id})
        conn.execute(query("quiet_report"), {"report_id": str(report_id)})  # its reporter hears of the move instead
        transition(conn, settings, report_id, city_id, None, Transition(
            to="verified", note="Dipindah ke OPD lain; laporan kembali ke antrean / "
                                "moved to another agency; the report is back in the queue"))
        conn.execute(query("quiet_report"), {"report_id": ""})
    elif live is not None:
        conn.execute(query("close_offer"), {"id": live["id"], "city_id": city_id, "status": "cancelled"})


def _rekey_photos(conn: Conn, settings: Settings, report_id: int, city_id: int, moved: Moved) -> None:
    """Each published photo under a new key (signed links from now on); the keys go into `moved`."""
    for p in conn.execute(query("report_published_photos"), {"report_id": report_id, "city_id": city_id}).fetchall():
        key = photos.relink(settings.media_dir, p["media_key"])
        moved.new_photo_keys.append(key)
        conn.execute(query("photo_rekey"), {"id": p["id"], "city_id": city_id, "key": key})
        moved.old_photo_keys.append(str(p["media_key"]))
