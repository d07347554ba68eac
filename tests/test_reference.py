"""Kupang reference data: complete, valid, nested, correctly corrected, re-loadable."""
from __future__ import annotations

import json

import psycopg
import pytest

from geo.hexes import AGGREGATE_RESOLUTIONS, cell_int
from geo.reference import load_reference, reference_counts, replace_service_zones
from geo.settings import Settings


def test_counts_after_load(conn: psycopg.Connection) -> None:
    assert reference_counts(conn, 1) == {"kecamatan": 6, "kelurahan": 51, "agencies": 7,
                                      "categories": 14, "service_zones": 42}


def test_kelurahan_per_kecamatan_match_the_source(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "SELECT kc.name, count(k.id) AS n FROM kecamatan kc JOIN kelurahan k ON k.kecamatan_id = kc.id"
        " GROUP BY kc.name").fetchall()
    assert {r["name"]: r["n"] for r in rows} == {
        "Alak": 12, "Kota Lama": 10, "Maulafa": 9, "Kota Raja": 8, "Oebobo": 7, "Kelapa Lima": 5}


def test_kota_lama_correction_is_applied(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "SELECT k.name, k.code, kc.name AS kecamatan FROM kelurahan k"
        " JOIN kecamatan kc ON kc.id = k.kecamatan_id WHERE k.name IN ('Nefonaek', 'Pasir Panjang')"
    ).fetchall()
    assert {r["name"]: r["kecamatan"] for r in rows} == {"Nefonaek": "Kota Lama",
                                                          "Pasir Panjang": "Kota Lama"}
    assert {r["code"] for r in rows} == {"5371040009", "5371040010"}  # source codes kept


def test_geometries_valid_and_kelurahan_nest_in_their_kecamatan(conn: psycopg.Connection) -> None:
    invalid = conn.execute(
        "SELECT count(*) AS n FROM (SELECT geom FROM kelurahan UNION ALL SELECT geom FROM kecamatan"
        " UNION ALL SELECT geom FROM service_zones) g WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom)"
    ).fetchone()
    assert invalid["n"] == 0
    # Every kelurahan lies inside its own kecamatan (area outside < 1 m²) ...
    outside = conn.execute(
        "SELECT k.name, ST_Area(ST_Difference(k.geom, kc.geom)::geography) AS m2 FROM kelurahan k"
        " JOIN kecamatan kc ON kc.id = k.kecamatan_id"
        " WHERE ST_Area(ST_Difference(k.geom, kc.geom)::geography) > 1").fetchall()
    assert outside == []
    # ... and the kecamatan are exactly the union of their kelurahan (no gaps).
    gaps = conn.execute(
        "SELECT kc.name FROM kecamatan kc JOIN kelurahan k ON k.kecamatan_id = kc.id GROUP BY kc.id, kc.city_id"
        " HAVING abs(ST_Area(kc.geom::geography) - ST_Area(ST_Union(k.geom)::geography)) > 1000"
    ).fetchall()
    assert gaps == []
    total = conn.execute("SELECT sum(ST_Area(geom::geography)) / 1e6 AS km2 FROM kecamatan").fetchone()
    assert 150 < total["km2"] < 160  # README: about 155.4 km²


def test_every_category_routes_to_an_agency_with_sla(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "SELECT c.code, a.code AS agency, c.default_priority, c.sla_hours, c.confidential"
        " FROM categories c JOIN agencies a ON a.id = c.agency_id").fetchall()
    by_code = {r["code"]: r for r in rows}
    assert by_code["kebakaran"]["agency"] == "DAMKAR"
    assert by_code["kebakaran"]["default_priority"] == "urgent"
    assert by_code["orang_hilang"]["default_priority"] == "urgent"
    assert by_code["orang_hilang"]["confidential"] and by_code["kesehatan"]["confidential"]
    assert by_code["sampah"]["agency"] == "DLH"
    assert len({r["agency"] for r in rows}) == 7  # every OPD receives something


def test_loading_twice_changes_nothing(conn: psycopg.Connection, settings: Settings) -> None:
    before = conn.execute("SELECT id, code FROM kelurahan ORDER BY id").fetchall()
    counts = load_reference(conn, settings.reference_dir)
    after = conn.execute("SELECT id, code FROM kelurahan ORDER BY id").fetchall()
    assert before == after
    assert counts["service_zones"] == 42


