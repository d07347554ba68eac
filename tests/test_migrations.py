"""Migrations: apply on an empty database, re-run cleanly, and yield the documented model."""
from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg.rows import dict_row
from sqlalchemy import create_engine, inspect

from geo.db import migration_files
from geo.hexes import REPORT_RESOLUTIONS
from geo.migrations import current_version, status, upgrade
from geo.settings import Settings
from tests.helpers import load_reference_schema11, oebobo_report


@pytest.fixture
def empty_db(base_settings: Settings):
    """A brand-new database on the test cluster, dropped afterwards."""
    name = f"mig_{uuid.uuid4().hex[:8]}"
    admin = base_settings.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = base_settings.database_url.rsplit("/", 1)[0] + "/" + name
    yield url
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_upgrade_applies_every_migration_once_then_nothing(empty_db: str) -> None:
    from click.testing import CliRunner

    from api.cli import main

    # `sigap db status` says what an upgrade would do, before it is done (there was no way to know)
    said = CliRunner().invoke(main, ["db", "status", "--check"], env={"DATABASE_URL": empty_db})
    assert said.exit_code == 1, said.output  # --check: scripts stop on a pending migration
    assert f"schema version 0; {len(migration_files())} belum diterapkan / pending" in said.output, said.output
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        assert status(conn, migration_files()[:3])[1] == [p.stem for p in migration_files()[:3]]
        conn.rollback()  # (a read: upgrade wants the connection out of any transaction)
        upgrade(conn, files=migration_files()[:3])
        assert status(conn) == (3, [p.stem for p in migration_files()[3:]])
        conn.rollback()
        first = [p.stem for p in migration_files()[:3]] + upgrade(conn)
        second = upgrade(conn)
        assert status(conn) == (int(migration_files()[-1].name[:4]), [])
        assert first == [p.stem for p in migration_files()]
        assert second == []
        assert current_version(conn) == int(migration_files()[-1].name[:4])
        rows = conn.execute("SELECT count(*) AS n FROM schema_migrations").fetchone()
        assert rows["n"] == len(migration_files())
    said = CliRunner().invoke(main, ["db", "status", "--check"], env={"DATABASE_URL": empty_db})
    assert said.exit_code == 0 and "mutakhir / up to date" in said.output, said.output


def test_schema_has_spatial_columns_in_4326_with_gist(empty_db: str) -> None:
    with psycopg.connect(empty_db) as conn:
        upgrade(conn)
    engine = create_engine(empty_db.replace("postgresql://", "postgresql+psycopg://"))
    insp = inspect(engine)
    import geoalchemy2  # noqa: F401  (registers the geometry type for reflection)

    expected = {"kecamatan": "MULTIPOLYGON", "kelurahan": "MULTIPOLYGON",
                "service_zones": "MULTIPOLYGON", "reports": "POINT", "responders": "POINT",
                "cameras": "POINT", "detections": "POINT"}
    for table, gtype in expected.items():
        cols = {c["name"]: c["type"] for c in insp.get_columns(table)}
        assert cols["geom"].geometry_type == gtype, table
        assert cols["geom"].srid == 4326, table
        gist = [i for i in insp.get_indexes(table) if i["column_names"] == ["geom"]]
        assert gist, f"{table}.geom has no index"
    report_cols = {c["name"] for c in insp.get_columns("reports")}
    assert {f"h3_r{r}" for r in REPORT_RESOLUTIONS} <= report_cols
    engine.dispose()


def test_a_failing_migration_leaves_no_trace(empty_db: str, tmp_path) -> None:
    bad = tmp_path / "0999_broken.sql"
    bad.write_text("CREATE TABLE half_done (id int); SELECT no_such_function();")
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        with pytest.raises(psycopg.errors.UndefinedFunction):
            upgrade(conn, files=[*migration_files(), bad])
        conn.rollback()
        exists = conn.execute("SELECT to_regclass('half_done') AS t").fetchone()
        assert exists["t"] is None
        assert current_version(conn) == int(migration_files()[-1].name[:4])


