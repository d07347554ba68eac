"""CCTV cameras as sensors: registry with calibration, and detections stored as features."""
from __future__ import annotations

import math
import re
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from psycopg.errors import UniqueViolation
from psycopg.types.json import Jsonb

from geo import cities
from geo.accounts import User, check_city
from geo.db import Conn, one, query
from geo.errors import Conflict, InvalidInput, NotFound, Unprocessable
from geo.hexes import REPORT_RESOLUTIONS, cells_for_point
from geo.homography import Homography, fit, lnglat_of, side_of, utm_of
from geo.locate import check_lnglat, locate
from geo.settings import Settings


@dataclass(frozen=True)
class ControlPoint:
    px: tuple[float, float]
    lnglat: tuple[float, float]


# How far from its camera a control point, a zone or a detection may be: a street camera's useful
# view. Points in Jakarta calibrated a Kupang camera, and detections just below the horizon
# landed kilometres away (a walk).
RANGE_M = 500.0
# A calibration whose points disagree by more than this (RMS) places nothing usefully.
MAX_FIT_ERROR_M = 10.0


def number(value: Any) -> float:
    """A finite number, not a boolean (JSON's true was taken as 1, NaN reached PostgreSQL: a 500)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(value)
    try:
        out = float(value)
    except OverflowError:  # a 400-digit integer (a review)
        raise ValueError(value) from None
    if not math.isfinite(out):
        raise ValueError(value)
    return out


def parse_control_points(raw: Any) -> list[ControlPoint]:
    """[{"px": [x, y], "lnglat": [lng, lat]}, ...] -> control points, or a clear 400."""
    if raw in (None, []):
        return []
    try:
        points = [ControlPoint((number(p["px"][0]), number(p["px"][1])),
                               check_lnglat(number(p["lnglat"][0]), number(p["lnglat"][1]))) for p in raw]
    except (KeyError, TypeError, ValueError, IndexError):
        raise InvalidInput('control_points: daftar {"px": [x, y], "lnglat": [lng, lat]}.',
                           'control_points: a list of {"px": [x, y], "lnglat": [lng, lat]}.',
                           code="invalid_control_points") from None
    return points


SOURCE_SCHEMES = ("rtsp://", "http://", "https://")
_COORDINATES_ADVICE = ("Periksa bujur (lng) dan lintang (lat) kamera: bujur dulu.",
                       "Check the camera's longitude (lng) and latitude (lat): longitude first.")


def without_login(text: str) -> str:
    """A source URL, or an error that names one, as logs and the camera list may show it: without
    the user and password (http://user:password@host/…). Up to the last "@" before the path, as
    URL parsers and FFmpeg split it: a password "P@ss" left "ss@" behind."""
    return re.sub(r"//[^/\s]*@", "//", text)


def shown_source(source: str) -> str:
    """A source as staff see it: without the login and without its query, where cameras such as
    Foscam's take theirs (…/snapshot.cgi?user=admin&pwd=…: a review)."""
    plain = without_login(source)
    return plain.split("?", 1)[0] + ("?…" if "?" in plain else "")


def check_source(source: str, settings: Settings) -> str:
    """A frame source the worker may open: an rtsp/http/https URL, or a file inside
    `settings.camera_files_dir`. Anything else (other schemes, paths elsewhere on the server
    such as /etc/passwd or the media folder) is a clear 400, never read."""
    source = (source or "").strip()
    if source.lower().startswith(SOURCE_SCHEMES):
        try:
            _ = urllib.parse.urlsplit(source).port  # a "/", "?" or "#" in the password cuts the host short
        except ValueError:
            raise InvalidInput("Alamat kamera tidak terbaca: tulis / ? # : dalam nama pengguna atau kata sandinya "
                               "sebagai %2F %3F %23 %3A.",
                               "The camera's URL cannot be read: write / ? # : in its user name or password as "
                               "%2F %3F %23 %3A.", code="invalid_camera_source") from None
        return source
    root = settings.camera_files_dir
    if "://" not in source and root is not None:
        path = Path(source)
        if path.is_absolute() and path.resolve().is_relative_to(root.resolve()):
            return str(path.resolve())
    raise InvalidInput(
        "Sumber kamera harus URL rtsp://, http:// atau https://"
        + (f", atau berkas di {root}." if root else "."),
        "A camera source must be an rtsp://, http:// or https:// URL"
        + (f", or a file inside {root}." if root else "."),
        code="invalid_camera_source", details={"allowed_schemes": ["rtsp", "http", "https"]})


def register(conn: Conn, settings: Settings, *, name: Any, lng: Any, lat: Any, source: Any,
             heading_deg: Any = None, control_points: list[ControlPoint] | None = None,
             actor: User | None = None) -> dict[str, Any]:
    """Add a camera inside a city (the actor's: 403 other_city otherwise); with >= 4 control
    points, its homography is fitted now."""
    name, source = _name(name), check_source(_text(source), settings)
    # the residents' "move the pin to the problem" told an admin nothing
    loc = locate(conn, settings, lng, lat, advice=_COORDINATES_ADVICE)
    if actor is not None:
        check_city(conn, actor, loc.city_id)
    heading = _heading(heading_deg)
    stored = _stored(control_points or [], _calibration(float(lng), float(lat), control_points or [],
                                                        cities.by_id(conn, loc.city_id).utm_epsg))
    row = conn.execute(query("insert_camera"), {
        "city_id": loc.city_id, "name": name, "lng": float(lng), "lat": float(lat), "heading_deg": heading, "source": source,
        **stored, "control_points": Jsonb(stored["control_points"]), "kelurahan_id": loc.kelurahan_id,
    }).fetchone()
    if row is None:
        raise Conflict(f"Kamera {name!r} sudah ada.", f"Camera {name!r} already exists.", code="camera_exists")
    return get(conn, int(row["id"]))


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("Nama dan sumber gambar kamera wajib diisi (teks).", "A camera needs a name and a source (text).",
                           code="camera_fields_required")
    return value.strip()


def _name(value: Any) -> str:
    """Text of 1 to 100 characters (an object was stored as its Python repr, and 5,000 characters
    filled the public traffic panel: a walk)."""
    name = _text(value)
    if len(name) > 100:
        raise InvalidInput("Nama kamera paling banyak 100 huruf.", "A camera's name has at most 100 characters.",
                           code="camera_fields_required")
    return name


def _heading(value: Any) -> float | None:
    try:
        return None if value in (None, "") else number(value) % 360
    except (TypeError, ValueError):
        raise InvalidInput("heading_deg harus angka.", "heading_deg must be a number.",
                           code="invalid_heading") from None


def _stored(points: list[ControlPoint], h: Homography | None) -> dict[str, Any]:
    """A calibration as the camera's row keeps it (registered or corrected)."""
    return {"control_points": [{"px": list(c.px), "lnglat": list(c.lnglat)} for c in points],
            "homography": list(h.matrix) if h else None, "reprojection_error_m": h.reprojection_error_m if h else None}


def _calibration(lng: float, lat: float, points: list[ControlPoint], epsg: int) -> Homography | None:
    """The homography of >= 4 control points near the camera; None without any."""
    if not points:
        return None
    if len(points) >= 4:  # too few is said first (fit)
        check_near(lng, lat, [c.lnglat for c in points], epsg, "control_points")
    h = fit([c.px for c in points], [c.lnglat for c in points], epsg)
    if h.reprojection_error_m > MAX_FIT_ERROR_M:  # 43 m was accepted without a word (a walk): useless for zones
        raise Unprocessable(
            f"Titik kontrol tidak cocok satu sama lain: galat rata-rata {h.reprojection_error_m:.0f} m (paling besar "
            f"{h.max_error_m:.0f} m; batas {MAX_FIT_ERROR_M:.0f} m). Periksa setiap pasangan piksel ↔ lng, lat.",
            f"The control points do not agree: {h.reprojection_error_m:.0f} m error on average (at most "
            f"{h.max_error_m:.0f} m; the limit is {MAX_FIT_ERROR_M:.0f} m). Check each pixel ↔ lng, lat pair.",
            code="poor_calibration", details={"reprojection_error_m": round(h.reprojection_error_m, 1),
                                              "max_error_m": round(h.max_error_m, 1)})
    return h


EDITABLE = frozenset({"name", "source", "heading_deg", "active", "control_points"})


def update(conn: Conn, settings: Settings, camera_id: int, city_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """Correct a camera: any of `EDITABLE` (control_points [] removes the calibration; active
    false stops its analysis and takes it off the public panel). An unknown field is a 400
    ("heading" was ignored without a word)."""
    unknown = sorted(set(changes) - EDITABLE)
    if unknown or not changes:
        raise InvalidInput(f"Yang bisa diubah: {', '.join(sorted(EDITABLE))}.",
                           f"What can be changed: {', '.join(sorted(EDITABLE))}.", code="invalid_camera_fields",
                           details={"unknown": unknown})
    cam = get(conn, camera_id, city_id)
    if not isinstance(changes.get("active", True), bool):
        raise InvalidInput("active harus true atau false.", "active must be true or false.", code="invalid_active")
    calibration = {k: cam[k] for k in ("control_points", "homography", "reprojection_error_m")}
    if "control_points" in changes:
        parsed = parse_control_points(changes["control_points"])
        calibration = _stored(parsed, _calibration(cam["lng"], cam["lat"], parsed, cam["utm_epsg"]))
    source = cam["source"]
    sent = changes.get("source")
    if "source" in changes and not (isinstance(sent, str) and sent.strip() == shown_source(cam["source"])):  # as shown: kept
        source = check_source(_text(changes["source"]), settings)
    active = changes.get("active", cam["active"])
    values = {"id": camera_id, "city_id": city_id, "name": _name(changes["name"]) if "name" in changes else cam["name"],
              "source": source, "active": active,
              "heading_deg": _heading(changes["heading_deg"]) if "heading_deg" in changes else cam["heading_deg"],
              **calibration, "control_points": Jsonb(calibration["control_points"] or []),
              "fresh": source != cam["source"] or (active and not cam["active"])}
    try:
        with conn.transaction():
            conn.execute(query("update_camera"), values)
    except UniqueViolation:
        raise Conflict(f"Kamera {values['name']!r} sudah ada.", f"Camera {values['name']!r} already exists.",
                       code="camera_exists") from None
    return get(conn, camera_id, city_id)


def check_near(lng: float, lat: float, points: list[tuple[float, float]], epsg: int, what: str) -> None:
    """422 when a control point or a zone's corner is farther than RANGE_M from the camera."""
    e0, n0 = utm_of(lng, lat, epsg)
    for i, (x, y) in enumerate(points, 1):
        e, n = utm_of(x, y, epsg)
        far = math.hypot(e - e0, n - n0)
        if far > RANGE_M:
            raise Unprocessable(
                f"{what} #{i} berjarak {far:,.0f} m dari kamera; yang dilihat kamera ada dalam {RANGE_M:.0f} m "
                "(periksa bujur dulu, lalu lintang).",
                f"{what} #{i} is {far:,.0f} m from the camera; what it sees is within {RANGE_M:.0f} m "
                "(check: longitude first, then latitude).", code="too_far_from_camera",
                details={"index": i, "distance_m": round(far), "max_m": RANGE_M})


def get(conn: Conn, camera_id: int, city_id: int | None = None) -> dict[str, Any]:
    """One camera (of `city_id` when the caller knows it: a frame job does)."""
    row = conn.execute(query("get_camera"), {"id": camera_id, "city_id": city_id}).fetchone()
    if row is None:
        raise NotFound("Kamera tidak ditemukan.", "Camera not found.", code="camera_not_found")
    return row


def mark_seen(conn: Conn, camera_id: int, city_id: int, at: datetime) -> None:
    conn.execute(query("camera_seen"), {"id": camera_id, "city_id": city_id, "at": at})


def record_frame(conn: Conn, camera_id: int, city_id: int, frame_at: datetime) -> None:
    """The frame's vehicle counts (in view, in road zones), after its detections are stored."""
    conn.execute(query("insert_camera_frame"), {"camera_id": camera_id, "city_id": city_id, "frame_at": frame_at})


def mark_failed(conn: Conn, settings: Settings, camera_id: int, city_id: int, error: str) -> dict[str, Any]:
    """Offline: remember why; the sweep tries again after interval * 2^(failures-1), at most an hour."""
    error = without_login(error)  # never keep a source URL's password
    row = conn.execute(query("camera_failed"), {"id": camera_id, "city_id": city_id, "error": error[:500],
                                                "base_s": settings.camera_interval_s, "max_s": 3600}).fetchone()
    assert row is not None
    return row


def all_cameras(conn: Conn, city_id: int | None = None) -> list[dict[str, Any]]:
    """Every camera, or one city's."""
    return conn.execute(query("get_camera"), {"id": None, "city_id": city_id}).fetchall()


def store_detections(conn: Conn, settings: Settings, camera: dict[str, Any], frame_at: datetime,
                     detections: list[Any]) -> list[int]:
    """Each detection becomes a feature: its bottom-centre through the homography, or the
    camera's own location (georef = 'camera') when the camera is not calibrated. Through the
    homography, one seen beyond the horizon or farther than RANGE_M is not placed at all (it was
    mirrored behind the camera, or put kilometres off, and counted in zones there)."""
    h = Homography(tuple(camera["homography"]), 0, 0, camera["utm_epsg"]) if camera["homography"] else None
    side = side_of(camera["homography"], [tuple(p["px"]) for p in camera["control_points"] or []]) if h else 1.0
    here = utm_of(camera["lng"], camera["lat"], camera["utm_epsg"])
    rows = []
    for d in detections:
        if h is None:
            lng, lat = camera["lng"], camera["lat"]
        else:
            x, y = d.bottom_centre
            ground = h.to_metres(x, y, side=side)
            if ground is None or math.hypot(ground[0] - here[0], ground[1] - here[1]) > RANGE_M:
                continue
            lng, lat = lnglat_of(*ground, camera["utm_epsg"])
        cells = cells_for_point(lng, lat, REPORT_RESOLUTIONS)
        rows.append({"cls": d.class_name, "conf": d.confidence, "bbox": [round(v, 1) for v in d.bbox],
                     "lng": lng, "lat": lat, **{f"r{r}": c for r, c in cells.items()}})
    if not rows:
        return []
    out = conn.execute(query("insert_detections"), {
        "camera_id": camera["id"], "city_id": camera["city_id"], "frame_at": frame_at, "georef": "homography" if h else "camera",
        "rows": Jsonb(rows)}).fetchall()
    return [int(r["id"]) for r in out]


def roll_up_detections(conn: Conn, retention_days: int, batch: int = 50_000, now: datetime | None = None) -> int:
    """Keep raw detections `retention_days`, then only hourly counts per camera and class (people
    seen on camera are not kept for ever, and the table stays bounded). Commits each batch, so
    a large backlog never holds one huge transaction. Returns how many raw rows were rolled up."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    conn.execute(query("prune_camera_frames"), {"cutoff": cutoff})
    conn.commit()
    total = 0
    while True:
        row = one(conn.execute(query("roll_up_detections"), {"cutoff": cutoff, "batch": batch}))
        conn.commit()
        total += int(row["deleted"])
        if row["deleted"] < batch:
            return total
