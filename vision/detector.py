"""YOLO object detection behind a small interface, run with onnxruntime on the CPU.

Pre/post-processing match Ultralytics' predict() (letterbox to 640 with pad 114, RGB/255,
per-class NMS at IoU 0.7, conf 0.25), so Ultralytics-exported ONNX weights give the same
detections without torch. Weights come from a configured path; nothing is downloaded. With
`rect`, a frame is padded only to a multiple of 32 (as Ultralytics does in PyTorch) and runs on
the network rewritten for that size (vision/reshape.py): a 1280x720 camera frame is 640x384.
"""
from __future__ import annotations

import ast
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    import onnxruntime

    from geo.settings import Settings

log = logging.getLogger(__name__)
SIZES_KEPT = 4  # rewritten networks kept per model besides the file's own (photos come in many shapes)


@dataclass(frozen=True)
class Detection:
    class_name: str
    confidence: float
    bbox: tuple[float, float, float, float]  # x1, y1, x2, y2 in original image pixels

    @property
    def bottom_centre(self) -> tuple[float, float]:
        """Where the object touches the ground: what the homography maps to (lng, lat)."""
        x1, _, x2, y2 = self.bbox
        return (x1 + x2) / 2, y2


class Detector(Protocol):
    names: list[str]

    def detect(self, frames: list[np.ndarray]) -> list[list[Detection]]:
        """Detections per frame; frames are HxWx3 uint8 BGR (OpenCV order)."""


def _scaled(h: int, w: int, size: int) -> tuple[float, int, int]:
    r = min(size / h, size / w)
    return r, int(round(h * r)), int(round(w * r))


def input_size(h: int, w: int, size: int = 640, rect: bool = False) -> tuple[int, int]:
    """The network input (height, width) for an h x w image: size x size, or with `rect` the
    scaled image padded only to the next multiple of 32 (Ultralytics' LetterBox, auto=True)."""
    _, nh, nw = _scaled(h, w, size)
    return (nh + (size - nh) % 32, nw + (size - nw) % 32) if rect else (size, size)


def letterbox(img: np.ndarray, size: int = 640, rect: bool = False) -> tuple[np.ndarray, float, tuple[float, float]]:
    """Resize keeping aspect ratio and pad with 114 to `input_size` (Ultralytics' LetterBox, with
    OpenCV's INTER_LINEAR, so boxes match Ultralytics' own predictions)."""
    import cv2

    h, w = img.shape[:2]
    r, nh, nw = _scaled(h, w, size)
    height, width = input_size(h, w, size, rect)
    resized = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR) if (nh, nw) != (h, w) else img
    dh, dw = (height - nh) / 2, (width - nw) / 2
    top, left = int(round(dh - 0.1)), int(round(dw - 0.1))
    out = np.full((height, width, 3), 114, dtype=np.uint8)
    out[top:top + nh, left:left + nw] = resized
    return out, r, (left, top)


def nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> list[int]:
    """Greedy non-maximum suppression; boxes as x1, y1, x2, y2."""
    order = scores.argsort()[::-1]
    keep: list[int] = []
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    while order.size:
        i = int(order[0])
        keep.append(i)
        xx1 = np.maximum(boxes[i, 0], boxes[order[1:], 0])
        yy1 = np.maximum(boxes[i, 1], boxes[order[1:], 1])
        xx2 = np.minimum(boxes[i, 2], boxes[order[1:], 2])
        yy2 = np.minimum(boxes[i, 3], boxes[order[1:], 3])
        inter = np.clip(xx2 - xx1, 0, None) * np.clip(yy2 - yy1, 0, None)
        union = areas[i] + areas[order[1:]] - inter
        order = order[1:][inter / np.maximum(union, 1e-9) <= iou]
    return keep