def test_h3_center_child_in_sql_matches_h3(empty_db: str) -> None:
    """Migration 0012 derives the public cells in SQL; they must be H3's own centre children."""
    import random

    import h3

    rnd = random.Random(7)
    cells = [h3.latlng_to_cell(rnd.uniform(-60, 60), rnd.uniform(-180, 180), rnd.choice([6, 7, 8])) for _ in range(300)]
    with psycopg.connect(empty_db) as conn:
        upgrade(conn)
        for c in cells:
            for res in range(h3.get_resolution(c) + 1, 12):
                got = conn.execute("SELECT sigap_h3_center_child(%s, %s)", (h3.str_to_int(c), res)).fetchone()[0]
                assert got == h3.str_to_int(h3.cell_to_center_child(c, res))


def test_schema_12_coarsens_confidential_reports_filed_before_it(empty_db: str, reference_dir) -> None:
    """A database at schema 11 with a missing-person report: after the upgrade its H3 cells and
    public kelurahan follow its public (r8 centre) point, and the aggregates count it there."""
    import h3

    from geo.hexes import cell_center, cells_for_point

    before = [p for p in migration_files() if int(p.name[:4]) <= 11]
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        upgrade(conn, files=before)
        load_reference_schema11(conn, reference_dir)
        # Bello/Maulafa boundary area; the exact point's r9 cell is not its r8 centre child.
        lng, lat = 123.6185, -10.2112
        cells = cells_for_point(lng, lat, (6, 7, 8, 9, 10, 11))
        plng, plat = cell_center(cells[8])
        assert h3.str_to_int(h3.cell_to_center_child(h3.int_to_str(cells[8]), 9)) != cells[9]
        cat = conn.execute("SELECT id, agency_id FROM categories WHERE code = 'orang_hilang'").fetchone()
        kel = conn.execute("SELECT id, kecamatan_id FROM kelurahan WHERE name = 'Bello'").fetchone()
        conn.execute(
            "INSERT INTO reports (category_id, agency_id, kecamatan_id, kelurahan_id, priority, geom, public_geom,"
            " h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, due_at) VALUES (%s, %s, %s, %s, 'urgent',"
            " ST_SetSRID(ST_MakePoint(%s, %s), 4326), ST_SetSRID(ST_MakePoint(%s, %s), 4326),"
            " %s, %s, %s, %s, %s, %s, now())",
            (cat["id"], cat["agency_id"], kel["kecamatan_id"], kel["id"], lng, lat, plng, plat,
             *(cells[r] for r in (6, 7, 8, 9, 10, 11))))
        conn.commit()
        upgrade(conn)
        row = conn.execute("SELECT h3_r8, h3_r9, h3_r10, h3_r11, public_kelurahan_id FROM reports").fetchone()
        public = cells_for_point(plng, plat, (8, 9, 10, 11))
        assert [row[f"h3_r{r}"] for r in (8, 9, 10, 11)] == [public[r] for r in (8, 9, 10, 11)]
        held = conn.execute(
            "SELECT kp.kelurahan_id FROM kelurahan_parts kp ORDER BY ST_Intersects(kp.geom,"
            " ST_SetSRID(ST_MakePoint(%s, %s), 4326)) DESC, kp.geom <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326)"
            " LIMIT 1", (plng, plat, plng, plat)).fetchone()["kelurahan_id"]
        assert row["public_kelurahan_id"] == held
        counted = {r["res"]: r["cell"] for r in conn.execute("SELECT res, cell FROM h3_report_counts")}
        assert counted == {r: public[r] if r >= 8 else cells[r] for r in (6, 7, 8, 9, 10)}
        heat = {r["res"]: r["cell"] for r in conn.execute("SELECT res, cell FROM h3_report_heat_total")}
        assert heat == counted


