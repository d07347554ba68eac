"""The OpenAPI 3 document (hand-kept beside the blueprints) and a browsable page."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template_string
from flask.typing import ResponseReturnValue

from api.openapi_gis import gis_paths
from api.openapi_parts import (
    CITY,
    FEATURE,
    FEATURE_COLLECTION,
    LIST_PARAMS,
    ME,
    OWN_CITY,
    REPORT_FORM,
    TRANSITION,
    content,
    error_codes,
    get_op,
    id_param,
    obj,
    operation,
    param,
)

bp = Blueprint("openapi", __name__)

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


# Operations on one row named by id, in the city the request names (one city's data: one shard on
# Citus, docs/scaling.md); without it the row's own city.
BY_ID = frozenset({
    "/api/v1/reports/{report_id}",
    "/api/v1/reports/{report_id}/support",
    "/api/v1/reports/{report_id}/merge",
    "/api/v1/reports/{report_id}/transitions",
    "/api/v1/reports/{report_id}/nearest-responders",
    "/api/v1/reports/{report_id}/similar",
    "/api/v1/cameras/{camera_id}",
    "/api/v1/cameras/{camera_id}/zones",
    "/api/v1/cameras/{camera_id}/zones/{zone_id}",
    "/api/v1/cameras/{camera_id}/rules",
    "/api/v1/cameras/{camera_id}/rules/{rule_id}",
    "/api/v1/notifications/{notification_id}/read",
})


def document() -> dict[str, Any]:
    """The whole OpenAPI 3.0 document for /api/v1."""
    doc = _document()
    for path in PER_CITY:
        op = doc["paths"][path]["get"]
        if all(p["name"] != "city" for p in op["parameters"]):
            op["parameters"] = [*op["parameters"], CITY]
        op["responses"] = {**error_codes(404), **op["responses"]}
    for path in BY_ID:
        for op in doc["paths"][path].values():
            op["parameters"] = [*op.get("parameters", []), OWN_CITY]
            op["responses"] = {**error_codes(404), **op["responses"]}
    return doc


def ogc_document(base: str) -> dict[str, Any]:
    """The OGC API's own OpenAPI document, rooted at `base` (…/ogc or …/<city>/ogc), with the
    path names the OGC standards use (/collections/{collectionId}/items). GDAL reads an items
    path's query parameters there to send a `-where category='sampah'` to the server; under the
    whole API's /ogc/… names it found none and read every report to filter them itself."""
    doc = document()
    paths = {}
    for path, ops in doc["paths"].items():
        if path == "/ogc/" or path.startswith("/ogc/"):
            ops = {m: {**op, "parameters": [{**p, "name": "collectionId"} if p.get("name") == "cid" and p.get("in") == "path"
                                              else p for p in op.get("parameters", [])]} for m, op in ops.items()}
            paths[path[4:].replace("{cid}", "{collectionId}") or "/"] = ops
    return {**doc, "info": {**doc["info"], "title": "SIGAP OGC API Features & Tiles"},
            "servers": [{"url": base}], "paths": paths}


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
            "/api/v1/cities": get_op("Kota di platform ini / Cities on this platform", {"type": "object"}),
            "/healthz": get_op("Kesehatan layanan / Service health",
                             obj(status="string", schema_version="integer", schema_expected="integer", redis="boolean",
                                 model="boolean")),
            "/api/v1/agencies": get_op("Daftar OPD / Agencies", {"type": "object"}, [param("city")], errors=(404, 503)),
            "/api/v1/categories": get_op("Kategori laporan / Report categories", {"type": "object"}, [param("city")],
                                       errors=(404, 503)),
            "/api/v1/kecamatan": get_op("Batas kecamatan / Kecamatan boundaries", FEATURE_COLLECTION,
                                      [param("simplify", "number")], geojson, (400, 503)),
            "/api/v1/kelurahan": get_op("Batas kelurahan / Kelurahan boundaries", FEATURE_COLLECTION,
                                      [param("simplify", "number"), param("kecamatan")], geojson, (400, 503)),
            "/api/v1/service_zones": get_op("Zona layanan OPD / Agency service zones", FEATURE_COLLECTION,
                                          [param("simplify", "number"), param("agency")], geojson, (400, 503)),
            "/api/v1/basemap": get_op(
                "Peta dasar: OSM terimpor atau daring / Basemap: imported OpenStreetMap or an online one",
                {"type": "object"}, [], errors=(503,)),
            "/api/v1/geocode": get_op(
                "Cari alamat: jalan, tempat, kelurahan (OSM, toleran salah ketik) / Address search: streets, "
                "places, kelurahan (OpenStreetMap, typo-tolerant; Jl./Gg./Kel. understood)",
                {"type": "object"}, [param("q", "string", True, "3–200 karakter / characters"),
                                     param("limit", "integer", desc="1..20, default 10")],
                errors=(400, 503)),
            "/api/v1/locate": get_op(
                "Kelurahan dan kecamatan dari titik / Kelurahan and kecamatan of a point",
                {"type": "object"}, [param("lng", "number", True), param("lat", "number", True)],
                errors=(400, 422, 503)),
            "/api/v1/auth/register": {"post": operation(
                "Daftar warga / Citizen registration", ok="201", auth=False, errors=(400, 409, 429, 503),
                body=content(obj(email="string", phone="string", password="string", full_name="string"))
                ["content"], schema=obj(id="integer", role="string"))},
            "/api/v1/auth/login": {"post": operation(
                "Masuk / Log in (bearer token)", auth=False, errors=(400, 401, 429, 503),
                body=content(obj(login="string", password="string"))["content"],
                schema=obj(token="string", token_type="string", expires_in="integer", user="object"))},
            "/api/v1/auth/logout": {"post": operation("Keluar / Log out", ok="204", errors=(401, 503))},
            "/api/v1/auth/password-reset": {"post": operation(
                "Lupa kata sandi: tautan ke e-mail akun warga (jawaban sama untuk alamat tanpa akun) / Forgot "
                "password: a link to a resident account's e-mail (the same answer for an address without one)",
                ok="202", auth=False, params=[param("city")], errors=(400, 404, 429, 503),
                body=content(obj(email="string"))["content"], schema=obj(message_id="string", message_en="string"))},
            "/api/v1/auth/password-reset/check": {"post": operation(
                "Apakah tautan dari e-mail masih berlaku (ditanya saat dibuka) / Whether the e-mailed link still "
                "works (asked as it opens)", auth=False, params=[param("city")], errors=(400, 404, 429, 503),
                body=content(obj(token="string"))["content"], schema=obj(login="string"))},
            "/api/v1/auth/password-reset/confirm": {"post": operation(
                "Kata sandi baru dengan tautan dari e-mail; semua sesi berakhir, sesi baru dimulai / A new password "
                "by the e-mailed link; every session ends and a new one starts", auth=False, params=[param("city")],
                errors=(400, 404, 429, 503), body=content(obj(token="string", password="string"))["content"],
                schema=obj(token="string", token_type="string", expires_in="integer", role="string", login="string"))},
            "/api/v1/me": {
                "get": operation("Profil saya / My profile", schema=ME, errors=(401, 503)),
                "delete": operation("Hapus akun warga (kata sandi sebagai konfirmasi); laporannya tetap ada tanpa "
                              "nama / Delete a citizen account (password to confirm); its reports stay, no one's",
                              body=content(obj(password="string"))["content"],
                              schema=obj(deleted="boolean", reports_kept="integer"), errors=(400, 401, 403, 429, 503)),
                "patch": operation("Ganti nama saya (warga; kosong: tanpa nama), yang dilihat operator pada laporan / "
                                   "Change my name (residents; empty: none), what operators see on reports",
                                   body=content(obj(full_name="string"))["content"], schema=obj(full_name="string"),
                                   errors=(400, 401, 403, 503))},
            "/api/v1/me/email": {"post": operation(
                "Tambah atau ganti e-mail warga (kata sandi sebagai konfirmasi): jalan kembali bila kata sandi terlupa / "
                "Add or change a resident's e-mail (password to confirm): the way back in when the password is forgotten",
                body=content(obj(email="string", password="string"))["content"], schema=obj(email="string"),
                errors=(400, 401, 403, 409, 429, 503))},
            "/api/v1/me/data": {"get": operation(
                "Unduh data saya (semua yang disimpan tentang akun ini, JSON) / Download my data (everything kept "
                "about this account, JSON)", schema=obj(account="object", reports="array", supported="array",
                                                        notifications="array", push_subscriptions="integer"),
                errors=(401, 503))},
            "/api/v1/me/password": {"post": operation(
                "Ganti kata sandi; sesi lain berakhir / Change the password; every other session ends",
                body=content(obj(current_password="string", new_password="string"))["content"],
                schema=obj(changed="boolean", sessions_ended="integer"), errors=(400, 401, 403, 429, 503))},
            "/api/v1/users": {
                "get": operation("Staf kota (admin; admin OPD: petugas OPD-nya) / The city's staff (admin; agency "
                           "admin: their responders)", schema=obj(city="string", users="array")),
                "post": operation(
                    "Buat akun staf (admin, admin OPD) / Create staff account",
                    ok="201", body=content(obj(email="string", phone="string", password="string",
                                              full_name="string", role="string", agency="string",
                                              kecamatan="string", kelurahan="string"))["content"])},
            "/api/v1/users/import": {"post": operation(
                "Tambah banyak staf dari CSV (semua atau tidak sama sekali; kata sandi awal dijawab sekali) / "
                "Add many staff from a CSV (all or none; first passwords answered once)", ok="201", params=[CITY],
                body={"text/csv": {"schema": {"type": "string"}},
                      "multipart/form-data": {"schema": {"type": "object", "properties": {
                          "file": {"type": "string", "format": "binary"}}}}},
                schema=obj(city="string", count="integer", added="array"))},
            "/api/v1/users/{user_id}": {"patch": operation(
                "Nonaktifkan / aktifkan staf (sesinya berakhir, tugasnya kembali ke antrean), atau beri kata sandi "
                "baru yang wajib ia ganti / Switch a staff member off or on (sessions end, their tasks go back to "
                "the queue), or set a password they must replace at sign-in",
                params=[id_param("user_id"), param("city")], body=content(obj(disabled="boolean", password="string"))["content"],
                schema={"type": "object", "properties": {
                    **obj(id="integer", disabled="boolean", password_reset="boolean",
                           sessions_ended="integer")["properties"],
                    "requeued": {"type": "array", "items": {"type": "integer"}}}})},
            "/api/v1/reports": {
                "get": operation("Daftar laporan (GeoJSON) / List reports", params=LIST_PARAMS, auth=False,
                           schema=FEATURE_COLLECTION, media=geojson, errors=(400, 401, 503)),
                "post": operation("Kirim laporan dengan foto / Submit a report with a photo", ok="201",
                            params=[{"name": "Idempotency-Key", "in": "header", "required": False,
                                     "schema": {"type": "string", "maxLength": 200}}],
                            body=REPORT_FORM, schema=obj(id="integer", created="boolean", report="object",
                                                          possible_duplicates="array"),
                            errors=(400, 401, 413, 415, 422, 429, 503))},
            "/api/v1/reports/nearby": {"get": operation(
                "Laporan aktif di dekat titik (calon duplikat) / Open reports nearby", auth=False,
                params=[param("lng", "number", True), param("lat", "number", True), param("category", required=True)],
                schema=obj(reports="array"), errors=(400, 422, 503, 429))},
            "/api/v1/reports/{report_id}": {
                "get": operation("Satu laporan dengan riwayat / One report with its timeline", params=[id_param()],
                           auth=False, schema=FEATURE, errors=(401, 404, 503)),
                "patch": operation(
                    "Ubah prioritas atau kategori (OPD, tenggat dan lokasi publik ikut kategori), atau "
                    "sembunyikan deskripsi dan foto dari publik / Change priority or category (agency, deadline "
                    "and public place follow the category), or withhold its words and photos from the public",
                    params=[id_param()], schema=FEATURE, errors=(400, 401, 403, 404, 409, 422, 503),
                    body=content({"type": "object", "minProperties": 1, "properties": {
                        "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
                        "category": {"type": "string", "description": "kode kategori / category code"},
                        "withheld": {"type": "boolean", "description":
                                     "deskripsi dan foto disembunyikan dari publik (juga yang digabung ke sini) / "
                                     "words and photos withheld from the public (also of those merged in)"}}})["content"])},
            "/api/v1/reports/{report_id}/similar": {"get": operation(
                "Calon duplikat sebuah laporan (petugas) / Possible duplicates of a report (staff)",
                params=[id_param()], schema=obj(reports="array"), errors=(401, 403, 404, 503))},
            "/api/v1/reports/{report_id}/support": {"post": operation(
                "Dukung laporan / Support a report", params=[id_param()],
                schema=obj(id="integer", support_count="integer", added="boolean"))},
            "/api/v1/reports/{report_id}/merge": {"post": operation(
                "Gabungkan duplikat / Merge a duplicate into another report", params=[id_param()],
                body=content({"type": "object", "required": ["into"], "properties": {
                    "into": {"type": "integer"}, "note": {"type": "string"}}})["content"])},
            "/api/v1/reports/{report_id}/transitions": {"post": operation(
                "Ubah status / Change status (after-photo required to resolve)", params=[id_param()],
                body={"application/json": {"schema": TRANSITION}, "multipart/form-data": {"schema": {
                    **TRANSITION, "properties": {**TRANSITION["properties"],
                                                 "photo": {"type": "string", "format": "binary"}}}}},
                schema=obj(id="integer", status="string", report="object"))},
            "/api/v1/stats": {"get": operation(
                "Statistik per OPD, kecamatan, kelurahan atau kategori / Statistics per agency, kecamatan, kelurahan or "
                "category", auth=False,
                params=[param("group", desc="agency | kecamatan | kelurahan | category"),
                        param("since", desc="Hari lokal pertama (zona waktu kota: WITA di Kupang, WIB di Jakarta), tanggal "
                                         "(2026-11-01 atau 20261101) atau waktu ISO 8601 / first local day (the city's "
                                         "time zone), a date (2026-11-01 or 20261101) or an ISO 8601 time: whole days "
                                         "are counted"),
                        param("until", desc="Hari lokal terakhir (eksklusif; waktu di tengah hari mencakup hari itu) / "
                                         "last local day (exclusive; a time inside a day includes that day)"),
                        param("kecamatan", desc="Hanya kecamatan ini (nama atau id) / only this kecamatan (name or id)"),
                        param("kelurahan", desc="Hanya kelurahan ini (nama atau id) / only this kelurahan (name or id)"),
                        param("agency", desc="Hanya OPD ini (kode) / only this agency (code)"),
                        param("category", desc="Hanya kategori ini (kode, dipisah koma) / "
                                           "only these categories (codes, comma-separated)")],
                schema=obj(group="string", counted="object", stats="array"), errors=(400, 503))},
            "/api/v1/notifications": {"get": operation(
                "Notifikasi saya (eskalasi SLA) / My notifications", params=[param("unread")],
                schema=obj(notifications="array", unread="integer"), errors=(401, 503))},
            "/api/v1/notifications/read": {"post": operation(
                "Tandai semua dibaca (kota ini) / Mark all read (this city)", schema=obj(marked="integer"),
                errors=(401, 404, 503))},
            "/api/v1/responders/me/location": {"post": operation(
                "Kirim posisi GPS petugas / Send a responder GPS fix",
                body=content({"type": "object", "required": ["lng", "lat"], "properties": {
                    "lng": {"type": "number"}, "lat": {"type": "number"}, "accuracy": {"type": "number"},
                    "timestamp": {"type": "string", "format": "date-time"}}})["content"],
                schema=obj(stored="boolean", latest="boolean"))},
            "/api/v1/responders/me/status": {"put": operation(
                "Status dinas / Shift status", body=content({"type": "object", "required": ["status"],
                    "properties": {"status": {"type": "string", "enum": ["off", "available", "busy"]}}})
                ["content"], schema={"type": "object", "properties": {
                    "status": {"type": "string"},
                    "handed_back": {"type": "array", "items": {"type": "integer"},
                                    "description": "reports whose open offers went on to the next nearest (off duty, busy)"}}})},
            "/api/v1/responders/me/tasks": {"get": operation(
                "Tugas terdekat (meter, geodesik) / Nearest open tasks of my agency",
                params=[param("near", required=True, desc="lng,lat"), param("limit", "integer"),
                        param("offset", "integer")], schema=obj(tasks="array", limit="integer",
                                                             offset="integer"))},
            "/api/v1/responders/me/offers": {"get": operation(
                "Penawaran tugas saya / My offers and assignments", schema=obj(offers="array"))},
            "/api/v1/assignments/{assignment_id}/accept": {"post": operation(
                "Terima penawaran / Accept an offer", params=[id_param("assignment_id")],
                schema=obj(assignment_id="integer", status="string", report_id="integer"))},
            "/api/v1/assignments/{assignment_id}/decline": {"post": operation(
                "Tolak penawaran / Decline an offer", params=[id_param("assignment_id")],
                schema=obj(assignment_id="integer", status="string", report_id="integer"))},
            "/api/v1/reports/{report_id}/nearest-responders": {"get": operation(
                "Petugas terdekat yang tersedia; `passed` (declined/expired) dan `passed_at`: menolak atau "
                "melewatkan tawaran laporan ini, kapan / Nearest available responders; `passed` and `passed_at` "
                "say one declined or let lapse its offer, and when",
                params=[id_param(), param("k", "integer"),
                        param("all", desc="1 = also busy/off, and after them those without a recent position (`stale`)")],
                schema=obj(report_id="integer", responders="array"))},
            "/api/v1/responders": {"get": operation(
                "Tim dan beban kerja / Team and workload", schema=obj(responders="array"))},
            "/api/v1/cameras": {
                "get": operation("Kamera CCTV dan kesehatannya (staf: juga alasan kamera mati) / CCTV cameras and their "
                           "health (staff also see why one is offline); a token is optional, a stale one is 401",
                           auth=False, schema=obj(cameras="array"), errors=(401, 503)),
                "post": operation("Daftarkan kamera + kalibrasi / Register a camera with calibration", ok="201",
                            body=content({"type": "object", "required": ["name", "lng", "lat", "source"],
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
            "/api/v1/traffic": {"get": operation(
                "Lalu lintas per kamera: kendaraan per gambar (5/15/60 menit) dan tingkat lancar/padat/macet dari "
                "zona jalan / Traffic per camera: vehicles per frame over 5/15/60 minutes and a congestion level "
                "(lancar/padat/macet) from its road zones. Public: no people, no frames",
                auth=False, schema=obj(cameras="array", levels="object", windows_min="array"), errors=(503,))},
            "/api/v1/traffic/{camera_id}": {"get": operation(
                "Lalu lintas satu kamera / One camera's traffic", auth=False, params=[id_param("camera_id")],
                schema=obj(id="integer", name="string", status="string", level="string", windows="object"),
                errors=(404, 503))},
            "/api/v1/cameras/{camera_id}": {"patch": operation(
                "Ubah atau matikan kamera / Correct a camera or switch it off", params=[id_param("camera_id")],
                body=content({"type": "object", "properties": {
                    "name": {"type": "string", "maxLength": 100}, "source": {"type": "string"},
                    "heading_deg": {"type": "number", "nullable": True}, "active": {"type": "boolean"},
                    "control_points": {"type": "array", "description": "[] removes the calibration"}}})["content"],
                schema=obj(id="integer", status="string", calibrated="boolean"), errors=(400, 401, 403, 404, 409, 422, 503))},
            "/api/v1/cameras/{camera_id}/zones/{zone_id}": {"delete": operation(
                "Hapus zona dan aturannya / Remove a zone and its rules", ok="204",
                params=[id_param("camera_id"), id_param("zone_id")], errors=(401, 403, 404, 503))},
            "/api/v1/cameras/{camera_id}/rules/{rule_id}": {"delete": operation(
                "Hapus aturan / Remove a rule", ok="204", params=[id_param("camera_id"), id_param("rule_id")],
                errors=(401, 403, 404, 503))},
            "/api/v1/cameras/{camera_id}/zones": {"get": operation(
                "Zona kamera dan aturannya / A camera's zones and their rules", params=[id_param("camera_id")],
                schema=obj(camera_id="integer", zones="array"), errors=(401, 403, 404, 503)), "post": operation(
                "Zona kamera (GeoJSON Polygon) / Camera zone", ok="201", params=[id_param("camera_id")],
                body=content({"type": "object", "required": ["name", "kind", "geometry"], "properties": {
                    "name": {"type": "string"}, "kind": {"type": "string", "enum": ["road", "no_parking", "area"]},
                    "geometry": {"type": "object"}}})["content"], schema=obj(id="integer", camera_id="integer"))},
            "/api/v1/cameras/{camera_id}/rules": {"post": operation(
                "Aturan laporan otomatis / Rule that files reports", ok="201", params=[id_param("camera_id")],
                body=content({"type": "object", "required": ["zone_id", "rule", "category"], "properties": {
                    "zone_id": {"type": "integer"},
                    "rule": {"type": "string", "enum": ["congestion", "illegal_parking", "crowd"]},
                    "category": {"type": "string"}, "params": {"type": "object"}}})["content"],
                schema=obj(id="integer", zone_id="integer"))},
            **gis_paths(),
            "/api/v1/admin/jobs/failed": {"get": operation(
                "Pekerjaan latar yang gagal (admin) / Failed background jobs (admin)", params=[param("limit", "integer")],
                schema=obj(total="integer", jobs="array"), errors=(400, 401, 403, 503))},
            "/api/v1/admin/jobs/failed/{job_id}/requeue": {"post": operation(
                "Jalankan ulang pekerjaan gagal (admin) / Requeue a failed job (admin)", ok="202",
                params=[{"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                schema=obj(id="string", status="string"), errors=(401, 403, 404, 503))},
            "/api/v1/push/key": {"get": operation(
                "Kunci server Web Push / Web Push applicationServerKey", auth=False,
                schema=obj(application_server_key="string"), errors=(404,))},
            "/api/v1/push/subscriptions": {
                "post": operation("Langganan Web Push HP ini / Subscribe this phone to Web Push", ok="201",
                            body=content({"type": "object", "required": ["endpoint", "keys"], "properties": {
                                "endpoint": {"type": "string"}, "keys": {"type": "object", "properties": {
                                    "p256dh": {"type": "string"}, "auth": {"type": "string"}}}}})["content"],
                            schema=obj(id="integer"), errors=(400, 401, 503)),
                "delete": operation("Berhenti langganan / Unsubscribe", ok="204",
                              body=content({"type": "object", "properties": {"endpoint": {"type": "string"}}})["content"],
                              errors=(400, 401, 503))},
            "/api/v1/notifications/{notification_id}/read": {"post": operation(
                "Tandai dibaca / Mark as read", ok="204", params=[id_param("notification_id")],
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
