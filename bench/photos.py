"""Realistic phone photos for benchmarks and browser tests: a natural scene at a phone
camera's size, stored sideways with EXIF orientation and GPS tags, ~4 MB."""
from __future__ import annotations

import io
import sysconfig
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    return float(int(value)), float(int(value * 60) % 60), round((value * 3600) % 60, 2)


def phone_photo(path: Path, where: tuple[float, float]) -> Path:
    """ultralytics' bus.jpg (a street scene) at 3000x4000 upright, stored 4000x3000 with EXIF
    orientation 6 and the GPS position `where` (lng, lat), with sensor-like noise: ~4 MB."""
    bus = Path(sysconfig.get_paths()["purelib"]) / "ultralytics" / "assets" / "bus.jpg"
    upright = Image.open(bus).convert("RGB").resize((3000, 4000), Image.Resampling.LANCZOS)
    noisy = np.asarray(upright.transpose(Image.Transpose.ROTATE_90)).astype(np.int16)
    noisy += np.random.default_rng(1).integers(-12, 13, size=noisy.shape, dtype=np.int16)
    stored = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[ExifTags.IFD.GPSInfo] = {1: "S" if where[1] < 0 else "N", 2: _dms(where[1]),
                                  3: "E" if where[0] > 0 else "W", 4: _dms(where[0])}
    stored.save(path, "JPEG", quality=92, exif=exif)
    return path


def upload_photos(n: int = 8, seed: int = 3) -> list[bytes]:
    """What the citizen app uploads: natural street photos (ultralytics' bus.jpg and zidane.jpg,
    crops at different places and scales, some mirrored) resized to 1200x1600 or 1600x1200 as the
    browser does, JPEG quality 0.7-0.85: 150-400 KB of real detail each, all different bytes."""
    assets = Path(sysconfig.get_paths()["purelib"]) / "ultralytics" / "assets"
    scenes = [Image.open(assets / name).convert("RGB") for name in ("bus.jpg", "zidane.jpg")]
    rng = np.random.default_rng(seed)
    out: list[bytes] = []
    while len(out) < n:
        scene = scenes[len(out) % len(scenes)]
        w, h = scene.size
        cw, ch = int(w * rng.uniform(0.7, 1.0)), int(h * rng.uniform(0.7, 1.0))
        x0, y0 = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
        crop = scene.crop((x0, y0, x0 + cw, y0 + ch))
        if rng.random() < 0.5:
            crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        size = (1200, 1600) if ch > cw else (1600, 1200)
        img = crop.resize(size, Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=int(rng.integers(70, 86)))
        if 150_000 <= buf.tell() <= 400_000:
            out.append(buf.getvalue())
    return out