def test_replace_zones_from_geojson(conn: psycopg.Connection, tmp_path) -> None:
    west = {"type": "Polygon", "coordinates": [[[123.50, -10.30], [123.60, -10.30], [123.60, -10.10],
                                                [123.50, -10.10], [123.50, -10.30]]]}
    east = {"type": "Polygon", "coordinates": [[[123.60, -10.30], [123.70, -10.30], [123.70, -10.10],
                                                [123.60, -10.10], [123.60, -10.30]]]}
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "DLH Barat"}, "geometry": west},
        {"type": "Feature", "properties": {"name": "DLH Timur"}, "geometry": east}]}))
    assert replace_service_zones(conn, "DLH", path) == 2
    names = [r["name"] for r in conn.execute(
        "SELECT z.name FROM service_zones z JOIN agencies a ON a.id = z.agency_id"
        " WHERE a.code = 'DLH' ORDER BY z.name").fetchall()]
    assert names == ["DLH Barat", "DLH Timur"]
    # Other agencies keep their per-kecamatan zones.
    assert reference_counts(conn, 1)["service_zones"] == 42 - 6 + 2


def test_replace_zones_rejects_points(conn: psycopg.Connection, tmp_path) -> None:
    from geo.errors import InvalidInput

    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [123.6, -10.2]}}]}))
    with pytest.raises(InvalidInput) as exc:
        replace_service_zones(conn, "DLH", path)
    assert exc.value.code == "invalid_zone_geometry"
    assert reference_counts(conn, 1)["service_zones"] == 42  # nothing lost


def test_city_hexagons_are_registered_at_load(conn: psycopg.Connection) -> None:
    """Every aggregate cell a report inside the city can fall in already has its hexagon,
    even at the boundary (every kelurahan vertex checked), so submissions do not build them."""
    vertices = conn.execute("SELECT ST_X(v.geom) AS lng, ST_Y(v.geom) AS lat"
                            " FROM kelurahan k, ST_DumpPoints(k.geom) v").fetchall()
    cells = {cell_int(p["lng"], p["lat"], r) for p in vertices for r in AGGREGATE_RESOLUTIONS}
    missing = conn.execute("SELECT count(*) AS n FROM unnest(%s::bigint[]) c"
                           " WHERE NOT EXISTS (SELECT 1 FROM h3_cells h WHERE h.cell = c)", (list(cells),)).fetchone()
    assert len(vertices) > 1000 and missing["n"] == 0
    sizes = conn.execute("SELECT res, count(*) AS n FROM h3_cells GROUP BY res ORDER BY res").fetchall()
    assert [s["res"] for s in sizes] == list(AGGREGATE_RESOLUTIONS) and 10_000 < sizes[-1]["n"] < 20_000


def test_reference_tables_have_planner_statistics_after_a_load(conn: psycopg.Connection,
                                                               settings: Settings) -> None:
    """A one-row `cities` table is never analysed by autovacuum; without its statistics a
    citizen's "Laporan saya" took 10 s (the planner joined the lookup tables, 1.5M rows, first)."""
    load_reference(conn, settings.reference_dir)
    conn.commit()
    never = [r["relname"] for r in conn.execute(
        "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r' AND reltuples < 0",
        (["cities", "kecamatan", "kelurahan", "agencies", "categories", "service_zones"],))]
    assert never == []


def test_a_categorys_confidentiality_is_kept_once_it_has_reports(conn: psycopg.Connection, settings: Settings,
                                                                tmp_path) -> None:
    """Reports filed on the promise of a coarsened place stay coarsened, and exact ones are not
    relabelled: `sigap load-reference` refuses to flip the flag under existing reports."""
    import shutil
    from datetime import UTC, datetime

    from geo.errors import Conflict
    from tests.helpers import LLBK, plant_reports

    assert plant_reports(conn, [{"lng": LLBK[0], "lat": LLBK[1], "category": "sampah",
                                 "created": datetime.now(UTC)}]) == 1
    ref = tmp_path / "ref"
    shutil.copytree(settings.reference_dir, ref)
    cats = json.loads((ref / "categories.json").read_text())
    for c in cats:
        c["confidential"] = not c["confidential"] if c["code"] in ("sampah", "kebakaran") else c["confidential"]
    (ref / "categories.json").write_text(json.dumps(cats))
    with pytest.raises(Conflict) as refused:
        load_reference(conn, ref)
    conn.rollback()
    assert refused.value.code == "confidentiality_locked" and "'sampah'" in refused.value.message_en
    assert conn.execute("SELECT confidential FROM categories WHERE code = 'sampah'").fetchone()["confidential"] is False
