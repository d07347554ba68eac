"""The `sigap` command line as an operator uses it, against the real test database."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from api.cli import main
from geo.settings import Settings


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    return CliRunner()


def test_db_upgrade_is_rerunnable(runner: CliRunner) -> None:
    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "(0 migrasi diterapkan sekarang / migration(s) applied now)" in result.output


def test_load_reference_reports_counts(runner: CliRunner) -> None:
    result = runner.invoke(main, ["load-reference"])
    assert result.exit_code == 0, result.output
    assert "kelurahan: 51" in result.output and "service_zones: 42" in result.output


def test_the_install_steps_load_reference_keeps_what_the_city_changed(runner: CliRunner, conn) -> None:
    """docker-compose's migrate step ran `sigap load-reference` at every `up`: a category's hours
    the city had changed (`sigap city add --categories`) went back to the shipped ones at each
    upgrade (a deployer's walk). `--once` loads a Kupang that is not there yet, and only that."""
    assert runner.invoke(main, ["load-reference"]).exit_code == 0
    conn.execute("UPDATE categories SET sla_hours = 12 WHERE code = 'sampah'")
    conn.commit()
    said = runner.invoke(main, ["load-reference", "--once"])
    assert said.exit_code == 0 and "already loaded" in said.output and "kelurahan: 51" in said.output, said.output
    assert conn.execute("SELECT sla_hours FROM categories WHERE code = 'sampah'").fetchone()["sla_hours"] == 12
    assert runner.invoke(main, ["load-reference"]).exit_code == 0  # asked for by hand: the shipped hours
    assert conn.execute("SELECT sla_hours FROM categories WHERE code = 'sampah'").fetchone()["sla_hours"] != 12


def test_load_zones_unknown_agency_is_a_clear_error(runner: CliRunner, tmp_path) -> None:
    path = tmp_path / "z.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    result = runner.invoke(main, ["load-zones", "NOPE", str(path)])
    assert result.exit_code != 0
    assert "tidak dikenal" in result.output and "Unknown agency" in result.output


def test_a_deployer_s_mistakes_are_one_line_in_both_languages(runner: CliRunner, settings: Settings, tmp_path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A deployer's walk met Python tracebacks for eight ordinary mistakes; each is now one `Error:`
    line that says what to do, and the driver's own reason where the database is the problem."""
    not_json = tmp_path / "README.md"
    not_json.write_text("# zones\n")
    said = runner.invoke(main, ["load-zones", "DLH", str(not_json)])
    assert said.exit_code == 1 and "not valid JSON or GeoJSON" in said.output and "Traceback" not in said.output
    from geo.settings import REPO_ROOT

    zones = str(REPO_ROOT / "data" / "reference" / "kupang_kecamatan.geojson")
    said = runner.invoke(main, ["load-zones", "DLH", zones, "--name-property", "nama_zona"])
    assert said.exit_code == 1 and "No feature has the property 'nama_zona'" in said.output, said.output
    monkeypatch.setenv("SIGAP_DUPLICATE_RADIUS_M", "fifty")
    said = runner.invoke(main, ["city", "list"])
    assert said.exit_code == 1 and "SIGAP_DUPLICATE_RADIUS_M='fifty'" in said.output, said.output
    monkeypatch.delenv("SIGAP_DUPLICATE_RADIUS_M")
    for name, value, said_ in (("SIGAP_PORT", "99999", "SIGAP_PORT=99999: harus / must be 1..65535"),
                               ("DATABASE_URL", "", "DATABASE_URL kosong / is empty"),
                               ("DATABASE_URL", "notaurl", "is not a valid PostgreSQL address")):
        with monkeypatch.context() as m:  # parsed but unusable, or silently the local default
            m.setenv(name, value)
            said = runner.invoke(main, ["city", "list"])
            assert said.exit_code == 1 and said_ in said.output and "Traceback" not in said.output, said.output
    monkeypatch.setenv("SIGAP_REFERENCE_DIR", str(tmp_path / "nowhere"))
    said = runner.invoke(main, ["load-reference"])
    assert said.exit_code == 1 and "No such file or folder" in said.output, said.output
    monkeypatch.delenv("SIGAP_REFERENCE_DIR")
    missing = settings.database_url.rsplit("/", 1)[0] + "/no_such_db"
    monkeypatch.setenv("DATABASE_URL", missing)
    said = runner.invoke(main, ["city", "list"])
    assert said.exit_code == 1 and "cannot be reached" in said.output and "does not exist" in said.output, said.output


def test_a_command_typed_wrong_is_said_in_both_languages(runner: CliRunner) -> None:
    """Click's usage errors were English alone, where every other error is bilingual."""
    for args, said in ((["city", "add"], "Opsi --file wajib diisi / Missing option '--file'"),
                       (["load-zones"], "Argumen AGENCY wajib diisi / Missing argument 'AGENCY'"),
                       (["serve", "--workers", "four"], "Nilai --workers tidak sah / Invalid value for '--workers'"),
                       (["city", "lsit"], "Perintah 'lsit' tidak dikenal / No such command 'lsit'"),
                       (["--bogus"], "Opsi --bogus tidak dikenal / No such option"),
                       (["city", "list", "extra"], "Argumen berlebih: extra / Got unexpected extra argument")):
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and f"Error: {said}" in result.output, (args, result.output)
    for args in ([], ["db"], ["city"]):  # alone, a group prints its help (it became a garbled "Error:")
        result = runner.invoke(main, args)
        assert "Commands:" in result.output and "Error" not in result.output, (args, result.output)


def test_camera_add_with_calibration(runner: CliRunner, tmp_path) -> None:
    from tests.test_vision import _ground_truth

    ground = _ground_truth()
    px = [(0.0, 1080.0), (810.0, 1080.0), (810.0, 200.0), (0.0, 200.0)]
    cp = tmp_path / "cp.json"
    cp.write_text(json.dumps([{"px": list(p), "lnglat": list(ground(*p))} for p in px]))
    result = runner.invoke(main, ["camera-add", "Bundaran PU", "--lng", "123.5777664", "--lat", "-10.1627254",
                                  "--source", "rtsp://10.20.30.40:554/bundaran", "--control-points", str(cp)])
    assert result.exit_code == 0, result.output
    assert "Lahilai Bissi Kopan" in result.output and "homography RMS error 0.00 m" in result.output
    cp.write_text(json.dumps([{"px": [0, 0], "lnglat": [123.57, -10.16]}]))
    bad = runner.invoke(main, ["camera-add", "Rusak", "--lng", "123.5777664", "--lat", "-10.1627254",
                               "--source", "https://cctv.example.id/x.jpg", "--control-points", str(cp)])
    assert bad.exit_code != 0 and "At least 4" in bad.output and "minimal 4 titik kontrol" in bad.output
    elsewhere = runner.invoke(main, ["camera-add", "Berkas", "--lng", "123.5777664", "--lat", "-10.1627254",
                                     "--source", "/etc/passwd"])
    assert elsewhere.exit_code != 0 and "rtsp://, http:// or https://" in elsewhere.output


def test_sigap_relay_hands_jobs_over_and_stops_on_sigterm(client, conn, settings: Settings) -> None:
    """`sigap relay` as a process of its own: a report's jobs reach RQ while it runs, and a
    SIGTERM (what a supervisor sends) ends it cleanly."""
    import os
    import subprocess
    import sys
    import time

    from redis import Redis

    from geo.outbox import pending_count
    from geo.settings import REPO_ROOT
    from tests.helpers import make_user, submit, wait_for_outbox
    from tests.processes import stop

    env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": settings.redis_url}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "relay"], env=env, cwd=REPO_ROOT,
                            start_new_session=True)
    try:
        time.sleep(1.5)  # connected and listening
        _, citizen = make_user(conn, "warga")
        assert submit(client, citizen).status_code == 201
        wait_for_outbox(conn, 10)
        assert pending_count(conn) == 0
        redis = Redis.from_url(settings.redis_url)  # the dispatch, and the photo on the vision queue
        assert redis.llen(f"rq:queue:{settings.queue_name}") == 1 and redis.llen(f"rq:queue:{settings.queue_name}-vision") == 1
    finally:
        assert stop(proc, 10) == 0


def test_tiles_forget_after_a_bulk_import(runner: CliRunner, client, conn) -> None:
    """Reports written outside the app (a bulk COPY) are invisible to the tile cache: the map kept
    the old counts for up to an hour. `sigap tiles-forget` makes the next tile fresh."""
    from tests.helpers import LLBK, make_user, submit
    from tiles.tilemath import tile_of

    _, citizen = make_user(conn, "warga")
    submit(client, citizen)
    url = "/tiles/reports/11/{}/{}.mvt".format(*tile_of(*LLBK, 11))
    client.get(url)
    assert client.get(url).headers["X-Tile-Cache"] == "hit"
    out = runner.invoke(main, ["tiles-forget"])
    assert out.exit_code == 0 and "dropped" in out.output, out.output
    assert int(out.output.split(": ")[1].split()[0]) >= 1, out.output
    assert client.get(url).headers["X-Tile-Cache"] == "miss"


def test_create_user_says_where_the_new_staff_member_works(runner: CliRunner) -> None:
    """"user 5 (operator) created" left the deployer guessing which city, and whether the area
    was taken as meant (it is stored as the city spells it)."""
    said = runner.invoke(main, ["create-user", "--email", "camat.cli@kupang.go.id", "--name", "Camat Oebobo",
                                "--kecamatan", "oebobo", "--password", "rahasia-camat-1"])
    assert said.exit_code == 0, said.output
    assert said.output.strip().endswith("(operator, camat Kec. Oebobo) dibuat di / created in Kota Kupang"), said.output
    said = runner.invoke(main, ["create-user", "--email", "petugas.cli@kupang.go.id", "--role", "responder",
                                "--agency", "dlh", "--password", "rahasia-petugas-1"])
    assert said.exit_code == 0 and said.output.strip().endswith("(responder DLH) dibuat di / created in Kota Kupang"), \
        said.output
    # a citizen with an agency: refused, not made with the agency dropped and "(citizen DLH)" said (an admin walk)
    said = runner.invoke(main, ["create-user", "--email", "warga.cli@example.id", "--role", "citizen",
                                "--agency", "dlh", "--password", "rahasia-warga-1"])
    assert said.exit_code == 1 and "Warga tidak punya OPD" in said.output, said.output
    # a place of another city, --city forgotten: the city it looked in is named, with the way out (a walk
    # read "No kelurahan 'Gambir' in this city." without knowing which city that was)
    said = runner.invoke(main, ["create-user", "--email", "lurah.cli@jakarta.go.id", "--kelurahan", "Gambir",
                                "--password", "rahasia-lurah-1"])
    assert said.exit_code == 1 and "'Gambir' in Kota Kupang. In another city? Name it (--city" in said.output, \
        said.output


def test_worker_check_says_whether_this_machines_worker_is_alive(runner: CliRunner, settings: Settings) -> None:
    """The compose health check of a worker container pinged Redis: a dead worker looked healthy
    (a deployer's walk). `sigap worker-check` fails until a worker of this host is registered."""
    from redis import Redis
    from rq import Queue, Worker

    redis = Redis.from_url(settings.redis_url)
    for w in Worker.all(connection=redis):
        w.register_death()
    said = runner.invoke(main, ["worker-check"])
    assert said.exit_code == 1 and "no live worker" in said.output, said.output
    alive = Worker([Queue("sigap-check", connection=redis)], connection=redis, name="periksa")
    alive.register_birth()
    try:
        said = runner.invoke(main, ["worker-check"])
        assert said.exit_code == 0 and "periksa" in said.output, said.output
    finally:
        alive.register_death()
