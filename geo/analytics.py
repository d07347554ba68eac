"""Planners' analysis, run by the scheduled job `analyse_hotspots` (or `sigap analyse`):
Getis-Ord Gi* hot spots per category and period, and emerging hot spots over a space-time
cube of months. Counts come from the trigger-kept heat tables; the statistics are in
geo/hotstats.py; results go to analysis_runs / hotspot_cells / emerging_cells, each run
replaced whole in the caller's transaction.

The study area is every cell whose centre lies in the city, plus any cell that holds a
report: cells at sea, where nobody can report, would read as "cold" and make the coast look
hot by contrast (ESRI's guidance: analyse only where incidents can occur).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import h3
import numpy as np

from geo import cities, hotstats
from geo.db import Conn, query
from geo.errors import InvalidInput, NotFound
from geo.hexes import cell_wkt
from geo.settings import Settings

log = logging.getLogger("sigap.analytics")

# Hot spot periods: whole local months up to and including the current one.
PERIODS = {"3m": 3, "12m": 12}
RESOLUTIONS = (8, 9)      # r8 (~0.7 km²) city-wide; r9 (~0.1 km²) for the dense centre
EMERGING_RES = 8          # the cube needs counts per month: r8 keeps them from being all zeros
KINDS = ("hotspots", "emerging_hotspots")
STATISTICS = frozenset({"gi_z", "p_value", "trend_tau", "trend_p", "count_tau"})  # NULL in a run not tested


@dataclass(frozen=True)
class Study:
    """The study area at one resolution: cells (sorted) and their contiguity."""
    res: int
    cells: list[int]
    nbrs: dict[int, list[int]]


def month_add(month: date, n: int) -> date:
    y, m = divmod(month.year * 12 + month.month - 1 + n, 12)
    return date(y, m + 1, 1)


def this_month(tz: ZoneInfo, now: datetime | None = None) -> date:
    """The current month in the city's zone (heat months are local too: sigap_city_month)."""
    local = (now or datetime.now(tz)).astimezone(tz)
    return date(local.year, local.month, 1)


def _city(conn: Conn, city_id: int | None) -> int:
    return city_id if city_id is not None else cities.resolve(conn, None).id


def city_cells(conn: Conn, res: int, city_id: int | None = None) -> set[int]:
    """Cells whose centre lies in the city (the union of its kelurahan)."""
    row = conn.execute(query("analysis_city_outline"), {"city_id": _city(conn, city_id)}).fetchone()
    if not row or not row["geojson"]:
        return set()
    return {h3.str_to_int(c) for c in h3.geo_to_cells(json.loads(row["geojson"]), res)}


def study_area(conn: Conn, res: int, extra: set[int], inside: set[int] | None = None,
               city_id: int | None = None) -> Study:
    """The city's cells (`inside`, when the caller has them already) and the cells with reports."""
    cells = sorted((city_cells(conn, res, city_id) if inside is None else inside) | extra)
    return Study(res, cells, hotstats.neighbours(cells))


def counts(conn: Conn, city_id: int, res: int, category: str, months: list[date]) -> dict[tuple[int, date], int]:
    rows = conn.execute(query("analysis_counts"), {"city_id": city_id, "res": res, "category": category, "m0": months[0],
                                                    "m1": month_add(months[-1], 1)})
    return {(r["cell"], r["month"]): r["n"] for r in rows}


def _store(conn: Conn, city_id: int, kind: str, category: str, period: str, study: Study, months: list[date],
           reports: int, permutations: int, note: str, rows: list[tuple[Any, ...]]) -> int:
    run = conn.execute(query("analysis_upsert_run"), {
        "city_id": city_id, "kind": kind, "category": category, "period": period, "res": study.res, "months": months,
        "reports": reports, "cells": len(study.cells), "permutations": permutations, "note": note}).fetchone()
    assert run is not None
    conn.execute(query("analysis_clear_run"), {"run_id": run["id"], "city_id": city_id})
    copy_name = "analysis_copy_hotspot_cells" if kind == "hotspots" else "analysis_copy_emerging_cells"
    with conn.cursor().copy(query(copy_name).strip()) as copy:
        for r in rows:
            copy.write_row((run["id"], city_id, *r))
    return int(run["id"])


def _value(v: float) -> float | None:
    """A statistic for the database: NULL where the run tested nothing."""
    return None if np.isnan(v) else float(v)


def _note(total: int, settings: Settings) -> str:
    if total >= settings.analysis_min_reports:
        return ""
    return (f"Terlalu sedikit laporan untuk diuji ({total} < {settings.analysis_min_reports}) / "
            f"too few reports to test ({total} < {settings.analysis_min_reports})")