def test_schema_38_coarsens_confidential_reports_bulk_loaded_exact(empty_db: str, reference_dir) -> None:
    """A database at schema 37 with a missing-person report written straight into the table at its
    exact point (as seeded demo data was): after the upgrade it is public at its r8 cell's centre,
    with that centre's cells and kelurahan, and such a row can no longer be written. The heatmap's
    month tables count it there too, not at its exact cells (0040: they had no UPDATE path, and the
    public heatmap showed missing persons to ~70 m), and follow any later move of a report."""
    from geo.hexes import cell_center, cells_for_point
    from geo.reference import load_reference

    before = [p for p in migration_files() if int(p.name[:4]) <= 37]
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        upgrade(conn, files=before)
        conn.autocommit = False
        load_reference(conn, reference_dir)
        lng, lat = 123.6185, -10.2112
        cells = cells_for_point(lng, lat, REPORT_RESOLUTIONS)
        insert = ("INSERT INTO reports (city_id, category_id, agency_id, kecamatan_id, kelurahan_id, public_kelurahan_id,"
                  " priority, geom, public_geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, due_at)"
                  " SELECT 1, c.id, c.agency_id, k.kecamatan_id, k.id, k.id, 'urgent', p.g, p.g, %s, %s, %s, %s, %s, %s, now()"
                  " FROM categories c, kelurahan k, (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326) AS g) p"
                  " WHERE c.code = 'orang_hilang' AND k.name = 'Bello'")
        conn.execute(insert, (*(cells[r] for r in REPORT_RESOLUTIONS), lng, lat))
        conn.commit()
        upgrade(conn)
        row = conn.execute("SELECT ST_X(public_geom) AS x, ST_Y(public_geom) AS y, h3_r8, h3_r9, h3_r10, h3_r11"
                           " FROM reports").fetchone()
        centre = cell_center(cells[8])
        assert (row["x"], row["y"]) == pytest.approx(centre, abs=1e-4) and (row["x"], row["y"]) != (lng, lat)
        public = cells_for_point(*centre, REPORT_RESOLUTIONS)
        assert [row[f"h3_r{r}"] for r in (8, 9, 10, 11)] == [public[r] for r in (8, 9, 10, 11)]
        where = {r: public[r] if r >= 8 else cells[r] for r in (6, 7, 8, 9, 10)}
        for table in ("h3_report_counts", "h3_report_heat", "h3_report_heat_total"):
            counted = conn.execute(f"SELECT res, cell, n FROM {table}").fetchall()
            assert len(counted) == 5 and {r["res"]: r["cell"] for r in counted} == where, table  # no exact cell left
            assert {r["n"] for r in counted} == {1}, table
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(insert, (*(cells[r] for r in REPORT_RESOLUTIONS), lng, lat))
        conn.rollback()
        # A report corrected later (its time, here) is counted in its new month only, none left at zero.
        conn.execute("UPDATE reports SET created_at = created_at - interval '40 days', h3_r6 = %s",
                     (cells_for_point(123.55, -10.17, (6,))[6],))
        months = conn.execute("SELECT DISTINCT month FROM h3_report_heat_total").fetchall()
        assert len(months) == 1 and conn.execute("SELECT count(*) AS n FROM h3_report_heat_total"
                                                 " WHERE n <= 0").fetchone()["n"] == 0
        heat = {r["res"]: r["cell"] for r in conn.execute("SELECT res, cell FROM h3_report_heat")}
        assert heat[6] != cells[6] and heat == {r["res"]: r["cell"] for r in conn.execute(
            "SELECT res, cell FROM h3_report_counts")}
        conn.rollback()


