"""Serves the EXIF-free public copies and thumbnails of photos (never the originals). A
confidential or withheld report's photo only by a signed link that has not run out
(geo/medialinks.py)."""
from __future__ import annotations

import re

from flask import Blueprint, request, send_file
from flask.typing import ResponseReturnValue

from api.deps import settings, transaction
from geo import medialinks
from geo.errors import NotFound
from geo.photos import public_path

bp = Blueprint("media", __name__)
_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}$")
PUBLIC_MAX_AGE_S = int(medialinks.PUBLIC_TTL_S)


def _not_found() -> NotFound:
    return NotFound("Foto tidak ditemukan.", "Photo not found.", code="photo_not_found")


@bp.get("/media/<prefix>/<key>/<variant>.jpg")
def photo(prefix: str, key: str, variant: str) -> ResponseReturnValue:
    media_key = f"{prefix}/{key}"
    if not _KEY.match(media_key) or variant not in ("public", "thumb"):
        raise _not_found()
    path = public_path(settings().media_dir, media_key, variant)
    if not path.exists():
        raise _not_found()
    left = None
    if not medialinks.known_public(media_key):
        with transaction() as conn:  # the primary: a replica behind it would not know a new report yet
            if medialinks.is_confidential(conn, media_key):
                left = medialinks.valid(conn, media_key, variant, request.args.get("until"), request.args.get("sig"))
                if left is None:
                    raise _not_found()  # as if there were none: a link that ran out says nothing more
    resp = send_file(path, mimetype="image/jpeg", max_age=PUBLIC_MAX_AGE_S)
    # A public photo may be withheld by an operator at any time: browsers and proxies keep it no
    # longer than this server would still serve it unsigned (medialinks.PUBLIC_TTL_S), and ask
    # again with its ETag (a 304) after that. A signed link's copy stays private to its browser.
    resp.headers["Cache-Control"] = (f"public, max-age={PUBLIC_MAX_AGE_S}, must-revalidate" if left is None
                                     else f"private, max-age={min(left, 3600)}")
    return resp
