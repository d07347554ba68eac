"""Load the city's reference data: kecamatan, kelurahan, agencies, categories, zones.

Every step is an upsert keyed on a stable code, so loading twice changes nothing
and a corrected file can simply be loaded again. The caller commits.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from shapely.geometry import shape

from geo.db import Conn, query
from geo.errors import InvalidInput, NotFound
from geo.hexes import AGGREGATE_RESOLUTIONS, cells_covering, register_cells

Progress = Callable[[Iterable[Any], str], Iterable[Any]]


def _no_progress(items: Iterable[Any], _label: str) -> Iterable[Any]:
    return items


def _features(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text())
    if data.get("type") != "FeatureCollection":
        raise InvalidInput(
            f"{path.name} bukan GeoJSON FeatureCollection.",
            f"{path.name} is not a GeoJSON FeatureCollection.",
            code="invalid_geojson",
        )
    return data["features"]


def load_reference(conn: Conn, directory: Path,
                   progress: Progress = _no_progress) -> dict[str, int]:
    """Upsert everything from `directory`; returns the row counts afterwards.

    The hexagons of the city's aggregate cells are registered up front (Kota Kupang: ~13,000
    cells r6-r10, about a second), so a submission finds its cells already there instead of
    building their polygons. Border cells beyond that margin are still added when first used.
    """
    kelurahan = _features(directory / "kupang_kelurahan.geojson")
    for f in progress(_features(directory / "kupang_kecamatan.geojson"), "kecamatan"):
        p = f["properties"]
        conn.execute(query("upsert_kecamatan"), {
            "code": p["kode_kecamatan_bps_2013"], "name": p["kecamatan"],
            "area_km2": p.get("luas_km2_dihitung"), "geometry": json.dumps(f["geometry"])})
    for f in progress(kelurahan, "kelurahan"):
        p = f["properties"]
        row = conn.execute(query("upsert_kelurahan"), {
            "code": p["kode_bps_2013"], "name": p["kelurahan"], "kecamatan": p["kecamatan"],
            "puskesmas": p.get("puskesmas"), "area_km2": p.get("luas_km2_dihitung"),
            "geometry": json.dumps(f["geometry"])}).fetchone()
        if row is None:
            raise NotFound(f"Kecamatan {p['kecamatan']!r} tidak ada.",
                           f"Kecamatan {p['kecamatan']!r} does not exist.", code="unknown_kecamatan")
    for a in progress(json.loads((directory / "agencies.json").read_text()), "agencies"):
        conn.execute(query("upsert_agency"), a)
    for c in progress(json.loads((directory / "categories.json").read_text()), "categories"):
        if conn.execute(query("upsert_category"), c).fetchone() is None:
            raise NotFound(f"OPD {c['agency']!r} tidak ada.", f"Agency {c['agency']!r} does not exist.",
                           code="unknown_agency")
    conn.execute(query("default_service_zones"))
    register_cells(conn, cells_covering((f["geometry"] for f in kelurahan), AGGREGATE_RESOLUTIONS))
    return reference_counts(conn)


def reference_counts(conn: Conn) -> dict[str, int]:
    row = conn.execute(query("reference_counts")).fetchone()
    return dict(row)  # type: ignore[arg-type]


def replace_service_zones(conn: Conn, agency_code: str, path: Path,
                          name_property: str = "name") -> int:
    """Replace one agency's zones from a GeoJSON of (Multi)Polygons and re-route its reports."""
    agency = conn.execute(query("agency_id_by_code"), {"code": agency_code}).fetchone()
    if agency is None:
        raise NotFound(f"OPD {agency_code!r} tidak dikenal.", f"Unknown agency {agency_code!r}.",
                       code="unknown_agency")
    features = _features(path)
    if not features:
        raise InvalidInput("Berkas zona kosong.", "The zone file is empty.", code="empty_zones")
    rows: list[dict[str, Any]] = []
    for i, f in enumerate(features):
        geom = f.get("geometry") or {}
        if geom.get("type") not in ("Polygon", "MultiPolygon") or shape(geom).is_empty:
            raise InvalidInput(
                f"Fitur #{i} bukan poligon.", f"Feature #{i} is not a polygon.",
                code="invalid_zone_geometry")
        name = str((f.get("properties") or {}).get(name_property) or f"{agency_code} zona {i + 1}")
        if any(r["name"] == name for r in rows):
            raise InvalidInput(f"Nama zona {name!r} ganda.", f"Duplicate zone name {name!r}.",
                               code="duplicate_zone_name")
        rows.append({"agency_id": agency["id"], "name": name, "geometry": json.dumps(geom)})
    conn.execute(query("replace_service_zones_delete"), {"agency_id": agency["id"]})
    for r in rows:
        conn.execute(query("insert_service_zone"), r)
    conn.execute(query("reassign_report_zones"), {"agency_id": agency["id"]})
    return len(rows)
