"""Compression for the web app's text assets and for vector tiles. The public map's first visit
over a 1.6 Mbps mobile link moved ~1.3 MB uncompressed (MapLibre alone ~1 MB); gzip makes that
about a third. App files go as Brotli where the browser asks for it (browsers do over HTTPS, as
a deployment behind its proxy is): MapLibre's module and worker 442 KB gzipped, 364 KB in
Brotli, ~0.4 s less on that link. Clients that ask for neither (GDAL, QGIS, tests) get the plain
bytes."""
from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

import brotli
from flask import Response, abort, request, send_from_directory
from werkzeug.security import safe_join

TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".json": "application/json",
         ".webmanifest": "application/manifest+json", ".html": "text/html", ".svg": "image/svg+xml"}
MIN_BYTES = 1024


def accepts(coding: str) -> bool:
    """Whether the client takes `coding`, by its q-value ("gzip;q=0" refuses it; "*" covers it)."""
    return request.accept_encodings[coding] > 0


def accepts_gzip() -> bool:
    return accepts("gzip")


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=5, mtime=0)


@lru_cache(maxsize=256)
def _compressed_file(path: str, mtime_ns: int, coding: str) -> tuple[bytes, str]:
    """Compressed once per file version (mtime) and coding, kept in memory: a handful of app files."""
    raw = Path(path).read_bytes()
    data = brotli.compress(raw, quality=11) if coding == "br" else gzip.compress(raw, compresslevel=9, mtime=0)
    return data, hashlib.sha1(data).hexdigest()[:20]


def _compressible(path: Path) -> bool:
    """Text worth compressing: below MIN_BYTES the headers cost more than the saving."""
    return path.suffix in TYPES and path.stat().st_size >= MIN_BYTES


def warm(directory: Path, names: tuple[str, ...]) -> None:
    """Compress the app shell once, before the first visitor asks (Brotli at its best level takes
    ~3 s for MapLibre's module): run in a thread as a server process starts."""
    for name in names:
        path = directory / name
        if path.is_file() and _compressible(path):
            for coding in ("br", "gzip"):
                _compressed_file(str(path), path.stat().st_mtime_ns, coding)


def static_file(directory: Path, name: str, mimetype: str | None = None) -> Response:
    """A file of the web app, in Brotli or gzip when the client accepts it and it is text."""
    path = safe_join(str(directory), name)
    if path is None or not Path(path).is_file():
        abort(404)
    coding = "br" if accepts("br") else "gzip" if accepts_gzip() else None
    if coding is None or not _compressible(Path(path)):
        resp = send_from_directory(directory, name)
        if mimetype:
            resp.mimetype = mimetype
        return resp
    data, etag = _compressed_file(path, Path(path).stat().st_mtime_ns, coding)
    resp = Response(data, mimetype=mimetype or TYPES[Path(name).suffix])
    resp.headers["Content-Encoding"] = coding
    resp.vary.add("Accept-Encoding")
    resp.set_etag(etag)
    resp.make_conditional(request)
    return resp
