"""Read models of reports: public, reporter's own, and staff views.

The public never sees who reported; confidential categories (missing persons,
health) show only an H3 r8 cell centre (~0.7 km²), the kelurahan of that centre, no
service zone, description or photos (geo/privacy.py). Times are in the report's city's zone with
its offset (…+08:00 in Kupang), as OGC API Features, Open311 and the exports give them.
"""
from __future__ import annotations

import base64
import functools
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from psycopg import sql

from geo import cities, filter_values, medialinks
from geo.accounts import User
from geo.db import Conn, one, query
from geo.errors import InvalidInput, NotFound, Unauthorized
from geo.photos import media_url
from geo.reports import OPEN_STATUSES

MAX_PAGE = 500
STATUSES = ("submitted", "verified", "assigned", "in_progress", "resolved", "closed", "rejected", "duplicate")


def handles(viewer: User | None, row: dict[str, Any]) -> bool:
    """Staff who may handle this report: the city's operators and admins, a camat or lurah within
    their kecamatan or kelurahan, and the agency admins and field officers of its own agency.
    Other staff read a confidential report as the public does, without its reporter: a walk's DLH
    admin read a health report's exact point, its text and the reporter's phone number, and a
    lurah every reporter's in the city."""
    return (viewer is not None and viewer.staff_of(row["city_id"])
            and (viewer.agency_id is None or viewer.agency_id == row["agency_id"])
            and viewer.covers(row["kecamatan_id"], row["kelurahan_id"]))


def _privileged(viewer: User | None, row: dict[str, Any]) -> bool:
    """The staff who handle a report, and the citizen who filed it, see it in full."""
    return viewer is not None and (handles(viewer, row) or viewer.id == row["reporter_id"])


def feature(row: dict[str, Any], viewer: User | None, tz: tzinfo | None = None,
            link: medialinks.Link = media_url) -> dict[str, Any]:
    """One report as a GeoJSON Feature, with fields cut to what `viewer` may see; times in `tz`
    (its city's zone); its photos by `link` (signed, for a confidential report)."""
    full = _privileged(viewer, row)
    hidden = row["confidential"] and not full
    # a rejected report's words and photos withheld from the public (0056); its place is as before
    quiet = hidden or (bool(row.get("withheld")) and not full)
    lng, lat = (row["public_lng"], row["public_lat"]) if hidden else (row["lng"], row["lat"])
    props: dict[str, Any] = {
        "id": row["id"], "city": row["city"], "category": row["category"], "category_name_id": row["category_name_id"],
        "category_name_en": row["category_name_en"], "status": row["status"], "priority": row["priority"],
        "source": row["source"], "agency": row["agency"],
        "kelurahan": row["public_kelurahan"] if hidden else row["kelurahan"],
        "kecamatan": row["public_kecamatan"] if hidden else row["kecamatan"], "support_count": row["support_count"],
        "created_at": cities.local_iso(row["created_at"], tz), "updated_at": cities.local_iso(row["updated_at"], tz),
        "due_at": cities.local_iso(row["due_at"], tz), "overdue": row["overdue"], "reopened": row["reopened"],
        "description": None if quiet else row["description"],
        "photo_url": None if quiet else link(row.get("photo_key"), "public"),
        "thumb_url": None if quiet else link(row.get("photo_key"), "thumb"),
        "withheld": bool(row.get("withheld")),
        "location_coarsened": hidden,
        "confidential": bool(row["confidential"]),  # said to everyone by its category (and location_coarsened)
        # Reverse geocoding (OSM): a confidential report's street is that of its public point.
        "street": row["public_street_name"] if hidden else row["street_name"],
        "street_distance_m": None if hidden or row["street_distance_m"] is None else round(row["street_distance_m"]),
        "place": None if hidden else row["place_name"],
    }
    if full:
        props.update(reporter_id=row["reporter_id"], accuracy_m=row["accuracy_m"])
    if handles(viewer, row):  # which staff member holds it (and on shift or not): staff's to know
        props.update(assignee_id=row["assignee_id"], assignee_shift=row.get("assignee_shift"))
    return {"type": "Feature", "id": row["id"], "geometry": {"type": "Point", "coordinates": [lng, lat]},
            "properties": props}