def test_schema_43_stores_each_report_under_the_cells_that_hold_it(empty_db: str, reference_dir) -> None:
    """A database at schema 42, its reports stored under the parents of their r11 cell (as the app
    filed them): a planner counted the dots inside each public hexagon and found counts off by
    reports stored next door. After the upgrade every report's cell at each resolution holds its
    public point, the aggregates count it there (no count left where it was), and a confidential
    report keeps its public point (moving it would tell that it lay near its cell's edge)."""
    import h3

    from geo.hexes import cell_center, cell_int
    from geo.reference import load_reference

    def parent_chain(lng: float, lat: float) -> dict[int, int]:  # how reports were filed before 0043
        leaf = h3.latlng_to_cell(lat, lng, 11)
        return {r: h3.str_to_int(h3.cell_to_parent(leaf, r)) for r in REPORT_RESOLUTIONS}

    # a point whose r11 parents at r8 and r10 are not the cells it lies in
    exact = next(p for p in ((123.6185 + i * 0.00007, -10.2112) for i in range(2000))
                 if parent_chain(*p)[8] != cell_int(*p, 8) and parent_chain(*p)[10] != cell_int(*p, 10))
    centre = cell_center(parent_chain(*exact)[8])  # a missing person filed there, public at this centre
    before = [p for p in migration_files() if int(p.name[:4]) <= 42]
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        upgrade(conn, files=before)
        conn.autocommit = False
        load_reference(conn, reference_dir)
        insert = ("INSERT INTO reports (city_id, category_id, agency_id, kecamatan_id, kelurahan_id, public_kelurahan_id,"
                  " priority, geom, public_geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, due_at)"
                  " SELECT 1, c.id, c.agency_id, k.kecamatan_id, k.id, k.id, 'normal', ST_SetSRID(ST_MakePoint(%s, %s), 4326),"
                  " ST_SetSRID(ST_MakePoint(%s, %s), 4326), %s, %s, %s, %s, %s, %s, now()"
                  " FROM categories c, kelurahan k WHERE c.code = %s AND k.name = 'Bello' RETURNING id")
        plain = conn.execute(insert, (*exact, *exact, *parent_chain(*exact).values(), "sampah")).fetchone()["id"]
        hidden = conn.execute(insert, (*exact, *centre, *parent_chain(*centre).values(), "orang_hilang")).fetchone()["id"]
        # one as 0004/0038 left some: public at a point snapped to 0.01°, its r8 the exact point's
        # parent, r9..r11 that cell's centre children (rebuilt from the point, the 0038 trigger refused it)
        r8 = parent_chain(*exact)[8]
        snapped = (round(exact[0], 2), round(exact[1], 2))
        kept = {**parent_chain(*exact), **{r: h3.str_to_int(h3.cell_to_center_child(h3.int_to_str(r8), r))
                                           for r in (9, 10, 11)}}
        old = conn.execute(insert, (*exact, *snapped, *kept.values(), "kesehatan")).fetchone()["id"]
        conn.commit()
        assert upgrade(conn) == [p.stem for p in migration_files() if int(p.name[:4]) > 42]
        rows = {r["id"]: r for r in conn.execute(
            "SELECT id, ST_X(public_geom) AS x, ST_Y(public_geom) AS y, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11"
            " FROM reports")}
        assert (rows[hidden]["x"], rows[hidden]["y"]) == pytest.approx(centre, abs=1e-9)  # not moved
        assert (rows[old]["x"], rows[old]["y"]) == pytest.approx(snapped, abs=1e-9)
        assert [rows[old][f"h3_r{r}"] for r in (8, 9, 10, 11)] == [kept[r] for r in (8, 9, 10, 11)]
        assert [rows[old][f"h3_r{r}"] for r in (6, 7)] == [cell_int(*cell_center(r8), r) for r in (6, 7)]
        for rid, (lng, lat) in ((plain, exact), (hidden, centre)):
            assert {r: rows[rid][f"h3_r{r}"] for r in REPORT_RESOLUTIONS} == {
                r: cell_int(lng, lat, r) for r in REPORT_RESOLUTIONS}, rid
        for table in ("h3_report_counts", "h3_report_heat_total"):
            counted = {(r["res"], r["cell"]): r["n"] for r in conn.execute(
                f"SELECT res, cell, sum(n)::int AS n FROM {table} GROUP BY 1, 2")}
            expected: dict[tuple[int, int], int] = {}
            for lng, lat in (exact, centre, cell_center(r8)):  # the third: its r8 centre's cells
                for r in (6, 7, 8, 9, 10):
                    expected[(r, cell_int(lng, lat, r))] = expected.get((r, cell_int(lng, lat, r)), 0) + 1
            assert counted == expected, table
        # each hexagon the tiles draw is registered
        drawn = {r["cell"] for r in conn.execute("SELECT cell FROM h3_cells")}
        assert {cell_int(*exact, r) for r in (6, 7, 8, 9, 10)} <= drawn


