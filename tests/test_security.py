"""Abuse limits and browser hardening, as an attacker and a browser meet them."""
from __future__ import annotations

import dataclasses

import psycopg
import pytest

from api import create_app
from geo.settings import Settings
from tests.helpers import LLBK, east_of, make_user, submit


@pytest.fixture
def strict_client(clean: Settings):
    app = create_app(dataclasses.replace(clean, rate_login_per_min=6, rate_login_account_per_min=3,
                                         rate_register_per_hour=2, rate_submit_per_min=3,
                                         rate_submit_address_per_min=5, rate_export_per_min=4, proxy_hops=1))
    yield app.test_client()
    app.extensions["sigap.pool"].close()
    app.extensions["sigap.tile_pool"].close()


def test_password_guessing_is_slowed_down(strict_client, conn: psycopg.Connection) -> None:
    make_user(conn, "ani")
    codes = [strict_client.post("/api/v1/auth/login", json={"login": "ani@example.id", "password": f"guess-{i}"})
             .status_code for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    r = strict_client.post("/api/v1/auth/login", json={"login": "ani@example.id", "password": "rahasia-123"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    body = r.get_json()
    assert body["code"] == "rate_limited" and "Terlalu banyak" in body["message"] and body["message_en"]
    # Another account, elsewhere, is not locked out by the attack on ani.
    make_user(conn, "budi")
    ok = strict_client.post("/api/v1/auth/login", headers=_from("203.0.113.20"),
                            json={"login": "budi@example.id", "password": "rahasia-123"})
    assert ok.status_code == 200


def _from(ip: str) -> dict[str, str]:
    """As the one trusted reverse proxy (SIGAP_PROXY_HOPS=1) forwards a client at `ip`."""
    return {"X-Forwarded-For": ip}


def test_one_address_cannot_spray_passwords_across_accounts(strict_client, conn) -> None:
    codes = [strict_client.post("/api/v1/auth/login", headers=_from("203.0.113.9"),
                                json={"login": f"warga{i}@example.id", "password": "123456"}).status_code
             for i in range(8)]
    assert codes == [401] * 6 + [429, 429]
    # A client cannot pick a fresh address by sending its own X-Forwarded-For: the proxy appends
    # the real one, and only that last hop is believed.
    r = strict_client.post("/api/v1/auth/login", headers=_from("198.51.100.1, 203.0.113.9"),
                           json={"login": "warga9@example.id", "password": "123456"})
    assert r.status_code == 429
    # Someone else in the city is unaffected.
    make_user(conn, "citra")
    assert strict_client.post("/api/v1/auth/login", headers=_from("203.0.113.10"),
                              json={"login": "citra@example.id", "password": "rahasia-123"}).status_code == 200


def test_one_account_cannot_be_guessed_from_many_addresses(strict_client, conn) -> None:
    make_user(conn, "dewi")
    codes = [strict_client.post("/api/v1/auth/login", headers=_from(f"198.51.100.{i}"),
                                json={"login": "DEWI@example.id ", "password": f"tebak-{i}"}).status_code
             for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_submissions_are_limited_per_address_behind_the_proxy(strict_client, conn) -> None:
    """Many accounts from one address (a bot farm) meet the per-address limit; separate clients
    behind the same proxy each keep their own budget."""
    tokens = [make_user(conn, f"bot{i}")[1] for i in range(4)]
    codes = []
    for i in range(7):
        r = strict_client.post("/api/v1/reports", headers={**_from("192.0.2.50"), "Authorization": f"Bearer {tokens[i % 4]}"},
                               data=_report_form(east_of(LLBK, 150 * i)), content_type="multipart/form-data")
        codes.append(r.status_code)
    assert codes == [201] * 5 + [429, 429]
    _, other = make_user(conn, "tetangga")
    r = strict_client.post("/api/v1/reports", headers={**_from("192.0.2.51"), "Authorization": f"Bearer {other}"},
                           data=_report_form(east_of(LLBK, 2000)), content_type="multipart/form-data")
    assert r.status_code == 201
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 6


def _report_form(point: tuple[float, float]) -> dict[str, object]:
    import io

    from tests.helpers import jpeg

    return {"category": "sampah", "lng": str(point[0]), "lat": str(point[1]),
            "photo": (io.BytesIO(jpeg()), "foto.jpg")}


def test_open311_posts_are_limited_and_need_a_photo(strict_client, conn) -> None:
    import io

    from tests.helpers import jpeg

    _, key = make_user(conn, "mitra")

    def post(i: int, media: bool = True) -> int:
        data: dict[str, object] = {"api_key": key, "service_code": "sampah", "lat": str(LLBK[1]),
                                   "long": str(east_of(LLBK, 150 * i)[0])}
        if media:
            data["media"] = (io.BytesIO(jpeg()), "foto.jpg")
        return strict_client.post("/open311/v2/requests.json", data=data, headers=_from("192.0.2.77"),
                                  content_type="multipart/form-data").status_code

    no_photo = strict_client.post("/open311/v2/requests.json", headers=_from("192.0.2.77"), data={
        "api_key": key, "service_code": "sampah", "lat": str(LLBK[1]), "long": str(LLBK[0])})
    assert no_photo.status_code == 400 and no_photo.get_json()[0]["description"]
    assert [post(i) for i in range(5)] == [201, 201, 201, 429, 429]  # the account's budget, shared with the app
    assert conn.execute("SELECT count(*) AS n FROM reports WHERE source = 'open311'").fetchone()["n"] == 3


def test_expensive_anonymous_reads_are_limited(strict_client) -> None:
    codes = [strict_client.get("/api/v1/exports/reports.csv", headers=_from("192.0.2.99")).status_code
             for _ in range(6)]
    assert codes == [200] * 4 + [429, 429]
    near = f"/api/v1/reports/nearby?lng={LLBK[0]}&lat={LLBK[1]}&category=sampah"
    assert strict_client.get(near, headers=_from("192.0.2.98")).status_code == 200


def test_mass_registration_and_report_floods_are_refused(strict_client, conn) -> None:
    codes = [strict_client.post("/api/v1/auth/register", json={"email": f"bot{i}@spam.id", "password": "hujan-oebobo-1"})
             .status_code for i in range(3)]
    assert codes == [201, 201, 429]
    _, token = make_user(conn, "warga")
    codes = [submit(strict_client, token, point=east_of(LLBK, 200 * i)).status_code for i in range(4)]
    assert codes == [201, 201, 201, 429]
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 3  # the refused one left no trace


def test_security_headers_on_pages_and_api(client) -> None:
    for url in ("/", "/api/v1/categories", "/api/v1/nope"):
        r = client.get(url)
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert "geolocation=(self)" in r.headers["Permissions-Policy"]


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(clean: Settings) -> None:
    """SIGAP_PROXY_HOPS=0 (no proxy): a client sending X-Forwarded-For cannot pose as many."""
    app = create_app(dataclasses.replace(clean, rate_login_per_min=2, rate_login_account_per_min=100))
    c = app.test_client()
    codes = [c.post("/api/v1/auth/login", headers=_from(f"198.51.100.{i}"),
                    json={"login": f"x{i}@example.id", "password": "123456"}).status_code for i in range(3)]
    assert codes == [401, 401, 429]
    app.extensions["sigap.pool"].close()
    app.extensions["sigap.tile_pool"].close()


def test_flask_s_own_errors_are_short_in_both_languages(client) -> None:
    """A mistyped API address answered Werkzeug's English paragraph ("The requested URL was not
    found on the server. If you entered the URL manually ...") beside the Indonesian sentence."""
    missing = client.get("/api/v1/laporan")
    assert missing.status_code == 404
    assert missing.get_json() == {"code": "not_found", "message": "Alamat tidak ditemukan.", "message_en": "No such address."}
    wrong = client.delete("/api/v1/categories")
    assert wrong.status_code == 405 and wrong.get_json()["message_en"] == "This method is not allowed at this address."
