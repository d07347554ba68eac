"""Detector speed on CPU: ms/frame and frames/s for batch sizes 1, 4, 8 per model and backend.

Backend measured: onnxruntime directly with Ultralytics-identical pre/post-processing
(vision/detector.py). The Ultralytics+torch path is not installed by the project (a CUDA
torch build is several GB); its detections are the reference the tests compare against.

    .venv/bin/python -m bench.vision --seconds 10
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

import numpy as np
from PIL import Image

from bench.common import table, write_json
from geo.settings import REPO_ROOT
from vision.detector import OnnxYolo

MODELS = REPO_ROOT.parent / "shared" / "models"


def frames() -> list[np.ndarray]:
    assets = Path(importlib.util.find_spec("ultralytics").submodule_search_locations[0]) / "assets"  # type: ignore[union-attr,index]
    return [np.asarray(Image.open(assets / n).convert("RGB"))[..., ::-1].copy() for n in ("bus.jpg", "zidane.jpg")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=10)
    args = ap.parse_args()
    imgs = frames()
    rows = []
    for model in ("yolo11n_int8_dynamic.onnx", "yolov8n_int8_dynamic.onnx"):
        det = OnnxYolo(MODELS / model, threads=2)
        det.detect(imgs)  # warm up
        for batch in (1, 4, 8):
            chunk = [imgs[i % 2] for i in range(batch)]
            per_frame: list[float] = []
            n = 0
            t_end = time.perf_counter() + args.seconds
            t0 = time.perf_counter()
            while time.perf_counter() < t_end:
                t = time.perf_counter()
                det.detect(chunk)
                per_frame.append((time.perf_counter() - t) * 1000 / batch)
                n += batch
            wall = time.perf_counter() - t0
            rows.append({"model": model.split("_")[0], "backend": "onnxruntime-cpu", "batch": batch,
                         "frames": n, "ms_per_frame_p50": round(statistics.median(per_frame), 1),
                         "frames_per_s": round(n / wall, 1)})
    print(table(rows, list(rows[0])))
    print(f"wrote {write_json('vision', {'rows': rows})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
