"""Migrations: apply on an empty database, re-run cleanly, and yield the documented model."""
from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg.rows import dict_row
from sqlalchemy import create_engine, inspect

from geo.db import migration_files
from geo.migrations import current_version, upgrade
from geo.settings import Settings


@pytest.fixture
def empty_db(base_settings: Settings):  # type: ignore[no-untyped-def]
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
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        first = upgrade(conn)
        second = upgrade(conn)
        assert first == [p.stem for p in migration_files()]
        assert second == []
        assert current_version(conn) == int(migration_files()[-1].name[:4])
        rows = conn.execute("SELECT count(*) AS n FROM schema_migrations").fetchone()
        assert rows["n"] == len(migration_files())


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
    assert {f"h3_r{r}" for r in Settings().h3_resolutions} <= report_cols
    engine.dispose()


def test_a_failing_migration_leaves_no_trace(empty_db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "0999_broken.sql"
    bad.write_text("CREATE TABLE half_done (id int); SELECT no_such_function();")
    with psycopg.connect(empty_db, row_factory=dict_row) as conn:
        with pytest.raises(psycopg.errors.UndefinedFunction):
            upgrade(conn, files=[*migration_files(), bad])
        conn.rollback()
        exists = conn.execute("SELECT to_regclass('half_done') AS t").fetchone()
        assert exists["t"] is None
        assert current_version(conn) == int(migration_files()[-1].name[:4])
