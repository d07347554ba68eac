"""Small builders for tests: real JPEG/PNG bytes, users with tokens, multipart submits."""
from __future__ import annotations

import io
import math
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from PIL import Image

from geo.accounts import create_user, login

# GMIT Jemaat Kota Kupang, kelurahan Lahilai Bissi Kopan (LLBK), kecamatan Kota Lama.
LLBK = (123.5777664, -10.1627254)
KUPANG_TZ = ZoneInfo("Asia/Makassar")  # WITA: Kupang's local days and months


def east_of(point: tuple[float, float], metres: float) -> tuple[float, float]:
    lng, lat = point
    return lng + metres / (111_320 * math.cos(math.radians(lat))), lat


def jpeg(color: tuple[int, int, int] = (180, 40, 40), size: tuple[int, int] = (96, 64),
         gps: tuple[float, float] | None = None, fmt: str = "JPEG") -> bytes:
    """A real image; with `gps` (lng, lat) it carries EXIF GPS and a camera model tag."""
    img = Image.new("RGB", size, color)
    exif = img.getexif()
    exif[0x0110] = "SIGAP-TestCam"
    if gps:
        lng, lat = gps
        ifd = exif.get_ifd(0x8825)

        def dms(v: float) -> tuple[float, float, float]:
            v = abs(v)
            d = int(v)
            m = int((v - d) * 60)
            return float(d), float(m), round((v - d - m / 60) * 3600, 4)

        ifd.update({1: "S" if lat < 0 else "N", 2: dms(lat), 3: "W" if lng < 0 else "E", 4: dms(lng)})
    buf = io.BytesIO()
    img.save(buf, fmt, exif=exif.tobytes())
    return buf.getvalue()


def make_user(conn: psycopg.Connection, name: str, role: str = "citizen", agency: str | None = None,
              **extra: Any) -> tuple[int, str]:
    """Create a user (committed) and log in; returns (id, bearer token)."""
    email = f"{name}@example.id"
    uid = create_user(conn, password="rahasia-123", email=email, full_name=name.title(), role=role,
                      agency=agency, **extra)
    token, _ = login(conn, email, "rahasia-123")
    conn.commit()
    return uid, token


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def submit(client: Any, token: str, *, category: str = "sampah", point: tuple[float, float] | None = LLBK,
           photo: bytes | None = None, description: str = "Tumpukan sampah di pinggir jalan",
           key: str | None = None, **form: Any) -> Any:
    data: dict[str, Any] = {"category": category, "description": description, **form}
    if point is not None:
        data["lng"], data["lat"] = str(point[0]), str(point[1])
    data["photo"] = (io.BytesIO(photo if photo is not None else jpeg()), "foto.jpg")
    headers = auth(token)
    if key:
        headers["Idempotency-Key"] = key
    return client.post("/api/v1/reports", data=data, headers=headers, content_type="multipart/form-data")


def wait_for_outbox(conn: psycopg.Connection, timeout_s: float) -> float:
    """Wait until a running relay has handed every job row to Redis (or the time is up);
    returns the seconds waited. The caller asserts what it expects of the outbox then."""
    import time

    from geo.outbox import pending_count

    start = time.monotonic()
    while True:
        conn.rollback()  # a fresh snapshot
        if not pending_count(conn) or time.monotonic() - start > timeout_s:
            return time.monotonic() - start
        time.sleep(0.02)


PLANT = """
INSERT INTO reports (city_id, source, category_id, agency_id, kecamatan_id, kelurahan_id, public_kelurahan_id, status, priority,
                     geom, public_geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, created_at, updated_at, due_at,
                     first_response_at, resolved_at)
SELECT c.city_id, 'citizen', c.id, c.agency_id, k.kecamatan_id, k.id,
       CASE WHEN c.confidential THEN (SELECT kp.id FROM kelurahan kp WHERE kp.city_id = k.city_id
                                      ORDER BY kp.geom <-> p.pub LIMIT 1) ELSE k.id END,
       %(status)s, c.default_priority, p.g, CASE WHEN c.confidential THEN p.pub ELSE p.g END,
       %(r6)s, %(r7)s, %(r8)s, %(r9)s, %(r10)s, %(r11)s, %(created)s, %(created)s,
       %(created)s + c.sla_hours * interval '1 hour', %(resolved)s, %(resolved)s
FROM categories c, (SELECT ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326) AS g,
                           ST_SetSRID(ST_MakePoint(%(public_lng)s, %(public_lat)s), 4326) AS pub) p
JOIN kelurahan k ON ST_Intersects(k.geom, p.g)
WHERE c.code = %(category)s AND c.city_id = k.city_id AND c.confidential = %(confidential)s
LIMIT 1
"""


