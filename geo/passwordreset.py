"""A resident who forgot their password sets a new one by a link sent to their e-mail address.

- Only residents' accounts (staff get a new password from their admin, geo/account_changes.py),
  and only those with an e-mail address: there is no SMS here (an account made with a phone
  number is told to make a new one or to ask the city).
- The answer to "send me a link" is the same whether the address has an account or not, so
  nobody learns who has one; at most one link per account and city every two minutes.
- The link is `<public URL>/<city>/?reset=<id>.<signature>`: the signature is an HMAC under the
  database's key of the row and of the account's password hash as it is, so a link works until
  it is used, for an hour, and not after the password has changed. Nothing stored opens an
  account. The public URL is the deployment's own (`SIGAP_PUBLIC_URL`), never the request's Host,
  which a stranger could set to send the link to their own site.
- Using it ends every session of the account (the usual reason: someone else knew the old one)
  and signs the person in on the phone they used.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any

from geo import outbox
from geo.accounts import TOKEN_TTL, known_of, normalize_login, password_hash, start_session
from geo.db import Conn, query
from geo.errors import InvalidInput, NotFound
from geo.medialinks import database_key
from geo.settings import Settings

_INVALID = ("Tautan ini tidak berlaku lagi (sudah dipakai, lewat 1 jam, atau kata sandinya sudah diganti). "
            "Minta tautan baru.",
            "This link no longer works (already used, over an hour old, or the password has changed since). "
            "Ask for a new one.")


def available(settings: Settings) -> bool:
    """Whether links can be sent: an SMTP server and the address the links open."""
    return bool(settings.smtp_url and settings.public_url)


def request(conn: Conn, settings: Settings, email: str, city_id: int) -> None:
    """Queue a link for the resident with `email`, if there is one (see the module's docstring)."""
    if not available(settings):
        # 404: this deployment has no such service (not an error of the server, which would be retried)
        raise NotFound("Atur ulang kata sandi lewat e-mail belum tersedia di sini: hubungi layanan aduan kota.",
                       "Resetting a password by e-mail is not available here: contact the city's complaints desk.",
                       code="reset_unavailable")
    if "@" not in email and any(ch.isdigit() for ch in email):  # the browser's "include an @" said nothing useful
        raise InvalidInput("Akun dengan nomor HP tidak bisa dipulihkan lewat e-mail (tidak ada SMS di sini): buat akun "
                           "baru dengan e-mail, atau hubungi layanan aduan kota.",
                           "An account made with a phone number cannot be recovered by e-mail (there is no SMS here): "
                           "make a new account with an e-mail, or contact the city's complaints desk.", code="reset_phone")
    address, _ = normalize_login(email, None)
    row = conn.execute(query("reset_request"), {"email": address, "city_id": city_id}).fetchone()
    if row is not None:
        outbox.add(conn, "mail_password_reset", row["id"], city_id)


def _usable(row: dict[str, Any]) -> bool:
    """A link's row that may still be used: not used yet, within its hour, of a resident's account
    in use that has an e-mail address (the mail and the new password ask the same; one made staff
    since gets a password from their admin)."""
    return (row["used_at"] is None and bool(row["fresh"]) and not row["disabled"] and bool(row["email"])
            and row["role"] == "citizen")


def _signature(conn: Conn, row: dict[str, Any]) -> str:
    what = f"password-reset:{row['id']}:{row['city_id']}:{row['user_id']}:{row['password_hash']}"
    return hmac.new(database_key(conn), what.encode(), hashlib.sha256).hexdigest()[:40]


def mail(conn: Conn, settings: Settings, reset_id: int, city_id: int) -> dict[str, Any] | None:
    """The message for reset `reset_id` (to, subject, body), or None when it can no longer be used."""
    row = conn.execute(query("reset_of"), {"id": reset_id, "city_id": city_id}).fetchone()
    if row is None or not _usable(row):
        return None
    link = f"{(settings.public_url or '').rstrip('/')}/{row['city']}/?reset={row['id']}.{_signature(conn, row)}"
    hello = f"Halo {row['full_name']}," if row["full_name"] else "Halo,"
    body = (f"{hello}\n\nAda permintaan membuat kata sandi baru untuk akun SIGAP {row['city_name']} Anda. "
            f"Buka tautan ini dalam 1 jam untuk membuatnya:\n\n{link}\n\n"
            "Bukan Anda yang meminta? Abaikan e-mail ini: kata sandi Anda tetap.\n\n"
            f"---\n\nSomeone asked for a new password for your SIGAP {row['city_name']} account. "
            f"Open this link within an hour to choose one:\n\n{link}\n\n"
            "Not you? Ignore this e-mail: your password stays as it is.\n")
    return {"to": row["email"], "subject": "SIGAP: kata sandi baru / new password", "body": body}


def _row_of_link(conn: Conn, token: str, city_id: int) -> dict[str, Any]:
    """The row of a link that still works, or `reset_link_invalid`."""
    rid, _, signature = (token or "").partition(".")
    # ASCII digits that fit a bigint ("²" and 20 nines answered 500)
    well_formed = rid.isascii() and rid.isdigit() and len(rid) <= 18
    row = conn.execute(query("reset_of"), {"id": int(rid), "city_id": city_id}).fetchone() if well_formed else None
    if row is None or not _usable(row) or not hmac.compare_digest(_signature(conn, row), signature):
        raise InvalidInput(*_INVALID, code="reset_link_invalid")
    return dict(row)


def check(conn: Conn, token: str, city_id: int) -> dict[str, Any]:
    """Whether the link still works, asked as it opens: {"login": the account's address}. A used
    or old link was found dead only after the new password had been typed twice."""
    return {"login": _row_of_link(conn, token, city_id)["email"]}


def reset(conn: Conn, token: str, new_password: str, city_id: int) -> dict[str, Any]:
    """Set the new password by the link's `token`; every session ends, and a new one starts
    here: the sign-in's answer ({token, token_type, expires_in, role, login})."""
    row = _row_of_link(conn, token, city_id)
    # the account's phone and name too, as a change and an admin's reset check them
    conn.execute(query("set_password"), {"id": row["user_id"],
                                         "hash": password_hash(new_password, known_of(conn, row["user_id"]))})
    conn.execute(query("end_other_sessions"), {"id": row["user_id"], "keep": None})
    conn.execute(query("reset_used"), {"user_id": row["user_id"], "city_id": city_id})
    # named: a phone signed in as someone else switches to this account
    return {"token": start_session(conn, row["user_id"]), "token_type": "Bearer",
            "expires_in": int(TOKEN_TTL.total_seconds()), "role": row["role"], "login": row["email"]}
