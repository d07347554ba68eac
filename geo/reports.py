"""Submitting reports: locate, route, index, de-duplicate — all in the caller's transaction.

Routing is data, not code: category → agency (categories table), point →
kelurahan / kecamatan (boundaries), point + agency → service zone.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from geo import cities, outbox, photos, privacy
from geo.accounts import User, check_area, check_city
from geo.assignments import on_report_status
from geo.db import Conn, one, query
from geo.errors import Conflict, Forbidden, InvalidInput, NotFound, OutsideCity, Unprocessable
from geo.hexes import AGGREGATE_RESOLUTIONS, REPORT_RESOLUTIONS, cells_for_point, register_cells
from geo.locate import check_lnglat, locate
from geo.settings import Settings

OPEN_STATUSES = ("submitted", "verified", "assigned", "in_progress")


@dataclass
class NewReport:
    """What a citizen (or a CCTV rule, or Open311) sends."""

    category: str
    description: str = ""
    lng: float | None = None
    lat: float | None = None
    accuracy_m: float | None = None
    photo: photos.Photo | None = None
    idempotency_key: str | None = None
    source: str = "citizen"
    city_id: int | None = None  # an endpoint of one city (Open311): refuse points of another


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Submitted:
    """Outcome of a submission. `created` is False for a replay or an automatic merge."""

    report_id: int
    city_id: int
    created: bool
    replayed: bool = False
    auto_merged: bool = False
    location: dict[str, Any] = field(default_factory=dict)
    # The public (lng, lat) of a new report: the tiles to forget, without a query.
    point: tuple[float, float] | None = None
    # Open reports of the same category nearby: id, status, created_at (ISO 8601 text),
    # support_count, category, distance_m.
    possible_duplicates: list[dict[str, Any]] = field(default_factory=list)


_CATEGORY_TTL_S = 60.0
_categories: dict[tuple[str, int, str, str], tuple[float, dict[int, dict[str, Any]]]] = {}


def categories_named(conn: Conn, code: str, *, fresh: bool = False) -> dict[int, dict[str, Any]]:
    """The category called `code` in every city that has it (city_id -> row with its agency and
    SLA): a submission learns its city from the point, after this. Kept a minute per process
    and database: categories change only when reference data is reloaded (`fresh`: read anew,
    when the kept copy turned out to predate a reload or a new city)."""
    info = conn.info
    key = (info.host, info.port, info.dbname, code)
    hit = _categories.get(key)
    if hit and not fresh and time.monotonic() - hit[0] < _CATEGORY_TTL_S:
        return hit[1]
    rows = {r["city_id"]: r for r in conn.execute(query("category_by_code"), {"code": code}).fetchall()}
    if not rows:
        raise Unprocessable(f"Kategori {code!r} tidak dikenal.", f"Unknown category {code!r}.",
                            code="unknown_category")
    _categories[key] = (time.monotonic(), rows)
    return rows


def _category_changed(conn: Conn, cat: dict[str, Any]) -> bool:
    """Whether a category differs now from this process's cached copy (confidential, agency)."""
    now = conn.execute(query("category_current"), {"id": cat["id"], "city_id": cat["city_id"]}).fetchone()
    return now is None or (now["confidential"], now["agency_id"]) != (cat["confidential"], cat["agency_id"])


def category(conn: Conn, code: str, city_id: int, *, fresh: bool = False) -> dict[str, Any]:
    """The category `code` of one city; 422 unknown_category when that city has no such category.
    `fresh`: as the database has it now, not a process's copy of the last minute."""
    row = categories_named(conn, code, fresh=fresh).get(city_id)
    if row is None:  # a city added a moment ago: this process's copy may predate its categories
        row = categories_named(conn, code, fresh=True).get(city_id)
    if row is None:
        raise Unprocessable(f"Kategori {code!r} tidak tersedia di kota ini.",
                            f"Category {code!r} is not offered in this city.", code="unknown_category")
    return row


def _radius(settings: Settings) -> dict[str, float]:
    r = float(settings.duplicate_radius_m)
    return {"radius_m": r, "radius_deg": r / 100_000.0, "window_h": settings.duplicate_window_h}