def hotspots(conn: Conn, settings: Settings, category: str, period: str, res: int,
             now: datetime | None = None, inside: set[int] | None = None, city_id: int | None = None) -> dict[str, int]:
    """Gi* over one city's study cells for the period's months; every study cell is stored (with
    its count, z, p and confidence) so the map shows where the test found nothing, too."""
    city_id = _city(conn, city_id)
    last = this_month(cities.by_id(conn, city_id).tz, now)
    months = [month_add(last, -i) for i in reversed(range(PERIODS[period]))]
    per_month = counts(conn, city_id, res, category, months)
    totals: dict[int, int] = {}
    for (cell, _), n in per_month.items():
        totals[cell] = totals.get(cell, 0) + n
    study = study_area(conn, res, set(totals), inside, city_id)
    y = np.array([totals.get(c, 0) for c in study.cells], dtype=float)
    note = _note(int(y.sum()), settings)
    if note:  # not tested: no z or p (0 and 1 read as "tested, nothing there" in a GIS, a walk)
        z, p, conf = np.full(len(y), np.nan), np.full(len(y), np.nan), np.zeros(len(y), dtype=int)
    else:
        z, p = hotstats.gi_star(y, study.nbrs, settings.hotspot_permutations)
        conf = hotstats.confidence(z, p)
    rows = [(c, int(n), _value(zi), _value(pi), int(ci), f"SRID=4326;{cell_wkt(c)}")
            for c, n, zi, pi, ci in zip(study.cells, y, z, p, conf, strict=True)]
    _store(conn, city_id, "hotspots", category, period, study, months, int(y.sum()), settings.hotspot_permutations, note, rows)
    return {"hot": int((conf > 0).sum()), "cold": int((conf < 0).sum()), "cells": len(rows)}


def emerging(conn: Conn, settings: Settings, category: str, now: datetime | None = None,
             inside: set[int] | None = None, city_id: int | None = None) -> dict[str, int]:
    """The space-time cube: Gi* per complete month (with the FDR correction per month, 90 %),
    then per cell the Mann-Kendall trend of its z-scores and its ArcGIS Pro pattern."""
    city_id = _city(conn, city_id)
    first_open = this_month(cities.by_id(conn, city_id).tz, now)
    t = settings.emerging_months
    months = [month_add(first_open, -i) for i in range(t, 0, -1)]
    per_month = counts(conn, city_id, EMERGING_RES, category, months)
    study = study_area(conn, EMERGING_RES, {cell for cell, _ in per_month}, inside, city_id)
    cube = np.array([[per_month.get((c, m), 0) for m in months] for c in study.cells], dtype=float).reshape(
        len(study.cells), t)
    note = _note(int(cube.sum()), settings)
    zs = np.zeros_like(cube)
    levels = np.zeros(cube.shape, dtype=int)
    if not note:
        for j in range(t):
            z, p = hotstats.gi_star(cube[:, j], study.nbrs, settings.hotspot_permutations, seed=20 + j)
            zs[:, j] = z
            levels[:, j] = np.sign(hotstats.confidence(z, p))
    rows = []
    found: dict[str, int] = {}
    for i, cell in enumerate(study.cells):
        count_tau, _ = hotstats.mann_kendall(cube[i])
        tau: float | None = None
        trend_p: float | None = None
        name = "no_pattern"  # not tested: no trend of z-scores either (NULL, as hot spots' z and p)
        if not note:
            tau, trend_p = hotstats.mann_kendall(zs[i])
            name = hotstats.pattern([int(v) for v in levels[i]], tau, trend_p)
        found[name] = found.get(name, 0) + 1
        rows.append((cell, int(cube[i].sum()), name, int((levels[i] > 0).sum()), int((levels[i] < 0).sum()),
                     tau, trend_p, count_tau, f"SRID=4326;{cell_wkt(cell)}"))
    _store(conn, city_id, "emerging_hotspots", category, f"{t}m", study, months, int(cube.sum()),
           settings.hotspot_permutations, note, rows)
    return found


