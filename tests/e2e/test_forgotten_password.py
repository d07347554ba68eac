"""A resident who forgot her password, on a phone: "Lupa kata sandi?" under the sign-in, the
link from her e-mail (a real SMTP server on loopback), a new password, and she is signed in.
Before, a forgotten password lost the account and the news of its reports for good."""
from __future__ import annotations

import psycopg
import pytest

from tests.conftest import serve
from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, in_view, open_app, phone  # noqa: F401
from tests.helpers import make_user


@pytest.fixture
def mail_live(mail_app):
    yield from serve(mail_app)


def test_a_resident_who_forgot_her_password_gets_back_in(mail_live: str, mailbox, phone, conn: psycopg.Connection,  # noqa: F811
                                                         run_jobs) -> None:
    live = mail_live
    make_user(conn, "maria")
    context, page = phone(PHONES[0])
    open_app(page, live)
    page.tap("#report-open")
    page.locator("#f-login").fill("maria@example.id")
    page.locator("#f-password").fill("lupa-lupa-ingat")
    page.tap("#f-login-btn")
    wait_until(page, "document.getElementById('form-msg').textContent.includes('salah')")
    assert in_view(page, "#f-forgot")  # under the password, on screen (it was below the foot of 360x640)
    page.tap("#f-forgot")
    page.wait_for_selector("#forgot-form")
    assert page.locator("#f-forgot-email").input_value() == "maria@example.id"  # what she had typed
    axe_clean(page, live, "forgotten password")
    page.tap("#f-forgot-send")
    wait_until(page, "document.getElementById('form-msg').textContent.includes('Periksa e-mail Anda')")
    run_jobs()
    assert [m["To"] for m in mailbox.messages] == ["maria@example.id"]
    link = next(w for w in mailbox.messages[0].get_content().split() if "?reset=" in w)
    assert link.startswith("https://sigap.example.id/kupang/?reset=")
    page.goto(link.replace("https://sigap.example.id", live))  # the deployment's address: here, this server
    page.wait_for_selector("#reset-form")
    assert "reset=" not in page.url  # not left in the address or the history
    wait_until(page, "document.getElementById('f-reset-who').textContent === 'Untuk akun maria@example.id'")
    assert page.locator("#report-title").inner_text() == "Buat kata sandi baru"  # not "Laporkan masalah"
    page.locator("#f-new-password").fill("ingat-selalu-7")
    page.locator("#f-new-password2").fill("ingat-selalu-8")
    page.tap("#f-new-save")
    wait_until(page, "document.getElementById('form-msg').textContent === 'Kedua kata sandi tidak sama.'")
    page.locator("#f-new-password2").fill("ingat-selalu-7")
    page.tap("#f-new-save")
    page.wait_for_selector("#report-form")  # signed in, at the report form
    # which account (a phone signed in as someone else switches to this one)
    assert page.locator("#toast").inner_text() == "Kata sandi baru tersimpan. Anda masuk sebagai maria@example.id."
    page.screenshot(path=str(ARTIFACTS / "phone-new-password.png"))

    # The same link again (a second tap in the mail): it says so as it opens, before a new password
    # is typed twice for nothing (it said so only after saving), and offers a new one.
    other, again = phone(PHONES[1])
    again.goto(link.replace("https://sigap.example.id", live))
    again.wait_for_selector("#f-reset-again", state="visible")
    assert "Minta tautan baru" in again.locator("#form-msg").inner_text()
    assert again.locator("#f-new-password").is_hidden() and again.locator("#f-new-save").is_hidden()
    again.tap("#lang")  # in English the way on stays (it went with a language switch)
    wait_until(again, "document.getElementById('f-reset-again')?.textContent === 'Ask for a new link'")
    assert again.locator("#f-new-password").is_hidden()
    again.tap("#f-reset-again")
    again.wait_for_selector("#forgot-form")
    # the wrong password's 401 and the used link's 400 are the answers the cards showed
    assert [e for e in page.errors if "status of 401" not in e] == []
    assert [e for e in again.errors if "status of 400" not in e] == []
    other.close()
    context.close()


def test_an_account_made_with_a_phone_number_adds_its_e_mail(mail_live: str, mailbox, phone,  # noqa: F811
                                                             conn: psycopg.Connection) -> None:
    """Made with a phone number, an account could not be recovered (the field said "include an
    @", then nothing): asked with the number, the card says why and what to do; the owner adds an
    e-mail under "Laporan saya › Akun saya"."""
    from geo.accounts import create_user

    live = mail_live
    create_user(conn, password="rahasia-123", phone="081234567890", full_name="Yanti")
    conn.commit()
    context, page = phone(PHONES[1])
    open_app(page, live)
    page.tap("#report-open")
    page.locator("#f-login").fill("081234567890")
    page.tap("#f-forgot")
    page.wait_for_selector("#forgot-form")
    page.locator("#f-forgot-email").fill("081234567890")
    page.tap("#f-forgot-send")
    wait_until(page, "document.getElementById('form-msg').textContent.includes('tidak bisa dipulihkan lewat e-mail')")
    page.tap("#f-forgot-back")
    assert page.locator("#f-login").input_value() == "081234567890"  # not typed again
    page.locator("#f-password").fill("rahasia-123")
    page.tap("#f-login-btn")
    page.wait_for_selector("#report-form")
    page.tap("#mine-open")
    page.wait_for_selector("#account summary")
    page.locator("#account summary").scroll_into_view_if_needed()
    page.tap("#account summary")
    page.locator("#acc-email").scroll_into_view_if_needed()
    page.locator("#acc-email").fill("yanti@example.id")
    page.locator("#acc-email-password").fill("rahasia-123")
    page.tap("#acc-email-save")
    wait_until(page, "document.getElementById('acc-msg').textContent === 'E-mail tersimpan: yanti@example.id.'")
    assert conn.execute("SELECT email FROM users WHERE phone = '+6281234567890'").fetchone()["email"] == "yanti@example.id"
    conn.commit()
    axe_clean(page, live, "my account with its e-mail")
    assert [e for e in page.errors if "status of 400" not in e] == []  # the number's refusal, shown
    context.close()