class OnnxYolo:
    """An Ultralytics YOLO detection model exported to ONNX (output [1, 4+classes, anchors])."""

    def __init__(self, path: Path | str, *, conf: float = 0.25, iou: float = 0.7, threads: int = 1,
                 rect: bool = False) -> None:
        import onnxruntime as ort

        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"model weights not found: {path} (set SIGAP_MODEL_PATH)")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: spinning threads steal the cores that the other
        # processes of a shared machine (PostgreSQL, the API, another vision worker) need.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.path, self.rect, self._opts = path, rect, opts
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        self.names = [v for _, v in sorted(ast.literal_eval(meta.get("names", "{}")).items())]
        imgsz = ast.literal_eval(meta.get("imgsz", "[640, 640]"))
        self.size = int(imgsz[0])
        self.input = self.session.get_inputs()[0].name
        batch = self.session.get_inputs()[0].shape[0]
        self.max_batch = batch if isinstance(batch, int) and batch > 0 else 32
        self.conf, self.iou = conf, iou
        # A model with a dynamic input runs any size as it is; a static one is rewritten per size.
        self.dynamic = not all(isinstance(d, int) for d in self.session.get_inputs()[0].shape[2:])
        self._sessions: OrderedDict[tuple[int, int], onnxruntime.InferenceSession] = OrderedDict()
        self._lock = threading.Lock()
        if rect and not self.dynamic:
            try:  # a file this cannot rewrite runs square, said once, instead of failing every frame
                self._session(*input_size(720, 1280, self.size, rect=True))  # a 16:9 camera's, made now
            except Exception as exc:
                log.warning("model %s: rect input off, square frames only: %s", path, exc)
                self.rect = False

    def _session(self, height: int, width: int) -> onnxruntime.InferenceSession:
        """The network for this input size, rewritten once per size (a camera keeps its size)."""
        import onnxruntime as ort

        from vision.reshape import at_size

        if self.dynamic or (height, width) == (self.size, self.size):
            return self.session
        if (height, width) not in self._sessions:
            model = at_size(self.path, height, width, self.size)
            self._sessions[(height, width)] = ort.InferenceSession(model, self._opts, providers=["CPUExecutionProvider"])
            while len(self._sessions) > SIZES_KEPT:
                self._sessions.popitem(last=False)
        self._sessions.move_to_end((height, width))
        return self._sessions[(height, width)]

    def _prepare(self, frame: np.ndarray) -> tuple[np.ndarray, float, tuple[float, float]]:
        img, r, pad = letterbox(np.ascontiguousarray(frame[..., ::-1]), self.size, self.rect)  # BGR -> RGB
        return img.transpose(2, 0, 1).astype(np.float32) / 255.0, r, pad

    def detect(self, frames: list[np.ndarray]) -> list[list[Detection]]:
        prepared = [self._prepare(f) for f in frames]
        by_size: dict[tuple[int, int], list[int]] = {}
        for i, (tensor, _, _) in enumerate(prepared):
            by_size.setdefault((tensor.shape[1], tensor.shape[2]), []).append(i)
        out: list[list[Detection]] = [[] for _ in frames]
        for (height, width), indexes in by_size.items():
            for start in range(0, len(indexes), self.max_batch):
                part = indexes[start:start + self.max_batch]
                batch = np.stack([prepared[i][0] for i in part])
                with self._lock:  # one inference at a time; onnxruntime already uses the cores
                    raw = self._session(height, width).run(None, {self.input: batch})[0]
                for pred, i in zip(raw, part):
                    _, r, (left, top) = prepared[i]
                    out[i] = self._post(pred, r, left, top, frames[i].shape[1], frames[i].shape[0])
        return out

    def _post(self, pred: np.ndarray, r: float, left: float, top: float, w: int, h: int) -> list[Detection]:
        pred = pred.T  # anchors x (4 + classes)
        scores = pred[:, 4:]
        cls = scores.argmax(1)
        conf = scores[np.arange(len(cls)), cls]
        keep = conf > self.conf
        if not keep.any():
            return []
        boxes_cxcywh, cls, conf = pred[keep, :4], cls[keep], conf[keep]
        boxes = np.empty_like(boxes_cxcywh)
        boxes[:, 0] = boxes_cxcywh[:, 0] - boxes_cxcywh[:, 2] / 2
        boxes[:, 1] = boxes_cxcywh[:, 1] - boxes_cxcywh[:, 3] / 2
        boxes[:, 2] = boxes_cxcywh[:, 0] + boxes_cxcywh[:, 2] / 2
        boxes[:, 3] = boxes_cxcywh[:, 1] + boxes_cxcywh[:, 3] / 2
        offset = cls[:, None].astype(np.float32) * 7680.0  # per-class NMS, as Ultralytics does
        idx = nms(boxes + offset, conf, self.iou)[:300]
        dets = []
        for i in idx:
            x1 = float(np.clip((boxes[i, 0] - left) / r, 0, w))
            y1 = float(np.clip((boxes[i, 1] - top) / r, 0, h))
            x2 = float(np.clip((boxes[i, 2] - left) / r, 0, w))
            y2 = float(np.clip((boxes[i, 3] - top) / r, 0, h))
            dets.append(Detection(self.names[int(cls[i])], round(float(conf[i]), 4), (x1, y1, x2, y2)))
        return dets


_cache: dict[str, OnnxYolo] = {}
_cache_lock = threading.Lock()


def load(path: Path | str, *, conf: float = 0.25, threads: int = 1, rect: bool = False) -> OnnxYolo:
    """One model per path and settings per process: workers load the weights once."""
    key = f"{Path(path).resolve()}|{conf}|{threads}|{rect}"
    with _cache_lock:
        if key not in _cache:
            _cache[key] = OnnxYolo(path, conf=conf, threads=threads, rect=rect)
        return _cache[key]


def configured(settings: Settings) -> OnnxYolo:
    """The model as this deployment configures it (SIGAP_MODEL_PATH, _DETECT_CONF, _THREADS, _RECT)."""
    return load(settings.model_path, conf=settings.detect_conf, threads=settings.detect_threads, rect=settings.detect_rect)