def test_schema_50_tells_merged_photos_from_the_kept_reports_own(empty_db: str, reference_dir) -> None:
    """Photos merged before 0050 (a duplicate's photo moved onto the kept report) are told apart
    from the kept report's own: each resident's photo is traced to the duplicate they sent, the one
    nearest in time when they sent two."""
    from geo.reference import load_reference

    before = [p for p in migration_files() if int(p.name[:4]) <= 49]
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        upgrade(conn, files=before)
        conn.autocommit = False
        load_reference(conn, reference_dir)
        ani, budi = (conn.execute("INSERT INTO users (email, password_hash, role) VALUES (%s, 'x', 'citizen')"
                                  " RETURNING id", (f"{n}@example.id",)).fetchone()["id"] for n in ("ani", "budi"))

        def report(who: int, hours_ago: int, into: int | None = None) -> int:
            return oebobo_report(conn, who, hours_ago, "duplicate" if into else "submitted", into)

        def photo(rid: int, who: int, hours_ago: int, key: str) -> None:
            conn.execute("INSERT INTO photos (city_id, report_id, uploader_id, kind, media_key, width, height, sha256,"
                         " created_at) VALUES (1, %s, %s, 'before', %s, 10, 10, 'x', now() - %s * interval '1 hour')",
                         (rid, who, key, hours_ago))

        keep = report(ani, 9)
        early, late = report(budi, 6, into=keep), report(budi, 2, into=keep)
        for who, hours, key in ((ani, 9, "own"), (budi, 6, "early"), (budi, 2, "late")):
            photo(keep, who, hours, key)  # budi's two photos, moved onto ani's report by the merges
        conn.commit()
        upgrade(conn)
        came = {r["media_key"]: r["from_report_id"] for r in conn.execute("SELECT media_key, from_report_id FROM photos")}
        assert came == {"own": None, "early": early, "late": late}


def test_schema_51_counts_neither_rejected_reports_nor_duplicates_in_the_heat(empty_db: str, reference_dir) -> None:
    """The heatmap's and hot spot analysis's month tables, counted again by 0051: of a report, its
    duplicate and a rejected one, only the report is left; a later rejection takes it off too."""
    from geo.reference import load_reference

    before = [p for p in migration_files() if int(p.name[:4]) <= 50]
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        upgrade(conn, files=before)
        conn.autocommit = False
        load_reference(conn, reference_dir)
        ani = conn.execute("INSERT INTO users (email, password_hash, role) VALUES ('ani@example.id', 'x', 'citizen')"
                           " RETURNING id").fetchone()["id"]
        keep = oebobo_report(conn, ani, 3, "submitted")
        oebobo_report(conn, ani, 2, "duplicate", keep)
        oebobo_report(conn, ani, 1, "rejected")
        conn.commit()

        def heat() -> list[int]:
            return [conn.execute(f"SELECT coalesce(sum(n), 0)::int AS n FROM {t} WHERE res = 8").fetchone()["n"]
                    for t in ("h3_report_heat", "h3_report_heat_total")]

        assert heat() == [3, 3]
        conn.commit()
        upgrade(conn)
        assert heat() == [1, 1]
        conn.execute("UPDATE reports SET status = 'rejected' WHERE id = %s", (keep,))
        assert heat() == [0, 0]


