"""Moving a report to another category: a resident's wrong choice, corrected by a dispatcher.

A broken street light filed as "Sampah" went to Dinas Lingkungan Hidup and could not be passed
on: the category decides the agency, the deadline, the default priority and whether the public
sees the point exactly, so each follows the move (set_report_category.sql). Another agency's
officer no longer holds it: it goes back to the queue and is offered anew. A move into a
confidential category coarsens its public place at once and gives its published photos new keys,
so links already handed out stop working (a process that had served a key as a public photo's
would go on serving it). A confidential report keeps its promise: it is never moved to a
category that would show it exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
    """What the move changed: whether anything did, the public points whose tiles are stale (before
    and after), and the photo keys to discard once the change is committed."""
    changed: bool
    points: list[tuple[float, float]] = field(default_factory=list)
    old_photo_keys: list[str] = field(default_factory=list)


def set_category(conn: Conn, settings: Settings, report_id: int, city_id: int, user: User, code: str) -> Moved:
    """Move an open report of `city_id` to its category `code`, for a dispatcher who handles it (an
    agency admin passes their own agency's report on to another)."""
    if user.role not in DISPATCHERS:
        raise Forbidden()
    report = lock(conn, report_id, city_id)
    check_scope(conn, user, report)
    if report["status"] not in OPEN_STATUSES:
        raise Conflict("Kategori laporan yang sudah selesai tidak bisa diubah.",
                       "The category of a finished report cannot be changed.", code="report_not_open",
                       details={"status": report["status"]})
    new = category(conn, code, city_id)
    if new["id"] == report["category_id"]:
        return Moved(changed=False)
    if report["confidential"] and not new["confidential"]:
        raise Conflict("Laporan rahasia tidak bisa dipindah ke kategori yang tampil tepat di peta publik: "
                       "pelapornya dijanjikan lokasi yang disamarkan.",
                       "A confidential report cannot move to a category shown exactly on the public map: "
                       "its reporter was promised a coarsened location.", code="confidential_stays")
    before = points(conn, [report_id], city_id)
    status = report["status"]
    if new["agency_id"] != report["agency_id"]:
        status = _release(conn, settings, report)
    lng, lat = float(report["lng"]), float(report["lat"])
    plng, plat, cells = privacy.public_point(lng, lat, new["confidential"], REPORT_RESOLUTIONS)
    public_kelurahan_id = one(conn.execute(query("public_kelurahan"), {
        "lng": plng, "lat": plat, "city_id": city_id}))["id"] if new["confidential"] else None
    row = one(conn.execute(query("set_report_category"), {
        "id": report_id, "city_id": city_id, "category_id": new["id"], "agency_id": new["agency_id"],
        "default_priority": new["default_priority"], "sla_hours": new["sla_hours"],
        "coarse": new["confidential"], "public_lng": plng, "public_lat": plat,
        "public_kelurahan_id": public_kelurahan_id, **{f"h3_r{r}": c for r, c in cells.items()}}))
    register_cells(conn, cells.values())
    routed = "" if new["agency"] == row["old_agency"] else f"; diteruskan ke {new['agency_name_id']}"
    routed_en = "" if new["agency"] == row["old_agency"] else f"; routed to {new['agency_name_en']}"
    add_event(conn, report_id, city_id, user.id, "category",
              note=f"{row['old_name_id']} → {new['name_id']}{routed} / {row['old_name_en']} → {new['name_en']}{routed_en}")
    if row["priority"] != row["old_priority"]:
        add_event(conn, report_id, city_id, user.id, "priority", note=f"{row['old_priority']} → {row['priority']}")
        if row["priority"] == "urgent":  # now a fire: the area's coordinators, as on filing
            conn.execute(query("notify_urgent_report"),
                         {"report_id": report_id, "city_id": city_id, "actor_id": user.id, "raised": True})
    if new["agency_id"] != report["agency_id"] and status in ("submitted", "verified"):
        outbox.add(conn, "dispatch_report", report_id, city_id)  # the new agency's nearest officer
    old_keys = _rekey_photos(conn, settings, report_id, city_id) if new["confidential"] and not report["confidential"] else []
    return Moved(changed=True, points=before + points(conn, [report_id], city_id), old_photo_keys=old_keys)


def _release(conn: Conn, settings: Settings, report: dict) -> str:
    """The old agency lets go: an officer holding it no longer does (back to the queue, a timeline
    event says why) and an open offer is withdrawn. The report's status now."""
    report_id, city_id = int(report["id"]), int(report["city_id"])
    if report["status"] in _HELD:
        if report["assignee_id"] is not None:  # the notice that gave it to them is no longer news
            conn.execute(query("read_task_notices"), {"user_id": report["assignee_id"], "report_id": report_id,
                                                      "city_id": city_id})
        return transition(conn, settings, report_id, city_id, None, Transition(
            to="verified", note="Dipindah ke OPD lain; laporan kembali ke antrean / "
                                "moved to another agency; the report is back in the queue"))
    live = conn.execute(query("lock_live_assignment"), {"report_id": report_id, "city_id": city_id}).fetchone()
    if live is not None:
        conn.execute(query("close_offer"), {"id": live["id"], "city_id": city_id, "status": "cancelled"})
    return str(report["status"])


def _rekey_photos(conn: Conn, settings: Settings, report_id: int, city_id: int) -> list[str]:
    """Each published photo under a new key (signed links from now on): the old keys, to discard."""
    old = []
    for p in conn.execute(query("report_published_photos"), {"report_id": report_id, "city_id": city_id}).fetchall():
        key = photos.relink(settings.media_dir, p["media_key"])
        conn.execute(query("photo_rekey"), {"id": p["id"], "city_id": city_id, "key": key})
        old.append(str(p["media_key"]))
    return old
