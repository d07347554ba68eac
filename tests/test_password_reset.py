"""A resident who forgot their password gets a link by e-mail (a real SMTP server on loopback)
and sets a new one with it. Before, an account whose password was forgotten was lost: the only
way on was a new account, without the old one's reports and their news."""
from __future__ import annotations

import re

import psycopg
import pytest

from tests.helpers import auth, make_user

ASK = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
CHECK = "/api/v1/auth/password-reset/check"


def _link(message) -> str:
    found = re.findall(r"https://sigap\.example\.id/kupang/\?reset=(\S+)", message.get_content())
    assert len(set(found)) == 1, message.get_content()  # the same link in both languages
    return found[0]


def test_without_a_mail_server_the_app_says_it_cannot(client) -> None:
    r = client.post(ASK, json={"email": "ani@example.id"})
    assert (r.status_code, r.get_json()["code"]) == (404, "reset_unavailable")
    assert "hubungi layanan aduan kota" in r.get_json()["message"]


def test_a_resident_sets_a_new_password_by_the_link(mail_app, mailbox, conn: psycopg.Connection, run_jobs) -> None:
    client = mail_app.test_client()
    ani_id, old_session = make_user(conn, "ani")
    make_user(conn, "op", "operator")  # staff get theirs from their admin
    sent = client.post(ASK, json={"email": "ANI@example.id "})
    assert sent.status_code == 202
    # an address with no account, and a staff member's: the same answer, and no mail
    for other in ("nobody@example.id", "op@example.id"):
        again = client.post(ASK, json={"email": other})
        assert (again.status_code, again.get_json()) == (202, sent.get_json())
    assert client.post(ASK, json={"email": "ani@example.id"}).status_code == 202  # a second tap: no second mail
    # a phone number: said plainly that such an account cannot be recovered here (the field read "include an @")
    phone = client.post(ASK, json={"email": "0812 3456 789"})
    assert (phone.status_code, phone.get_json()["code"]) == (400, "reset_phone")
    assert "tidak bisa dipulihkan lewat e-mail" in phone.get_json()["message"]
    bad = client.post(ASK, json={"email": "ani.example.id"})
    assert (bad.status_code, bad.get_json()["code"]) == (400, "invalid_email")
    run_jobs()
    assert [m["To"] for m in mailbox.messages] == ["ani@example.id"]
    mail = mailbox.messages[0]
    assert mail["Subject"] == "SIGAP: kata sandi baru / new password"
    assert "Halo Ani," in mail.get_content() and "dalam 1 jam" in mail.get_content()
    token = _link(mail)

    tampered = client.post(CONFIRM, json={"token": token[:-1] + ("0" if token[-1] != "0" else "1"),
                                          "password": "baru-sekali-1"})
    assert (tampered.status_code, tampered.get_json()["code"]) == (400, "reset_link_invalid")
    assert "Minta tautan baru" in tampered.get_json()["message"]
    # asked as the link opens: it works, and for whom (the tampered one does not)
    assert client.post(CHECK, json={"token": token}).get_json() == {"login": "ani@example.id"}
    assert client.post(CHECK, json={"token": token[:-1] + "x"}).get_json()["code"] == "reset_link_invalid"
    weak = client.post(CONFIRM, json={"token": token, "password": "pendek"})
    assert (weak.status_code, weak.get_json()["code"]) == (400, "weak_password")  # and the link still works:
    done = client.post(CONFIRM, json={"token": token, "password": "baru-sekali-1"})
    assert done.status_code == 200, done.get_json()
    assert client.get("/api/v1/me", headers=auth(done.get_json()["token"])).get_json()["id"] == ani_id
    assert done.get_json()["login"] == "ani@example.id"  # named: a shared phone switches to this account
    assert client.get("/api/v1/me", headers=auth(old_session)).status_code == 401  # every old session ended
    old = client.post("/api/v1/auth/login", json={"login": "ani@example.id", "password": "rahasia-123"})
    assert old.status_code == 401
    assert client.post("/api/v1/auth/login", json={"login": "ani@example.id", "password": "baru-sekali-1"}).status_code == 200
    used = client.post(CONFIRM, json={"token": token, "password": "lain-lagi-22"})
    assert (used.status_code, used.get_json()["code"]) == (400, "reset_link_invalid")
    assert (client.post(CHECK, json={"token": token}).status_code) == 400  # used: said as it opens


