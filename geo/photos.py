"""Photo intake: prove it is a real image, read EXIF GPS, publish a copy without EXIF.

The original bytes are kept privately (evidence); only `public.jpg` and
`thumb.jpg`, re-encoded from pixels so no metadata survives, are ever served.
"""
from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from geo.errors import SigapError

MAX_BYTES = 10 * 1024 * 1024          # 10 MiB upload
MAX_PIXELS = 40_000_000               # 40 MP: anything bigger is a decompression bomb here
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PUBLIC_MAX_SIDE = 1600
THUMB_SIDE = 320


class PhotoTooLarge(SigapError):
    status = 413
    code = "photo_too_large"
    message_id = "Foto terlalu besar (maksimal 10 MB)."
    message_en = "The photo is too large (10 MB at most)."


class NotAnImage(SigapError):
    status = 415
    code = "not_an_image"
    message_id = "Berkas bukan foto JPEG, PNG atau WebP yang valid."
    message_en = "The file is not a valid JPEG, PNG or WebP photo."


@dataclass(frozen=True)
class Photo:
    """A checked photo, ready to store."""

    data: bytes
    format: str                        # JPEG, PNG or WEBP
    width: int
    height: int
    sha256: str
    gps: tuple[float, float] | None    # (lng, lat) from EXIF, if any
    # Upright RGB pixels, decoded once by inspect(); metadata-free by construction.
    pixels: Image.Image | None = field(default=None, repr=False, compare=False)


def inspect(data: bytes) -> Photo:
    """Validate bytes as a photo and read its EXIF GPS position (lng, lat)."""
    if len(data) > MAX_BYTES:
        raise PhotoTooLarge()
    if not data:
        raise NotAnImage("Foto kosong.", "The photo is empty.")
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format or ""
            width, height = img.size
            if fmt not in FORMATS:
                raise NotAnImage()
            if width * height > MAX_PIXELS:
                raise PhotoTooLarge("Resolusi foto terlalu besar (maksimal 40 megapiksel).",
                                    "The photo's resolution is too large (40 megapixels at most).",
                                    code="photo_too_many_pixels")
            gps = _exif_gps(img)
            img.load()  # decode fully: truncated or corrupt files fail here, not later
            pixels = _upright_rgb(img)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise PhotoTooLarge("Resolusi foto terlalu besar.", "The photo's resolution is too large.",
                                code="photo_too_many_pixels") from None
        raise NotAnImage() from None
    return Photo(data, fmt, width, height, hashlib.sha256(data).hexdigest(), gps, pixels)


def _upright_rgb(img: Image.Image) -> Image.Image:
    """Apply the EXIF orientation (phones rotate via a tag) and drop alpha/palette; copies only if needed."""
    if img.getexif().get(0x0112, 1) != 1:
        img = ImageOps.exif_transpose(img)
    return img if img.mode == "RGB" else img.convert("RGB")


def _exif_gps(img: Image.Image) -> tuple[float, float] | None:
    try:
        gps = img.getexif().get_ifd(0x8825)
    except Exception:  # noqa: BLE001 — broken EXIF is common and never fatal
        return None
    try:
        lat = _dms(gps[2]) * (-1 if str(gps.get(1, "N")).upper().startswith("S") else 1)
        lng = _dms(gps[4]) * (-1 if str(gps.get(3, "E")).upper().startswith("W") else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or (lat == 0 and lng == 0):
        return None
    return lng, lat


def _dms(value: tuple[float, float, float]) -> float:
    d, m, s = (float(v) for v in value)
    return d + m / 60 + s / 3600


def store(photo: Photo, media_dir: Path) -> str:
    """Write original + EXIF-free public copy + thumbnail; returns the media key."""
    key = uuid.uuid4().hex
    folder = media_dir / "photos" / key[:2] / key
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"original.{FORMATS[photo.format]}").write_bytes(photo.data)
    clean = photo.pixels if photo.pixels is not None else _upright_rgb(Image.open(io.BytesIO(photo.data)))
    # Re-encoding from pixels (never copying bytes) is what guarantees no EXIF/XMP/ICC survives.
    public = clean
    if max(clean.size) > PUBLIC_MAX_SIDE:
        public = clean.copy()
        public.thumbnail((PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE))
    public.save(folder / "public.jpg", "JPEG", quality=85)
    thumb = public
    factor = max(public.size) // THUMB_SIDE
    if factor >= 2:  # integer box reduction is ~10x cheaper than a filtered resize
        thumb = thumb.reduce(factor)
    if max(thumb.size) > THUMB_SIDE:
        thumb = thumb.copy()
        thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BILINEAR)
    thumb.save(folder / "thumb.jpg", "JPEG", quality=80)
    return f"{key[:2]}/{key}"


def public_path(media_dir: Path, media_key: str, variant: str) -> Path:
    """Path of a served variant; only 'public' and 'thumb' exist for the outside world."""
    if variant not in ("public", "thumb") or ".." in media_key:
        raise ValueError(variant)
    return media_dir / "photos" / media_key / f"{variant}.jpg"
