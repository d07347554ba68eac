"""Computer vision behind a small detector interface (Ultralytics YOLO weights from a path)."""