LIST_PARAMS = frozenset({"bbox", "category", "status", "agency", "kelurahan", "kecamatan", "since", "until", "limit",
                         "cursor", "order", "mine", "supported", "city"})


def known_params(args: Mapping[str, Any], allowed: frozenset[str]) -> None:
    """400 unknown_parameter for a query parameter the surface does not take: a typo
    (`statuss=closed`) or a filter it lacks (`/stats?status=`) answered the whole city, and the
    planner believed it filtered."""
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise InvalidInput(f"Parameter tidak dikenal: {', '.join(unknown)}.", f"Unknown parameter: {', '.join(unknown)}.",
                           code="unknown_parameter", details={"allowed": sorted(allowed)})


def csv_values(raw: str | None, allowed: tuple[str, ...] | None, name: str) -> list[str] | None:
    """A comma-separated filter's values; 400 invalid_<name> for a value outside `allowed` (one
    rule for the list, the exports and OGC items: OGC answered an empty page for a typo)."""
    if not raw:
        return None
    items = [x.strip() for x in raw.split(",") if x.strip()]
    if allowed is not None:
        bad = [x for x in items if x not in allowed]
        if bad:
            raise InvalidInput(f"Nilai {name} tidak dikenal: {', '.join(bad)}.",
                               f"Unknown {name} value(s): {', '.join(bad)}.", code=f"invalid_{name}")
    return items or None


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-?W\d{2}(-?\d)?")


def is_date(raw: str) -> bool:
    """Whether `raw` names a day (2026-11-01, ISO's basic 20261101, a week day 2026-W45-1), not an
    instant: where a day ends a closed window (OGC, Open311) it is taken whole. The shape first:
    date.fromisoformat also reads "20261101T0" as a day."""
    if not _DAY.fullmatch(raw):
        return False
    try:
        date.fromisoformat(raw)
    except ValueError:
        return False
    return True


def parse_time(raw: str | None, name: str, tz: ZoneInfo | None = None) -> datetime | None:
    """An ISO 8601 time with its zone; with the city's zone `tz`, a plain date (2026-11-01) too,
    meaning the start of that local day (as the statistics take it: a planner asking the list or
    an export for "since 2026-11-01" was refused for want of a zone). ISO's basic form of a date
    (20261101) is a date too: it was refused as "a time without a zone"."""
    if not raw:
        return None
    if tz is not None and is_date(raw):
        return datetime.combine(date.fromisoformat(raw), time(0), tz)
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{name} harus tanggal (2026-11-01) atau waktu ISO 8601.",
                           f"{name} must be a date (2026-11-01) or an ISO 8601 time.",
                           code=f"invalid_{name}") from None
    if value.tzinfo is None:
        # the example is that time in the city's own zone: Jakarta's callers were shown Kupang's +08:00 (a walk)
        example = value.replace(tzinfo=tz or UTC).isoformat(timespec="seconds")
        raise InvalidInput(f"{name} harus memuat zona waktu (mis. {example}) atau berupa tanggal (2026-11-01).",
                           f"{name} must include a time zone (e.g. {example}) or be a date (2026-11-01).",
                           code=f"invalid_{name}")
    return value


