"""A city's IT team backs up, loses everything, and restores: `sigap backup DIR` and `sigap
restore DIR` as they would run them, into a new empty database and media folder. Every report,
event and photo (original and public copy) and the tiles drawn from them are as before; a
damaged or newer backup, or a non-empty target, is refused with a clear message."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from api import create_app
from geo.db import migration_files
from geo.settings import REPO_ROOT, Settings
from tests.helpers import LLBK, auth, east_of, make_user, submit
from tests.test_vision import ASSETS
from tiles.tilemath import tile_of

STATE = {
    "reports": "SELECT id, status, category_id, kelurahan_id, ST_AsText(geom) AS geom, ST_AsText(public_geom) AS pub,"
               " h3_r8, created_at, description FROM reports ORDER BY id",
    "events": "SELECT id, report_id, actor_id, event, to_status, note, created_at FROM report_events ORDER BY id",
    "photos": "SELECT id, report_id, media_key, sha256, published_at, blurred_regions FROM photos ORDER BY id",
}


def sigap(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=REPO_ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


def state(url: str) -> dict[str, list[dict]]:
    with psycopg.connect(url, row_factory=dict_row) as c:
        return {name: c.execute(sql).fetchall() for name, sql in STATE.items()}


def media_hashes(root: Path, keys: list[str]) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for key in keys for p in sorted((root / "photos" / key).iterdir())}


def tiles(settings: Settings) -> list[bytes]:
    app = create_app(dataclasses.replace(settings, tile_cache=False))
    client = app.test_client()
    try:
        return [client.get(f"/tiles/reports/{z}/" + "/".join(map(str, tile_of(*LLBK, z))) + ".mvt").data for z in (12, 16)]
    finally:
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()


def new_database(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + "/" + name


def test_backup_then_restore_into_an_empty_database(client, conn, env: Settings, run_jobs, tmp_path: Path) -> None:
    token = make_user(conn, "warga-cadangan")[1]
    photo = (ASSETS / "bus.jpg").read_bytes()
    ids = [submit(client, token, point=east_of(LLBK, 300 * i), photo=photo, category=c).get_json()["id"]
           for i, c in enumerate(("sampah", "pkl_liar"))]
    _, op = make_user(conn, "op-cadangan", "operator")
    assert client.post(f"/api/v1/reports/{ids[0]}/transitions", data={"to": "verified"}, headers=auth(op)).status_code == 200
    run_jobs()  # photos published: people blurred, public copies and thumbnails written
    before = state(env.database_url)
    assert len(before["photos"]) == 2 and all(p["published_at"] for p in before["photos"])
    keys = [p["media_key"] for p in before["photos"]]
    files_before = media_hashes(env.media_dir, keys)
    assert any(k.endswith("public.jpg") for k in files_before)
    tiles_before = tiles(env)

    out = sigap("backup", str(tmp_path / "cadangan"), env={})
    assert out.returncode == 0, out.stderr
    assert "2 laporan/reports" in out.stdout
    manifest = json.loads((tmp_path / "cadangan" / "manifest.json").read_text())
    assert manifest["schema_version"] >= 16 and manifest["counts"] == {"reports": 2, "photos": 2}
    # password hashes and reporters' phone numbers: for the server's user only (it was 0644)
    assert stat.S_IMODE((tmp_path / "cadangan").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "cadangan" / "database.dump").stat().st_mode) == 0o600

    # Everything lost: a new empty database and an empty media folder.
    url = new_database(env.database_url, "sigap_restored")
    media = tmp_path / "media-baru"
    media.mkdir()
    try:
        done = sigap("restore", str(tmp_path / "cadangan"), env={"DATABASE_URL": url, "SIGAP_MEDIA_DIR": str(media)})
        assert done.returncode == 0, done.stderr
        assert state(url) == before
        assert media_hashes(media, keys) == files_before
        restored = dataclasses.replace(env, database_url=url, media_dir=media)
        assert tiles(restored) == tiles_before and all(tiles_before)
        # The restored city works: its photo is served, a new report gets the next id.
        app = create_app(restored)
        c2 = app.test_client()
        try:
            shown = c2.get(f"/api/v1/reports/{ids[0]}").get_json()
            assert c2.get(shown["properties"]["photos"][0]["url"]).status_code == 200
            with psycopg.connect(url, row_factory=dict_row) as rc:
                tok = make_user(rc, "warga-setelah")[1]
            assert submit(c2, tok, point=east_of(LLBK, 900)).get_json()["id"] > max(ids)
        finally:
            app.extensions["sigap.pool"].close()
            app.extensions["sigap.tile_pool"].close()

        # A restore never overwrites: the database now holds a city.
        again = sigap("restore", str(tmp_path / "cadangan"), env={"DATABASE_URL": url, "SIGAP_MEDIA_DIR": str(media)})
        assert again.returncode == 1 and "tidak kosong" in again.stderr and "not empty" in again.stderr
    finally:
        new_database(env.database_url, "sigap_restored")


def test_a_damaged_or_newer_backup_is_refused_before_anything_changes(client, conn, env: Settings, tmp_path: Path) -> None:
    submit(client, make_user(conn, "warga-rusak")[1])
    assert sigap("backup", str(tmp_path / "b"), env={}).returncode == 0
    url = new_database(env.database_url, "sigap_refused")
    target = {"DATABASE_URL": url, "SIGAP_MEDIA_DIR": str(tmp_path / "m")}
    try:
        dump = tmp_path / "b" / "database.dump"
        data = bytearray(dump.read_bytes())
        data[len(data) // 2] ^= 0xFF
        dump.write_bytes(bytes(data))
        out = sigap("restore", str(tmp_path / "b"), env=target)
        assert out.returncode == 1 and "rusak" in out.stderr and "damaged" in out.stderr
        data[len(data) // 2] ^= 0xFF
        dump.write_bytes(bytes(data))
        manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
        manifest["schema_version"] = 999
        (tmp_path / "b" / "manifest.json").write_text(json.dumps(manifest))
        out = sigap("restore", str(tmp_path / "b"), env=target)
        assert out.returncode == 1 and "skema 999" in out.stderr and "newer than this SIGAP" in out.stderr
        with psycopg.connect(url) as c:  # nothing was restored
            assert c.execute("SELECT to_regclass('public.reports')").fetchone()[0] is None  # type: ignore[index]
        assert sigap("backup", str(tmp_path / "b"), env={}).returncode == 1  # never into a used folder
    finally:
        new_database(env.database_url, "sigap_refused")


def test_a_backup_of_the_postgis_images_database_restores_into_a_fresh_one(env: Settings, tmp_path: Path) -> None:
    """The postgis/postgis image of docker-compose.yml makes the tiger geocoder and topology in
    every new database: its backups restored into a fresh container of that image stopped at
    'schema "tiger" already exists' (a deployer's walk), so the documented recovery gave no city."""
    extras = ("postgis", "fuzzystrmatch", "postgis_topology", "postgis_tiger_geocoder")  # the image's init script

    def image_database(name: str) -> str:
        url = new_database(env.database_url, name)
        with psycopg.connect(url, autocommit=True) as c:
            for ext in extras:
                c.execute(f"CREATE EXTENSION IF NOT EXISTS {ext}")
        return url

    source, target = image_database("sigap_image_a"), image_database("sigap_image_b")
    try:
        assert sigap("db", "upgrade", env={"DATABASE_URL": source}).returncode == 0
        out = sigap("backup", str(tmp_path / "b"), env={"DATABASE_URL": source, "SIGAP_MEDIA_DIR": str(tmp_path / "m1")})
        assert out.returncode == 0, out.stderr
        done = sigap("restore", str(tmp_path / "b"), env={"DATABASE_URL": target, "SIGAP_MEDIA_DIR": str(tmp_path / "m2")})
        assert done.returncode == 0, done.stderr
        with psycopg.connect(target) as c:
            assert c.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(migration_files())
            assert {r[0] for r in c.execute("SELECT extname FROM pg_extension")} >= set(extras)
        # another application's database named by mistake: its own topology data is never dropped
        other = image_database("sigap_image_c")
        with psycopg.connect(other, autocommit=True) as c:
            c.execute("CREATE TABLE topology.jalan_desa (id int)")
        refused = sigap("restore", str(tmp_path / "b"), env={"DATABASE_URL": other, "SIGAP_MEDIA_DIR": str(tmp_path / "m3")})
        assert refused.returncode == 1 and "topology.jalan_desa" in refused.stderr, refused.stderr
        with psycopg.connect(other) as c:
            assert c.execute("SELECT to_regclass('topology.jalan_desa') IS NOT NULL").fetchone()[0]
    finally:
        for name in ("sigap_image_a", "sigap_image_b", "sigap_image_c"):
            new_database(env.database_url, name)
