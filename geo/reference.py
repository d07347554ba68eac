"""Load a city's reference data: kecamatan, kelurahan, agencies, categories, zones.

Every step is an upsert keyed on a stable code, so loading twice changes nothing
and a corrected file can simply be loaded again. The caller commits.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shapely.geometry import shape

from geo import cities
from geo.db import Conn, one, query
from geo.errors import Conflict, InvalidInput, NotFound
from geo.hexes import AGGREGATE_RESOLUTIONS, cells_covering, register_cells

if TYPE_CHECKING:
    from geo.bps2020 import CityBoundaries

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


@dataclass(frozen=True)
class Unit:
    """One kecamatan or kelurahan to load: BPS code, name, parent kecamatan (kelurahan only)."""

    code: str
    name: str
    geometry: dict[str, Any]
    kecamatan: str = ""
    puskesmas: str | None = None
    area_km2: float | None = None


def load_reference(conn: Conn, directory: Path,
                   progress: Progress = _no_progress) -> dict[str, int]:
    """Upsert Kota Kupang (city 1, the corrected BPS 2013 set shipped in data/reference) and its
    agencies and categories; returns the city's row counts afterwards.

    The hexagons of the city's aggregate cells are registered up front (Kota Kupang: ~13,000
    cells r6-r10, about a second), so a submission finds its cells already there instead of
    building their polygons. Border cells beyond that margin are still added when first used.
    """
    kecamatan = [Unit(p["kode_kecamatan_bps_2013"], p["kecamatan"], f["geometry"], area_km2=p.get("luas_km2_dihitung"))
                 for f in _features(directory / "kupang_kecamatan.geojson") for p in [f["properties"]]]
    kelurahan = [Unit(p["kode_bps_2013"], p["kelurahan"], f["geometry"], p["kecamatan"], p.get("puskesmas"),
                      p.get("luas_km2_dihitung"))
                 for f in _features(directory / "kupang_kelurahan.geojson") for p in [f["properties"]]]
    city_id = cities.resolve(conn, "kupang").id
    return load_city(conn, city_id, kecamatan, kelurahan, directory / "agencies.json",
                     directory / "categories.json", progress)


def load_city(conn: Conn, city_id: int, kecamatan: list[Unit], kelurahan: list[Unit], agencies: Path,
              categories: Path, progress: Progress = _no_progress) -> dict[str, int]:
    """Upsert one city's boundaries, agencies, categories and default zones (keyed on codes)."""
    for k in progress(kecamatan, "kecamatan"):
        conn.execute(query("upsert_kecamatan"), {
            "city_id": city_id, "code": k.code, "name": k.name, "area_km2": k.area_km2,
            "geometry": json.dumps(k.geometry)})
    for k in progress(kelurahan, "kelurahan"):
        row = conn.execute(query("upsert_kelurahan"), {
            "city_id": city_id, "code": k.code, "name": k.name, "kecamatan": k.kecamatan,
            "puskesmas": k.puskesmas, "area_km2": k.area_km2, "geometry": json.dumps(k.geometry)}).fetchone()
        if row is None:
            raise NotFound(f"Kecamatan {k.kecamatan!r} tidak ada.",
                           f"Kecamatan {k.kecamatan!r} does not exist.", code="unknown_kecamatan")
    for a in progress(json.loads(agencies.read_text()), "agencies"):
        conn.execute(query("upsert_agency"), {**a, "city_id": city_id})
    for c in progress(json.loads(categories.read_text()), "categories"):
        _keep_promise(conn, city_id, c)
        if conn.execute(query("upsert_category"), {**c, "city_id": city_id}).fetchone() is None:
            raise NotFound(f"OPD {c['agency']!r} tidak ada.", f"Agency {c['agency']!r} does not exist.",
                           code="unknown_agency")
    conn.execute(query("default_service_zones_unname"), {"city_id": city_id})
    changed = conn.execute(query("default_service_zones"), {"city_id": city_id}).fetchone()
    if changed and changed["agency_ids"]:
        conn.execute(query("reroute_city_zones"), {"city_id": city_id, "agency_ids": changed["agency_ids"]})
    conn.execute(query("set_city_extent"), {"city_id": city_id})
    register_cells(conn, cells_covering((k.geometry for k in kelurahan), AGGREGATE_RESOLUTIONS))
    conn.execute(query("analyze_reference"))
    cities.forget()
    return reference_counts(conn, city_id)