def parse_window(args: Mapping[str, str | None], tz: ZoneInfo | None = None) -> tuple[datetime | None, datetime | None]:
    """since and until, in order: swapped ones answered an empty page, which a planner read as
    "nothing happened" rather than as their mistake."""
    since, until = parse_time(args.get("since"), "since", tz), parse_time(args.get("until"), "until", tz)
    if since and until and until <= since:
        raise InvalidInput("until harus sesudah since.", "until must be after since.", code="invalid_until")
    return since, until


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    if not raw:
        return None
    try:
        minx, miny, maxx, maxy = (float(v) for v in raw.split(","))
    except ValueError:
        raise InvalidInput("bbox harus minLng,minLat,maxLng,maxLat.", "bbox must be minLng,minLat,maxLng,maxLat.",
                           code="invalid_bbox") from None
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        raise InvalidInput("bbox tidak valid.", "bbox is not valid.", code="invalid_bbox")
    return minx, miny, maxx, maxy


# The list's orders (`order=`): the keyset columns (table alias, column) and their direction.
# Newest first for the public. The operators' queue asks for the most urgent first: by priority
# (`u.urgency`, 1 = Darurat), then deadline. By deadline alone 200 newest reports left out the
# oldest late ones of a busy area, and a fire due within the hour sat behind 500 late piles of
# garbage (a staff walk), whatever its priority.
DUE = ("r", "due_at")
ORDERS: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "newest": ((("r", "created_at"),), "DESC"),
    "due": ((("u", "urgency"), DUE), "ASC"),
}


def _cursor(raw: str | None, keys: tuple[tuple[str, str], ...]) -> list[Any]:
    """The keyset values a page ends at, "value|...|id" in base64: one per key column, then the id."""
    if not raw:
        return [None] * (len(keys) + 1)
    try:
        *values, rid = base64.urlsafe_b64decode(raw.encode()).decode().split("|")
        if len(values) != len(keys):
            raise ValueError(raw)
        return [int(v) if column == "urgency" else datetime.fromisoformat(v)
                for (_, column), v in zip(keys, values, strict=True)] + [int(rid)]
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("cursor tidak valid.", "Invalid cursor.", code="invalid_cursor") from None


def _next_cursor(row: Mapping[str, Any], keys: tuple[tuple[str, str], ...]) -> str:
    values = [row[column].isoformat() if isinstance(row[column], datetime) else str(row[column]) for _, column in keys]
    return base64.urlsafe_b64encode("|".join([*values, str(row["id"])]).encode()).decode()


def _ordered(order: str | None) -> tuple[tuple[tuple[str, str], ...], sql.Composed]:
    keys, direction = ORDERS.get(order or "newest") or _bad_order()
    return keys, _statement(order or "newest")


@functools.cache
def _statement(order: str) -> sql.Composed:
    """list_reports.sql for one order, composed once per process (the list is a hot path)."""
    keys, direction = ORDERS[order]
    columns = [sql.Identifier(*k) for k in keys]
    return sql.SQL(query("list_reports")).format(
        keys=sql.SQL(", ").join(columns),
        cursor=sql.SQL(", ").join(sql.Placeholder(f"cursor_{i}") for i in range(len(keys))),
        order=sql.SQL(", ").join(sql.SQL("{} {}").format(c, sql.SQL(direction)) for c in columns),
        direction=sql.SQL(direction), after=sql.SQL("<" if direction == "DESC" else ">"))


def _bad_order() -> NoReturn:
    raise InvalidInput(f"order harus salah satu dari {', '.join(ORDERS)}.", f"order must be one of {', '.join(ORDERS)}.",
                       code="invalid_order")


