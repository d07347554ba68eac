"""The OpenAPI 3 document (hand-kept beside the blueprints) and a browsable page."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template_string

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


def _q(name: str, typ: str = "string", required: bool = False, desc: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": {"type": typ}}


FEATURE_COLLECTION = {"type": "object", "required": ["type", "features"],
                      "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
                                     "features": {"type": "array", "items": {"type": "object"}}}}


def document() -> dict[str, Any]:
    """The whole OpenAPI 3.0 document for /api/v1."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "SIGAP API", "version": "1.0.0",
                 "description": "Sistem Informasi Geospasial Aduan Publik — laporan warga, "
                                "peta, dan penanganan OPD. / Public complaint GIS platform."},
        "paths": {
            "/healthz": _get("Kesehatan layanan / Service health",
                             {"type": "object", "properties": {
                                 "status": {"type": "string"}, "schema_version": {"type": "integer"},
                                 "redis": {"type": "boolean"}}}),
            "/api/v1/agencies": _get("Daftar OPD / Agencies", {"type": "object"}),
            "/api/v1/categories": _get("Kategori laporan / Report categories", {"type": "object"}),
            "/api/v1/kecamatan": _get("Batas kecamatan / Kecamatan boundaries", FEATURE_COLLECTION,
                                      [_q("simplify", "number")], "application/geo+json", (400, 503)),
            "/api/v1/kelurahan": _get("Batas kelurahan / Kelurahan boundaries", FEATURE_COLLECTION,
                                      [_q("simplify", "number"), _q("kecamatan")],
                                      "application/geo+json", (400, 503)),
            "/api/v1/service_zones": _get("Zona layanan OPD / Agency service zones", FEATURE_COLLECTION,
                                          [_q("simplify", "number"), _q("agency")],
                                          "application/geo+json", (400, 503)),
            "/api/v1/locate": _get(
                "Kelurahan dan kecamatan dari titik / Kelurahan and kecamatan of a point",
                {"type": "object"},
                [_q("lng", "number", True), _q("lat", "number", True)], errors=(400, 422, 503)),
        },
        "components": {"schemas": {"Error": {
            "type": "object", "required": ["code", "message", "message_en"],
            "properties": {"code": {"type": "string"},
                           "message": {"type": "string", "description": "Bahasa Indonesia"},
                           "message_en": {"type": "string", "description": "English"},
                           "details": {"type": "object"}}}}},
    }


@bp.get("/api/v1/openapi.json")
def openapi_json():  # type: ignore[no-untyped-def]
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
def docs():  # type: ignore[no-untyped-def]
    return render_template_string(_DOCS, doc=document())
