"""A resident who forgot she had an account signs up again with its login, on a phone. It said
"already registered" under a form still asking for a new account, with no way on: now its
password signs her in, and another password leaves her at the sign-in with "Lupa kata sandi?"."""
from __future__ import annotations

import psycopg

from tests.e2e.conftest import wait_until
from tests.e2e.test_phone_app import PHONES, open_app, phone  # noqa: F401
from tests.helpers import make_user


def _buttons_in_sight(page) -> None:
    """"Masuk" and "Daftar" without scrolling the sheet (at 360x640 both were below its fold: a walk)."""
    wait_until(page, "['f-login-btn', 'f-register-btn'].every(id => {"
                     " const r = document.getElementById(id).getBoundingClientRect();"
                     " return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })", 5)


def _sign_up(page, login: str, password: str, name: str = "") -> None:
    page.tap("#report-open")
    _buttons_in_sight(page)
    page.locator("#f-login").fill(login)
    page.locator("#f-password").fill(password)
    page.tap("#f-register-btn")
    _buttons_in_sight(page)  # with the name and the second password too
    page.locator("#f-name").fill(name)
    page.locator("#f-password2").fill(password)
    page.tap("#f-register-btn")


def test_signing_up_again_signs_in_or_shows_the_way_back(live: str, phone, conn: psycopg.Connection) -> None:  # noqa: F811
    make_user(conn, "maria")  # password rahasia-123
    context, page = phone(PHONES[0])
    open_app(page, live)
    _sign_up(page, "maria@example.id", "rahasia-123", "Maria Nenobais")  # her own password: she is in
    page.wait_for_selector("#report-form")
    # and the name she typed is her account's, said (it was dropped without a word)
    wait_until(page, "document.getElementById('toast').textContent === 'Anda sudah punya akun dengan login ini:"
                     " Anda masuk dengannya, dengan nama Maria Nenobais.'")
    assert conn.execute("SELECT full_name FROM users WHERE email = 'maria@example.id'").fetchone()["full_name"] \
        == "Maria Nenobais"
    conn.commit()
    context.close()

    context, page = phone(PHONES[1])
    open_app(page, live)
    _sign_up(page, "maria@example.id", "lain-sekali-9")
    wait_until(page, "document.getElementById('form-msg').textContent.includes('Login ini sudah punya akun')")
    # back at the sign-in, the way to a new password in sight; nothing typed twice for nothing
    assert page.locator("#f-password2").is_hidden() and page.locator("#f-name").is_hidden()
    assert page.locator("#f-forgot").is_visible() and page.locator("#f-login-btn").inner_text() == "Masuk"
    assert page.locator("#f-login").input_value() == "maria@example.id" and page.locator("#f-password").input_value() == ""
    assert page.evaluate("document.activeElement.id") == "f-password"
    page.tap("#lang")  # said again in English, still at the sign-in
    wait_until(page, "document.getElementById('form-msg').textContent.includes('This login already has an account')")
    assert page.locator("#f-password2").is_hidden() and page.locator("#f-login-btn").inner_text() == "Log in"
    page.locator("#f-password").fill("rahasia-123")
    page.tap("#f-login-btn")
    page.wait_for_selector("#report-form")
    assert conn.execute("SELECT count(*) AS n FROM users WHERE email = 'maria@example.id'").fetchone()["n"] == 1
    conn.commit()
    # the 409 of the sign-up and the 401 of its password are answers the card showed
    assert [e for e in page.errors if "status of 409" not in e and "status of 401" not in e] == []
    context.close()
