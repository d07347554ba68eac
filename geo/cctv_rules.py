"""Rules that turn CCTV detections into reports (source = cctv). Rules are rows, per camera zone:

- congestion: at least `min_count` vehicles inside a road zone for `frames` consecutive frames;
- crowd: at least `min_count` people inside a zone for `frames` consecutive frames;
- illegal_parking: a vehicle inside a no-parking zone, within `radius_m`, for `seconds` or longer.

A firing rule files a report through the reports service unless an open report of the same
category is already within the duplicate radius: one problem, one report.
"""
from __future__ import annotations

import json
import logging
import math
from datetime import datetime, timedelta
from typing import Any

from shapely.errors import GEOSException
from shapely.geometry import shape

from geo import cameras, reports
from geo.db import Conn, query
from geo.errors import InvalidInput, NotFound, OutsideCity
from geo.locate import check_lnglat
from geo.settings import Settings

log = logging.getLogger(__name__)

RULES: dict[str, dict[str, float]] = {"congestion": {"min_count": 5, "frames": 3}, "crowd": {"min_count": 10, "frames": 3},
         "illegal_parking": {"seconds": 300, "radius_m": 3.0}}
ZONE_KINDS = ("road", "no_parking", "area")
_DESCRIPTION = {
    "congestion": "Kemacetan terdeteksi CCTV {camera} di zona {zone} ({n} kendaraan) / CCTV congestion",
    "crowd": "Kerumunan terdeteksi CCTV {camera} di zona {zone} ({n} orang) / CCTV crowd",
    "illegal_parking": "Kendaraan parkir di zona larangan {zone} (CCTV {camera}) / CCTV illegal parking",
}


def add_zone(conn: Conn, camera_id: int, city_id: int, name: str, kind: str, geometry: Any) -> int:
    if kind not in ZONE_KINDS:
        raise InvalidInput(f"Jenis zona harus {', '.join(ZONE_KINDS)}.", f"Zone kind must be {', '.join(ZONE_KINDS)}.",
                           code="invalid_zone_kind")
    camera = cameras.get(conn, camera_id, city_id)
    try:
        poly = shape(geometry)
        corners = [check_lnglat(cameras.number(x), cameras.number(y)) for x, y, *_ in poly.exterior.coords]
        usable = poly.geom_type == "Polygon" and poly.is_valid and not poly.is_empty
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, GEOSException, InvalidInput):
        usable = False  # NaN or 1000° corners reached GEOS or PostGIS (a 500), or were stored
    if not usable:
        raise InvalidInput("Zona harus Polygon GeoJSON yang valid (lng, lat).",
                           "The zone must be a valid GeoJSON Polygon (lng, lat).", code="invalid_zone_geometry")
    # a zone drawn in another city counted its roads' area in this camera's capacity (a walk)
    cameras.check_near(camera["lng"], camera["lat"], corners, camera["utm_epsg"], "zone")
    row = conn.execute(query("insert_camera_zone"), {
        "camera_id": camera_id, "city_id": city_id, "name": name.strip() or kind, "kind": kind,
        "geometry": json.dumps(poly.__geo_interface__)}).fetchone()
    if row is None:
        raise NotFound("Kamera tidak ditemukan.", "Camera not found.", code="camera_not_found")
    return int(row["id"])


def add_rule(conn: Conn, camera_id: int, city_id: int, zone_id: int, rule: str, category: str,
             params: dict[str, Any] | None) -> int:
    """A rule on one of the camera's zones; 404 when the zone belongs to another camera."""
    if rule not in RULES:
        raise InvalidInput(f"Aturan harus {', '.join(RULES)}.", f"Rule must be one of {', '.join(RULES)}.",
                           code="invalid_rule")
    merged = {**RULES[rule], **(params or {})}
    # at least one vehicle or person, one frame, one second: 0 filed a report at every frame (a walk)
    if set(merged) != set(RULES[rule]) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 1
            for v in merged.values()):
        raise InvalidInput(f"Parameter aturan {rule}: {', '.join(RULES[rule])} (angka >= 1).",
                           f"Parameters of {rule}: {', '.join(RULES[rule])} (numbers >= 1).", code="invalid_rule_params")
    cat = reports.category(conn, category, city_id)
    row = conn.execute(query("insert_camera_rule"), {
        "camera_id": camera_id, "city_id": city_id, "zone_id": zone_id, "rule": rule, "params": json.dumps(merged),
        "category_id": cat["id"]}).fetchone()
    if row is None:
        raise NotFound("Zona tidak ditemukan pada kamera ini.", "No such zone on this camera.", code="zone_not_found")
    return int(row["id"])


