"""Serves the EXIF-free public copies and thumbnails of photos (never the originals)."""
from __future__ import annotations

import re

from flask import Blueprint, send_file
from flask.typing import ResponseReturnValue

from api.deps import settings
from geo.errors import NotFound
from geo.photos import public_path

bp = Blueprint("media", __name__)
_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}$")


@bp.get("/media/<prefix>/<key>/<variant>.jpg")
def photo(prefix: str, key: str, variant: str) -> ResponseReturnValue:
    media_key = f"{prefix}/{key}"
    if not _KEY.match(media_key) or variant not in ("public", "thumb"):
        raise NotFound("Foto tidak ditemukan.", "Photo not found.", code="photo_not_found")
    path = public_path(settings().media_dir, media_key, variant)
    if not path.exists():
        raise NotFound("Foto tidak ditemukan.", "Photo not found.", code="photo_not_found")
    resp = send_file(path, mimetype="image/jpeg", max_age=86400)
    resp.headers["Cache-Control"] = "public, max-age=86400, immutable"
    return resp
