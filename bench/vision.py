"""Detector speed on CPU: ms/frame and frames/s per model, square 640x640 input against the
rect input (vision/reshape.py: a 1280x720 frame at 640x384, an 810x1080 photo at 480x640),
measured interleaved in rounds, one onnxruntime thread as a vision worker runs it.

Backend measured: onnxruntime directly with Ultralytics-identical pre/post-processing
(vision/detector.py). The Ultralytics+torch path is not installed by the project (a CUDA
torch build is several GB); its detections are the reference the tests compare against.
Batches are not measured: the staged files have a static batch of 1 (bench/RESULTS.md).

    .venv/bin/python -m bench.vision --seconds 5 --rounds 3
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
    ap.add_argument("--seconds", type=float, default=5, help="per model, mode and round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    imgs = frames()
    models = {(m, rect): OnnxYolo(MODELS / m, threads=args.threads, rect=rect)
              for m in ("yolo11n_int8_dynamic.onnx", "yolov8n_int8_dynamic.onnx") for rect in (False, True)}
    for det in models.values():
        det.detect(imgs)  # warm up (and the rect sessions made)
    per_frame: dict[tuple[str, bool], list[float]] = {k: [] for k in models}
    wall: dict[tuple[str, bool], float] = dict.fromkeys(models, 0.0)
    for rnd in range(args.rounds):
        for key in (list(models) if rnd % 2 == 0 else list(models)[::-1]):
            t_end = time.perf_counter() + args.seconds
            t0 = time.perf_counter()
            i = 0
            while time.perf_counter() < t_end:
                t = time.perf_counter()
                models[key].detect([imgs[i % 2]])
                per_frame[key].append((time.perf_counter() - t) * 1000)
                i += 1
            wall[key] += time.perf_counter() - t0
    rows = []
    for (model, rect), values in per_frame.items():
        square = statistics.median(per_frame[(model, False)])
        rows.append({"model": model.split("_")[0], "input": "rect" if rect else "square 640", "threads": args.threads,
                     "frames": len(values), "ms_per_frame_p50": round(statistics.median(values), 1),
                     "frames_per_s": round(len(values) / wall[(model, rect)], 2),
                     "speed_vs_square": round(square / statistics.median(values), 2)})
    print(table(rows, list(rows[0])))
    print(f"wrote {write_json('vision', {'rounds': args.rounds, 'seconds': args.seconds, 'rows': rows})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
