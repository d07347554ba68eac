"""Grab one frame from a camera source: an image file, an image URL, or a video/RTSP stream."""
from __future__ import annotations

import io
import urllib.request
from pathlib import Path

import numpy as np
from PIL import Image

VIDEO_SUFFIXES = (".mp4", ".avi", ".mkv", ".mov")


def grab(source: str, timeout_s: float = 10.0) -> np.ndarray:
    """A BGR uint8 frame (OpenCV order). Raises OSError when the source gives nothing."""
    if source.startswith(("rtsp://", "rtmp://")) or source.lower().endswith(VIDEO_SUFFIXES):
        import cv2

        cap = cv2.VideoCapture(source)
        try:
            ok, frame = cap.read()
        finally:
            cap.release()
        if not ok or frame is None:
            raise OSError(f"no frame from video source {source}")
        return frame
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=timeout_s) as resp:
            data = resp.read(20 * 1024 * 1024)
        img = Image.open(io.BytesIO(data))
    else:
        img = Image.open(Path(source.removeprefix("file://")))
    return np.ascontiguousarray(np.asarray(img.convert("RGB"))[..., ::-1])
