"""Recurring places ("titik rawan"): where one kind of problem keeps coming back after it was
fixed. A pothole patched three times in a year is a road to rebuild, not a fourth ticket; the
list per agency is what turns complaints into a budget line. Cells are H3 r10 (~0.015 km²,
edge ~66 m) of the reports' public positions, so confidential reports are placed no more
precisely than anywhere else."""
from __future__ import annotations

from typing import Any

from geo.accounts import User, check_city
from geo.cities import by_id, local_iso
from geo.db import Conn, query
from geo.errors import Forbidden, InvalidInput
from geo.hexes import cell_center
from geo.settings import Settings

MAX_PLACES = 500


def places(conn: Conn, settings: Settings, user: User, city_id: int, agency: str | None = None,
           window_days: int | None = None, min_reports: int | None = None) -> dict[str, Any]:
    """One city's recurring places of one agency (an agency's own staff see only theirs) or of all."""
    check_city(conn, user, city_id)
    if user.role == "agency_admin":
        if agency not in (None, user.agency):
            raise Forbidden(details={"agency": user.agency})
        agency = user.agency
    window = settings.recurring_window_days if window_days is None else window_days
    least = settings.recurring_min_reports if min_reports is None else min_reports
    if not 7 <= window <= 3650 or not 2 <= least <= 1000:
        raise InvalidInput("window_days harus 7..3650 dan min_reports 2..1000.",
                           "window_days must be 7..3650 and min_reports 2..1000.", code="invalid_recurring")
    rows = conn.execute(query("recurring_places"), {"city_id": city_id, "agency": agency, "window_days": window,
                                                    "min_reports": least, "limit": MAX_PLACES}).fetchall()
    out = []
    tz = by_id(conn, city_id).tz
    for r in rows:
        lng, lat = cell_center(r["cell"])
        out.append({**{k: v for k, v in r.items() if k != "cell"},
                    "h3": f"{r['cell']:x}", "lng": round(lng, 6), "lat": round(lat, 6),
                    **{k: local_iso(r[k], tz) for k in ("last_fixed_at", "last_report_at")}})
    return {"agency": agency, "window_days": window, "min_reports": least, "places": out}