def plant_reports(conn: psycopg.Connection, rows: list[dict[str, Any]]) -> int:
    """Put historical reports straight into the table (with their H3 cells; the triggers keep
    the aggregates), for analyses that need months of history: each row has lng, lat,
    category, created (aware datetime) and optionally status and resolved. Points outside
    every kelurahan are skipped. A confidential category's report is placed as the app places
    it (public point and cells at its r8 centre), never exact: seeded data once published 940
    missing-person and health reports at their exact spot. Commits; returns how many were stored."""
    from geo.hexes import REPORT_RESOLUTIONS
    from geo.privacy import public_point

    secret = {r["code"] for r in conn.execute("SELECT DISTINCT code FROM categories WHERE confidential")}
    params = []
    for r in rows:
        confidential = r["category"] in secret
        public_lng, public_lat, cells = public_point(r["lng"], r["lat"], confidential, REPORT_RESOLUTIONS)
        params.append({"lng": r["lng"], "lat": r["lat"], "public_lng": public_lng, "public_lat": public_lat,
                       "confidential": confidential, "category": r["category"], "created": r["created"],
                       "status": r.get("status", "resolved" if r.get("resolved") else "submitted"),
                       "resolved": r.get("resolved"), **{f"r{k}": v for k, v in cells.items()}})
    before = conn.execute("SELECT count(*) AS n FROM reports").fetchone()
    with conn.cursor() as cur:
        cur.executemany(PLANT, params)
    after = conn.execute("SELECT count(*) AS n FROM reports").fetchone()
    conn.commit()
    return int(after["n"]) - int(before["n"])  # type: ignore[index,call-overload]


def load_reference_schema11(conn: psycopg.Connection, directory: Any) -> None:
    """Kupang's reference data into a database still at schema 11 (before cities): the
    statements of that time, for migration tests (today's loader writes city_id)."""
    import json

    def feats(name: str) -> list[dict[str, Any]]:
        return json.loads((directory / name).read_text())["features"]

    for f in feats("kupang_kecamatan.geojson"):
        p = f["properties"]
        conn.execute("INSERT INTO kecamatan (code, name, area_km2, geom) VALUES (%s, %s, %s,"
                     " ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)))",
                     (p["kode_kecamatan_bps_2013"], p["kecamatan"], p.get("luas_km2_dihitung"), json.dumps(f["geometry"])))
    for f in feats("kupang_kelurahan.geojson"):
        p = f["properties"]
        conn.execute("INSERT INTO kelurahan (code, name, kecamatan_id, puskesmas, area_km2, geom)"
                     " SELECT %s, %s, kc.id, %s, %s, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326))"
                     " FROM kecamatan kc WHERE kc.name = %s",
                     (p["kode_bps_2013"], p["kelurahan"], p.get("puskesmas"), p.get("luas_km2_dihitung"),
                      json.dumps(f["geometry"]), p["kecamatan"]))
    for a in json.loads((directory / "agencies.json").read_text()):
        conn.execute("INSERT INTO agencies (code, name_id, name_en) VALUES (%(code)s, %(name_id)s, %(name_en)s)", a)
    for c in json.loads((directory / "categories.json").read_text()):
        conn.execute("INSERT INTO categories (code, name_id, name_en, agency_id, default_priority, sla_hours, confidential)"
                     " SELECT %(code)s, %(name_id)s, %(name_en)s, a.id, %(default_priority)s, %(sla_hours)s,"
                     " %(confidential)s FROM agencies a WHERE a.code = %(agency)s", c)
    conn.execute("INSERT INTO service_zones (agency_id, name, kecamatan_id, geom)"
                 " SELECT a.id, a.code || ' ' || kc.name, kc.id, kc.geom FROM agencies a CROSS JOIN kecamatan kc")


def resolved_by(operator: str, officer_id: int, officer: str) -> list[tuple[str, dict[str, Any]]]:
    """A report's usual road to "resolved", as (token, body) steps for `move`: the operator assigns
    it, the officer starts it and resolves it with an after-photo."""
    return [(operator, {"to": "assigned", "assignee_id": str(officer_id)}), (officer, {"to": "in_progress"}),
            (officer, {"to": "resolved", "photo": (io.BytesIO(jpeg((20, 160, 20))), "s.jpg")})]


def move(client: Any, report_id: int, steps: list[tuple[str, dict[str, Any]]], city: str | None = None) -> None:
    """Status changes through the API, each by its own account, each accepted (200)."""
    url = f"/api/v1/reports/{report_id}/transitions" + (f"?city={city}" if city else "")
    for token, body in steps:
        moved = client.post(url, data=body, headers=auth(token), content_type="multipart/form-data")
        assert moved.status_code == 200, moved.get_json()


def oebobo_report(conn: psycopg.Connection, who: int, hours_ago: int, status: str, into: int | None = None) -> int:
    """A garbage report in Oebobo, `hours_ago` old, put straight into the table as the schema of the
    0040s stores it (no category rules, no routing): for migration and trigger tests."""
    from geo.hexes import REPORT_RESOLUTIONS, cells_for_point

    cells = cells_for_point(123.61, -10.17, REPORT_RESOLUTIONS)
    return conn.execute(
        "INSERT INTO reports (city_id, reporter_id, category_id, agency_id, kecamatan_id, kelurahan_id,"
        " public_kelurahan_id, priority, geom, public_geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11,"
        " due_at, created_at, status, duplicate_of)"
        " SELECT 1, %s, c.id, c.agency_id, k.kecamatan_id, k.id, k.id, 'normal', p.g, p.g,"
        " %s, %s, %s, %s, %s, %s, now(), now() - %s * interval '1 hour', %s, %s"
        " FROM categories c, kelurahan k, (SELECT ST_SetSRID(ST_MakePoint(123.61, -10.17), 4326) AS g) p"
        " WHERE c.code = 'sampah' AND c.city_id = 1 AND k.name = 'Oebobo' AND k.city_id = 1 RETURNING id",
        (who, *(cells[r] for r in REPORT_RESOLUTIONS), hours_ago, status, into)).fetchone()["id"]
