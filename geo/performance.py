"""Public per-agency performance (the transparency page /transparansi): how fast each OPD first
responds and resolves, how often it misses its SLA, what share it resolves, month by month and
per category.

Read from the statistics rollup (geo/stats.py), so the page costs a few small queries. Agencies
are listed by name, never ranked, and nothing is per officer: Qlue's per-officer quotas invited
gaming (closing reports unfixed to meet a number), and a league table invites the same.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from geo import cities
from geo.analytics import month_add, this_month
from geo.db import Conn, query
from geo.errors import InvalidInput
from geo.stats import report_stats

MONTHS = 12
DONE = ("resolved", "closed")
OUT = ("rejected", "duplicate")
CAVEATS = [
    ("Angka dihitung dari laporan warga yang masuk ke SIGAP, bukan dari semua masalah di kota.",
     "Figures come from citizens' reports filed in SIGAP, not from every problem in the city."),
    ("Median dibaca dari histogram (selisih sekitar ±10 %); bulan berjalan belum lengkap.",
     "Medians are read from histograms (within about ±10 %); the current month is incomplete."),
    ("Batas waktu (SLA) berbeda per kategori: kebakaran 1 jam, fasilitas anak 7 hari. OPD dengan kategori "
     "mendesak tidak dapat dibandingkan langsung dengan OPD lain.",
     "Deadlines (SLA) differ by category: fires 1 hour, children's facilities 7 days. Agencies with urgent "
     "categories cannot be compared directly with others."),
    ("Laporan yang ditolak atau duplikat tidak dihitung dalam porsi selesai dan pelanggaran SLA.",
     "Rejected and duplicate reports are left out of the resolved share and the SLA breach rate."),
    ("Tidak ada angka per petugas dan tidak ada peringkat: tujuannya perbaikan layanan, bukan kuota.",
     "No per-officer figures and no ranking: the aim is better service, not quotas."),
]


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    counted = row["total"] - sum(row["by_status"][s] for s in OUT)
    done = sum(row["by_status"][s] for s in DONE)
    return {"total": row["total"], "resolved_share": round(done / counted, 3) if counted else None,
            "median_first_response_h": row["median_first_response_h"],
            "median_resolution_h": row["median_resolution_h"], "sla_breach_rate": row["sla_breach_rate"]}


def kecamatan_of(conn: Conn, city_id: int, raw: str) -> dict[str, Any]:
    """The city's kecamatan a resident picked (id or name, any case); a 400 for another."""
    for k in conn.execute(query("kecamatan_names"), {"city_id": city_id}):
        if raw == str(k["id"]) or raw.strip().lower() == k["name"].lower():
            return dict(k)
    raise InvalidInput("Kecamatan tidak dikenal di kota ini.", "No such kecamatan in this city.",
                       code="unknown_kecamatan")


def public_performance(conn: Conn, city_id: int, today: date | None = None,
                       kecamatan: dict[str, Any] | None = None) -> dict[str, Any]:
    """One city's last twelve months (the current one included) per agency, with a monthly trend;
    with `kecamatan` (from kecamatan_of), that kecamatan's reports only: a resident asks how the
    agencies serve where they live. `areas` lists the city's kecamatan to choose from."""
    last = this_month(cities.by_id(conn, city_id).tz) if today is None else today.replace(day=1)
    months = [month_add(last, -i) for i in range(MONTHS - 1, -1, -1)]
    since, until = months[0].isoformat(), month_add(last, 1).isoformat()
    only = str(kecamatan["id"]) if kecamatan else None
    whole = {r["key"]: r for r in report_stats(conn, "agency", since, until, city_id, kecamatan=only)}
    trend: dict[str, list[dict[str, Any]]] = {key: [] for key in whole}
    for m in months:
        rows = {r["key"]: r for r in report_stats(conn, "agency", m.isoformat(), month_add(m, 1).isoformat(), city_id,
                                                  kecamatan=only)}
        for key in whole:
            r = rows.get(key)
            trend[key].append({"month": m.isoformat()[:7], **(_figures(r) if r else {"total": 0})})
    # Each agency's categories, busiest first: their deadlines differ (DISHUB's congestion 2 h, its
    # street lights 72 h), so an agency's one figure hides which kind of report it is late on.
    # Asked per agency: a report stays with the agency it was routed to, even after its category
    # moves to another, so the rows add up to the card's total.
    kinds = {key: sorted(({"code": c["key"], "name": c["name"], "name_en": c["name_en"], **_figures(c)}
                          for c in report_stats(conn, "category", since, until, city_id, kecamatan=only, agency=key)),
                         key=lambda c: (-c["total"], c["name"]))
             for key in whole}
    agencies = [{"code": key, "name": r["name"], "name_en": r["name_en"], **_figures(r), "trend": trend[key],
                 "categories": kinds[key]}
                for key, r in sorted(whole.items(), key=lambda kv: kv[1]["name"])]
    areas = [dict(k) for k in conn.execute(query("kecamatan_names"), {"city_id": city_id})]
    return {"since": since, "until": until, "months": [m.isoformat()[:7] for m in months], "agencies": agencies,
            "kecamatan": kecamatan, "areas": areas, "caveats": [{"id": i, "en": e} for i, e in CAVEATS]}
