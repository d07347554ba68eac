"""Public traffic status from CCTV ("Lalu lintas"), as Jakarta's residents used Qlue's cameras:
per camera, vehicles per analysed frame over the last 5, 15 and 60 minutes and a congestion
level (lancar / padat / macet) from its road zones. Built from per-frame vehicle counts only
(camera_frames): no person detection and no frame is ever part of it."""
from __future__ import annotations

from typing import Any

from geo.cities import by_id, local_iso
from geo.db import Conn, query
from geo.errors import NotFound

LEVELS = {"lancar": "smooth", "padat": "busy", "macet": "jammed"}
WINDOWS = (5, 15, 60)


def status(conn: Conn, city_id: int, camera_id: int | None = None) -> list[dict[str, Any]]:
    """Traffic per camera of one city: all its cameras, or one."""
    rows = conn.execute(query("traffic_status"), {"id": camera_id, "city_id": city_id}).fetchall()
    tz = by_id(conn, city_id).tz
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        cam = out.setdefault(r["id"], {
            "id": r["id"], "name": r["name"], "lng": r["lng"], "lat": r["lat"], "status": r["status"],
            "last_seen_at": local_iso(r["last_seen_at"], tz),
            "road_capacity": round(r["capacity"], 1) if r["capacity"] else None, "windows": {}, "level": None})
        cam["windows"][str(r["minutes"])] = {
            "frames": r["frames"], "vehicles_mean": None if r["mean"] is None else round(r["mean"], 1),
            "vehicles_max": r["max"], "level": r["level"]}
    for cam in out.values():
        # The freshest window that saw a frame decides; its English name alongside.
        level = next((cam["windows"][str(m)]["level"] for m in WINDOWS if cam["windows"][str(m)]["frames"]), None)
        cam["level"], cam["level_en"] = level, LEVELS.get(level or "")
    if camera_id is not None and not out:
        raise NotFound("Kamera tidak ditemukan.", "Camera not found.", code="camera_not_found")
    return list(out.values())
