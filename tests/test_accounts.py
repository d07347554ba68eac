"""Accounts over HTTP: register, login, token expiry/invalid, staff creation by role."""
from __future__ import annotations

import psycopg
import pytest

from tests.helpers import auth, make_user


def test_register_login_me_logout(client) -> None:
    r = client.post("/api/v1/auth/register", json={"phone": "0812-3456-7890", "password": "kupang-2026",
                                                     "full_name": "Maria"})
    assert r.status_code == 201
    again = client.post("/api/v1/auth/register", json={"phone": "+6281234567890", "password": "bulan-pisang-8"})
    assert again.status_code == 409 and again.get_json()["code"] == "account_exists"
    bad = client.post("/api/v1/auth/login", json={"login": "081234567890", "password": "wrong-pass"})
    assert bad.status_code == 401 and bad.get_json()["code"] == "bad_credentials"
    ok = client.post("/api/v1/auth/login", json={"login": "081234567890", "password": "kupang-2026"})
    assert ok.status_code == 200
    token = ok.get_json()["token"]
    me = client.get("/api/v1/me", headers=auth(token)).get_json()
    assert me["role"] == "citizen" and me["full_name"] == "Maria"
    assert client.post("/api/v1/auth/logout", headers=auth(token)).status_code == 204
    after = client.get("/api/v1/me", headers=auth(token))
    assert after.status_code == 401 and after.get_json()["code"] == "invalid_token"


def test_password_stored_as_argon2(client, conn: psycopg.Connection) -> None:
    client.post("/api/v1/auth/register", json={"email": "Ani@Example.ID", "password": "kupang-2026"})
    row = conn.execute("SELECT email, password_hash FROM users").fetchone()
    assert row["email"] == "ani@example.id"
    assert row["password_hash"].startswith("$argon2id$") and "kupang-2026" not in row["password_hash"]


def test_expired_token_is_rejected(client, conn: psycopg.Connection) -> None:
    _, token = make_user(conn, "budi")
    conn.execute("UPDATE api_tokens SET expires_at = now() - interval '1 second'")
    conn.commit()
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 401


def test_register_validation(client) -> None:
    cases = [({"email": "x@y.id", "password": "short"}, "weak_password"),
             ({"email": "not-an-email", "password": "longenough"}, "invalid_email"),
             ({"password": "longenough"}, "missing_login")]
    for body, code in cases:
        r = client.post("/api/v1/auth/register", json=body)
        assert (r.status_code, r.get_json()["code"]) == (400, code), body
    r = client.post("/api/v1/auth/register", data="not json", content_type="text/plain")
    assert r.get_json()["code"] == "invalid_json"



def test_a_password_guessed_at_once_is_refused(client, conn: psycopg.Connection) -> None:
    """Long enough and guessed in the first tries: a common word, a repeat, a keyboard run, an
    Indonesian favourite, the account's own name. Length was the only rule, and staff who see
    confidential reports could choose "password" (an admin walk)."""
    for email, password in [("x@y.id", "password"), ("x@y.id", "aaaaaaaaaaaa"), ("x@y.id", "qwertyuiop"),
                            ("x@y.id", "bismillah123"), ("budi.santoso@y.id", "budisantoso")]:
        r = client.post("/api/v1/auth/register", json={"email": email, "password": password})
        assert (r.status_code, r.get_json()["code"]) == (400, "weak_password"), password
    said = r.get_json()
    assert said["message"].startswith("Kata sandi ini terlalu mudah ditebak") and "three random words" in said["message_en"]
    assert client.post("/api/v1/auth/register", json={"email": "x@y.id", "password": "tiga-kata-acak"}).status_code == 201
    from geo.accounts import create_user
    from geo.errors import InvalidInput
    with pytest.raises(InvalidInput, match="too easy to guess"):  # staff made by an admin (CLI) too
        create_user(conn, email="op@kupang.go.id", password="password1", role="operator")
    with pytest.raises(InvalidInput, match="too easy to guess"):  # the login itself, as typed to sign in
        create_user(conn, phone="+62 813-3765-4912", password="081337654912")
    from geo.account_changes import change_password
    from geo.accounts import User
    uid, _ = make_user(conn, "yohana.ndun")
    with pytest.raises(InvalidInput, match="too easy to guess"):  # a change knows whose account it is
        change_password(conn, User(uid, "citizen"), "rahasia-123", "yohana.ndun@example.id", None)

def test_staff_creation_rules(client, conn: psycopg.Connection) -> None:
    _, admin = make_user(conn, "admin", "admin")
    _, dlh_admin = make_user(conn, "kadis", "agency_admin", "DLH")
    _, citizen = make_user(conn, "warga")
    body = {"email": "op@kupang.go.id", "password": "kantor-kota-91", "role": "operator"}
    assert client.post("/api/v1/users", json=body, headers=auth(citizen)).status_code == 403
    assert client.post("/api/v1/users", json=body, headers=auth(dlh_admin)).status_code == 403
    assert client.post("/api/v1/users", json=body, headers=auth(admin)).status_code == 201
    other = {"email": "r1@kupang.go.id", "password": "pemadam-cepat-3", "role": "responder", "agency": "DAMKAR"}
    assert client.post("/api/v1/users", json=other, headers=auth(dlh_admin)).status_code == 403
    own = {"email": "r2@kupang.go.id", "password": "pemadam-cepat-3", "role": "responder"}
    made = client.post("/api/v1/users", json=own, headers=auth(dlh_admin))
    assert made.status_code == 201 and made.get_json()["agency"] == "DLH"
    resp = conn.execute("SELECT r.agency_id, a.code FROM responders r JOIN agencies a ON a.id = r.agency_id"
                        " WHERE r.user_id = %s", (made.get_json()["id"],)).fetchone()
    assert resp["code"] == "DLH"
    assert client.post("/api/v1/users", json=own).status_code == 401
