"""Pixel -> ground (lng, lat) homography from >= 4 control points, for flat-ground CCTV views.

Fitted in metres (the UTM zone of the camera's city: 51S for Kupang, 48S for Jakarta) with
Hartley-normalised DLT, so the
reprojection error is in metres and the fit is well conditioned. Degenerate control
points (too few, repeated, three in a line on either side, or an order no camera sees: the
horizon between them) are refused with a clear error. With exactly 4 points the fit is exact
(error 0): a fifth gives an error worth reading.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pyproj import Transformer

from geo.errors import Unprocessable


@lru_cache(maxsize=16)
def _to_utm(epsg: int) -> Transformer:
    return Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)


@lru_cache(maxsize=16)
def _to_lnglat(epsg: int) -> Transformer:
    return Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)


@dataclass(frozen=True)
class Homography:
    matrix: tuple[float, ...]          # 3x3 row-major, pixel -> UTM metres
    reprojection_error_m: float        # RMS over the control points
    max_error_m: float
    epsg: int                          # the UTM zone of those metres (the city's, cities.utm_epsg)

    def to_metres(self, x: float, y: float, side: float = 1.0) -> tuple[float, float] | None:
        """A pixel's ground point in the UTM zone's metres; None for a pixel on the far side of
        the horizon (its w's sign is not the control points' `side`): projected anyway, a bus
        above the horizon landed 243 m behind the camera (a walk)."""
        h = np.array(self.matrix).reshape(3, 3)
        e, n, w = h @ np.array([x, y, 1.0])
        if w * side <= 1e-12:
            return None
        return float(e / w), float(n / w)

    def to_lnglat(self, x: float, y: float, side: float = 1.0) -> tuple[float, float] | None:
        """A pixel's ground (lng, lat); None beyond the horizon (to_metres)."""
        metres = self.to_metres(x, y, side)
        return None if metres is None else lnglat_of(*metres, self.epsg)


def side_of(matrix: tuple[float, ...] | list[float], pixels: list[tuple[float, float]]) -> float:
    """The sign of w at the control points: the ground's side of the horizon. Fits since
    the horizon check have w > 0 there; older ones are told by their control points."""
    row = np.array(matrix[6:9])
    w = sum(float(row @ np.array([x, y, 1.0])) for x, y in pixels)
    return 1.0 if w >= 0 or not pixels else -1.0


def lnglat_of(e: float, n: float, epsg: int) -> tuple[float, float]:
    lng, lat = _to_lnglat(epsg).transform(e, n)
    return float(lng), float(lat)


def utm_of(lng: float, lat: float, epsg: int) -> tuple[float, float]:
    e, n = _to_utm(epsg).transform(lng, lat)
    return float(e), float(n)


def _degenerate(msg_id: str, msg_en: str) -> Unprocessable:
    return Unprocessable(msg_id, msg_en, code="degenerate_calibration")


def _normaliser(pts: np.ndarray) -> np.ndarray:
    c = pts.mean(axis=0)
    d = np.sqrt(((pts - c) ** 2).sum(axis=1)).mean()
    s = np.sqrt(2) / d if d > 0 else 1.0
    return np.array([[s, 0, -s * c[0]], [0, s, -s * c[1]], [0, 0, 1]])


def _has_collinear_triple(pts: np.ndarray, tol: float) -> bool:
    """With exactly 4 points any 3 in a line leave the homography undetermined; with more,
    only all of them in a line does. `tol` is a distance from the line (pixels or metres)."""
    n = len(pts)
    if n > 4:
        centred = pts - pts.mean(axis=0)
        s = np.linalg.svd(centred, compute_uv=False)
        return bool(s[1] < tol * np.sqrt(n))
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j + 1, n):
                a, b, c = pts[i], pts[j], pts[k]
                area2 = abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))
                if area2 / max(np.linalg.norm(b - a), np.linalg.norm(c - a), 1e-9) < tol:
                    return True
    return False


def fit(pixels: list[tuple[float, float]], lnglats: list[tuple[float, float]], epsg: int) -> Homography:
    """Fit the homography in the UTM zone `epsg`, or raise 422 degenerate_calibration explaining why."""
    if len(pixels) != len(lnglats) or len(pixels) < 4:
        raise _degenerate("Perlu minimal 4 titik kontrol piksel ↔ (lng, lat).",
                          "At least 4 pixel ↔ (lng, lat) control points are needed.")
    px = np.asarray(pixels, dtype=float)
    en = np.array([_to_utm(epsg).transform(lng, lat) for lng, lat in lnglats])
    if len({tuple(p) for p in px.round(3)}) < len(px) or len({tuple(p) for p in en.round(2)}) < len(en):
        raise _degenerate("Ada titik kontrol yang sama.", "Some control points are repeated.")
    if _has_collinear_triple(px, 1.0) or _has_collinear_triple(en, 0.05):
        raise _degenerate("Tiga titik kontrol segaris: pilih titik yang menyebar.",
                          "Three control points lie on one line: choose points that spread out.")
    tp, te = _normaliser(px), _normaliser(en)
    p = (tp @ np.c_[px, np.ones(len(px))].T).T
    g = (te @ np.c_[en, np.ones(len(en))].T).T
    rows = []
    for (x, y, _), (u, v, _) in zip(p, g):
        rows.append([-x, -y, -1, 0, 0, 0, u * x, u * y, u])
        rows.append([0, 0, 0, -x, -y, -1, v * x, v * y, v])
    a = np.array(rows)
    _, s, vt = np.linalg.svd(a)
    if s[-2] < 1e-9 * s[0]:
        raise _degenerate("Titik kontrol tidak menentukan satu homografi.",
                          "The control points do not determine a single homography.")
    hn = vt[-1].reshape(3, 3)
    h = np.linalg.inv(te) @ hn @ tp
    h = h / h[2, 2]
    if abs(np.linalg.det(h)) < 1e-12:
        raise _degenerate("Homografi singular.", "The homography is singular.")
    w = (h @ np.c_[px, np.ones(len(px))].T)[2]
    if not (np.all(w > 0) or np.all(w < 0)):
        # the horizon would run between the points: no camera sees that (two points swapped, a walk)
        raise _degenerate("Titik kontrol tertukar: urutannya di gambar tidak sama dengan di tanah "
                          "(periksa pasangan piksel ↔ lng, lat).",
                          "Control points are swapped: their order in the picture differs from that on the "
                          "ground (check each pixel ↔ lng, lat pair).")
    if w[0] < 0:
        h = -h  # w > 0 on the ground's side of the horizon
    proj = (h @ np.c_[px, np.ones(len(px))].T).T
    proj = proj[:, :2] / proj[:, 2:3]
    err = np.sqrt(((proj - en) ** 2).sum(axis=1))
    return Homography(tuple(float(v) for v in h.ravel()), float(np.sqrt((err ** 2).mean())), float(err.max()), epsg)