def _keep_promise(conn: Conn, city_id: int, category: dict[str, Any]) -> None:
    """A category's confidentiality cannot change once reports were filed under it. Made public,
    reports filed on the promise of a coarsened place would be shown exactly; made confidential,
    its reports' public places, H3 cells and heat counts (derived once, when each was filed)
    would stay exact while labelled coarsened. A new category code starts a new promise."""
    conn.execute(query("lock_category"), {"city_id": city_id, "code": category["code"]})
    row = conn.execute(query("category_confidentiality"), {"city_id": city_id, "code": category["code"]}).fetchone()
    if row and row["has_reports"] and bool(row["confidential"]) != bool(category.get("confidential")):
        code = category["code"]
        raise Conflict(
            f"Kategori {code!r} sudah punya laporan: kerahasiaannya tidak bisa diubah. "
            "Buat kategori baru dengan kode lain untuk laporan berikutnya.",
            f"Category {code!r} already has reports: its confidentiality cannot change. "
            "Add a new category with another code for future reports.", code="confidentiality_locked")


def reference_counts(conn: Conn, city_id: int) -> dict[str, int]:
    return dict(one(conn.execute(query("reference_counts"), {"city_id": city_id})))


def replace_service_zones(conn: Conn, agency_code: str, path: Path,
                          name_property: str = "name", city_id: int | None = None) -> int:
    """Replace one agency's zones (of `city_id`, else the default city) from a GeoJSON of
    (Multi)Polygons and re-route its reports."""
    city = cities.resolve(conn, str(city_id) if city_id else None)
    agency = conn.execute(query("agency_id_by_code"), {"code": agency_code, "city_id": city.id}).fetchone()
    if agency is None:
        raise NotFound(f"OPD {agency_code!r} tidak dikenal.", f"Unknown agency {agency_code!r}.",
                       code="unknown_agency")
    features = _features(path)
    if not features:
        raise InvalidInput("Berkas zona kosong.", "The zone file is empty.", code="empty_zones")
    if name_property != "name" and not any((f.get("properties") or {}).get(name_property) for f in features):
        raise InvalidInput(f"Tidak ada fitur dengan properti {name_property!r}.", f"No feature has the property "
                           f"{name_property!r}.", code="unknown_name_property")  # every zone was "DLH zona n"
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
        rows.append({"agency_id": agency["id"], "city_id": city.id, "name": name, "geometry": json.dumps(geom)})
        if city.bbox and not one(conn.execute(query("zone_meets_city"), rows[-1]))["meets"]:
            raise InvalidInput(
                f"Zona {name!r} (fitur #{i}) tidak menyentuh wilayah {city.name}: berkas kota lain?",
                f"Zone {name!r} (feature #{i}) does not touch {city.name}: another city's file?",
                code="zone_outside_city", details={"zone": name, "city": city.slug})
    conn.execute(query("replace_service_zones_delete"), {"agency_id": agency["id"], "city_id": city.id})
    for r in rows:
        conn.execute(query("insert_service_zone"), r)
    conn.execute(query("reassign_report_zones"), {"agency_id": agency["id"], "city_id": city.id})
    return len(rows)


