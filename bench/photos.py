"""Realistic phone photos for benchmarks and browser tests: a natural scene at a phone
camera's size, stored sideways with EXIF orientation and GPS tags, ~4 MB."""
from __future__ import annotations

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