def test_a_link_stops_working_after_an_hour_or_a_new_password(mail_app, mailbox, conn: psycopg.Connection,
                                                             run_jobs) -> None:
    client = mail_app.test_client()
    _, session = make_user(conn, "ani")
    assert client.post(ASK, json={"email": "ani@example.id"}).status_code == 202
    run_jobs()
    first = _link(mailbox.messages[-1])
    # the password changed another way (she remembered it): the link made before no longer opens it
    changed = client.post("/api/v1/me/password", json={"current_password": "rahasia-123", "new_password": "ingat-lagi-1"},
                          headers=auth(session))
    assert changed.status_code == 200
    late = client.post(CONFIRM, json={"token": first, "password": "baru-sekali-1"})
    assert late.get_json()["code"] == "reset_link_invalid"
    conn.execute("UPDATE password_resets SET created_at = now() - interval '3 minutes'")
    conn.commit()
    assert client.post(ASK, json={"email": "ani@example.id"}).status_code == 202
    run_jobs()
    second = _link(mailbox.messages[-1])
    assert second != first
    conn.execute("UPDATE password_resets SET created_at = now() - interval '61 minutes'")
    conn.commit()
    old = client.post(CONFIRM, json={"token": second, "password": "baru-sekali-1"})
    assert old.get_json()["code"] == "reset_link_invalid"
    for junk in ("", "abc", "12", "99999.deadbeef", "99999999999999999999.x", "².x"):
        r = client.post(CONFIRM, json={"token": junk, "password": "baru-sekali-1"})
        assert (r.status_code, r.get_json()["code"]) == (400, "reset_link_invalid"), junk
    # made staff since it was sent: staff get a new password from their admin, not by this link
    conn.execute("UPDATE password_resets SET created_at = now() - interval '3 minutes'")
    conn.commit()
    assert client.post(ASK, json={"email": "ani@example.id"}).status_code == 202
    run_jobs()
    third = _link(mailbox.messages[-1])
    assert client.post(CHECK, json={"token": third}).status_code == 200
    conn.execute("UPDATE users SET role = 'operator' WHERE email = 'ani@example.id'")
    conn.commit()
    assert client.post(CHECK, json={"token": third}).get_json()["code"] == "reset_link_invalid"


@pytest.mark.parametrize("body", [{"email": 5}, ["ani@example.id"]])
def test_bad_requests_are_400(mail_app, mailbox, body) -> None:
    r = mail_app.test_client().post(ASK, json=body)
    assert r.status_code == 400 and r.get_json()["message_en"]


def test_an_account_made_with_a_phone_number_gets_an_e_mail_and_so_a_way_back(mail_app, mailbox, conn: psycopg.Connection,
                                                                             run_jobs) -> None:
    """Made with a phone number, an account had no way back in once its password was forgotten (no
    SMS here): its owner adds an e-mail in "Akun saya", confirmed by the password."""
    from geo.accounts import create_user, login

    client = mail_app.test_client()
    create_user(conn, password="rahasia-123", phone="081337654912", full_name="Yanti")
    token, _ = login(conn, "081337654912", "rahasia-123")
    make_user(conn, "ani")
    conn.commit()
    url = "/api/v1/me/email"
    wrong = client.post(url, json={"email": "yanti@example.id", "password": "salah-sekali"}, headers=auth(token))
    assert (wrong.status_code, wrong.get_json()["code"]) == (403, "wrong_password")
    taken = client.post(url, json={"email": "ANI@example.id", "password": "rahasia-123"}, headers=auth(token))
    assert (taken.status_code, taken.get_json()["code"]) == (409, "email_taken")
    done = client.post(url, json={"email": " Yanti@Example.id", "password": "rahasia-123"}, headers=auth(token))
    assert (done.status_code, done.get_json()) == (200, {"email": "yanti@example.id"})
    assert client.post("/api/v1/auth/login", json={"login": "081337654912", "password": "rahasia-123"}).status_code == 200
    assert client.post(ASK, json={"email": "yanti@example.id"}).status_code == 202
    run_jobs()
    assert [m["To"] for m in mailbox.messages] == ["yanti@example.id"]
    assert "Halo Yanti," in mailbox.messages[0].get_content()
    # the reset knows the account's phone and name, as a change does: the phone as its password is refused
    link = _link(mailbox.messages[0])
    own_phone = client.post(CONFIRM, json={"token": link, "password": "081337654912"})
    assert (own_phone.status_code, own_phone.get_json()["code"]) == (400, "weak_password")
    assert client.post(CONFIRM, json={"token": link, "password": "baru-sekali-1"}).status_code == 200


def test_the_mail_password_is_never_sent_without_tls(mailbox, settings) -> None:
    """SIGAP_SMTP_URL with a user and password to a server that offers no STARTTLS (or one whose
    offer a path stripped): the login went in clear text, and so did every reset link after it (a
    deployer's walk). Nothing is sent; the job fails with the reason, and is retried."""
    import dataclasses

    from geo import mail

    port = mailbox.smtp_url.rsplit(":", 1)[1]
    with_login = dataclasses.replace(settings, smtp_url=f"smtp://sigap:rahasia@127.0.0.1:{port}",
                                     mail_from="SIGAP <no-reply@example.id>")
    with pytest.raises(RuntimeError, match="offered no STARTTLS"):
        mail.send(with_login, "ani@example.id", "Atur ulang kata sandi", "…")
    assert mailbox.messages == []
    without = dataclasses.replace(with_login, smtp_url=mailbox.smtp_url)  # no login: nothing secret to protect
    mail.send(without, "ani@example.id", "Atur ulang kata sandi", "…")
    assert len(mailbox.messages) == 1