def add_city(conn: Conn, path: Path, *, code: str, name: str, slug: str | None = None,
             time_zone: str | None = None, agencies: Path | None = None, categories: Path | None = None,
             reference_dir: Path, progress: Progress = _no_progress) -> dict[str, Any]:
    """Create or update a city from a BPS 2020 boundary file (geo.bps2020): its row in `cities`
    (UTM zone from its boundary, time zone from its province unless given), kecamatan dissolved
    from kelurahan, and agencies and categories (default: the shipped seven OPD and their
    categories). Re-running updates everything in place, keyed on BPS codes."""
    from geo import bps2020

    if not re.fullmatch(r"[0-9]{2,10}", code or ""):
        raise InvalidInput("Kode BPS berupa 2-10 angka.", "A BPS code is 2-10 digits.", code="invalid_city_code")
    known = cities.all_cities(conn, fresh=True)
    existing = next((c for c in known if c.code == code), None)
    given = slug
    # loaded again: its address stays unless --slug says otherwise (a new --name moved /jakarta/ to /jkt/)
    derived = re.sub(r"[^a-z0-9]+", "-", re.sub(r"^(kota|kabupaten|kab\.?|dki|provinsi)\s+", "",
                                                name.strip().lower())).strip("-")
    slug = slug or (existing.slug if existing else None) or derived
    if not given and not re.fullmatch(r"[a-z][a-z0-9-]{1,40}", slug):  # the name was the problem, not a slug
        raise InvalidInput(f"Dari nama {name!r} tidak dapat dibuat alamat kota: beri nama lengkap atau --slug.",
                           f"No city address can be made from the name {name!r}: give the full name or --slug.",
                           code="invalid_city_slug")
    if not re.fullmatch(r"[a-z][a-z0-9-]{1,40}", slug):
        raise InvalidInput("Slug kota: huruf kecil, angka, tanda hubung.",
                           "A city slug is lower-case letters, digits and hyphens.", code="invalid_city_slug")
    if any(c.slug == slug and c.code != code for c in known):
        raise Conflict(f"Slug {slug!r} sudah dipakai kota lain.", f"The slug {slug!r} belongs to another city.",
                       code="city_exists")
    if time_zone:
        _check_zone(time_zone)
    city = bps2020.read(_features(path))
    _check_ground(conn, city, code)
    if existing:
        _check_whole(conn, city, existing.id)
    (lng, lat), zoom = city.center_and_zoom()
    row = conn.execute(query("upsert_city"), {
        "code": code, "slug": slug, "name": name.strip(),
        "time_zone": time_zone or (existing.time_zone if existing else bps2020.time_zone(city.province_code)),
        "utm_epsg": cities.utm_epsg(lng, lat), "center_lng": lng, "center_lat": lat, "zoom": zoom,
        "attribution": "Batas / Boundaries: BPS 2020 (OCHA/HDX COD-AB, CC BY-IGO)"}).fetchone()
    assert row is not None
    kecamatan = [Unit(c, n, bps2020.geojson(g), area_km2=_area_km2(g)) for c, (n, g) in sorted(city.kecamatan.items())]
    kelurahan = [Unit(v.code, v.name, bps2020.geojson(v.geom), v.kecamatan, area_km2=_area_km2(v.geom))
                 for v in city.kelurahan]
    counts = load_city(conn, row["id"], kecamatan, kelurahan, agencies or reference_dir / "agencies.json",
                       categories or reference_dir / "categories.json", progress)
    return {"city": slug, "id": row["id"], **counts, "merged_pseudo_units": city.merged}


def _check_whole(conn: Conn, city: CityBoundaries, city_id: int) -> None:
    """A file loaded again over a city holds all of its kelurahan: five of Jakarta's 267 shrank
    five kecamatan to the file's few kelurahan and moved the map, and said "267" all the same."""
    held = {v.code for v in city.kelurahan}
    missing = [r for r in conn.execute(query("kelurahan_codes"), {"city_id": city_id}) if r["code"] not in held]
    if missing:
        names = ", ".join(r["name"] for r in missing[:5])
        raise InvalidInput(f"Berkas ini tidak memuat {len(missing)} kelurahan kota ini ({names}…): muat berkas kota "
                           "yang lengkap.",
                           f"This file lacks {len(missing)} of the city's kelurahan ({names}…): load the whole city's file.",
                           code="city_file_incomplete", details={"missing": [r["code"] for r in missing[:50]]})


def _check_zone(name: str) -> None:
    """An IANA zone Python and PostgreSQL both know: "Mars/Base" was stored, and every list,
    statistic and export of the city answered 500 from then on."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"Zona waktu {name!r} tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar, Asia/Jayapura).",
                           f"Unknown time zone {name!r} (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura).",
                           code="invalid_time_zone") from None


def _check_ground(conn: Conn, city: CityBoundaries, code: str) -> None:
    """The file is the city the code names, and no other city already holds its ground: the same
    file under code 32 made a second Jakarta, and every point there belonged to two cities."""
    other = sorted({v.code[:len(code)] for v in city.kelurahan if not v.code.startswith(code)})
    if other:
        raise InvalidInput(
            f"Kelurahan di berkas ini berkode {', '.join(other[:3])}…, bukan {code}: kode kota salah?",
            f"This file's kelurahan have codes {', '.join(other[:3])}…, not {code}: wrong city code?",
            code="city_code_mismatch", details={"code": code, "file_codes": other[:10]})
    from shapely.ops import unary_union

    from geo import bps2020

    outline = json.dumps(bps2020.geojson(unary_union([v.geom for v in city.kelurahan])))
    taken = conn.execute(query("cities_under_outline"), {"outline": outline, "code": code, "min_share": 0.01}).fetchall()
    if taken:
        names = ", ".join(f"{r['slug']} ({r['share']:.0%})" for r in taken)
        raise Conflict(f"Wilayah berkas ini sudah milik kota lain: {names}.",
                       f"This file's ground already belongs to another city: {names}.",
                       code="city_overlaps", details={"cities": [r["slug"] for r in taken]})


def _area_km2(g: Any) -> float:
    """Area on the ellipsoid (WGS 84), for the attribute tables."""
    from pyproj import Geod

    return round(abs(Geod(ellps="WGS84").geometry_area_perimeter(g)[0]) / 1e6, 3)
