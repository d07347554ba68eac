"""Map label glyphs served by us, so street and place names render with no internet: signed
distance fields of a TrueType font (DejaVu Sans from Debian's fonts-dejavu-core) in the
Mapbox/MapLibre glyph PBF format, one 256-character range per file, made on first request and
kept in memory. The same parameters as MapLibre's TinySDF: 24 px, 3 px buffer, radius 8,
cutoff 0.25."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONTS = {"DejaVu Sans": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         "DejaVu Sans Bold": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")}
SIZE, BUFFER, RADIUS, CUTOFF = 24, 3, 8.0, 0.25
ASCENT_OFFSET = 27  # MapLibre places glyph tops relative to this (as its TinySDF glyphs do)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(num: int, wire: int, payload: bytes | int) -> bytes:
    key = _varint((num << 3) | wire)
    if wire == 0:
        assert isinstance(payload, int)
        return key + _varint(payload)
    assert isinstance(payload, bytes)
    return key + _varint(len(payload)) + payload


def _sint(n: int) -> int:
    return (n << 1) ^ (n >> 31)


def _distance(inside: np.ndarray) -> np.ndarray:
    """Euclidean distance of every pixel to the nearest pixel of the other kind (brute force
    over the boundary pixels: glyphs are small)."""
    h, w = inside.shape
    pad = np.pad(inside, 1, mode="edge")
    edge = inside & ~(pad[:-2, 1:-1] & pad[2:, 1:-1] & pad[1:-1, :-2] & pad[1:-1, 2:])
    edge |= ~inside & (pad[:-2, 1:-1] | pad[2:, 1:-1] | pad[1:-1, :-2] | pad[1:-1, 2:])
    ey, ex = np.nonzero(edge)
    if len(ey) == 0:
        return np.full((h, w), RADIUS * 2)
    yy, xx = np.mgrid[0:h, 0:w]
    d = np.sqrt((yy[..., None] - ey) ** 2 + (xx[..., None] - ex) ** 2).min(axis=-1)
    return d


def _glyph(font: ImageFont.FreeTypeFont, code: int) -> bytes | None:
    char = chr(code)
    if not char.isprintable() and code != 0x20:
        return None
    advance = round(font.getlength(char))
    left, top, right, bottom = (int(v) for v in font.getbbox(char, anchor="ls"))  # relative to the baseline
    width, height = max(0, right - left), max(0, bottom - top)
    fields = _field(1, 0, code)
    if width and height:
        img = Image.new("L", (width + 2 * BUFFER, height + 2 * BUFFER), 0)
        ImageDraw.Draw(img).text((BUFFER - left, BUFFER - top), char, font=font, fill=255, anchor="ls")
        inside = np.asarray(img) > 127
        signed = np.where(inside, -_distance(inside), _distance(inside))
        sdf = np.clip(np.round(255 - 255 * (signed / RADIUS + CUTOFF)), 0, 255).astype(np.uint8)
        fields += _field(2, 2, sdf.tobytes())
    fields += (_field(3, 0, width) + _field(4, 0, height) + _field(5, 0, _sint(left))
               + _field(6, 0, _sint(-top - ASCENT_OFFSET)) + _field(7, 0, advance))
    return fields


@lru_cache(maxsize=64)
def glyph_range(fontstack: str, start: int) -> bytes:
    """The PBF of characters start..start+255 of the first known font in the stack."""
    name = next((f.strip() for f in fontstack.split(",") if f.strip() in FONTS), "DejaVu Sans")
    font = ImageFont.truetype(str(FONTS[name]), SIZE)
    glyphs = b"".join(_field(3, 2, g) for code in range(start, start + 256) if (g := _glyph(font, code)))
    stack = _field(1, 2, fontstack.encode()) + _field(2, 2, f"{start}-{start + 255}".encode()) + glyphs
    return _field(1, 2, stack)