def list_reports(conn: Conn, viewer: User | None, args: Mapping[str, str | None], city_id: int) -> dict[str, Any]:
    """A GeoJSON page of one city's reports (`mine`: the viewer's own, `supported`: those they
    back, in every city, since one account reports anywhere). `args` are the raw query parameters."""
    known_params(args, LIST_PARAMS)
    args = filter_values.checked(conn, city_id, args)
    keys, statement = _ordered(args.get("order"))
    # a plain date is the city's day (looked up only when asked: the list of a city without one is empty)
    since, until = parse_window(args, cities.by_id(conn, city_id).tz if args.get("since") or args.get("until") else None)
    try:
        limit = int(args.get("limit") or 100)
    except ValueError:
        limit = -1
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit harus 1..{MAX_PAGE}.", f"limit must be 1..{MAX_PAGE}.", code="invalid_limit")
    bbox = parse_bbox(args.get("bbox"))
    *cursor, cursor_id = _cursor(args.get("cursor"), keys)
    mine, backed = (args.get(k) in ("1", "true") for k in ("mine", "supported"))
    if (mine or backed) and viewer is None:  # it gave the whole city's list, as if asked for that
        raise Unauthorized("Masuk untuk melihat laporan Anda.", "Log in to see your reports.")
    params = {
        "categories": csv_values(args.get("category"), None, "category"),
        # A deadline only orders open reports: by due time without a status means the open ones
        # (and the partial index of the queue serves it).
        "statuses": csv_values(args.get("status"), STATUSES, "status") or (list(OPEN_STATUSES) if DUE in keys else None),
        "agency": args.get("agency") or None, "kelurahan": args.get("kelurahan") or None,
        "kecamatan": args.get("kecamatan") or None,
        "since": since, "until": until,
        "reporter_id": viewer.id if (mine and viewer) else None,
        "supporter_id": viewer.id if (backed and viewer) else None,
        "viewer_id": viewer.id if viewer else None,
        # staff filter by the exact kelurahan of the reports they handle (report_views.handles)
        "staff": bool(viewer and viewer.staff_of(city_id)), "city_id": city_id,
        "staff_agency": viewer.agency_id if viewer else None,
        "staff_kecamatan": viewer.kecamatan_id if viewer else None,
        "staff_kelurahan": viewer.kelurahan_id if viewer and viewer.kecamatan_id is None else None,
        "minx": bbox[0] if bbox else None, "miny": bbox[1] if bbox else None,
        "maxx": bbox[2] if bbox else None, "maxy": bbox[3] if bbox else None,
        **{f"cursor_{i}": v for i, v in enumerate(cursor)}, "cursor_id": cursor_id, "limit": limit + 1,
    }
    rows = conn.execute(statement, params).fetchall()
    page, more = rows[:limit], len(rows) > limit
    nxt = _next_cursor(page[-1], keys) if more else None
    zones = {c.id: c.tz for c in cities.all_cities(conn)}  # `mine` spans cities: each report in its own
    return {"type": "FeatureCollection", "features": [feature(r, viewer, zones.get(r["city_id"]),
                                                             medialinks.links(conn, r["confidential"] or r["withheld"]))
                         for r in page],
            "next_cursor": nxt}


def _not_here(conn: Conn, report_id: int, city_id: int) -> NotFound:
    """Not in the city asked: where it is, when it is in another (`details.city`), so a link to
    /kupang/?report=54 can go on to Jakarta's page. It opened a bare map, and /ops said "not
    found" (a second-city walk). Which city holds a report is public: its city's map shows it."""
    row = conn.execute(query("report_city"), {"id": report_id}).fetchone()
    if row is None or row["city_id"] == city_id:  # (gone, or came between the two reads: no loop back here)
        return NotFound("Laporan tidak ditemukan.", "Report not found.", code="report_not_found")
    there = cities.by_id(conn, row["city_id"])
    return NotFound(f"Laporan #{report_id} ada di {there.name}, bukan di kota ini.",
                    f"Report #{report_id} is in {there.name}, not in this city.", code="report_in_other_city",
                    details={"city": there.slug, "city_name": there.name})


