"""Planning statistics per agency, kelurahan or category, served from the rollup of migration 0013.

A full scan with exact percentiles took 16 s at 10M reports; the rollup keeps counts and
log-scale duration histograms per settled day and month, so an answer reads a few thousand
small rows whatever the table size. Counts and SLA breach rates are exact; medians are read
from histogram buckets 19 % wide (geometric interpolation inside the bucket), within about
±10 % of the exact median.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from geo import cities, filter_values
from geo.db import Conn, query
from geo.errors import InvalidInput
from geo.report_views import STATUSES, parse_window

# What /stats takes: no status filter (every status is a column of its answer)
PARAMS = frozenset({"group", "since", "until", "kecamatan", "kelurahan", "agency", "category", "city"})
GROUPS = {"agency": "a", "kelurahan": "k", "kecamatan": "k", "category": "c"}  # a kecamatan: its (public) kelurahan added up
BUCKETS = 80


def bucket_bounds(bucket: int) -> tuple[float, float]:
    """Hours covered by a histogram bucket (sigap_duration_bucket): 1 is under a minute,
    b >= 2 is [2^((b-2)/4), 2^((b-1)/4)) minutes; the last one is open-ended (its upper bound
    is returned equal to its lower)."""
    if bucket <= 1:
        return 0.0, 1 / 60
    lo = 2 ** ((bucket - 2) / 4) / 60
    return (lo, lo) if bucket >= BUCKETS else (lo, 2 ** ((bucket - 1) / 4) / 60)


def median_hours(hist: dict[int, int]) -> float | None:
    """The median of a histogram {bucket: count}, as percentile_cont(0.5) would give it: the
    middle value, or the mean of the two middle ones, each estimated from its rank inside its
    bucket (linearly in the first bucket, geometrically in the others, whose widths grow
    geometrically)."""
    total = sum(hist.values())
    if total <= 0:
        return None
    mid = (total - 1) / 2
    return (_value_at(hist, int(mid)) + _value_at(hist, int(mid + 0.5))) / 2


def _value_at(hist: dict[int, int], rank: int) -> float:
    """The estimated value of the rank-th smallest duration (0-based)."""
    seen = 0
    for bucket in sorted(hist):
        n = hist[bucket]
        if n > 0 and rank < seen + n:
            lo, hi = bucket_bounds(bucket)
            frac = (rank - seen + 0.5) / n
            if lo == 0.0 or lo == hi:
                return lo + (hi - lo) * frac
            return float(lo * (hi / lo) ** frac)
        seen += n
    raise ValueError("rank beyond the histogram")


def local_day_bounds(since: datetime | None, until: datetime | None,
                     tz: ZoneInfo) -> tuple[date | None, date | None]:
    """The city's local days (in `tz`) [d0, d1) covering [since, until): statistics count whole
    days, so a time inside a day takes in that whole day (a plain date arrives as its midnight)."""
    d0 = since.astimezone(tz).date() if since else None
    d1 = None
    if until:
        local = until.astimezone(tz)
        d1 = local.date() if local.time() == time(0) else local.date() + timedelta(days=1)
    return d0, d1


def counted_window(since: str | None, until: str | None, tz: ZoneInfo) -> dict[str, str | None]:
    """The instants [since, until) that statistics of these parameters count, the whole local days
    (an answer says so: a planner asking from 23:00 got the whole day and a total no other surface gave)."""
    d0, d1 = local_day_bounds(*parse_window({"since": since, "until": until}, tz), tz)
    return {"since": day_start(d0, tz).isoformat() if d0 else None,
            "until": day_start(d1, tz).isoformat() if d1 else None}


def day_start(d: date, tz: ZoneInfo) -> datetime:
    """The instant a local day begins in the city (sigap_city_day_start)."""
    return datetime.combine(d, time(0), tz)


def plan_parts(d0: date | None, d1: date | None, settled: date | None, first_day: date | None,
               tz: ZoneInfo) -> dict[str, Any]:
    """Which parts answer the local days [d0, d1): month rows for the whole rolled-up months,
    day rows for the other rolled-up days, deltas and late breaches over the rolled-up days
    (late_from, late_to), and reports directly from `settled` (today) on."""
    raw_from = max(d for d in (d0, settled) if d is not None) if (d0 or settled) else None
    plan: dict[str, Any] = {"months": [], "days": [], "raw_from": raw_from and day_start(raw_from, tz),
                            "raw_to": d1 and day_start(d1, tz), "late_from": None, "late_to": None}
    if settled is None:
        return plan
    hi = min(settled, d1) if d1 else settled
    lo = max(d0, first_day) if d0 and first_day else (d0 or first_day)
    plan.update(late_from=d0, late_to=hi)
    day = lo
    while day is not None and day < hi:
        month = day.replace(day=1)
        after = (month + timedelta(days=32)).replace(day=1)
        if day == month and after <= hi:
            plan["months"].append(month)
            day = after
        else:
            plan["days"].append(day)
            day += timedelta(days=1)
    return plan


def report_stats(conn: Conn, group: str, since: str | None, until: str | None, city_id: int, *,
                 kecamatan: str | None = None, kelurahan: str | None = None,
                 agency: str | None = None, category: str | None = None) -> list[dict[str, Any]]:
    """One city's counts by status, median hours to first response and to resolution, and SLA breach
    rate per agency, (public) kelurahan or category, for reports created on the city's local days that
    [since, until) touches (a plain date is the city's day: WIB in Jakarta, WITA in Kupang).
    `kecamatan`, `kelurahan` (name or id), `agency` (code) and `category` (codes, comma-separated)
    narrow it to part of the city, as the list's filters do: a camat's statistics are their kecamatan's."""
    if group not in GROUPS:
        raise InvalidInput("group harus agency, kecamatan, kelurahan atau category.",
                           "group must be agency, kecamatan, kelurahan or category.", code="invalid_group")
    tz = cities.by_id(conn, city_id).tz
    d0, d1 = local_day_bounds(*parse_window({"since": since, "until": until}, tz), tz)
    state = conn.execute(query("stats_answer_plan")).fetchone()
    assert state is not None, "migration 0013 inserts the state row"
    plan = plan_parts(d0, d1, state["settled_before"], state["first_day"], tz)
    only: dict[str, Any] | None = {"kelurahan_ids": None, "agency_id": None, "category_ids": None}
    if kecamatan or kelurahan or agency or category:  # the whole city asks nothing more (the transparency page, 13 times)
        named = filter_values.checked(conn, city_id, {"kecamatan": kecamatan, "kelurahan": kelurahan,
                                                      "agency": agency, "category": category})
        kecamatan, kelurahan, agency, category = (named["kecamatan"], named["kelurahan"], named["agency"],
                                                  named["category"])
        only = conn.execute(query("stats_filter_ids"), {"kecamatan": kecamatan or None, "kelurahan": kelurahan or None,
                                                        "agency": agency or None, "category": category or None,
                                                        "city_id": city_id}).fetchone()
    assert only is not None
    part = any(v is not None for v in only.values())
    # Never a cached generic plan: the right plan depends on the ranges (as for tiles).
    rows = conn.execute(query("report_stats"), {"dim": GROUPS[group], "src": "x" if part else GROUPS[group],
                                                "as_of": state["refreshed_at"], "city_id": city_id,
                                                **only, **plan},
                        prepare=False).fetchall()
    if group == "kecamatan":
        rows = _by_kecamatan(rows)
    out = []
    for r in rows:
        first = median_hours(_histogram(r["first_response"]))
        resolution = median_hours(_histogram(r["resolution"]))
        out.append({"key": r["key"], "name": r["name"], "total": int(r["total"]),
                    # a key seen only in deltas (a report moved into it on a rolled-up day) sums NULLs
                    "by_status": {s: int(r[s] or 0) for s in STATUSES},
                    "median_first_response_h": _round(first),
                    "median_resolution_h": _round(resolution),
                    "sla_breach_rate": _round(r["breached"] / r["eligible"], 3) if r["eligible"] else None,
                    # a kelurahan's kecamatan: a camat picks out theirs
                    **({"kecamatan_id": r["kecamatan_id"], "kecamatan": r["kecamatan"]} if group == "kelurahan" else {}),
                    **({"name_en": r["name_en"]} if group in ("agency", "category") else {}),
                    **({"agency": r["agency"]} if group == "category" else {})})
    return out


def refresh(conn: Conn, *, full_every: timedelta = timedelta(minutes=1),
            batch_days: int = 31, max_days: int = 366) -> dict[str, int]:
    """Bring the rollup up to date. Always: fold the deltas (recompute their days). When the
    last full refresh is older than full_every, or days are left to settle: also settle the days
    before today, at most `max_days` of them (a first build at 10M reports took longer than the
    job's 600 s timeout, so it never finished; "behind" says more are left for the next call),
    and recompute the past days whose open reports were not yet due, with SLA verdicts as of now.
    A deltas-only refresh keeps the verdicts as of the last full one, so every row holds for
    the same instant. Idempotent; the caller owns the transaction (the state row stays locked
    until it commits)."""
    state = conn.execute(query("stats_state_lock")).fetchone()
    assert state is not None, "migration 0013 inserts the state row"
    settled: date | None = state["settled_before"]
    as_of: datetime = state["refreshed_at"]
    full = settled is None or state["age"] >= full_every or settled < state["today"]
    days: set[date] = set()
    behind = False
    if full:
        todo = conn.execute(query("stats_days_to_refresh"), {"since": as_of if settled else None}).fetchone()
        assert todo is not None
        start = settled if settled is not None else todo["first_day"]
        as_of, settled = todo["as_of"], todo["today"]
        if start is not None and (todo["today"] - start).days > max_days:
            # Answers count the reports from `settled` on directly meanwhile, exactly.
            settled, behind = start + timedelta(days=max_days), True
        if start is not None:
            days.update(start + timedelta(days=i) for i in range((settled - start).days))
        days.update(d for d in todo["pending"] if d < settled)
    if settled is not None:
        days.update(r["day"] for r in conn.execute(query("stats_take_deltas"), {"s": settled}))
    ordered = sorted(days)
    for i in range(0, len(ordered), batch_days):
        chunk = ordered[i:i + batch_days]
        conn.execute(query("stats_delete_days"), {"days": chunk})
        conn.execute(query("stats_insert_days"), {"days": chunk, "as_of": as_of})
    months = sorted({d.replace(day=1) for d in ordered})
    if months:
        conn.execute(query("stats_delete_months"), {"months": months})
        conn.execute(query("stats_insert_months"), {"months": months, "s": settled})
    if len(ordered) > 100:  # a first build or a bulk import: plan answers on real numbers
        conn.execute(query("stats_analyze"))
    if full:
        conn.execute(query("stats_state_set"), {"s": settled, "as_of": as_of})
    return {"days": len(ordered), "months": len(months), "full": int(full), "behind": int(behind)}


def refresh_all(conn: Conn, **kw: Any) -> dict[str, Any]:
    """refresh() until nothing is left behind, each part committed (a first build after a bulk
    import, or after a migration that empties the rollup); the sums of what was done, and each
    part's seconds (`runs_s`: the longest is what must fit in the worker's job)."""
    total: dict[str, Any] = {"days": 0, "months": 0, "full": 0, "runs_s": []}
    while True:
        t0 = perf_counter()
        done = refresh(conn, **kw)
        conn.commit()
        total["runs_s"].append(round(perf_counter() - t0, 1))
        for k in ("days", "months", "full"):
            total[k] += done[k]
        if not done["behind"]:
            return {**total, "behind": 0}


def _by_kecamatan(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Kelurahan rows added up per kecamatan: counts summed, histograms summed bucket by bucket
    (so the medians are the kecamatan's own, not a median of medians)."""
    counts = (*STATUSES, "total", "eligible", "breached")
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        k = out.setdefault(r["kecamatan_id"], {"key": str(r["kecamatan_id"]), "name": r["kecamatan"],
                                                **{c: 0 for c in counts},
                                                "first_response": [0] * BUCKETS, "resolution": [0] * BUCKETS})
        for c in counts:
            k[c] += int(r[c] or 0)
        for h in ("first_response", "resolution"):
            k[h] = [a + int(b or 0) for a, b in zip(k[h], (r[h] or []) + [0] * BUCKETS, strict=False)]
    return sorted(out.values(), key=lambda k: k["name"])


def _histogram(sums: list[int | None] | None) -> dict[int, int]:
    """{bucket: count} from the summed histogram (1-based buckets; None where no row had one)."""
    return {i + 1: int(n) for i, n in enumerate(sums or []) if n}


def _round(v: float | None, n: int = 2) -> float | None:
    return None if v is None else round(float(v), n)