def test_schema_21_moves_everything_into_the_kupang_tenant(empty_db: str, reference_dir) -> None:
    """A database at schema 11 with staff, a responder, reports, events, photos, supporters and an
    assignment: after the upgrade every row is still there, in city 1 (Kupang), staff roles moved
    to `staff`, and the data answers through today's services."""
    from geo import cities
    from geo.accounts import User
    from geo.report_views import get_report, list_reports

    before = [p for p in migration_files() if int(p.name[:4]) <= 11]
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        upgrade(conn, files=before)
        load_reference_schema11(conn, reference_dir)
        dlh = conn.execute("SELECT id FROM agencies WHERE code = 'DLH'").fetchone()["id"]
        kel = conn.execute("SELECT id, kecamatan_id FROM kelurahan WHERE name = 'Oebobo'").fetchone()
        users = {}
        for name, role, agency, kec in [("warga", "citizen", None, None), ("op", "operator", None, None),
                                        ("petugas", "responder", dlh, None), ("camat", "operator", None, kel["kecamatan_id"])]:
            users[name] = conn.execute(
                "INSERT INTO users (email, password_hash, role, agency_id, kecamatan_id) VALUES (%s, 'x', %s, %s, %s)"
                " RETURNING id", (f"{name}@example.id", role, agency, kec)).fetchone()["id"]
        conn.execute("INSERT INTO responders (user_id, agency_id, status) VALUES (%s, %s, 'available')",
                     (users["petugas"], dlh))
        cat = conn.execute("SELECT id FROM categories WHERE code = 'sampah'").fetchone()["id"]
        ids = []
        for i in range(3):
            ids.append(conn.execute(
                "INSERT INTO reports (reporter_id, category_id, agency_id, kecamatan_id, kelurahan_id, priority, geom,"
                " public_geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, due_at, idempotency_key)"
                " VALUES (%s, %s, %s, %s, %s, 'normal', ST_SetSRID(ST_MakePoint(123.61, -10.17), 4326),"
                " ST_SetSRID(ST_MakePoint(123.61, -10.17), 4326), 1, 2, 3, 4, 5, 6, now() + interval '2 days', %s)"
                " RETURNING id", (users["warga"], cat, dlh, kel["kecamatan_id"], kel["id"], f"k{i}")).fetchone()["id"])
            conn.execute("INSERT INTO report_events (report_id, actor_id, event, to_status) VALUES (%s, %s, 'created',"
                         " 'submitted')", (ids[-1], users["warga"]))
            conn.execute("INSERT INTO photos (report_id, kind, media_key, width, height, sha256) VALUES"
                         " (%s, 'before', %s, 10, 10, 'x')", (ids[-1], f"m{i}"))
        conn.execute("INSERT INTO report_supporters (report_id, user_id) VALUES (%s, %s)", (ids[0], users["op"]))
        conn.execute("INSERT INTO assignments (report_id, responder_id, status) VALUES (%s, %s, 'accepted')",
                     (ids[0], users["petugas"]))
        conn.execute("INSERT INTO job_outbox (job, args) VALUES ('dispatch_report', jsonb_build_array(%s::bigint))",
                     (ids[1],))
        tables = ("kecamatan", "kelurahan", "agencies", "categories", "service_zones", "responders", "reports",
                  "report_events", "photos", "report_supporters", "assignments")
        counts = {t: conn.execute(f"SELECT count(*) AS n FROM {t}").fetchone()["n"] for t in tables}
        conn.commit()

        upgrade(conn)
        for t in tables:
            row = conn.execute(f"SELECT count(*) AS n, count(*) FILTER (WHERE city_id = 1) AS k FROM {t}").fetchone()
            assert row["n"] == row["k"] == counts[t], t
        # A job waiting in the outbox names its report's city now (0027), as new jobs do.
        assert conn.execute("SELECT args FROM job_outbox WHERE job = 'dispatch_report'").fetchone()["args"] == [ids[1], 1]
        staff = {r["user_id"]: r for r in conn.execute("SELECT * FROM staff WHERE city_id = 1")}
        assert set(staff) == {users["op"], users["petugas"], users["camat"]}  # the citizen is nobody's staff
        assert staff[users["petugas"]]["agency_id"] == dlh
        assert staff[users["camat"]]["kecamatan_id"] == kel["kecamatan_id"]
        kupang = cities.resolve(conn, "kupang")
        assert (kupang.id, kupang.code, kupang.time_zone, kupang.utm_epsg) == (1, "5371", "Asia/Makassar", 32751)
        assert kupang.bbox is not None and 123.5 < kupang.bbox[0] < kupang.bbox[2] < 123.7
        operator = User(users["op"], "operator", cities=(1,))
        page = list_reports(conn, operator, {}, kupang.id)
        assert sorted(f["id"] for f in page["features"]) == sorted(ids)
        assert get_report(conn, ids[0], kupang.id, operator)["properties"]["reporter"]["email"] == "warga@example.id"
        assert list_reports(conn, None, {}, kupang.id + 1)["features"] == []