def get_report(conn: Conn, report_id: int, city_id: int, viewer: User | None) -> dict[str, Any]:
    """One of `city_id`'s reports with photos and its timeline."""
    row = conn.execute(query("get_report"), {"id": report_id, "city_id": city_id}).fetchone()
    if row is None:
        raise _not_here(conn, report_id, city_id)
    row = dict(row)
    seen = row["photos"]
    if (row["confidential"] or row["withheld"]) and not (viewer is not None and handles(viewer, row)):
        # its reporter sees their own photos, not those another resident's report brought in a
        # merge: kept from the public, they are not theirs to see either (a privacy review). The
        # list's thumbnail keeps the same rule (list_reports.sql, photo_key).
        seen = [p for p in seen if p["from_report"] is None or (viewer is not None and p["from_reporter"] == viewer.id)]
    pics = [p for p in seen if p["published"]]  # unpublished = not yet blurred
    row["photo_key"] = next((p["media_key"] for p in pics if p["kind"] == "before"), None)
    tz = cities.by_id(conn, city_id).tz
    link = medialinks.links(conn, row["confidential"] or row["withheld"])
    feat = feature(row, viewer, tz, link)
    full = _privileged(viewer, row)
    hidden = row["confidential"] and not full
    quiet = hidden or (row["withheld"] and not full)  # words and photos (0056), not the place
    props = feat["properties"]
    # A confidential report's notes are free text a staff member wrote ("found at Mr Y's house,
    # Jl. Z"): not for the public, like its description.
    props.update(zone=None if hidden else row["zone"], rating=row["rating"], duplicate_of=row["duplicate_of"],
                 reject_reason=None if hidden else row["reject_reason"], resolved_at=cities.local_iso(row["resolved_at"], tz),
                 closed_at=cities.local_iso(row["closed_at"], tz), escalated=row["escalated_at"] is not None)
    if viewer is not None and viewer.staff_of(row["city_id"]):  # /ops offers its buttons only where they work
        props["handled"] = handles(viewer, row)
    # The signed-in viewer's own relation to it: "Dukung" is not offered to its reporter (refused),
    # nor again to one who backs it already.
    props["mine"] = viewer is not None and viewer.id == row["reporter_id"]
    props["supported"] = viewer is not None and bool(one(conn.execute(query("viewer_supports"), {
        "report_id": report_id, "city_id": row["city_id"], "user_id": viewer.id}))["yes"])
    props["photos_pending"] = len(seen) - len(pics)
    props["photos"] = [] if quiet else [
        {"id": p["id"], "kind": p["kind"], "from_report": p["from_report"], "url": link(p["media_key"], "public"),
         "thumb_url": link(p["media_key"], "thumb")} for p in pics]
    if viewer is not None and viewer.role in ("operator", "agency_admin", "admin") and handles(viewer, row):
        props["reporter"] = {"name": row["reporter_name"], "email": row["reporter_email"],
                             "phone": row["reporter_phone"]}
        props["assignee"] = {"id": row["assignee_id"], "name": row["assignee_name"],
                             "shift": row["assignee_shift"]} if row["assignee_id"] else None
        offer = conn.execute(query("live_offer_of_report"), {"report_id": report_id, "city_id": row["city_id"]}).fetchone()
        props["offer"] = {"responder_id": offer["responder_id"], "name": offer["name"],
                          "expires_at": cities.local_iso(offer["expires_at"], tz)} if offer else None
        props["agency_responders"] = one(conn.execute(query("agency_team_size"), {
            "city_id": row["city_id"], "agency_id": row["agency_id"]}))["n"]
    props["timeline"] = [{
        "event": e["event"], "from_status": e["from_status"], "to_status": e["to_status"],
        # withheld: a resident's words ("Dilaporkan lagi") are not shown; the staff's notes are
        # (its reporter's "belum beres" note too, a status event: a privacy review found it public)
        **({"note": "", "note_en": ""} if hidden or (quiet and (e["actor_role"] == "citizen" or _resident_act(e, row) or (
            e["actor_role"] is None and e["event"] != "status"))) else note_languages(e)),
        "at": cities.local_iso(datetime.fromisoformat(e["created_at"]), tz),
        "actor_role": _role(e, row, viewer),
        "photo_url": None if quiet else link(e["photo_key"], "public"),
        **({"actor_id": e["actor_id"], "actor_name": _handler_name(e, row)} if handles(viewer, row) else {}),
        **({"assignee_name": e["assignee_name"]} if "assignee" in props else {}),  # dispatchers: who it went to
    } for e in row["timeline"]]
    return feat


