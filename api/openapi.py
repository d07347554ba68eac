"""The OpenAPI 3 document (hand-kept beside the blueprints) and a browsable page."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template_string
from flask.typing import ResponseReturnValue

bp = Blueprint("openapi", __name__)

_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict[str, Any], media: str = "application/json") -> dict[str, Any]:
    return {"content": {media: {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): {"description": "Error / Galat", **_json(_ERROR)} for c in codes}


def _get(summary: str, schema: dict[str, Any], params: list[dict[str, Any]] | None = None,
         media: str = "application/json", errors: tuple[int, ...] = (503,)) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": params or [],
                    "responses": {"200": {"description": "OK", **_json(schema, media)},
                                  **_errors(*errors)}}}


SINCE = ("Waktu ISO 8601 dengan zona, atau tanggal (awal hari itu di zona waktu kota) / an ISO 8601 time with "
         "its zone, or a date (the start of that day in the city's time zone)")


def _q(name: str, typ: str = "string", required: bool = False, desc: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": {"type": typ}}


def _id(name: str = "report_id") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _op(summary: str, *, params: list[dict[str, Any]] | None = None, body: dict[str, Any] | None = None,
        ok: str = "200", schema: dict[str, Any] | None = None, media: str = "application/json",
        errors: tuple[int, ...] = (400, 401, 403, 404, 409, 422, 503), auth: bool = True) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "parameters": params or [],
                          "responses": {ok: {"description": "OK", **(_json(schema, media) if schema else {})},
                                        **_errors(*errors)}}
    if body:
        op["requestBody"] = {"required": True, "content": body}
    if auth:
        op["security"] = [{"bearer": []}]
    return op


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _obj(**props: str) -> dict[str, Any]:
    return {"type": "object", "properties": {k: {"type": v} for k, v in props.items()}}


# A staff member's area in the asked city: a camat's kecamatan, a lurah's kelurahan, or the whole
# city (level null).
_AREA = {k: {"type": t, "nullable": True} for k, t in (("level", "string"), ("kecamatan_id", "integer"),
         ("kecamatan", "string"), ("kelurahan_id", "integer"), ("kelurahan", "string"))}
ME = {"type": "object", "properties": {**_obj(id="integer", role="string", full_name="string")["properties"],
                                       "agency": {"type": "string", "nullable": True},
                                       "area": {"type": "object", "properties": _AREA}}}
FEATURE_COLLECTION = {"type": "object", "required": ["type", "features"],
                      "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
                                     "features": {"type": "array", "items": {"type": "object"}}}}
FEATURE = {"type": "object", "required": ["type", "geometry", "properties"],
           "properties": {"type": {"type": "string"}, "id": {"type": "integer"},
                          "geometry": {"type": "object"}, "properties": {"type": "object"}}}
REPORT_FORM = {"multipart/form-data": {"schema": {
    "type": "object", "required": ["category", "photo"],
    "properties": {"category": {"type": "string", "description": "kode kategori / category code"},
                   "description": {"type": "string", "maxLength": 4000},
                   "lng": {"type": "number"}, "lat": {"type": "number"},
                   "accuracy": {"type": "number", "description": "metres"},
                   "photo": {"type": "string", "format": "binary",
                             "description": "JPEG/PNG/WebP, max 10 MB; EXIF GPS used if lng/lat missing"}}}}}
TRANSITION: dict[str, Any] = {"type": "object", "required": ["to"], "properties": {
    "to": {"type": "string", "enum": ["verified", "assigned", "in_progress", "resolved", "closed", "rejected"]},
    "note": {"type": "string"}, "reason": {"type": "string"}, "assignee_id": {"type": "integer"},
    "rating": {"type": "integer", "minimum": 1, "maximum": 5}}}
LIST_PARAMS = [_q("bbox", desc="minLng,minLat,maxLng,maxLat"), _q("category", desc="kode, dipisah koma"),
               _q("status", desc="comma-separated"), _q("agency"), _q("kelurahan", desc="nama atau id"),
               _q("kecamatan", desc="nama atau id"), _q("since", desc=SINCE), _q("until", desc=SINCE),
               _q("limit", "integer"), _q("cursor"), _q("order", desc="newest (bawaan / default) | due"),
               _q("mine", desc="1 = laporan saya / my reports")]
EXPORT_PARAMS = LIST_PARAMS[:8]  # the list's filters, bbox to until (places as the public is told them)


CITY = _q("city", desc="Kota: slug, kode BPS atau id (bawaan: kota pertama; tak dikenal: 404 city_not_found) / "
                       "city: slug, BPS code or id (default: the first city; unknown: 404 city_not_found)")
# GET operations that answer for one city named by `?city=` (tests/test_api_reference.py probes the
# server as an admin and fails when this list and what the views read disagree).
PER_CITY = frozenset({
    "/api/v1/agencies",
    "/api/v1/analytics/emerging_hotspots.geojson",
    "/api/v1/analytics/emerging_hotspots.gpkg",
    "/api/v1/analytics/hotspots.geojson",
    "/api/v1/analytics/hotspots.gpkg",
    "/api/v1/analytics/recurring",
    "/api/v1/analytics/runs",
    "/api/v1/responders",
    "/api/v1/cameras",
    "/api/v1/categories",
    "/api/v1/exports/heatmap.tif",
    "/api/v1/exports/reports.csv",
    "/api/v1/me",
    "/api/v1/exports/reports.geojson",
    "/api/v1/exports/reports.gpkg",
    "/api/v1/geocode",
    "/api/v1/kecamatan",
    "/api/v1/kelurahan",
    "/api/v1/performance",
    "/api/v1/reports",
    "/api/v1/reports/nearby",  # checked only: the point decides the city
    "/api/v1/service_zones",
    "/api/v1/stats",
    "/api/v1/traffic",
    "/api/v1/traffic/{camera_id}",
    "/api/v1/users",
    "/ogc/",
    "/ogc/collections",
    "/ogc/collections/{cid}",
    "/ogc/collections/{cid}/items",
    "/ogc/collections/{cid}/items/{fid}",
    "/ogc/collections/{cid}/tiles/{tms}",
    "/ogc/collections/{cid}/tiles/{tms}/{tileMatrix}/{tileRow}/{tileCol}",
    "/tiles/{layer}.json",
    "/tiles/{layer}/{z}/{x}/{y}.mvt",
})


OWN_CITY = _q("city", desc="Kota laporan/kamera/notifikasi ini (dari `city` di daftar dan notifikasi); kota "
                           "lain: 404; tanpa: dicari dari id-nya / the report's, camera's or notification's "
                           "city (`city` in lists and notifications); another city: 404; none: found by its id")
# Operations on one row named by id, in the city the request names (one city's data: one shard on
# Citus, docs/scaling.md); without it the row's own city.
BY_ID = frozenset({
    "/api/v1/reports/{report_id}",
    "/api/v1/reports/{report_id}/support",
    "/api/v1/reports/{report_id}/merge",
    "/api/v1/reports/{report_id}/transitions",
    "/api/v1/reports/{report_id}/nearest-responders",
    "/api/v1/reports/{report_id}/similar",
    "/api/v1/cameras/{camera_id}/zones",
    "/api/v1/cameras/{camera_id}/rules",
    "/api/v1/notifications/{notification_id}/read",
})


def document() -> dict[str, Any]:
    """The whole OpenAPI 3.0 document for /api/v1."""
    doc = _document()
    for path in PER_CITY:
        op = doc["paths"][path]["get"]
        if all(p["name"] != "city" for p in op["parameters"]):
            op["parameters"] = [*op["parameters"], CITY]
        op["responses"] = {**_errors(404), **op["responses"]}
    for path in BY_ID:
        for op in doc["paths"][path].values():
            op["parameters"] = [*op.get("parameters", []), OWN_CITY]
            op["responses"] = {**_errors(404), **op["responses"]}
    return doc


def _document() -> dict[str, Any]:
    geojson = "application/geo+json"
    return {
        "openapi": "3.0.3",
        "info": {"title": "SIGAP API", "version": "1.0.0",
                 "description": "Sistem Informasi Geospasial Aduan Publik — laporan warga, "
                                "peta, dan penanganan OPD. / Public complaint GIS platform.\n\n"
                                "Setiap daftar, petak, ekspor dan statistik milik satu kota: parameter `city` "
                                "(slug, kode BPS atau id; bawaan: kota pertama). OGC API dan Open311 juga di "
                                "/{city}/ogc/ dan /{city}/open311/v2/. / Every list, tile, export and statistic "
                                "is one city's: the `city` parameter (slug, BPS code or id; default the first "
                                "city); OGC API and Open311 also under /{city}/ogc/ and /{city}/open311/v2/. "
                                "An unknown city is 404 city_not_found."},
        "paths": {
            "/api/v1/cities": _get("Kota di platform ini / Cities on this platform", {"type": "object"}),
            "/healthz": _get("Kesehatan layanan / Service health",
                             _obj(status="string", schema_version="integer", redis="boolean")),
            "/api/v1/agencies": _get("Daftar OPD / Agencies", {"type": "object"}, [_q("city")], errors=(404, 503)),
            "/api/v1/categories": _get("Kategori laporan / Report categories", {"type": "object"}, [_q("city")],
                                       errors=(404, 503)),
            "/api/v1/kecamatan": _get("Batas kecamatan / Kecamatan boundaries", FEATURE_COLLECTION,
                                      [_q("simplify", "number")], geojson, (400, 503)),
            "/api/v1/kelurahan": _get("Batas kelurahan / Kelurahan boundaries", FEATURE_COLLECTION,
                                      [_q("simplify", "number"), _q("kecamatan")], geojson, (400, 503)),
            "/api/v1/service_zones": _get("Zona layanan OPD / Agency service zones", FEATURE_COLLECTION,
                                          [_q("simplify", "number"), _q("agency")], geojson, (400, 503)),
            "/api/v1/basemap": _get(
                "Peta dasar: OSM terimpor atau daring / Basemap: imported OpenStreetMap or an online one",
                {"type": "object"}, [], errors=(503,)),
            "/api/v1/geocode": _get(
                "Cari alamat: jalan, tempat, kelurahan (OSM, toleran salah ketik) / Address search: streets, "
                "places, kelurahan (OpenStreetMap, typo-tolerant; Jl./Gg./Kel. understood)",
                {"type": "object"}, [_q("q", "string", True, "3–200 karakter / characters"),
                                     _q("limit", "integer", desc="1..20, default 10")],
                errors=(400, 503)),
            "/api/v1/locate": _get(
                "Kelurahan dan kecamatan dari titik / Kelurahan and kecamatan of a point",
                {"type": "object"}, [_q("lng", "number", True), _q("lat", "number", True)],
                errors=(400, 422, 503)),
            "/api/v1/auth/register": {"post": _op(
                "Daftar warga / Citizen registration", ok="201", auth=False, errors=(400, 409, 429, 503),
                body=_json(_obj(email="string", phone="string", password="string", full_name="string"))
                ["content"], schema=_obj(id="integer", role="string"))},
            "/api/v1/auth/login": {"post": _op(
                "Masuk / Log in (bearer token)", auth=False, errors=(400, 401, 429, 503),
                body=_json(_obj(login="string", password="string"))["content"],
                schema=_obj(token="string", token_type="string", expires_in="integer", user="object"))},
            "/api/v1/auth/logout": {"post": _op("Keluar / Log out", ok="204", errors=(401, 503))},
            "/api/v1/me": {
                "get": _op("Profil saya / My profile", schema=ME, errors=(401, 503)),
                "delete": _op("Hapus akun warga (kata sandi sebagai konfirmasi); laporannya tetap ada tanpa "
                              "nama / Delete a citizen account (password to confirm); its reports stay, no one's",
                              body=_json(_obj(password="string"))["content"],
                              schema=_obj(deleted="boolean", reports_kept="integer"), errors=(400, 401, 403, 429, 503))},
            "/api/v1/me/data": {"get": _op(
                "Unduh data saya (semua yang disimpan tentang akun ini, JSON) / Download my data (everything kept "
                "about this account, JSON)", schema=_obj(account="object", reports="array", supported="array",
                                                        notifications="array", push_subscriptions="integer"),
                errors=(401, 503))},
            "/api/v1/me/password": {"post": _op(
                "Ganti kata sandi; sesi lain berakhir / Change the password; every other session ends",
                body=_json(_obj(current_password="string", new_password="string"))["content"],
                schema=_obj(changed="boolean", sessions_ended="integer"), errors=(400, 401, 403, 429, 503))},
            "/api/v1/users": {
                "get": _op("Staf kota (admin; admin OPD: petugas OPD-nya) / The city's staff (admin; agency "
                           "admin: their responders)", schema=_obj(city="string", users="array")),
                "post": _op(
                    "Buat akun staf (admin, admin OPD) / Create staff account",
                    ok="201", body=_json(_obj(email="string", phone="string", password="string",
                                              full_name="string", role="string", agency="string",
                                              kecamatan="string", kelurahan="string"))["content"])},
            "/api/v1/users/import": {"post": _op(
                "Tambah banyak staf dari CSV (semua atau tidak sama sekali; kata sandi awal dijawab sekali) / "
                "Add many staff from a CSV (all or none; first passwords answered once)", ok="201", params=[CITY],
                body={"text/csv": {"schema": {"type": "string"}},
                      "multipart/form-data": {"schema": {"type": "object", "properties": {
                          "file": {"type": "string", "format": "binary"}}}}},
                schema=_obj(city="string", count="integer", added="array"))},
            "/api/v1/users/{user_id}": {"patch": _op(
                "Nonaktifkan / aktifkan staf (sesinya berakhir, tugasnya kembali ke antrean), atau beri kata sandi "
                "baru yang wajib ia ganti / Switch a staff member off or on (sessions end, their tasks go back to "
                "the queue), or set a password they must replace at sign-in",
                params=[_id("user_id"), _q("city")], body=_json(_obj(disabled="boolean", password="string"))["content"],
                schema={"type": "object", "properties": {
                    **_obj(id="integer", disabled="boolean", password_reset="boolean",
                           sessions_ended="integer")["properties"],
                    "requeued": {"type": "array", "items": {"type": "integer"}}}})},
            "/api/v1/reports": {
                "get": _op("Daftar laporan (GeoJSON) / List reports", params=LIST_PARAMS, auth=False,
                           schema=FEATURE_COLLECTION, media=geojson, errors=(400, 401, 503)),
                "post": _op("Kirim laporan dengan foto / Submit a report with a photo", ok="201",
                            params=[{"name": "Idempotency-Key", "in": "header", "required": False,
                                     "schema": {"type": "string", "maxLength": 200}}],
                            body=REPORT_FORM, schema=_obj(id="integer", created="boolean", report="object",
                                                          possible_duplicates="array"),
                            errors=(400, 401, 413, 415, 422, 429, 503))},
            "/api/v1/reports/nearby": {"get": _op(
                "Laporan aktif di dekat titik (calon duplikat) / Open reports nearby", auth=False,
                params=[_q("lng", "number", True), _q("lat", "number", True), _q("category", required=True)],
                schema=_obj(reports="array"), errors=(400, 422, 503, 429))},
            "/api/v1/reports/{report_id}": {
                "get": _op("Satu laporan dengan riwayat / One report with its timeline", params=[_id()],
                           auth=False, schema=FEATURE, errors=(401, 404, 503)),
                "patch": _op("Ubah prioritas / Change priority", params=[_id()], schema=FEATURE,
                             body=_json({"type": "object", "required": ["priority"], "properties": {
                                 "priority": {"type": "string",
                                              "enum": ["low", "normal", "high", "urgent"]}}})["content"])},
            "/api/v1/reports/{report_id}/similar": {"get": _op(
                "Calon duplikat sebuah laporan (petugas) / Possible duplicates of a report (staff)",
                params=[_id()], schema=_obj(reports="array"), errors=(401, 403, 404, 503))},
            "/api/v1/reports/{report_id}/support": {"post": _op(
                "Dukung laporan / Support a report", params=[_id()],
                schema=_obj(id="integer", support_count="integer"))},
            "/api/v1/reports/{report_id}/merge": {"post": _op(
                "Gabungkan duplikat / Merge a duplicate into another report", params=[_id()],
                body=_json({"type": "object", "required": ["into"], "properties": {
                    "into": {"type": "integer"}, "note": {"type": "string"}}})["content"])},
            "/api/v1/reports/{report_id}/transitions": {"post": _op(
                "Ubah status / Change status (after-photo required to resolve)", params=[_id()],
                body={"application/json": {"schema": TRANSITION}, "multipart/form-data": {"schema": {
                    **TRANSITION, "properties": {**TRANSITION["properties"],
                                                 "photo": {"type": "string", "format": "binary"}}}}},
                schema=_obj(id="integer", status="string", report="object"))},
            "/api/v1/stats": {"get": _op(
                "Statistik per OPD, kecamatan, kelurahan atau kategori / Statistics per agency, kecamatan, kelurahan or "
                "category", auth=False,
                params=[_q("group", desc="agency | kecamatan | kelurahan | category"),
                        _q("since", desc="Hari lokal pertama (zona waktu kota: WITA di Kupang, WIB di Jakarta), tanggal "
                                         "(2026-11-01 atau 20261101) atau waktu ISO 8601 / first local day (the city's "
                                         "time zone), a date (2026-11-01 or 20261101) or an ISO 8601 time: whole days "
                                         "are counted"),
                        _q("until", desc="Hari lokal terakhir (eksklusif; waktu di tengah hari mencakup hari itu) / "
                                         "last local day (exclusive; a time inside a day includes that day)"),
                        _q("kecamatan", desc="Hanya kecamatan ini (nama atau id) / only this kecamatan (name or id)"),
                        _q("kelurahan", desc="Hanya kelurahan ini (nama atau id) / only this kelurahan (name or id)"),
                        _q("agency", desc="Hanya OPD ini (kode) / only this agency (code)"),
                        _q("category", desc="Hanya kategori ini (kode, dipisah koma) / "
                                           "only these categories (codes, comma-separated)")],
                schema=_obj(group="string", counted="object", stats="array"), errors=(400, 503))},
            "/api/v1/notifications": {"get": _op(
                "Notifikasi saya (eskalasi SLA) / My notifications", params=[_q("unread")],
                schema=_obj(notifications="array", unread="integer"), errors=(401, 503))},
            "/api/v1/notifications/read": {"post": _op(
                "Tandai semua dibaca (kota ini) / Mark all read (this city)", schema=_obj(marked="integer"),
                errors=(401, 404, 503))},
            "/api/v1/responders/me/location": {"post": _op(
                "Kirim posisi GPS petugas / Send a responder GPS fix",
                body=_json({"type": "object", "required": ["lng", "lat"], "properties": {
                    "lng": {"type": "number"}, "lat": {"type": "number"}, "accuracy": {"type": "number"},
                    "timestamp": {"type": "string", "format": "date-time"}}})["content"],
                schema=_obj(stored="boolean", latest="boolean"))},
            "/api/v1/responders/me/status": {"put": _op(
                "Status dinas / Shift status", body=_json({"type": "object", "required": ["status"],
                    "properties": {"status": {"type": "string", "enum": ["off", "available", "busy"]}}})
                ["content"], schema=_obj(status="string"))},
            "/api/v1/responders/me/tasks": {"get": _op(
                "Tugas terdekat (meter, geodesik) / Nearest open tasks of my agency",
                params=[_q("near", required=True, desc="lng,lat"), _q("limit", "integer"),
                        _q("offset", "integer")], schema=_obj(tasks="array", limit="integer",
                                                             offset="integer"))},
            "/api/v1/responders/me/offers": {"get": _op(
                "Penawaran tugas saya / My offers and assignments", schema=_obj(offers="array"))},
            "/api/v1/assignments/{assignment_id}/accept": {"post": _op(
                "Terima penawaran / Accept an offer", params=[_id("assignment_id")],
                schema=_obj(assignment_id="integer", status="string", report_id="integer"))},
            "/api/v1/assignments/{assignment_id}/decline": {"post": _op(
                "Tolak penawaran / Decline an offer", params=[_id("assignment_id")],
                schema=_obj(assignment_id="integer", status="string", report_id="integer"))},
            "/api/v1/reports/{report_id}/nearest-responders": {"get": _op(
                "Petugas terdekat yang tersedia / Nearest available responders",
                params=[_id(), _q("k", "integer"), _q("all", desc="1 = also busy/off")],
                schema=_obj(report_id="integer", responders="array"))},
            "/api/v1/responders": {"get": _op(
                "Tim dan beban kerja / Team and workload", schema=_obj(responders="array"))},
            "/api/v1/cameras": {
                "get": _op("Kamera CCTV dan kesehatannya (staf: juga alasan kamera mati) / CCTV cameras and their "
                           "health (staff also see why one is offline); a token is optional, a stale one is 401",
                           auth=False, schema=_obj(cameras="array"), errors=(401, 503)),
                "post": _op("Daftarkan kamera + kalibrasi / Register a camera with calibration", ok="201",
                            body=_json({"type": "object", "required": ["name", "lng", "lat", "source"],
                                        "properties": {
                                            "name": {"type": "string"}, "lng": {"type": "number"},
                                            "lat": {"type": "number"}, "heading_deg": {"type": "number"},
                                            "source": {"type": "string",
                                                       "description": "image URL, file path, video or RTSP"},
                                            "control_points": {"type": "array", "items": {
                                                "type": "object", "properties": {
                                                    "px": {"type": "array", "items": {"type": "number"}},
                                                    "lnglat": {"type": "array", "items": {"type": "number"}}}}}}})
                            ["content"], schema={"type": "object"})},
            "/api/v1/traffic": {"get": _op(
                "Lalu lintas per kamera: kendaraan per gambar (5/15/60 menit) dan tingkat lancar/padat/macet dari "
                "zona jalan / Traffic per camera: vehicles per frame over 5/15/60 minutes and a congestion level "
                "(lancar/padat/macet) from its road zones. Public: no people, no frames",
                auth=False, schema=_obj(cameras="array", levels="object", windows_min="array"), errors=(503,))},
            "/api/v1/traffic/{camera_id}": {"get": _op(
                "Lalu lintas satu kamera / One camera's traffic", auth=False, params=[_id("camera_id")],
                schema=_obj(id="integer", name="string", status="string", level="string", windows="object"),
                errors=(404, 503))},
            "/api/v1/cameras/{camera_id}/zones": {"post": _op(
                "Zona kamera (GeoJSON Polygon) / Camera zone", ok="201", params=[_id("camera_id")],
                body=_json({"type": "object", "required": ["name", "kind", "geometry"], "properties": {
                    "name": {"type": "string"}, "kind": {"type": "string", "enum": ["road", "no_parking", "area"]},
                    "geometry": {"type": "object"}}})["content"], schema=_obj(id="integer", camera_id="integer"))},
            "/api/v1/cameras/{camera_id}/rules": {"post": _op(
                "Aturan laporan otomatis / Rule that files reports", ok="201", params=[_id("camera_id")],
                body=_json({"type": "object", "required": ["zone_id", "rule", "category"], "properties": {
                    "zone_id": {"type": "integer"},
                    "rule": {"type": "string", "enum": ["congestion", "illegal_parking", "crowd"]},
                    "category": {"type": "string"}, "params": {"type": "object"}}})["content"],
                schema=_obj(id="integer", zone_id="integer"))},
            "/api/v1/exports/reports.geojson": {"get": _op(
                "Ekspor laporan (GeoJSON) / Export reports", auth=False, params=EXPORT_PARAMS,
                schema=FEATURE_COLLECTION, media="application/geo+json", errors=(400, 429, 503))},
            "/api/v1/exports/reports.csv": {"get": _op(
                "Ekspor laporan (CSV) / Export reports", auth=False, params=EXPORT_PARAMS,
                schema={"type": "string"}, media="text/csv", errors=(400, 429, 503))},
            "/api/v1/exports/reports.gpkg": {"get": _op(
                "Ekspor laporan (GeoPackage) / Export reports", auth=False, params=EXPORT_PARAMS,
                schema={"type": "string", "format": "binary"}, media="application/geopackage+sqlite3",
                errors=(400, 429, 503))},
            "/api/v1/exports/heatmap.tif": {"get": _op(
                "Peta kepadatan GeoTIFF (laporan/km², zona UTM kota) / Density GeoTIFF (the city's UTM zone)", auth=False,
                params=[_q("cell_m", "number"), *EXPORT_PARAMS],
                schema={"type": "string", "format": "binary"}, media="image/tiff", errors=(400, 429, 503))},
            "/api/v1/performance": {"get": _op(
                "Kinerja OPD untuk publik (12 bulan, tren bulanan, catatan) / Public agency performance",
                auth=False,
                params=[_q("kecamatan", desc="Hanya kecamatan ini (id atau nama) / only this kecamatan (id or name)")],
                schema={"type": "object", "properties": {
                    **_obj(since="string", until="string", months="array", agencies="array", areas="array",
                           caveats="array")["properties"],
                    "kecamatan": {"type": "object", "nullable": True}}}, errors=(400, 503))},
            "/api/v1/analytics/runs": {
                "get": _op("Analisis titik panas yang tersedia (staf) / Hot spot analysis runs (staff)",
                           schema=_obj(runs="array", periods="array", resolutions="array"), errors=(401, 403, 503)),
                "post": _op("Hitung analisis sekarang (admin) / Queue the analysis now (admin)", ok="202",
                            schema=_obj(queued="boolean", outbox_id="integer"), errors=(401, 403, 503))},
            **{f"/api/v1/analytics/{kind}.{fmt}": {"get": _op(
                f"{title} ({'GeoJSON' if fmt == 'geojson' else 'GeoPackage'}, staf / staff)",
                params=[_q("category", desc="kosong = semua / empty = all"),
                        *([_q("period", desc="3m, 12m"), _q("res", "integer", desc="8, 9")] if kind == "hotspots" else [])],
                schema=FEATURE_COLLECTION if fmt == "geojson" else {"type": "string", "format": "binary"},
                media="application/geo+json" if fmt == "geojson" else "application/geopackage+sqlite3",
                errors=(400, 401, 403, 404, 503))}
               for kind, title in (("hotspots", "Titik panas Gi* / Gi* hot spots"),
                                   ("emerging_hotspots", "Titik panas yang muncul / Emerging hot spots"))
               for fmt in ("geojson", "gpkg")},
            "/api/v1/analytics/recurring": {"get": _op(
                "Titik rawan: masalah yang kembali setelah diperbaiki (staf) / Recurring places (staff)",
                params=[_q("agency"), _q("window_days", "integer"), _q("min_reports", "integer")],
                schema=_obj(agency="string", window_days="integer", min_reports="integer", places="array"),
                errors=(400, 401, 403, 503))},
            "/ogc/": {"get": _op("OGC API Features: halaman awal / landing page", auth=False,
                                 schema={"type": "object"}, errors=(503,))},
            "/ogc/conformance": {"get": _op("OGC API Features: conformance", auth=False,
                                            schema=_obj(conformsTo="array"), errors=(503,))},
            "/ogc/collections": {"get": _op("OGC API Features: koleksi / collections", auth=False,
                                            schema=_obj(collections="array", links="array"), errors=(503,))},
            "/ogc/collections/{cid}": {"get": _op(
                "OGC API Features: satu koleksi / one collection", auth=False, errors=(404, 503),
                params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}}],
                schema={"type": "object"})},
            "/ogc/collections/{cid}/schema": {"get": _op(
                "OGC API Features: skema fitur koleksi / the collection's feature schema (JSON Schema)", auth=False,
                errors=(404,), params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}}],
                schema={"type": "object"}, media="application/schema+json")},
            "/ogc/collections/{cid}/items": {"get": _op(
                "OGC API Features: fitur / features (GeoJSON)", auth=False, errors=(400, 404, 503),
                params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}},
                        _q("bbox"), _q("bbox-crs", desc="CRS84 saja / only"), _q("crs", desc="CRS84 saja / only"),
                        _q("datetime", desc="RFC 3339: waktu berzona atau tanggal (hari kota), interval a/b, '..' "
                                            "terbuka / an instant with its zone or a date (the city's day), "
                                            "an interval a/b, '..' open"),
                        {**_q("limit", "integer", desc="1..10000"),
                         "schema": {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 10}},
                        {**_q("offset", "integer", desc="0..10000"),
                         "schema": {"type": "integer", "minimum": 0, "maximum": 10_000, "default": 0}},
                        _q("after", "integer", desc="laporan saja: halaman setelah nomor ini (tautan next) / reports "
                                                    "only: the page after this number (the next link)"),
                        _q("category", desc="laporan saja, kode dipisah koma / reports only, comma-separated codes"),
                        _q("status", desc="laporan saja / reports only, comma-separated")],
                schema=FEATURE_COLLECTION, media=geojson)},
            "/ogc/collections/{cid}/items/{fid}": {"get": _op(
                "OGC API Features: satu fitur / one feature", auth=False, errors=(404, 503),
                params=[{"name": "cid", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "fid", "in": "path", "required": True, "schema": {"type": "string"}}],
                schema=FEATURE, media=geojson)},
            "/ogc/tileMatrixSets": {"get": _op("OGC API Tiles: tile matrix sets", auth=False, errors=(503,),
                                                schema=_obj(tileMatrixSets="array"))},
            "/ogc/tileMatrixSets/{tms}": {"get": _op(
                "OGC API Tiles: WebMercatorQuad (TMS 2.0 + 1.0)", auth=False, errors=(404,),
                params=[_path("tms")], schema=_obj(id="string", crs="string", tileMatrices="array"))},
            "/ogc/collections/{cid}/tiles": {"get": _op(
                "OGC API Tiles: tileset koleksi / a collection's tilesets", auth=False, errors=(404,),
                params=[_path("cid")], schema=_obj(tilesets="array", links="array"))},
            "/ogc/collections/{cid}/tiles/{tms}": {"get": _op(
                "OGC API Tiles: metadata tileset / tileset metadata", auth=False, errors=(404,),
                params=[_path("cid"), _path("tms")], schema=_obj(links="array", tileMatrixSetLimits="array"))},
            "/ogc/collections/{cid}/tiles/{tms}/{tileMatrix}/{tileRow}/{tileCol}": {"get": {
                "summary": "OGC API Tiles: petak MVT / MVT tile (= /tiles/{cid}/{z}/{x}/{y}.mvt)",
                "parameters": [_path("cid"), _path("tms"), _path("tileMatrix"), _path("tileRow"), _path("tileCol")],
                "responses": {"200": {"description": "MVT", "content": {
                    "application/vnd.mapbox-vector-tile": {"schema": {"type": "string", "format": "binary"}}}},
                    "304": {"description": "Not modified (ETag)"}, **_errors(400, 404, 503)}}},
            "/tiles/{layer}/{z}/{x}/{y}.mvt": {"get": {
                "summary": "Petak vektor (MVT) / Vector tile; laporan: heksagon H3 di bawah z14 / reports: "
                           "H3 hexagons below z14",
                "parameters": [
                    {"name": "layer", "in": "path", "required": True, "schema": {"type": "string", "enum": [
                        "reports", "heatmap", "kelurahan", "kecamatan", "service_zones", "cameras",
                        "detections", "responders", "traffic", "basemap", "hotspots", "emerging_hotspots"]}},
                    *({"name": n, "in": "path", "required": True, "schema": {"type": "integer"}}
                      for n in ("z", "x", "y")),
                    _q("category"), _q("status"), _q("agency"), _q("since", desc=SINCE), _q("until", desc=SINCE),
                    _q("period", desc="hotspots: 3m or 12m (default)")],
                "responses": {"200": {"description": "MVT", "content": {
                    "application/vnd.mapbox-vector-tile": {"schema": {"type": "string", "format": "binary"}}}},
                    "304": {"description": "Not modified (ETag)"}, **_errors(400, 401, 403, 404, 503)}}},
            "/tiles/{layer}.json": {"get": {
                "summary": "TileJSON 3.0.0; filter yang diberikan dibawa ke URL petak / filters given are "
                           "carried into the tile URL", "parameters": [
                    {"name": "layer", "in": "path", "required": True, "schema": {"type": "string"}},
                    _q("category"), _q("status"), _q("agency"), _q("since", desc=SINCE), _q("until", desc=SINCE),
                    _q("period", desc="hotspots: 3m or 12m (default)")],
                "responses": {"200": {"description": "TileJSON", **_json({"type": "object"})},
                              **_errors(400, 404)}}},
            "/api/v1/admin/jobs/failed": {"get": _op(
                "Pekerjaan latar yang gagal (admin) / Failed background jobs (admin)", params=[_q("limit", "integer")],
                schema=_obj(total="integer", jobs="array"), errors=(400, 401, 403, 503))},
            "/api/v1/admin/jobs/failed/{job_id}/requeue": {"post": _op(
                "Jalankan ulang pekerjaan gagal (admin) / Requeue a failed job (admin)", ok="202",
                params=[{"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                schema=_obj(id="string", status="string"), errors=(401, 403, 404, 503))},
            "/api/v1/push/key": {"get": _op(
                "Kunci server Web Push / Web Push applicationServerKey", auth=False,
                schema=_obj(application_server_key="string"), errors=(404,))},
            "/api/v1/push/subscriptions": {
                "post": _op("Langganan Web Push HP ini / Subscribe this phone to Web Push", ok="201",
                            body=_json({"type": "object", "required": ["endpoint", "keys"], "properties": {
                                "endpoint": {"type": "string"}, "keys": {"type": "object", "properties": {
                                    "p256dh": {"type": "string"}, "auth": {"type": "string"}}}}})["content"],
                            schema=_obj(id="integer"), errors=(400, 401, 503)),
                "delete": _op("Berhenti langganan / Unsubscribe", ok="204",
                              body=_json({"type": "object", "properties": {"endpoint": {"type": "string"}}})["content"],
                              errors=(400, 401, 503))},
            "/api/v1/notifications/{notification_id}/read": {"post": _op(
                "Tandai dibaca / Mark as read", ok="204", params=[_id("notification_id")],
                errors=(401, 404, 503))},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {
                "type": "object", "required": ["code", "message", "message_en"],
                "properties": {"code": {"type": "string"},
                               "message": {"type": "string", "description": "Bahasa Indonesia"},
                               "message_en": {"type": "string", "description": "English"},
                               "details": {"type": "object"}}}}},
    }


@bp.get("/api/v1/openapi.json")
def openapi_json() -> ResponseReturnValue:
    return jsonify(document())


_DOCS = """<!doctype html><html lang="id"><meta charset="utf-8">
<title>SIGAP API</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}
code{background:#eee;padding:0 .3em}</style>
<h1>SIGAP API</h1><p>{{ doc.info.description }}</p>
<p>Dokumen mesin / machine-readable: <a href="/api/v1/openapi.json">openapi.json</a></p>
{% for path, ops in doc.paths.items() %}{% for method, op in ops.items() %}
<h3><code>{{ method|upper }} {{ path }}</code></h3><p>{{ op.summary }}</p>
{% if op.parameters %}<ul>{% for p in op.parameters %}<li><code>{{ p.name }}</code>
({{ p.schema.type }}{% if p.required %}, wajib/required{% endif %})</li>{% endfor %}</ul>{% endif %}
{% endfor %}{% endfor %}</html>"""


@bp.get("/api/v1/docs")
def docs() -> ResponseReturnValue:
    return render_template_string(_DOCS, doc=document())