def test_an_upgrade_that_applies_a_migration_drops_cached_tiles(empty_db: str, base_settings: Settings,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration may change what a tile shows (0040: the heatmap stopped counting missing persons
    at their exact cells), and the tile cache cannot know: `sigap db upgrade` that applied one drops
    every cached tile (a new epoch, so no old ETag is answered 304); one that applied nothing keeps them."""
    from click.testing import CliRunner
    from redis import Redis

    from api.cli import main
    from tiles import cache

    with psycopg.connect(empty_db) as conn:
        upgrade(conn, files=[p for p in migration_files() if int(p.name[:4]) <= 39])
    redis = Redis.from_url(base_settings.redis_url)

    def cached() -> tuple[str, bytes | None]:
        seen = cache.lookup(redis, "heatmap", "reports", 15, 27637, 17318, "category=orang_hilang")
        return seen.epoch, seen.data

    epoch, _ = cached()
    cache.put(redis, cache.cache_key("heatmap", 15, 27637, 17318, "category=orang_hilang", 0), b"exact cells")
    assert cached() == (epoch, b"exact cells")
    monkeypatch.setenv("DATABASE_URL", empty_db)
    monkeypatch.setenv("REDIS_URL", base_settings.redis_url)
    done = CliRunner().invoke(main, ["db", "upgrade"])
    assert done.exit_code == 0 and "applied 0040" in done.output, done.output
    new_epoch, data = cached()
    assert data is None and new_epoch != epoch
    cache.put(redis, cache.cache_key("heatmap", 15, 27637, 17318, "category=orang_hilang", 0), b"now")
    again = CliRunner().invoke(main, ["db", "upgrade"])
    assert again.exit_code == 0 and "(0 migrasi diterapkan" in again.output, again.output
    assert cached() == (new_epoch, b"now")


def test_a_platform_installed_without_kupang_opens_on_its_own_city(empty_db: str, base_settings: Settings) -> None:
    """SIGAP_LOAD_KUPANG=no, then `sigap city add` for Jakarta: migration 0021 still makes Kupang's
    row (city 1, no boundaries), and `/`, requests without ?city= and the city switch were that
    empty Kupang's. The city with boundaries is the default, and the empty row is not offered."""
    import dataclasses

    from click.testing import CliRunner

    from api import create_app
    from api.cli import main
    from geo.settings import REPO_ROOT

    env = {"DATABASE_URL": empty_db, "REDIS_URL": base_settings.redis_url}
    assert CliRunner().invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    jakarta = REPO_ROOT / "data" / "cities" / "jakarta_kelurahan_bps2020.geojson"
    added = CliRunner().invoke(main, ["city", "add", "--file", str(jakarta), "--code", "31", "--name", "DKI Jakarta"],
                               env=env)
    assert added.exit_code == 0, added.output
    listed = CliRunner().invoke(main, ["city", "list"], env=env).output.splitlines()
    assert [line.split("\t")[1] for line in listed if line.endswith("\tdefault")] == ["jakarta"], listed
    app = create_app(dataclasses.replace(base_settings, database_url=empty_db))
    try:
        web = app.test_client()
        assert '"slug": "jakarta"' in web.get("/").get_data(as_text=True)
        assert [c["slug"] for c in web.get("/api/v1/cities").get_json()["cities"]] == ["jakarta"]
        assert web.get("/api/v1/agencies").get_json()["city"] == "jakarta"
    finally:
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