def _role(event: dict[str, Any], row: dict[str, Any], viewer: User | None) -> str | None:
    """Who acted, by role. Filing, backing, closing or reopening it is a resident's act whoever
    did it: the public read "agency_admin" on a report an agency's admin filed, and a city has one
    such admin per agency (a privacy review). The staff handling it see the role as it is."""
    role = event["actor_role"]
    if role == "citizen" or (not handles(viewer, row) and role is not None and _resident_act(event, row)):
        return "warga"
    return role


def _resident_act(event: dict[str, Any], row: dict[str, Any]) -> bool:
    """What a resident does: file or back a report, and as its reporter close or reopen it. (Not
    what staff do to a report they filed themselves: verifying it as "warga" told who they were.)"""
    if event["event"] in ("created", "supported"):
        return True
    return event["actor_id"] == row["reporter_id"] and event["event"] == "status" and (
        event["to_status"] == "closed" or (event["from_status"] == "resolved" and event["to_status"] == "in_progress"))


# Events of the report's handling: who did them is named to staff handling it (an office shares
# a dashboard: "who raised this?" had no answer). Not what residents do (filing, supporting).
_HANDLING = frozenset({"status", "priority", "category", "merged", "merged_in", "withheld", "shown"})


def _handler_name(event: dict[str, Any], row: dict[str, Any]) -> str | None:
    """The staff member's name on a handling event; None for a resident, the system, or the
    reporter (a staff member who filed it as a resident: lurah and officers are not told who
    reports, and a role is the platform's, not this city's)."""
    if event["event"] not in _HANDLING or event["actor_role"] in (None, "citizen"):
        return None
    return None if event["actor_id"] == row["reporter_id"] else event["actor_name"]


# A priority change is stored as its codes ("normal → high"); the timeline says it in words in
# both languages, as the app names priorities (it showed the codes, in English, to everyone).
PRIORITY_WORDS = {"low": ("Rendah", "Low"), "normal": ("Normal", "Normal"), "high": ("Tinggi", "High"),
                  "urgent": ("Darurat", "Urgent")}
_PRIORITY_NOTE = re.compile(r"^(low|normal|high|urgent) → (low|normal|high|urgent)$")
# The notes geo.reports.merge writes when the operator gives none.
_MERGE_NOTE = re.compile(r"^(Digabung ke laporan|Laporan) #\d+( digabung ke sini)? / "
                         r"(Merged into report|Report) #\d+( was merged into this one)?$")


def note_languages(event: dict[str, Any]) -> dict[str, str]:
    """A timeline note in Indonesian and in English. The notes the system writes itself (routing
    at creation, escalation, closing on its own) read "Indonesian / English": each language gets
    its half, so the app's language switch reaches them, as does a merge's default note (the
    operator wrote none). A person's note is shown as written."""
    note = event["note"] or ""
    if event["event"] == "priority" and (codes := _PRIORITY_NOTE.match(note)):
        was, now = PRIORITY_WORDS[codes[1]], PRIORITY_WORDS[codes[2]]
        return {"note": f"{was[0]} → {now[0]}", "note_en": f"{was[1]} → {now[1]}"}
    system = (event["event"] in ("created", "escalated", "category", "withheld", "shown")
              or (event["event"] == "status" and event["actor_id"] is None))
    if (system and " / " in note) or _MERGE_NOTE.match(note):
        indonesian, english = note.split(" / ", 1)
        return {"note": indonesian, "note_en": english}
    return {"note": note, "note_en": note}