def submit(conn: Conn, settings: Settings, reporter: User | None,
           new: NewReport, *, _fresh: bool = False) -> Submitted:
    """Accept one report. Replays of the same Idempotency-Key return the first result."""
    reporter_id = reporter.id if reporter else None
    key = (new.idempotency_key or "").strip() or None
    if key and len(key) > 200:
        raise InvalidInput("Idempotency-Key terlalu panjang.", "Idempotency-Key is too long.",
                           code="invalid_idempotency_key")
    named = categories_named(conn, new.category, fresh=_fresh)
    if new.lng is None or new.lat is None:
        if new.photo is None or new.photo.gps is None:
            raise InvalidInput("Lokasi wajib diisi (lng, lat) atau foto dengan GPS.",
                               "A location is required (lng, lat) or a photo with GPS data.",
                               code="missing_location")
        lng, lat = new.photo.gps
    else:
        lng, lat = check_lnglat(new.lng, new.lat)
    # control characters (other than tab and line breaks) are no words: one broke Open311's XML for
    # every client (a review); NUL is refused by PostgreSQL anyway
    description = _CONTROL.sub("", new.description or "").strip()
    if len(description) > 4000:
        raise InvalidInput("Deskripsi maksimal 4000 karakter.", "Description is limited to 4000 characters.",
                           code="description_too_long")
    loc = locate(conn, settings, lng, lat, agency_ids=[c["agency_id"] for c in named.values()])
    if new.city_id is not None and loc.city_id != new.city_id:  # which city it is in, and where to send it
        here, there = cities.by_id(conn, new.city_id), cities.by_id(conn, loc.city_id)
        raise OutsideCity(f"Lokasi berada di {there.name}, bukan {here.name}: kirim ke /{there.slug}/open311/v2/.",
                          f"The location is in {there.name}, not {here.name}: send it to /{there.slug}/open311/v2/.",
                          details={"lng": lng, "lat": lat, "city": there.slug})
    cat = category(conn, new.category, loc.city_id)
    prior = None
    if reporter_id is not None:  # a retry, or the same citizen's open report of this problem
        prior = conn.execute(query("report_replay_or_own"), {
            "reporter_id": reporter_id, "key": key, "category_id": cat["id"], "city_id": loc.city_id,
            "lng": lng, "lat": lat,
            **_radius(settings)}).fetchone()
        if prior and prior["replay_id"] is not None:
            return Submitted(prior["replay_id"], prior["replay_city_id"], created=False, replayed=True)
    where = {"kelurahan": loc.kelurahan, "kecamatan": loc.kecamatan, "zone": loc.zone,
             "agency": cat["agency"], "snapped": loc.snapped}

    if (prior and prior["own_id"] is not None
            and lock(conn, prior["own_id"], loc.city_id)["status"] in OPEN_STATUSES):
        own_id = prior["own_id"]
        if key and conn.execute(query("event_by_idempotency_key"),
                                {"actor_id": reporter_id, "key": key}).fetchone():
            return Submitted(own_id, loc.city_id, created=False, replayed=True)  # a concurrent retry got here first
        photo_id = attach_photo(conn, settings, own_id, loc.city_id, reporter_id, new.photo, "before")
        add_event(conn, own_id, loc.city_id, reporter_id, "resubmitted", note=description, photo_id=photo_id,
                  idempotency_key=key)
        return Submitted(own_id, loc.city_id, created=False, auto_merged=True, location=where)

    media_key = photos.store(new.photo, settings.media_dir) if new.photo else None
    public_lng, public_lat, cells = privacy.public_point(lng, lat, cat["confidential"], REPORT_RESOLUTIONS)
    public_kelurahan_id = None
    if cat["confidential"]:
        public_kelurahan_id = one(conn.execute(query("public_kelurahan"), {
            "lng": public_lng, "lat": public_lat, "city_id": loc.city_id}))["id"]
    photo = new.photo if media_key else None
    row = conn.execute(query("insert_report"), {
        "source": new.source, "reporter_id": reporter_id, "category_id": cat["id"], "city_id": loc.city_id,
        "agency_id": cat["agency_id"], "kecamatan_id": loc.kecamatan_id,
        "kelurahan_id": loc.kelurahan_id, "zone_id": loc.zone_id, "priority": cat["default_priority"],
        "description": description, "lng": lng, "lat": lat, "accuracy_m": new.accuracy_m,
        **{f"h3_r{r}": c for r, c in cells.items()},
        "idempotency_key": key, "sla_hours": cat["sla_hours"],
        "public_lng": public_lng, "public_lat": public_lat, "public_kelurahan_id": public_kelurahan_id,
        "cell8": cells[privacy.PUBLIC_RES],
        "media_key": media_key, "width": photo and photo.width, "height": photo and photo.height,
        "sha256": photo and photo.sha256,
        "note": "Diteruskan ke {0} ({2}) / Routed to {1} ({2})".format(
            cat["agency_name_id"], cat["agency_name_en"], loc.zone or loc.kecamatan),
        "aggregate_cells": [c for r, c in cells.items() if r in AGGREGATE_RESOLUTIONS],
        "category": new.category, "confidential": cat["confidential"], **_radius(settings)}).fetchone()
    if row is None and not _fresh and _category_changed(conn, cat):
        # This process's copy of the category predates a reload (a flip to confidential): file
        # it again as the category is now, never exact under a promise of a coarsened place.
        if media_key:
            photos.discard(settings.media_dir, media_key)
        return submit(conn, settings, reporter, new, _fresh=True)
    if row is None:  # a concurrent request with the same key won the race
        replay = one(conn.execute(query("report_by_idempotency_key"), {"reporter_id": reporter_id, "key": key}))
        return Submitted(replay["id"], replay["city_id"], created=False, replayed=True)
    report_id = int(row["id"])
    if row["missing_cells"]:
        register_cells(conn, row["missing_cells"])
    if cat["default_priority"] == "urgent":  # a fire, a missing person: the area's coordinators now
        conn.execute(query("notify_urgent_report"), {"report_id": report_id, "city_id": loc.city_id,
                                                     "actor_id": reporter.id if reporter else None, "raised": False})
    # Built in SQL as JSON (times in the server's zone): given in each report's city's zone, as
    # /reports/nearby gives the same reports.
    duplicates = [{**d, "created_at": cities.local_iso(datetime.fromisoformat(d["created_at"]),
                                                       cities.resolve(conn, d["city"]).tz)}
                  for d in row["duplicates"] or []]
    return Submitted(report_id, loc.city_id, created=True, location=where, possible_duplicates=duplicates,
                     point=(public_lng, public_lat))