def zones(conn: Conn, camera_id: int, city_id: int) -> list[dict[str, Any]]:
    """A camera's zones, each with its rules."""
    return [dict(r) for r in conn.execute(query("camera_zones_of"), {"camera_id": camera_id, "city_id": city_id})]


def remove_zone(conn: Conn, camera_id: int, city_id: int, zone_id: int) -> None:
    """A zone and its rules; 404 when the camera has no such zone."""
    if conn.execute(query("delete_camera_zone"), {"camera_id": camera_id, "city_id": city_id,
                                                  "zone_id": zone_id}).fetchone() is None:
        raise NotFound("Zona tidak ditemukan pada kamera ini.", "No such zone on this camera.", code="zone_not_found")


def remove_rule(conn: Conn, camera_id: int, city_id: int, rule_id: int) -> None:
    """One rule; 404 when none of the camera's zones has it."""
    if conn.execute(query("delete_camera_rule"), {"camera_id": camera_id, "city_id": city_id,
                                                  "rule_id": rule_id}).fetchone() is None:
        raise NotFound("Aturan tidak ditemukan pada kamera ini.", "No such rule on this camera.", code="rule_not_found")


def evaluate(conn: Conn, settings: Settings, camera: dict[str, Any], frame_at: datetime) -> list[int]:
    """Apply the camera's rules to the frame just stored; returns the reports filed."""
    filed: list[int] = []
    on = {"camera_id": camera["id"], "city_id": camera["city_id"]}
    for r in conn.execute(query("camera_rules_for_frame"), {**on, "frame_at": frame_at}).fetchall():
        p = r["params"]
        where, count, fire = (r["lng"], r["lat"]), r["inside"], False
        if r["rule"] in ("congestion", "crowd"):
            streak = r["streak"] + 1 if count >= p["min_count"] else 0
            fire = streak >= p["frames"]
        else:
            parked = [v for v in conn.execute(query("parked_vehicles"), {
                **on, "zone_id": r["zone_id"], "frame_at": frame_at,
                "seconds": p["seconds"], "radius_m": p["radius_m"]}).fetchall()
                if v["since"] is not None and v["since"] <= frame_at - timedelta(seconds=p["seconds"])]
            streak, fire, count = len(parked), bool(parked), len(parked)
            if parked:
                where = (parked[0]["lng"], parked[0]["lat"])
        report_id = None
        if fire:
            report_id = _file(conn, settings, camera, r["category"], where,
                              _DESCRIPTION[r["rule"]].format(camera=camera["name"], zone=r["zone"], n=count))
            streak = 0
        conn.execute(query("camera_rule_after_frame"),
                     {"streak": streak, "fired": fire, "report_id": report_id, "id": r["id"],
                      "city_id": camera["city_id"]})
        if report_id:
            filed.append(report_id)
    return filed


def _file(conn: Conn, settings: Settings, camera: dict[str, Any], category: str, where: tuple[float, float],
          description: str) -> int | None:
    if reports.nearby_open(conn, settings, where[0], where[1], category):
        return None  # already reported and still open
    try:  # in the camera's own city: a zone drawn past its border files nothing elsewhere
        result = reports.submit(conn, settings, None, reports.NewReport(
            category=category, description=description, lng=where[0], lat=where[1], source="cctv",
            city_id=camera["city_id"]))
    except OutsideCity:
        log.warning("camera %s: rule point %s is outside its city; nothing filed", camera["id"], where)
        return None
    return result.report_id
