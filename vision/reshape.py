"""The same YOLO network at a rectangular input: why a 16:9 camera frame need not pay for a
640x640 square.

Ultralytics' static ONNX exports bake the 640x640 input into a few constants: the anchor grid
and the strides of the detection head, the sizes in the head's DFL reshapes, and (YOLO11) the
token count and map size of the attention block on the stride-32 map. The convolutions do not
care about the size. Rewriting those constants gives the network Ultralytics itself runs for
such an image in PyTorch (`rect` letterbox: padded only to a multiple of the stride), e.g. 640x384
for a 1280x720 frame: 40 % fewer pixels, the same detections within a few pixels
(tests/test_vision.py). A graph whose constants do not look like that is refused, not guessed.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

STRIDES = (8, 16, 32)


class UnknownGraph(ValueError):
    """The file is not an Ultralytics detection export of the expected square size."""


def anchor_grid(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Anchor centres (1, 2, N) in grid units and strides (1, N), levels in the head's order."""
    xs, ys, strides = [], [], []
    for s in STRIDES:
        gy, gx = np.meshgrid(np.arange(height // s) + 0.5, np.arange(width // s) + 0.5, indexing="ij")
        xs.append(gx.ravel())
        ys.append(gy.ravel())
        strides.append(np.full(gx.size, float(s)))
    return (np.stack([np.concatenate(xs), np.concatenate(ys)])[None].astype(np.float32),
            np.concatenate(strides)[None].astype(np.float32))


def _rewritten(value: np.ndarray, size: int, height: int, width: int) -> tuple[str, np.ndarray] | None:
    """What the constant is ("anchors", "strides", "shape") and its value at the new size, or None
    when it does not depend on the size."""
    old_n = sum((size // s) ** 2 for s in STRIDES)
    new_n = sum((height // s) * (width // s) for s in STRIDES)
    p5 = size // 32
    if value.dtype == np.float32 and value.shape in ((1, 2, old_n), (1, old_n)):
        kind = 0 if value.ndim == 3 else 1  # anchor centres, strides
        if not np.array_equal(value, anchor_grid(size, size)[kind]):
            raise UnknownGraph("a constant shaped like the head's anchors or strides holds other values")
        return ("anchors", "strides")[kind], anchor_grid(height, width)[kind]
    if value.dtype != np.int64 or value.ndim != 1 or value.size > 6:
        return None
    v = value.tolist()
    if old_n in v:  # DFL reshapes: (1, 4, 16, N), (1, 4, N)
        return "shape", np.array([new_n if x == old_n else x for x in v], np.int64)
    if len(v) == 4 and v[2:] == [p5, p5]:  # attention: back to (1, C, H/32, W/32)
        return "attention", np.array(v[:2] + [height // 32, width // 32], np.int64)
    if len(v) == 4 and v[3] == p5 * p5 and v[0] == 1:  # attention: (1, heads, dims, tokens)
        return "attention", np.array(v[:3] + [(height // 32) * (width // 32)], np.int64)
    return None


def at_size(path: Path | str, height: int, width: int, size: int = 640) -> bytes:
    """The model at `path` (square input `size`) rewritten for height x width (multiples of 32),
    as ONNX bytes for onnxruntime.InferenceSession."""
    import onnx
    from onnx import numpy_helper

    if height % 32 or width % 32 or not 0 < height <= size or not 0 < width <= size:
        raise ValueError(f"{width}x{height}: each side a multiple of 32, at most {size}")
    model = onnx.load(str(path))
    graph = model.graph
    dims = graph.input[0].type.tensor_type.shape.dim
    if [d.dim_value for d in dims][2:] != [size, size]:
        raise UnknownGraph(f"input is not {size}x{size}")
    found: set[str] = set()
    constants = (a.t for n in graph.node if n.op_type == "Constant" for a in n.attribute if a.name == "value")
    tensors = [*graph.initializer, *constants]
    for tensor in tensors:
        rewritten = _rewritten(numpy_helper.to_array(tensor), size, height, width)
        if rewritten is not None:
            found.add(rewritten[0])
            tensor.CopyFrom(numpy_helper.from_array(rewritten[1], tensor.name))
    if not {"anchors", "strides", "shape"} <= found:  # attention only in YOLO11
        raise UnknownGraph("the anchor grid, strides and DFL reshape of an Ultralytics detection head were not all found")
    dims[2].dim_value, dims[3].dim_value = height, width
    graph.output[0].type.tensor_type.shape.dim[2].dim_value = sum((height // s) * (width // s) for s in STRIDES)
    del graph.value_info[:]  # shapes inferred for 640x640; onnxruntime infers them again
    return bytes(model.SerializeToString())
