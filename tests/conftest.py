"""Real services for the whole test session: a throwaway PostGIS cluster and Redis.

Nothing is mocked. Set SIGAP_TEST_DATABASE_URL / SIGAP_TEST_REDIS_URL to use
existing servers instead (their databases get migrated and written to).
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row
from redis import Redis

from geo.migrations import upgrade
from geo.reference import load_reference
from geo.settings import REPO_ROOT, Settings
from sigap_local.services import PostgresCluster, RedisServer, free_port

# Tables a test may fill; emptied before each test that uses `clean`.
DYNAMIC_TABLES = ("job_outbox", "detections", "cameras", "assignments", "responder_track", "report_events", "reports",
                  "responders", "staff", "users", "osm_import", "osm_roads", "osm_areas", "osm_waterways", "osm_places",
                  "osm_search", "osm_road_edges", "osm_road_vertices", "analysis_runs")


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    base = tmp_path_factory.mktemp("services")
    pg = rd = None
    db_url = os.environ.get("SIGAP_TEST_DATABASE_URL")
    redis_url = os.environ.get("SIGAP_TEST_REDIS_URL")
    if not db_url:
        pg = PostgresCluster(base / "pg", port=free_port(), dbname="sigap_test")
        pg.start(fast=True)
        db_url = pg.url
    if not redis_url:
        rd = RedisServer(base / "redis", port=free_port())
        rd.start(persist=False)
        redis_url = rd.url
    yield db_url, redis_url
    if rd:
        rd.stop()
    if pg:
        pg.stop("immediate")


@pytest.fixture(scope="session")
def base_settings(services: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Settings:
    import importlib.util
    import shutil

    db_url, redis_url = services
    # The only place cameras may read local files from: the vision tests' real photos.
    camera_files = tmp_path_factory.mktemp("camera-files")
    assets = Path(importlib.util.find_spec("ultralytics").submodule_search_locations[0]) / "assets"  # type: ignore[union-attr,index]
    for name in ("bus.jpg", "zidane.jpg"):
        shutil.copy(assets / name, camera_files / name)
    return dataclasses.replace(Settings(), database_url=db_url, redis_url=redis_url,
                               media_dir=tmp_path_factory.mktemp("media"), pool_max=8,
                               camera_files_dir=camera_files)


@pytest.fixture(scope="session")
def settings(base_settings: Settings) -> Settings:
    """Settings of a database with every migration applied and Kupang loaded."""
    with psycopg.connect(base_settings.database_url, row_factory=dict_row) as conn:
        upgrade(conn)
        load_reference(conn, base_settings.reference_dir)
        conn.commit()
    return base_settings


@pytest.fixture
def conn(settings: Settings) -> Iterator[psycopg.Connection]:
    """A connection whose work is rolled back after the test."""
    with psycopg.connect(settings.database_url, row_factory=dict_row) as c:
        yield c
        c.rollback()


@pytest.fixture
def clean(settings: Settings) -> Settings:
    """Empty the tables tests write to, and the queue, so each test starts alike."""
    with psycopg.connect(settings.database_url) as c:
        c.execute("TRUNCATE " + ", ".join(DYNAMIC_TABLES) + " RESTART IDENTITY CASCADE")
    Redis.from_url(settings.redis_url).flushdb()
    return settings


@pytest.fixture
def app(clean: Settings):
    from api import create_app

    application = create_app(clean)
    application.config["TESTING"] = True
    yield application
    application.extensions["sigap.pool"].close()
    application.extensions["sigap.tile_pool"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def reference_dir(settings: Settings) -> Path:
    return settings.reference_dir


@pytest.fixture
def run_jobs(clean: Settings, env: Settings):
    """Relay the outbox and run every job now (and the jobs those add), in-process, with a real
    RQ worker and the app's settings (jobs read them from the environment, which `env` points
    at the test services)."""

    from workers.run import BurstWorker, drain, queues

    def run() -> None:
        redis = Redis.from_url(clean.redis_url)
        drain(clean, lambda: BurstWorker(queues(clean, redis), connection=redis))

    return run


def serve(app):
    """Serve `app` on a free loopback port in a thread: yields its base URL, then stops it."""
    import threading

    from werkzeug.serving import make_server

    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture
def live(app):
    """The app on a real HTTP port (for GDAL, schemathesis, Open311 clients and the browser)."""
    yield from serve(app)


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Environment for code that reads Settings.from_env() (RQ jobs) to use the test services."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("SIGAP_MEDIA_DIR", str(settings.media_dir))
    monkeypatch.setenv("SIGAP_CAMERA_FILES_DIR", str(settings.camera_files_dir))
    return settings


@pytest.fixture(scope="session")
def two(base_settings: Settings) -> Iterator[Settings]:
    """A second database with two cities: Kupang (shipped data) and DKI Jakarta (`sigap city add`
    with its BPS 2020 file), and a Redis database of its own so cached tiles never meet the other
    tests'. Tests empty its dynamic tables through `two_db`."""
    from geo.reference import add_city

    admin = base_settings.database_url.rsplit("/", 1)[0] + "/postgres"
    url = base_settings.database_url.rsplit("/", 1)[0] + "/two_cities"
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute("DROP DATABASE IF EXISTS two_cities WITH (FORCE)")
        c.execute("CREATE DATABASE two_cities")
    with psycopg.connect(url, row_factory=dict_row) as conn:
        upgrade(conn)
        load_reference(conn, base_settings.reference_dir)
        add_city(conn, REPO_ROOT / "data" / "cities" / "jakarta_kelurahan_bps2020.geojson", code="31",
                 name="DKI Jakarta", reference_dir=base_settings.reference_dir)
        conn.commit()
    redis_url = base_settings.redis_url.rstrip("/").rsplit("/", 1)
    yield dataclasses.replace(base_settings, database_url=url,
                              redis_url=(redis_url[0] if redis_url[1].isdigit() else base_settings.redis_url) + "/5")
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute("DROP DATABASE two_cities WITH (FORCE)")