def nearby_open(conn: Conn, settings: Settings, lng: float, lat: float,
                category_code: str, exclude_id: int = 0, viewer: User | None = None) -> list[dict[str, Any]]:
    """Open reports of the same category near a point (for "dukung" instead of a new report),
    the one `viewer`'s new report would be added to (submit's auto-merge, the same test) marked
    `own`: the form says so instead of offering to support it, which is refused. A confidential
    one is listed by its coarse place, so only that test can say whether sending merges."""
    lng, lat = check_lnglat(lng, lat)
    rows = conn.execute(query("nearby_open_reports"), {
        "lng": lng, "lat": lat, "category": category_code, "exclude_id": exclude_id,
        # the r8 cell as stored (one rule, cells_for_point: a report was once missed from its own spot)
        "cell8": cells_for_point(lng, lat, REPORT_RESOLUTIONS)[privacy.PUBLIC_RES],
        **_radius(settings)}).fetchall()
    own_id = None
    if viewer is not None and rows:  # the report submit would add to (its own test, exact distance)
        city_id = cities.resolve(conn, rows[0]["city"]).id
        found = conn.execute(query("report_replay_or_own"), {
            "reporter_id": viewer.id, "key": None, "category_id": category(conn, category_code, city_id)["id"],
            "city_id": city_id, "lng": lng, "lat": lat, **_radius(settings)}).fetchone()
        own_id = found["own_id"] if found else None
    public = [r for r in rows if not r["location_coarsened"]]
    thumbs = {t["report_id"]: t["media_key"] for t in conn.execute(query("nearby_thumbs"), {
        "ids": [r["id"] for r in public], "cities": sorted({r["city"] for r in public})})} if public else {}
    return [{**r, "own": r["id"] == own_id, "thumb_url": photos.media_url(thumbs.get(r["id"]), "thumb")} for r in rows]


