"""Open311 GeoReport v2 at /<city>/open311/v2, one endpoint per city (and /open311/v2 for the
default city); JSON and XML, errors as the spec says."""
from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, jsonify, request, url_for

from api import ratelimit
from api.city import current_city, endpoint
from api.deps import settings, transaction
from api.tilecache import forget
from geo import open311, photos, reports
from geo.accounts import user_for_token
from geo.errors import Forbidden, InvalidInput, Unauthorized

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
SPEC = "http://wiki.open311.org/GeoReport_v2"
# XML element names for each list: (root, item)
XML_NAMES = {"services": ("services", "service"), "requests": ("service_requests", "request"),
             "errors": ("errors", "error")}


# Characters XML 1.0 cannot carry at all (escaping does not help): one report whose words held
# \x0b or \x1b made requests.xml unreadable to every client (a review). Shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(value: Any, tag: str) -> ET.Element:
    el = ET.Element(tag)
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, list):
                holder = ET.SubElement(el, k)
                for item in v:
                    holder.append(_xml(item, k[:-1] if k.endswith("s") else "item"))
            else:
                el.append(_xml(v, k))
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = _NOT_XML.sub("\ufffd", str(value))
    return el


def _render(data: Any, fmt: str, kind: str, status: int = 200) -> Response:
    if fmt == "json":
        resp = jsonify(data)
        resp.status_code = status
        return resp
    if isinstance(data, list):
        root_tag, item_tag = XML_NAMES[kind]
        root = ET.Element(root_tag)
        for item in data:
            root.append(_xml(item, item_tag))
    else:
        root = _xml(data, kind)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="utf-8")
    return Response(body, status=status, mimetype="text/xml")


@bp.after_request
def _open_data(resp: Response) -> Response:
    """Public reads may be fetched by a web app on another site (open data; no credentials are
    involved): a browser could not read the feed at all (a review)."""
    if request.method == "GET":
        resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


def spec_error(status: int, message_id: str, message_en: str) -> Response:
    """An error as GeoReport v2 writes it, in the format the address asks for: also for a
    wrong method, an unknown format or a too-large photo under /open311/v2 (api/errors.py
    answers every error in it so), which answered the API's own JSON shape (a review)."""
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return _render([{"code": status, "description": f"{message_id} / {message_en}"}], fmt, "errors", status)


def _base() -> str:
    return request.host_url.rstrip("/")


def _endpoint_url() -> str:
    return url_for(endpoint("open311.discovery"), fmt="json", _external=True).rsplit("/", 1)[0]


@bp.get("/discovery.<any(json, xml):fmt>")
def discovery(fmt: str) -> Response:
    return _render({"changeset": "2026-11-22T00:00:00Z", "contact": f"SIGAP {current_city().name}",
                    "key_service": "api_key = token dari / token from POST /api/v1/auth/login",
                    "endpoints": [{"specification": SPEC, "url": _endpoint_url(), "changeset":
                                   "2026-11-22T00:00:00Z", "type": "production",
                                   "formats": ["application/json", "text/xml"]}]}, fmt, "discovery")


@bp.get("/services.<any(json, xml):fmt>")
def services(fmt: str) -> Response:
    with transaction() as conn:
        return _render(open311.services(conn, current_city().id), fmt, "services")


@bp.get("/services/<code>.<any(json, xml):fmt>")
def service_definition(code: str, fmt: str) -> Response:
    with transaction() as conn:
        return _render(open311.service_definition(conn, current_city().id, code), fmt, "service_definition")


@bp.get("/requests.<any(json, xml):fmt>")
def list_requests(fmt: str) -> Response:
    with transaction() as conn:
        return _render(open311.requests(conn, current_city(), request.args.to_dict(), _base()), fmt, "requests")


@bp.get("/requests/<request_id>.<any(json, xml):fmt>")
def get_request(request_id: str, fmt: str) -> Response:
    with transaction() as conn:
        return _render(open311.one(conn, current_city(), request_id, _base()), fmt, "requests")


@bp.get("/tokens/<token>.<any(json, xml):fmt>")
def token(token: str, fmt: str) -> Response:
    """SIGAP answers POST with the id at once, so a token is that id."""
    with transaction() as conn:
        found = open311.one(conn, current_city(), token, _base())
    return _render([{"service_request_id": found[0]["service_request_id"], "token": token}], fmt, "requests")


@bp.post("/requests.<any(json, xml):fmt>")
def create(fmt: str) -> Response:
    form = request.form.to_dict() or (request.get_json(silent=True) or {})
    if not isinstance(form, dict):  # a JSON list or number: it answered 500 (a review)
        raise InvalidInput("Kirim formulir (application/x-www-form-urlencoded atau multipart/form-data).",
                           "Send a form (application/x-www-form-urlencoded or multipart/form-data).", code="invalid_form")
    form = {k: v if isinstance(v, str) else str(v) for k, v in form.items() if v is not None}
    if not form.get("api_key"):
        raise Unauthorized("api_key wajib.", "api_key is required.", code="missing_api_key")
    if not form.get("service_code"):
        raise InvalidInput("service_code wajib diisi.", "service_code is required.", code="missing_service_code")
    with transaction() as conn:
        lng, lat = open311.location(conn, form, current_city())  # lat/long, or address_string geocoded (GeoReport v2)
        try:
            user = user_for_token(conn, form["api_key"])
        except Unauthorized:
            raise Forbidden("api_key tidak valid.", "Invalid api_key.", code="invalid_api_key") from None
        upload = request.files.get("media")
        if upload is None and not form.get("media_url"):  # the app's bar: a field team needs to see it
            raise InvalidInput("Foto wajib dilampirkan (berkas multipart 'media' atau media_url).",
                               "A photo is required (multipart file 'media', or media_url).", code="photo_required")
        ratelimit.check_submission(user.id)
        data = (upload.stream.read(photos.MAX_BYTES + 1) if upload is not None
                else open311.fetch_media(settings(), str(form["media_url"])))
        result = reports.submit(conn, settings(), user, reports.NewReport(
            # too long is refused, as the app refuses it (it was cut at 4,000 without a word)
            category=form["service_code"], description=str(form.get("description") or ""),
            lng=lng, lat=lat, source="open311", photo=photos.inspect(data), city_id=current_city().id))
        touched = reports.points(conn, [result.report_id], result.city_id)
    forget(touched)
    agency = result.location.get("agency", "")
    notice = (f"Digabung dengan laporan Anda #{result.report_id} yang masih terbuka di dekatnya / merged into your "
              f"open report #{result.report_id} nearby" if result.auto_merged  # answered as a new one (a review)
              else f"Diteruskan ke {agency} / routed to {agency}")
    return _render([{"service_request_id": str(result.report_id), "service_notice": notice, "account_id": None}],
                   fmt, "requests", 201)