@pytest.fixture
def two_db(two: Settings) -> Iterator[psycopg.Connection]:
    with psycopg.connect(two.database_url, row_factory=dict_row) as c:
        c.execute("TRUNCATE " + ", ".join(DYNAMIC_TABLES) + " RESTART IDENTITY CASCADE")
        c.commit()
        Redis.from_url(two.redis_url).flushdb()
        yield c
        c.rollback()


@pytest.fixture
def two_app(two: Settings, two_db: psycopg.Connection, monkeypatch: pytest.MonkeyPatch):
    from api import create_app

    monkeypatch.setenv("DATABASE_URL", two.database_url)  # for the jobs
    monkeypatch.setenv("REDIS_URL", two.redis_url)
    monkeypatch.setenv("SIGAP_MEDIA_DIR", str(two.media_dir))
    app = create_app(two)
    app.config["TESTING"] = True
    yield app
    app.extensions["sigap.pool"].close()
    app.extensions["sigap.tile_pool"].close()


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch):
    """A real SMTP server on a loopback port that keeps what it is sent (as the push tests' local
    push service), and the settings that send to it: the environment for the job that mails, and
    `settings` for an app made with `mail_app`."""
    import email
    import email.policy
    from types import SimpleNamespace

    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self) -> None:
            self.messages: list[email.message.EmailMessage] = []

        async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it by this name
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    keep = Keep()
    port = free_port()
    controller = Controller(keep, hostname="127.0.0.1", port=port)
    controller.start()
    url, public = f"smtp://127.0.0.1:{port}", "https://sigap.example.id"
    monkeypatch.setenv("SIGAP_SMTP_URL", url)
    monkeypatch.setenv("SIGAP_PUBLIC_URL", public)
    yield SimpleNamespace(messages=keep.messages, smtp_url=url, public_url=public)
    controller.stop()


@pytest.fixture
def mail_app(clean: Settings, mailbox):
    """The app with residents' password reset links on (an SMTP server and a public URL)."""
    from api import create_app

    application = create_app(dataclasses.replace(clean, smtp_url=mailbox.smtp_url, public_url=mailbox.public_url))
    application.config["TESTING"] = True
    yield application
    application.extensions["sigap.pool"].close()
    application.extensions["sigap.tile_pool"].close()
