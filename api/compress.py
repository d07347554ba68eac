"""gzip for the web app's text assets and for vector tiles. The public map's first visit over a
1.6 Mbps mobile link moved ~1.3 MB uncompressed (MapLibre alone ~1 MB); gzip makes that about a
third. Clients that do not ask for gzip (GDAL, QGIS, tests) get the plain bytes."""
from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Response, abort, request, send_from_directory
from werkzeug.security import safe_join

TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".json": "application/json",
         ".webmanifest": "application/manifest+json", ".html": "text/html", ".svg": "image/svg+xml"}
MIN_BYTES = 1024


def accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=5, mtime=0)


@lru_cache(maxsize=256)
def _gzipped_file(path: str, mtime_ns: int) -> tuple[bytes, str]:
    """Compressed once per file version (mtime), kept in memory: a handful of app files."""
    data = gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)
    return data, hashlib.sha1(data).hexdigest()[:20]


def static_file(directory: Path, name: str, mimetype: str | None = None) -> Response:
    """A file of the web app, gzipped when the client accepts it and it is text."""
    path = safe_join(str(directory), name)
    if path is None or not Path(path).is_file():
        abort(404)
    suffix = Path(name).suffix
    if suffix not in TYPES or not accepts_gzip() or Path(path).stat().st_size < MIN_BYTES:
        resp = send_from_directory(directory, name)
        if mimetype:
            resp.mimetype = mimetype
        return resp
    data, etag = _gzipped_file(path, Path(path).stat().st_mtime_ns)
    resp = Response(data, mimetype=mimetype or TYPES[suffix])
    resp.headers["Content-Encoding"] = "gzip"
    resp.vary.add("Accept-Encoding")
    resp.set_etag(etag)
    resp.make_conditional(request)
    return resp
