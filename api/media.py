"""Serves the EXIF-free public copies and thumbnails of photos (never the originals). A
confidential report's photo only by a signed link that has not run out (geo/medialinks.py)."""
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
    resp = send_file(path, mimetype="image/jpeg", max_age=86400)
    resp.headers["Cache-Control"] = ("public, max-age=86400, immutable" if left is None
                                     else f"private, max-age={min(left, 3600)}")
    return resp