def analyse(conn: Conn, settings: Settings, city_id: int | None = None) -> dict[str, Any]:
    """Every run of every city (or of `city_id`): hot spots for all categories together and each
    one, per period and resolution, and emerging hot spots per category. The caller commits."""
    done: dict[str, Any] = {}
    for city in cities.all_cities(conn, fresh=True):
        if city_id is not None and city.id != city_id:
            continue
        categories = [r["code"] for r in conn.execute(query("list_categories"), {"city_id": city.id})]
        inside = {res: city_cells(conn, res, city.id) for res in {*RESOLUTIONS, EMERGING_RES}}  # once a city
        for category in ["", *categories]:
            for period in PERIODS:
                for res in RESOLUTIONS:
                    done[f"{city.slug}/hotspots/{category or 'all'}/{period}/r{res}"] = hotspots(
                        conn, settings, category, period, res, inside=inside[res], city_id=city.id)
            done[f"{city.slug}/emerging/{category or 'all'}"] = emerging(
                conn, settings, category, inside=inside[EMERGING_RES], city_id=city.id)
    return done


def runs(conn: Conn, city_id: int) -> list[dict[str, Any]]:
    out = []
    tz = cities.by_id(conn, city_id).tz
    for r in conn.execute(query("analysis_runs"), {"city_id": city_id}):
        out.append({**r, "computed_at": cities.local_iso(r["computed_at"], tz),
                    "months": [m.isoformat()[:7] for m in r["months"]]})
    return out


_PATTERN_WORDS = {"new": "Baru / New", "consecutive": "Berturut-turut / Consecutive", "intensifying": "Menguat / Intensifying",
                  "persistent": "Menetap / Persistent", "diminishing": "Melemah / Diminishing",
                  "sporadic": "Sporadis / Sporadic", "oscillating": "Berayun / Oscillating",
                  "historical": "Historis / Historical"}


def pattern_name(code: str) -> str:
    """"persistent_hot" → "Titik panas menetap / Persistent hot spot" (the page's words, for files)."""
    if code == "no_pattern":
        return "Tanpa pola / No pattern"
    name, _, kind = code.rpartition("_")
    words = _PATTERN_WORDS.get(name, name)
    ident, en = words.split(" / ") if " / " in words else (words, words)
    spot = ("Titik panas", "hot spot") if kind == "hot" else ("Titik dingin", "cold spot")
    return f"{spot[0]} {ident.lower()} / {en} {spot[1]}"


def features(conn: Conn, settings: Settings, city_id: int, kind: str, category: str, period: str | None,
             res: int | None) -> list[dict[str, Any]]:
    """The cells of one city's run as GeoJSON features (category '' = all)."""
    if kind not in KINDS:
        raise NotFound("Analisis tidak dikenal.", "Unknown analysis.", code="unknown_analysis")
    if category and category not in {r["code"] for r in conn.execute(query("list_categories"), {"city_id": city_id})}:
        raise InvalidInput(f"Kategori {category!r} tidak dikenal.", f"Unknown category {category!r}.",
                           code="unknown_category")
    if kind == "hotspots":
        period = period or "12m"
        res = res or 8
        if period not in PERIODS or res not in RESOLUTIONS:
            raise InvalidInput("period harus 3m atau 12m; res 8 atau 9.", "period must be 3m or 12m; res 8 or 9.",
                               code="invalid_analysis", details={"periods": list(PERIODS), "res": list(RESOLUTIONS)})
    else:
        months = f"{settings.emerging_months}m"
        if period not in (None, months) or res not in (None, EMERGING_RES):
            raise InvalidInput(f"Titik panas yang muncul dihitung untuk period {months} dan res {EMERGING_RES}.",
                               f"Emerging hot spots are computed for period {months} and res {EMERGING_RES}.",
                               code="invalid_analysis", details={"period": months, "res": EMERGING_RES})
        period, res = months, EMERGING_RES
    name = "analysis_hotspot_features" if kind == "hotspots" else "analysis_emerging_features"
    rows = conn.execute(query(name), {"category": category, "period": period, "res": res,
                                      "city_id": city_id}).fetchall()
    if not rows:
        raise NotFound("Analisis ini belum dihitung.", "This analysis has not been computed yet.",
                       code="analysis_not_ready")
    tz = cities.by_id(conn, city_id).tz
    out = []
    for r in rows:
        # The city's clock (as the page shows it), months as "2026-01", and an emerging pattern in words.
        props = {k: (v.astimezone(tz).isoformat() if isinstance(v, datetime)
                     else v.isoformat()[:7] if isinstance(v, date) else v)
                 for k, v in r.items() if k not in ("geometry", "cell")}
        if "pattern" in props:
            props["pattern_name"] = pattern_name(props["pattern"])
        out.append({"type": "Feature", "id": h3.int_to_str(r["cell"]), "geometry": r["geometry"],
                    "properties": {"h3": h3.int_to_str(r["cell"]), **props}})
    return out
