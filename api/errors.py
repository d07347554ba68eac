"""The one JSON error handler: every failure is {code, message, message_en}."""
from __future__ import annotations

import logging
import re
from typing import Any

import psycopg
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from geo.errors import SigapError

log = logging.getLogger("sigap.api")

# Messages for the HTTP errors Flask raises on its own, short in both languages (the English was
# Werkzeug's paragraph: "The requested URL was not found on the server. If you entered ...").
_HTTP_EN = {
    404: "No such address.",
    405: "This method is not allowed at this address.",
    400: "The request is not valid.",
    415: "This content type is not supported.",
}
_HTTP_ID = {
    404: "Alamat tidak ditemukan.",
    405: "Metode tidak diizinkan untuk alamat ini.",
    413: "Berkas terlalu besar.",
    400: "Permintaan tidak valid.",
    415: "Jenis konten tidak didukung.",
}


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(self), camera=(self), microphone=()",
    # MapLibre renders in blob: web workers and draws images from blob:/data: URLs.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; "
                               "child-src blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
                               "object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
}


def security_headers(*online: str) -> dict[str, str]:
    """The headers, with the hosts of a configured online basemap (raster tiles, or a style)
    allowed for images and fetches: only those hosts."""
    headers = dict(SECURITY_HEADERS)
    origins = " ".join(sorted({"/".join(u.split("/")[:3]) for u in online if u.startswith(("https://", "http://"))}))
    if origins:
        csp = headers["Content-Security-Policy"]
        csp = csp.replace("img-src 'self' data: blob:", f"img-src 'self' data: blob: {origins}")
        headers["Content-Security-Policy"] = csp.replace("connect-src 'self'", f"connect-src 'self' {origins}")
    return headers


DATA_PATHS = ("/api/", "/tiles/", "/ogc", "/open311/", "/fonts/", "/static/")


def _page_asked() -> bool:
    """A browser asking for a page (not data): /kupang/kupnag/, /ops/foo."""
    return (not request.path.startswith(DATA_PATHS)
            and request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html")


def register(app: Flask) -> None:
    s = app.extensions["sigap.settings"]
    headers = security_headers(s.basemap_online_tiles, s.basemap_style_url)

    @app.after_request
    def _security_headers(resp):
        for k, v in headers.items():
            resp.headers.setdefault(k, v)
        return resp

    @app.errorhandler(SigapError)
    def _sigap(err: SigapError):
        retry = {"Retry-After": str(err.details["retry_after_s"])} \
            if err.status in (429, 503) and "retry_after_s" in err.details else {}
        return _answer(err.status, err.to_dict(), retry)

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException):
        code = err.code or 500
        methods = getattr(err, "valid_methods", None)  # a 405 says what is allowed (RFC 9110)
        allow = {"Allow": ", ".join(methods)} if methods else {}
        if code == 413:
            limit = (app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
            return _answer(413, {"code": "too_large",
                                 "message": f"Berkas terlalu besar (maks. {limit} MB). Kecilkan foto lalu kirim lagi.",
                                 "message_en": f"The upload is too large (at most {limit} MB). Shrink the photo and send again."})
        if code == 404 and _page_asked():  # a mistyped page address: a page that says so
            from api.frontend import no_such_page

            return no_such_page()
        return _answer(code, {"code": (err.name or "error").lower().replace(" ", "_"),
                              "message": _HTTP_ID.get(code, err.name), "message_en": _HTTP_EN.get(code, err.name)}, allow)

    @app.errorhandler(psycopg.DataError)
    def _bad_data(err: psycopg.DataError):
        # Input PostgreSQL cannot take: NUL bytes in text, numbers out of range, …
        return _answer(400, _INVALID)

    @app.errorhandler(UnicodeError)
    def _not_text(err: UnicodeError):
        # a lone surrogate from a JSON "\ud800" cannot be encoded anywhere: it answered 500 (a review)
        return _answer(400, _INVALID)

    @app.errorhandler(psycopg.OperationalError)
    def _db_down(err: psycopg.OperationalError):
        log.warning("database unavailable: %s", err)
        from api.deps import RETRY_AFTER_S, mark_database_down

        mark_database_down()  # the next requests fail fast instead of queueing for the pool
        return _answer(503, {
            "code": "database_unavailable",
            "message": "Basis data tidak dapat dihubungi, coba lagi sebentar lagi.",
            "message_en": "The database cannot be reached, please retry shortly.",
        }, {"Retry-After": str(RETRY_AFTER_S)})

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        from api.observe import request_id  # the id the client got: its report names this line

        log.exception("unhandled error: %s %s request_id=%s", request.method, request.path, request_id())
        return _answer(500, {
            "code": "internal_error",
            "message": "Terjadi kesalahan di server. Laporan Anda yang sudah diterima tetap aman.",
            "message_en": "Server error. Reports already accepted are safe.",
        })


_INVALID = {"code": "invalid_input",
            "message": "Data tidak valid (misalnya karakter NUL atau angka di luar jangkauan).",
            "message_en": "Invalid data (for example a NUL character or a number out of range)."}
# Open311's addresses, also under a city (/kupang/open311/v2/…): its clients read the spec's
# error list, whatever went wrong (a too-large photo, a wrong method, a database down).
_OPEN311 = re.compile(r"(^|/)open311/v2(/|$)")


def _answer(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    """One error, in the shape its caller reads: Open311's list under /open311/v2, else ours."""
    if _OPEN311.search(request.path):
        from api.open311 import spec_error

        resp = spec_error(status, str(body["message"]), str(body["message_en"]))
    else:
        resp = jsonify(body)
        resp.status_code = status
    resp.headers.update(headers or {})
    return resp
