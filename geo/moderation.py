"""Withholding a report's words and photos from the public, and showing them again.

A rejection could withhold them (0056), but a genuine problem told with a neighbour's name, a
phone number or a face in the photo could only stay public or be rejected. A dispatcher who
handles the report withholds them at any time (its category, place, status and handling stay
public) and may show them again; the reporter and the staff who handle it see it whole, and
the timeline says so to everyone. The photos are then served only by signed links
(geo/medialinks.py: public processes ask again within a minute).
"""
from __future__ import annotations

from geo.accounts import User
from geo.db import Conn, query
from geo.errors import Conflict, Forbidden
from geo.lifecycle import DISPATCHERS, check_scope
from geo.reports import add_event, lock

NOTES = {True: "Deskripsi dan foto disembunyikan dari publik / Words and photos withheld from the public",
         False: "Deskripsi dan foto ditampilkan lagi untuk publik / Words and photos shown to the public again"}


def set_withheld(conn: Conn, report_id: int, city_id: int, user: User, withheld: bool) -> list[int]:
    """Withhold (or show again) report `report_id`'s words and photos and those of the reports
    merged into it; the ids changed (none when it already was so)."""
    if user.role not in DISPATCHERS:
        raise Forbidden()
    report = lock(conn, report_id, city_id)
    check_scope(conn, user, report)
    if bool(report["withheld"]) == withheld:
        return []
    if withheld and report["duplicate_of"] is not None:  # its photos moved to the one it was merged into
        keep = report["duplicate_of"]
        raise Conflict(f"Laporan ini sudah digabung ke #{keep} dan fotonya kini di sana: sembunyikan laporan #{keep} "
                       "(laporan yang digabung ke sana ikut tersembunyi).",
                       f"This report was merged into #{keep} and its photos are there now: withhold report #{keep} "
                       "(the reports merged into it are withheld with it).", code="merged_report",
                       details={"duplicate_of": keep})
    if not withheld:
        apart = [int(r["id"]) for r in conn.execute(query("merged_withheld_apart"), {"id": report_id, "city_id": city_id})]
        if apart:  # their photos are this report's now: shown with it
            named = ", ".join(f"#{i}" for i in apart)
            raise Conflict(f"Laporan {named} yang digabung ke sini disembunyikan tersendiri, dan fotonya kini milik "
                           "laporan ini. Tampilkan dulu laporan itu bila memang boleh.",
                           f"Report(s) {named} merged into this one were withheld on their own, and their photos are "
                           "this report's now. Show them first if they may be shown.", code="merged_withheld",
                           details={"reports": apart})
    ids = [int(r["id"]) for r in conn.execute(query("set_report_withheld"), {
        "id": report_id, "city_id": city_id, "withheld": withheld})]
    add_event(conn, report_id, city_id, user.id, "withheld" if withheld else "shown", note=NOTES[withheld])
    return ids