def agency_scoped(conn: Conn, report_id: int, city_id: int, viewer: User | None) -> dict[str, Any]:
    """The report's agency and city (404 when it is not `city_id`'s), checked against `viewer`
    (when given): their city, and for staff of one agency (its admin, an officer, an operator
    working for it) their own agency, as report_views.handles has it."""
    row = conn.execute(query("report_agency"), {"id": report_id, "city_id": city_id}).fetchone()
    if row is None:
        raise NotFound("Laporan tidak ditemukan.", "Report not found.", code="report_not_found")
    if viewer is not None:
        check_city(conn, viewer, row["city_id"])
        check_area(viewer, row)
        if viewer.agency_id is not None and row["agency_id"] != viewer.agency_id:
            raise Forbidden("Laporan milik OPD lain.", "The report belongs to another agency.", code="other_agency")
    return dict(row)


def similar(conn: Conn, settings: Settings, report_id: int, city_id: int, actor: User) -> list[dict[str, Any]]:
    """Open reports that may be the same problem, for the staff who may merge them (the public
    "nearby" answer is rate-limited per address and coarsens confidential reports)."""
    if actor.role not in ("operator", "agency_admin", "admin"):
        raise Forbidden()
    agency_scoped(conn, report_id, city_id, actor)
    # merges stay within one agency: so do the candidates of staff of one agency
    agency_id = actor.agency_id
    return conn.execute(query("similar_reports"), {
        "id": report_id, "city_id": city_id, "agency_id": agency_id, "kecamatan_id": actor.kecamatan_id,
        "kelurahan_id": actor.kelurahan_id if actor.kecamatan_id is None else None, **_radius(settings)}).fetchall()


def attach_photo(conn: Conn, settings: Settings, report_id: int, city_id: int, uploader_id: int | None,
                 photo: photos.Photo | None, kind: str) -> int | None:
    if photo is None:
        return None
    media_key = photos.store(photo, settings.media_dir)
    return _insert_photo(conn, report_id, city_id, uploader_id, photo, media_key, kind)


def _insert_photo(conn: Conn, report_id: int, city_id: int, uploader_id: int | None,
                  photo: photos.Photo, media_key: str, kind: str) -> int:
    row = one(conn.execute(query("insert_photo"), {
        "report_id": report_id, "city_id": city_id, "kind": kind, "uploader_id": uploader_id, "media_key": media_key,
        "width": photo.width, "height": photo.height, "sha256": photo.sha256}))
    photo_id = int(row["id"])
    # Blur people, strip metadata, then show it.
    outbox.add(conn, "publish_photo", photo_id, row["city_id"])
    return photo_id



def add_event(conn: Conn, report_id: int, city_id: int, actor_id: int | None, event: str, *,
              from_status: str | None = None, to_status: str | None = None, note: str = "",
              photo_id: int | None = None, idempotency_key: str | None = None) -> int | None:
    """A timeline event; None only when an event with this actor's key already exists."""
    row = conn.execute(query("insert_event"), {
        "report_id": report_id, "city_id": city_id, "actor_id": actor_id, "event": event, "from_status": from_status,
        "to_status": to_status, "note": note, "photo_id": photo_id,
        "idempotency_key": idempotency_key}).fetchone()
    return int(row["id"]) if row else None


def city_of(conn: Conn, report_id: int, city_id: int | None) -> int:
    """The report's city. A request that names its city (`/<city>/…`, `?city=`) and every job
    give it, and each statement after this names it (one shard on Citus); an old link or a
    client that names none costs one lookup by id (every shard)."""
    if city_id is not None:
        return city_id
    row = conn.execute(query("report_city"), {"id": report_id}).fetchone()
    if row is None:
        raise NotFound("Laporan tidak ditemukan.", "Report not found.", code="report_not_found")
    return int(row["city_id"])


def lock(conn: Conn, report_id: int, city_id: int) -> dict[str, Any]:
    """The report's row, locked; 404 when the city holds no such report."""
    row = conn.execute(query("lock_report"), {"id": report_id, "city_id": city_id}).fetchone()
    if row is None:
        raise NotFound("Laporan tidak ditemukan.", "Report not found.", code="report_not_found")
    return row


def support(conn: Conn, report_id: int, city_id: int, user: User) -> tuple[int, bool]:
    """"Dukung": a citizen backs an open report instead of filing a duplicate. (The count, and
    whether this call added a supporter: a repeat changes nothing, so it touches no tile.)"""
    r = lock(conn, report_id, city_id)
    if r["status"] not in OPEN_STATUSES:
        raise Conflict("Laporan ini sudah tidak aktif.", "This report is no longer open.",
                       code="report_not_open")
    if r["reporter_id"] == user.id:
        raise Conflict("Anda pelapor laporan ini.", "You filed this report yourself.", code="own_report")
    row = conn.execute(query("add_supporter"),
                       {"report_id": report_id, "city_id": city_id, "user_id": user.id}).fetchone()
    if row is None:
        count = one(conn.execute(query("report_support_count"), {"id": report_id, "city_id": city_id}))
        return int(count["support_count"]), False
    add_event(conn, report_id, city_id, user.id, "supported")
    return int(row["support_count"]), True


