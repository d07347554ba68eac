"""The OpenAPI document's building blocks: parameters, responses and schemas that many paths share
(api/openapi.py assembles the document, api/openapi_gis.py the GIS staff's and planners' paths)."""
from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def content(schema: dict[str, Any], media: str = "application/json") -> dict[str, Any]:
    return {"content": {media: {"schema": schema}}}


def error_codes(*codes: int) -> dict[str, Any]:
    return {str(c): {"description": "Error / Galat", **content(ERROR)} for c in codes}


def get_op(summary: str, schema: dict[str, Any], params: list[dict[str, Any]] | None = None,
         media: str = "application/json", errors: tuple[int, ...] = (503,)) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": params or [],
                    "responses": {"200": {"description": "OK", **content(schema, media)},
                                  **error_codes(*errors)}}}


SINCE = ("Waktu ISO 8601 dengan zona, atau tanggal (awal hari itu di zona waktu kota) / an ISO 8601 time with "
         "its zone, or a date (the start of that day in the city's time zone)")


def param(name: str, typ: str = "string", required: bool = False, desc: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": {"type": typ}}


def id_param(name: str = "report_id") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def operation(summary: str, *, params: list[dict[str, Any]] | None = None, body: dict[str, Any] | None = None,
        ok: str = "200", schema: dict[str, Any] | None = None, media: str = "application/json",
        errors: tuple[int, ...] = (400, 401, 403, 404, 409, 422, 503), auth: bool = True) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "parameters": params or [],
                          "responses": {ok: {"description": "OK", **(content(schema, media) if schema else {})},
                                        **error_codes(*errors)}}
    if body:
        op["requestBody"] = {"required": True, "content": body}
    if auth:
        op["security"] = [{"bearer": []}]
    return op


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def obj(**props: str) -> dict[str, Any]:
    return {"type": "object", "properties": {k: {"type": v} for k, v in props.items()}}


# A staff member's area in the asked city: a camat's kecamatan, a lurah's kelurahan, or the whole
# city (level null).
AREA = {k: {"type": t, "nullable": True} for k, t in (("level", "string"), ("kecamatan_id", "integer"),
         ("kecamatan", "string"), ("kelurahan_id", "integer"), ("kelurahan", "string"))}
AREA["bbox"] = {"type": "array", "items": {"type": "number"}, "nullable": True,
                "description": "[west, south, east, north] of the area (WGS 84)"}
ME = {"type": "object", "properties": {**obj(id="integer", role="string", full_name="string")["properties"],
                                       "agency": {"type": "string", "nullable": True},
                                       "area": {"type": "object", "properties": AREA}}}
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
    "rating": {"type": "integer", "minimum": 1, "maximum": 5},
    "withhold": {"type": "boolean", "description": "with to=rejected: its words and photos withheld from the public / "
                                                   "sembunyikan deskripsi dan foto dari publik"}}}
LIST_PARAMS = [param("bbox", desc="minLng,minLat,maxLng,maxLat"), param("category", desc="kode, dipisah koma"),
               param("status", desc="comma-separated"), param("agency"), param("kelurahan", desc="nama atau id"),
               param("kecamatan", desc="nama atau id"), param("since", desc=SINCE), param("until", desc=SINCE),
               param("limit", "integer"), param("cursor"),
               param("order", desc="newest (bawaan / default) | due (prioritas lalu tenggat / priority, then deadline)"),
               param("mine", desc="1 = laporan saya / my reports (masuk dulu / signed in)"),
               param("supported", desc="1 = laporan yang saya dukung / reports I back (masuk dulu / signed in)")]
EXPORT_PARAMS = LIST_PARAMS[:8]  # the list's filters, bbox to until (places as the public is told them)


CITY = param("city", desc="Kota: slug, kode BPS atau id (bawaan: kota bawaan, `sigap city default`; tak dikenal: "
                       "404 city_not_found) / city: slug, BPS code or id (default: the default city, `sigap city "
                       "default`; unknown: 404 city_not_found)")

OWN_CITY = param("city", desc="Kota laporan/kamera/notifikasi ini (dari `city` di daftar dan notifikasi); kota "
                           "lain: 404; tanpa: dicari dari id-nya / the report's, camera's or notification's "
                           "city (`city` in lists and notifications); another city: 404; none: found by its id")
