"""Photo intake: prove it is a real image, read EXIF GPS; later publish a safe copy.

The original bytes are kept privately (evidence). A worker publishes `public.jpg` and
`thumb.jpg`: re-encoded from pixels (no metadata survives) with every detected person
blurred. Until then the photo is not shown to anyone.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import uuid
from dataclasses import dataclass
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
            if fmt == "JPEG":
                # Decode at 1/8 scale: libjpeg still reads every entropy-coded byte (truncated or
                # corrupt files fail here all the same) but skips most of the pixel work, about
                # half the CPU of a full decode of a 12 MP phone photo.
                img.draft(img.mode, (max(width // 8, 1), max(height // 8, 1)))
            img.load()  # decode: truncated or corrupt files fail here, not later
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise PhotoTooLarge("Resolusi foto terlalu besar.", "The photo's resolution is too large.",
                                code="photo_too_many_pixels") from None
        raise NotAnImage() from None
    return Photo(data, fmt, width, height, hashlib.sha256(data).hexdigest(), gps)


def _upright_rgb(img: Image.Image) -> Image.Image:
    """Apply the EXIF orientation (phones rotate via a tag) and drop alpha/palette; copies only if needed."""
    if img.getexif().get(0x0112, 1) != 1:
        img = ImageOps.exif_transpose(img)
    return img if img.mode == "RGB" else img.convert("RGB")


def _exif_gps(img: Image.Image) -> tuple[float, float] | None:
    try:
        gps = img.getexif().get_ifd(0x8825)
    except Exception:
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
    """Keep the original privately; returns the media key. Nothing public exists yet."""
    key = uuid.uuid4().hex
    folder = media_dir / "photos" / key[:2] / key
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"original.{FORMATS[photo.format]}").write_bytes(photo.data)
    return f"{key[:2]}/{key}"


def discard(media_dir: Path, media_key: str) -> None:
    """Remove a stored original that no report came to own (its submission was filed again)."""
    shutil.rmtree(media_dir / "photos" / media_key, ignore_errors=True)


def relink(media_dir: Path, media_key: str) -> str:
    """The photo's files under a new key (hard links, a copy where the disk has none), for a photo
    whose links must stop working: a report moved into a confidential category. The old folder is
    discarded once the new key is committed (a rollback leaves only an unused folder)."""
    key = uuid.uuid4().hex
    old, new = media_dir / "photos" / media_key, media_dir / "photos" / key[:2] / key
    new.mkdir(parents=True)
    for f in old.iterdir():
        if f.suffix == ".tmp":
            continue
        try:
            os.link(f, new / f.name)
        except OSError:
            shutil.copy2(f, new / f.name)
    return f"{key[:2]}/{key}"


def original_upright(media_dir: Path, media_key: str) -> Image.Image:
    """The original's pixels, turned upright, RGB: what detection and publishing work on."""
    folder = media_dir / "photos" / media_key
    path = next(folder.glob("original.*"), None)
    if path is None:  # what an admin reads in the failed-jobs list
        raise FileNotFoundError(f"the original photo is missing from {folder}")
    with Image.open(path) as img:
        return _upright_rgb(img).copy()


def publish(media_dir: Path, media_key: str, pixels: Image.Image,
            blur: list[tuple[float, float, float, float]]) -> None:
    """Write public.jpg and thumb.jpg from pixels, each box in `blur` made unrecognisable."""
    from PIL import ImageFilter

    clean = pixels.copy()
    for x1, y1, x2, y2 in blur:
        box = (max(0, int(x1)), max(0, int(y1)), min(clean.width, int(x2) + 1), min(clean.height, int(y2) + 1))
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        region = clean.crop(box)
        radius = max(8, max(region.size) // 8)
        small = region.resize((max(1, region.width // 12), max(1, region.height // 12)), Image.Resampling.BOX)
        clean.paste(small.resize(region.size, Image.Resampling.NEAREST).filter(ImageFilter.GaussianBlur(radius)),
                    box)
    folder = media_dir / "photos" / media_key
    public = clean
    if max(clean.size) > PUBLIC_MAX_SIDE:
        public = clean.copy()
        public.thumbnail((PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE))
    # Re-encoding from pixels (never copying bytes) is what guarantees no EXIF/XMP/ICC survives.
    public.save(folder / "public.jpg.tmp", "JPEG", quality=85)
    thumb = public
    factor = max(public.size) // THUMB_SIDE
    if factor >= 2:  # integer box reduction is ~10x cheaper than a filtered resize
        thumb = thumb.reduce(factor)
    if max(thumb.size) > THUMB_SIDE:
        thumb = thumb.copy()
        thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BILINEAR)
    thumb.save(folder / "thumb.jpg.tmp", "JPEG", quality=80)
    (folder / "public.jpg.tmp").replace(folder / "public.jpg")  # atomic: never half a file
    (folder / "thumb.jpg.tmp").replace(folder / "thumb.jpg")


def media_url(media_key: str | None, variant: str = "public") -> str | None:
    """Where /media serves a published copy ("public" or "thumb"). The key is the capability: it
    is handed only to those who may see the photo (never the public, for a confidential report)."""
    return f"/media/{media_key}/{variant}.jpg" if media_key else None


def public_path(media_dir: Path, media_key: str, variant: str) -> Path:
    """Path of a served variant; only 'public' and 'thumb' exist for the outside world."""
    if variant not in ("public", "thumb") or ".." in media_key:
        raise ValueError(variant)
    return media_dir / "photos" / media_key / f"{variant}.jpg"
