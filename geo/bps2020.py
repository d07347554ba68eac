"""Reading BPS 2020 village boundaries (OCHA/HDX COD-AB, CC BY-IGO), one format for every city.

Each feature is a kelurahan/desa with `village_code`, `village`, `district_code`, `district`
(kecamatan), `regency_code` (kota/kabupaten), codes prefixed "id". Kecamatan are dissolved from
their kelurahan, so the two layers nest exactly. BPS pseudo-units (village codes ending in 888:
lakes and unassigned land such as Jakarta's "Danau Sunter" and "Prepedan") are not kelurahan:
each is merged into the real kelurahan it shares the longest border with, so a report on its
shore is routed like its neighbours' instead of being refused as outside the city.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from shapely.geometry import MultiPolygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geo.errors import InvalidInput

PSEUDO_SUFFIX = "888"

# Indonesia's three time zones by province code (BPS 2-digit): WIT for Maluku and Papua,
# WITA for Bali, Nusa Tenggara, Sulawesi and the east and north of Kalimantan, else WIB.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}


def time_zone(province_code: str) -> str:
    p = province_code[:2]
    return "Asia/Jayapura" if p in _WIT else "Asia/Makassar" if p in _WITA else "Asia/Jakarta"


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    kecamatan_code: str
    kecamatan: str
    geom: BaseGeometry


@dataclass(frozen=True)
class CityBoundaries:
    """What one BPS 2020 file gives: kelurahan, the kecamatan dissolved from them, and what
    was merged (pseudo-unit code -> kelurahan code)."""

    kelurahan: list[Village]
    kecamatan: dict[str, tuple[str, BaseGeometry]]  # code -> (name, geometry)
    merged: dict[str, str]
    province_code: str

    def center_and_zoom(self) -> tuple[tuple[float, float], float]:
        """The map's default view: the area-weighted centre, and a zoom that shows the
        kelurahan near it (far islands such as Kepulauan Seribu do not widen the view)."""
        whole = unary_union([v.geom for v in self.kelurahan])
        c = whole.centroid
        dist = sorted(v.geom.centroid.distance(c) for v in self.kelurahan)
        limit = 3 * dist[len(dist) // 2]
        core = unary_union([v.geom for v in self.kelurahan if v.geom.centroid.distance(c) <= limit])
        minx, miny, maxx, maxy = core.bounds
        span = max(maxx - minx, (maxy - miny) * 1.3, 1e-3)
        zoom = max(8.0, min(14.0, math.floor(math.log2(360 * 1.2 / span) * 2) / 2))
        return (round(c.x, 5), round(c.y, 5)), zoom


def _code(value: Any) -> str:
    text = str(value or "").strip()
    return text[2:] if text.lower().startswith("id") else text


def _multi(g: BaseGeometry) -> BaseGeometry:
    g = g.buffer(0) if not g.is_valid else g
    return g if isinstance(g, MultiPolygon) else MultiPolygon([g]) if g.geom_type == "Polygon" else g


def read(features: list[dict[str, Any]]) -> CityBoundaries:
    """Every village of a BPS 2020 file (one city: a kota, or DKI Jakarta's six)."""
    villages: list[Village] = []
    pseudo: list[Village] = []
    province = ""
    for i, f in enumerate(features):
        p = f.get("properties") or {}
        code = _code(p.get("village_code"))
        province = province or _code(p.get("province_code"))
        if not code or not p.get("village") or not p.get("district_code") or f.get("geometry") is None:
            raise InvalidInput(f"Fitur #{i} bukan desa/kelurahan BPS 2020.",
                               f"Feature #{i} is not a BPS 2020 village.", code="invalid_boundaries")
        v = Village(code, str(p["village"]).strip(), _code(p["district_code"]), str(p["district"]).strip(),
                    _multi(shape(f["geometry"])))
        (pseudo if code.endswith(PSEUDO_SUFFIX) else villages).append(v)
    if not villages:
        raise InvalidInput("Berkas tidak berisi kelurahan.", "The file holds no kelurahan.",
                           code="invalid_boundaries")
    merged: dict[str, str] = {}
    for u in pseudo:
        border = [(v.geom.boundary.intersection(u.geom.boundary).length, v.code, n) for n, v in enumerate(villages)]
        length, _, n = max(border, key=lambda b: (b[0], -int(b[1])))
        if length <= 0:  # an island unit: dropped rather than attached to a far kelurahan
            continue
        v = villages[n]
        villages[n] = Village(v.code, v.name, v.kecamatan_code, v.kecamatan, _multi(unary_union([v.geom, u.geom])))
        merged[u.code] = v.code
    parts: dict[str, list[BaseGeometry]] = defaultdict(list)
    names: dict[str, str] = {}
    for v in villages:
        parts[v.kecamatan_code].append(v.geom)
        names[v.kecamatan_code] = v.kecamatan
    kecamatan = {code: (names[code], _multi(unary_union(geoms))) for code, geoms in parts.items()}
    return CityBoundaries(villages, kecamatan, merged, province or villages[0].code[:2])


def geojson(g: BaseGeometry) -> dict[str, Any]:
    return dict(mapping(g))
