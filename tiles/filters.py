"""Tile query filters: parsed and validated once, hashed for cache keys."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from geo.analytics import PERIODS
from geo.errors import InvalidInput
from geo.report_views import parse_time

STATUSES = ("submitted", "verified", "assigned", "in_progress", "resolved", "closed", "rejected", "duplicate")


@dataclass(frozen=True)
class TileFilters:
    city_id: int = 0  # the city whose features the tile shows (every tile is one city's)
    categories: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    agency: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    period: str | None = None  # analysis layers: which hot spot period (geo.analytics.PERIODS)

    def params(self) -> dict[str, object]:
        return {"city_id": self.city_id,
                "categories": list(self.categories) if self.categories else None, "period": self.period,
                "statuses": list(self.statuses) if self.statuses else None,
                "agency": self.agency, "since": self.since, "until": self.until}

    def key(self) -> str:
        return hashlib.sha1(repr(self).encode()).hexdigest()[:12]


def parse(args: dict[str, str], allowed: frozenset[str], known_categories: set[str],
          max_window_days: int | None = None, one_category: bool = False, tz: ZoneInfo | None = None,
          known_agencies: Mapping[str, str] | None = None) -> TileFilters:
    """Filters from query parameters; anything unknown or malformed is a 400, and so is a
    `since` further back than the layer allows. With the city's zone `tz`, `since`/`until` may be
    plain dates (the start of that local day), as the list, exports and statistics take them."""
    unknown = set(args) - allowed - {"token"}
    if unknown:
        raise InvalidInput(f"Filter tidak dikenal untuk lapisan ini: {', '.join(sorted(unknown))}.",
                           f"Unknown filter(s) for this layer: {', '.join(sorted(unknown))}.",
                           code="invalid_filter", details={"allowed": sorted(allowed)})

    def csv(name: str, valid: set[str] | tuple[str, ...]) -> tuple[str, ...] | None:
        raw = args.get(name)
        if raw is None:
            return None
        # in any case, as the list takes them (codes are lower case, `sampah`)
        items = tuple(sorted({v.strip().lower() for v in raw.split(",") if v.strip()}))
        bad = [v for v in items if v not in valid]
        if bad or not items:
            raise InvalidInput(f"Nilai {name} tidak dikenal: {', '.join(bad) or '(kosong)'}.",
                               f"Unknown {name} value(s): {', '.join(bad) or '(empty)'}.",
                               code="invalid_filter", details={"allowed": sorted(valid)})
        return items

    def when(name: str) -> datetime | None:
        if name in args and not args[name]:
            raise InvalidInput(f"{name} kosong.", f"{name} is empty.", code="invalid_filter")
        try:
            value = parse_time(args.get(name), name, tz)
            # one instant, one cache entry however it was spelt (a date, Z, +08:00)
            return value.astimezone(UTC) if value else None
        except InvalidInput as e:  # the same words; tile clients have always read invalid_filter
            raise InvalidInput(e.message_id, e.message_en, code="invalid_filter") from None

    agency = args.get("agency")
    if agency is not None and known_agencies is not None:  # dlh is DLH, as the list takes it
        agency = known_agencies.get(agency.strip().lower(), agency)
    if agency is not None and (not agency.isalnum() or (known_agencies is not None and agency not in known_agencies.values())):
        raise InvalidInput(f"Kode OPD tidak dikenal: {agency or '(kosong)'}.", f"Unknown agency code: {agency or '(empty)'}.",
                           code="invalid_filter", details={"allowed": sorted((known_agencies or {}).values())})
    if one_category and args.get("category") == "":  # an analysis's "all categories", as its download takes it
        args = {k: v for k, v in args.items() if k != "category"}
    periods = csv("period", tuple(PERIODS))
    f = TileFilters(0, csv("category", known_categories), csv("status", STATUSES), agency or None,
                    when("since"), when("until"), periods[0] if periods else None)
    if (periods and len(periods) > 1) or (one_category and f.categories and len(f.categories) > 1):
        raise InvalidInput("Analisis ini dihitung per satu kategori dan satu periode.",
                           "This analysis is computed for one category and one period at a time.",
                           code="invalid_filter")
    if f.since and f.until and f.since >= f.until:
        raise InvalidInput("since harus sebelum until.", "since must be before until.", code="invalid_filter")
    if max_window_days is not None and f.since is not None \
            and f.since < datetime.now(UTC) - timedelta(days=max_window_days):
        raise InvalidInput(f"since paling jauh {max_window_days} hari ke belakang.",
                           f"since may reach back at most {max_window_days} days.", code="window_too_long",
                           details={"max_window_days": max_window_days})
    return f