def merge(conn: Conn, dup_id: int, keep_id: int, city_id: int, actor: User, note: str = "") -> dict[str, int]:
    """Mark `dup_id` a duplicate of `keep_id`, moving supporters and photos to the kept one.
    Both are `city_id`'s: a report of another city is not found here (404)."""
    if actor.role not in ("operator", "agency_admin", "admin"):
        raise Forbidden()
    if dup_id == keep_id:
        raise InvalidInput("Laporan tidak bisa digabung ke dirinya sendiri.", "A report cannot merge into itself.",
                           code="merge_into_self")
    first, second = sorted((dup_id, keep_id))  # lock in id order: no deadlock between two merges
    for rid in (first, second):  # their live offers before the reports, as an officer's "Terima" takes
        conn.execute(query("lock_live_assignment"), {"report_id": rid, "city_id": city_id})  # them
    rows = {first: lock(conn, first, city_id), second: lock(conn, second, city_id)}
    dup, keep = rows[dup_id], rows[keep_id]
    for r in (dup, keep):  # both change (the kept one gains supporters and photos)
        check_city(conn, actor, r["city_id"])
        check_area(actor, r)
        if actor.role == "agency_admin" and r["agency_id"] != actor.agency_id:
            raise Forbidden("Laporan milik OPD lain.", "The report belongs to another agency.",
                            code="other_agency")
    if dup["status"] not in OPEN_STATUSES or keep["status"] not in OPEN_STATUSES:
        raise Conflict("Hanya laporan aktif yang bisa digabung.", "Only open reports can be merged.",
                       code="report_not_open")
    if dup["confidential"] != keep["confidential"] or (dup["confidential"] and dup["agency_id"] != keep["agency_id"]):
        # Its photos would move to a report shown at its exact place (or the other way round), and
        # "duplicate of #n" would point the public at it; or to another agency's staff.
        raise Conflict("Laporan rahasia hanya bisa digabung dengan laporan rahasia dari OPD yang sama.",
                       "A confidential report can only be merged with a confidential one of the same agency.",
                       code="confidential_mismatch")
    if dup["withheld"] and not keep["withheld"]:  # its photos would show on the kept one
        raise Conflict("Laporan yang deskripsi dan fotonya disembunyikan hanya bisa digabung ke laporan yang juga "
                       "disembunyikan: fotonya akan tampil di sana.",
                       "A report whose words and photos are withheld can only merge into one withheld too: its "
                       "photos would show there.", code="withheld_mismatch")
    moved = one(conn.execute(query("merge_reports"), {"dup_id": dup_id, "keep_id": keep_id, "city_id": city_id}))
    on_report_status(conn, dup_id, city_id, "duplicate")
    conn.execute(query("recount_supporters"), {"id": keep_id, "city_id": city_id})
    add_event(conn, dup_id, city_id, actor.id, "merged", from_status=dup["status"], to_status="duplicate",
              note=note or f"Digabung ke laporan #{keep_id} / Merged into report #{keep_id}")
    add_event(conn, keep_id, city_id, actor.id, "merged_in",
              note=note or f"Laporan #{dup_id} digabung ke sini / Report #{dup_id} was merged into this one")
    return {"photos": int(moved["photos"]), "supporters": int(moved["supporters"])}


def points(conn: Conn, ids: list[int], city_id: int | None) -> list[tuple[float, float]]:
    """The public (lng, lat) of reports: what a tile cache must forget after a change. Never the
    exact point: every cached tile is drawn from public points, and a tile's new ETag is public,
    so forgetting the tiles over a confidential report's exact point told anyone watching the
    ETags which tile it was in (a walk found it to ~0.1 km² with one "Dukung"). City None:
    reports of any city (the SLA sweep's, which spans them)."""
    rows = conn.execute(query("report_points"), {"ids": ids, "city_id": city_id}).fetchall()
    return [(r["public_lng"], r["public_lat"]) for r in rows]
