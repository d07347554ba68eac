"""Abuse limits and browser hardening, as an attacker and a browser meet them."""
from __future__ import annotations

import dataclasses

import psycopg
import pytest

from api import create_app
from geo.settings import Settings
from tests.helpers import LLBK, east_of, make_user, submit


@pytest.fixture
def strict_client(clean: Settings):  # type: ignore[no-untyped-def]
    app = create_app(dataclasses.replace(clean, rate_login_per_min=3, rate_register_per_hour=2,
                                         rate_submit_per_min=3))
    yield app.test_client()
    app.extensions["sigap.pool"].close()
    app.extensions["sigap.tile_pool"].close()


def test_password_guessing_is_slowed_down(strict_client, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    make_user(conn, "ani")
    codes = [strict_client.post("/api/v1/auth/login", json={"login": "ani@example.id", "password": f"guess-{i}"})
             .status_code for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    r = strict_client.post("/api/v1/auth/login", json={"login": "ani@example.id", "password": "rahasia-123"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    body = r.get_json()
    assert body["code"] == "rate_limited" and "Terlalu banyak" in body["message"] and body["message_en"]
    # Another account from the same address is not locked out by the attack on ani.
    make_user(conn, "budi")
    ok = strict_client.post("/api/v1/auth/login", json={"login": "budi@example.id", "password": "rahasia-123"})
    assert ok.status_code == 200


def test_mass_registration_and_report_floods_are_refused(strict_client, conn) -> None:  # type: ignore[no-untyped-def]
    codes = [strict_client.post("/api/v1/auth/register", json={"email": f"bot{i}@spam.id", "password": "password-1"})
             .status_code for i in range(3)]
    assert codes == [201, 201, 429]
    _, token = make_user(conn, "warga")
    codes = [submit(strict_client, token, point=east_of(LLBK, 200 * i)).status_code for i in range(4)]
    assert codes == [201, 201, 201, 429]
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 3  # the refused one left no trace


def test_security_headers_on_pages_and_api(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/", "/api/v1/categories", "/api/v1/nope"):
        r = client.get(url)
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert "geolocation=(self)" in r.headers["Permissions-Policy"]
