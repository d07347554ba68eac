"""What a person does to their own account, and what a city's admin does to their staff's.

- A new password ends every other session: the usual reason to change one is a lost phone or
  a password somebody else knows.
- A citizen may delete their account (UU 27/2022, the right to erasure). Their row goes; their
  reports stay as the city's records without a reporter, and what they did in timelines passes to
  one account that stands for every deleted resident (nothing ties two of a person's reports).
- A staff member who leaves is switched off, not deleted: their name stays on what they did. It
  reaches every city the account works for, so only an admin of all of them may do it; admins of
  one city may switch each other off (an admin who left is the case that matters). A field
  officer's open tasks and unanswered offers go back to the dispatcher at once: left with
  someone who no longer comes, a pile of rubbish would wait until an operator noticed.
"""
from __future__ import annotations

from typing import Any

from geo import lifecycle, medialinks, outbox
from geo.accounts import (
    STAFF_ROLES,
    User,
    check_city,
    create_user,
    known_of,
    normalize_login,
    password_hash,
    password_matches,
    token_digest,
)
from geo.db import Conn, query
from geo.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceUnavailable
from geo.settings import Settings

ADMINS = ("admin", "agency_admin")


def _confirm(conn: Conn, user: User, password: str) -> None:
    """403 wrong_password unless `password` is the account's own (asked before what cannot be
    undone, and so that a phone left signed in does not let anyone take the account over)."""
    row = conn.execute(query("user_password_hash"), {"id": user.id}).fetchone()
    if not password_matches(row["password_hash"] if row else None, password):
        raise Forbidden("Kata sandi salah.", "Wrong password.", code="wrong_password")


def change_password(conn: Conn, user: User, current: str, new: str, keep_token: str | None) -> int:
    """Set a new password; every other session of the account ends. How many ended."""
    _confirm(conn, user, current)
    if new == current:  # above all for a password an admin chose: it must stop being known to two
        raise InvalidInput("Kata sandi baru harus berbeda dari yang sekarang.",
                           "The new password must differ from the current one.", code="same_password")
    conn.execute(query("set_password"), {"id": user.id, "hash": password_hash(new, known_of(conn, user.id))})
    keep = token_digest(keep_token) if keep_token else None
    return conn.execute(query("end_other_sessions"), {"id": user.id, "keep": keep}).rowcount


def set_email(conn: Conn, user: User, email: str, password: str) -> str:
    """A resident adds or changes their e-mail (the password confirms it): an account made with a
    phone number had no way back in once its password was forgotten (there is no SMS here)."""
    if user.role != "citizen":
        raise Forbidden("E-mail akun staf diubah oleh admin kota Anda.", "A staff account's e-mail is changed by "
                        "your city's admin.", code="staff_account")
    _confirm(conn, user, password)
    address, _ = normalize_login(email, None)
    assert address is not None
    if conn.execute(query("set_email"), {"id": user.id, "email": address}).fetchone() is None:
        raise Conflict("E-mail itu sudah dipakai akun lain.", "That e-mail belongs to another account.",
                       code="email_taken")
    return address


def set_name(conn: Conn, user: User, full_name: str | None) -> str:
    """A resident's own name, as operators see it on her reports ('' for none): signed up without
    one, or with a typo in it, she had no way to change it. Staff names are their admin's."""
    if user.role != "citizen":
        raise Forbidden("Nama akun staf diubah oleh admin kota Anda.", "A staff account's name is changed by "
                        "your city's admin.", code="staff_account")
    if full_name is None:
        raise InvalidInput("full_name wajib diisi (boleh kosong).", "full_name is required (it may be empty).",
                           code="invalid_full_name")
    name = " ".join(full_name.split())
    if len(name) > 200:
        raise InvalidInput("Nama paling panjang 200 karakter.", "A name is at most 200 characters.", code="name_too_long")
    conn.execute(query("set_full_name"), {"id": user.id, "full_name": name})
    return name


def my_data(conn: Conn, user: User) -> dict[str, Any]:
    """Everything held about the account, for its owner to read or take elsewhere (UU 27/2022)."""
    row = conn.execute(query("my_data"), {"id": user.id}).fetchone()
    assert row is not None
    data: dict[str, Any] = row["data"]
    for report in data["reports"]:  # a confidential or withheld report's photos: by a link that runs out
        link = medialinks.links(conn, report["confidential"] or report["withheld"])
        for photo in report["photos"]:
            key = photo.pop("key")
            if key:
                photo["path"] = link(key, "public")
    return data


def delete_citizen(conn: Conn, user: User, password: str) -> dict[str, int]:
    """Erase a citizen's account (see the module's docstring); staff are switched off by their
    admin instead (403 staff_account). How many reports stay, now no one's."""
    if user.role != "citizen":
        raise Forbidden("Akun staf tidak dihapus sendiri: hubungi admin kota Anda.",
                        "A staff account is not deleted by its owner: ask your city's admin.", code="staff_account")
    _confirm(conn, user, password)
    former = _former_resident(conn)
    moved = conn.execute(query("hand_over_resident"), {"id": user.id, "former": former}).fetchone()
    conn.execute(query("erase_citizen"), {"id": user.id})
    return {"reports_kept": int(moved["reports"]) if moved else 0}


def _former_resident(conn: Conn) -> int:
    """The account that stands for every deleted resident (made the first time)."""
    for _ in range(3):  # a concurrent first erasure: the row is there on the next look
        row = conn.execute(query("former_resident")).fetchone()
        if row is not None:
            return int(row["id"])
    raise ServiceUnavailable("Coba lagi sebentar lagi.", "Please try again shortly.")


def _agency_scope(actor: User) -> int | None:
    """The agency an agency admin is limited to; None for a city's admin. An agency admin without
    an agency (the schema allows it) is refused, never taken for a city's admin."""
    if actor.role not in ADMINS:
        raise Forbidden()
    if actor.role != "agency_admin":
        return None
    if actor.agency_id is None:
        raise Forbidden("Akun Admin OPD ini belum punya OPD.", "This agency admin account has no agency.")
    return actor.agency_id


def staff_list(conn: Conn, actor: User, city_id: int) -> list[dict[str, Any]]:
    """A city's staff for its admin; an agency admin's own agency's field officers."""
    check_city(conn, actor, city_id)
    return conn.execute(query("list_staff"), {"city_id": city_id, "agency_id": _agency_scope(actor)}).fetchall()


def add_staff(conn: Conn, actor: User | None, city_id: int, *, role: str, agency: str | None, password: str,
              email: str | None = None, phone: str | None = None, full_name: str = "",
              kecamatan: str | None = None, kelurahan: str | None = None) -> tuple[int, str | None]:
    """One staff member of `city_id`, added by its admin (any staff), an agency admin (field
    officers of their own agency only; 403 otherwise) or, with no actor, at the server's shell.
    The password is one the admin knows: its owner must replace it at the first sign-in. The new
    id and the agency it was given."""
    if role not in STAFF_ROLES:
        raise InvalidInput(f"Peran staf {role!r} tidak dikenal.", f"Unknown staff role {role!r}.", code="invalid_role")
    if actor is not None:
        check_city(conn, actor, city_id)
        if _agency_scope(actor) is not None:
            if role != "responder" or (agency or actor.agency) != actor.agency:
                raise Forbidden("Admin OPD hanya dapat menambah petugas OPD sendiri.",
                                "Agency admins add only their own agency's responders.")
            agency = actor.agency
    uid = create_user(conn, password=password, email=email, phone=phone, full_name=full_name, role=role,
                      agency=agency, kecamatan=kecamatan, kelurahan=kelurahan, city_id=city_id, must_change=True)
    return uid, agency


def _their_admin(conn: Conn, actor: User, city_id: int, user_id: int) -> None:
    """`actor` may manage staff member `user_id` of `city_id`: an admin of every city they work
    for, or the agency admin of a field officer of theirs; never their own account (409)."""
    check_city(conn, actor, city_id)
    agency_id = _agency_scope(actor)
    target = conn.execute(query("staff_member"), {"id": user_id, "city_id": city_id}).fetchone()
    if target is None:
        raise NotFound("Staf tidak ditemukan di kota ini.", "No such staff member in this city.", code="user_not_found")
    if agency_id is not None and (target["role"] != "responder" or target["agency_id"] != agency_id):
        raise Forbidden("Admin OPD hanya mengatur petugas OPD sendiri.",
                        "Agency admins manage only their own agency's responders.")
    if not set(target["cities"] or ()) <= set(actor.cities):
        raise Forbidden("Staf ini juga bekerja di kota lain: hanya admin semua kotanya yang dapat mengaturnya.",
                        "This staff member also works for another city: only an admin of all their cities may "
                        "manage their account.", code="other_city")
    if user_id == actor.id:
        raise Conflict("Akun sendiri diatur dari nama Anda di bagian atas halaman.",
                       "Your own account is managed from your name at the top of the page.", code="own_account")


def set_disabled(conn: Conn, settings: Settings, actor: User, city_id: int, user_id: int,
                 disabled: bool) -> dict[str, Any]:
    """Switch a staff member of `city_id` off (sessions end, off shift, their work back to the
    dispatcher) or on again."""
    _their_admin(conn, actor, city_id, user_id)
    row = conn.execute(query("set_staff_disabled"), {"id": user_id, "disabled": disabled}).fetchone()
    assert row is not None
    requeued = _hand_back(conn, settings, user_id) if disabled else []
    return {"id": user_id, "disabled": disabled, "sessions_ended": int(row["sessions_ended"]),
            "requeued": requeued}


def reset_password(conn: Conn, actor: User, city_id: int, user_id: int, password: str) -> dict[str, Any]:
    """A staff member forgot their password: their admin sets one to hand over. Every session of
    the account ends, and its owner must choose their own password at the next sign-in."""
    _their_admin(conn, actor, city_id, user_id)
    row = conn.execute(query("reset_staff_password"), {"id": user_id,
                                                       "hash": password_hash(password, known_of(conn, user_id))}).fetchone()
    assert row is not None
    return {"id": user_id, "password_reset": True, "sessions_ended": int(row["sessions_ended"])}


def _hand_back(conn: Conn, settings: Settings, user_id: int) -> list[int]:
    """Give what a switched-off officer held back to the dispatcher, then take them off shift:
    each open offer is withdrawn and each assigned report returns to the queue (a timeline event
    says why); the nearest available officer is offered each in turn. The ids of those reports.
    Offers, tasks, then the officer's row: the order an officer's "Terima" and an operator's change
    lock them in, so switching one off as they accept waits for them (a deadlock answered 503)."""
    ids = _withdraw(conn, "staff_offers_withdrawn", user_id)
    conn.execute(query("staff_task_locks"), {"id": user_id})
    for t in conn.execute(query("staff_tasks_held"), {"id": user_id}).fetchall():
        city_id = int(t["city_id"])
        lifecycle.transition(conn, settings, int(t["report_id"]), city_id, None, lifecycle.Transition(
            to="verified", note="Petugas tidak lagi bertugas; laporan kembali ke antrean untuk petugas lain / "
                                "the officer no longer works here; the report is back in the queue"))
        outbox.add(conn, "dispatch_report", int(t["report_id"]), city_id)
        ids.append(int(t["report_id"]))
    conn.execute(query("staff_off_shift"), {"id": user_id})
    return sorted(ids + _withdraw(conn, "staff_offers_skipped", user_id))  # one a dispatch made meanwhile


def _withdraw(conn: Conn, statement: str, user_id: int) -> list[int]:
    """Withdraw the officer's open offers (`statement`); each report goes on to the dispatcher."""
    ids = []
    for o in conn.execute(query(statement), {"id": user_id}).fetchall():
        outbox.add(conn, "dispatch_report", int(o["report_id"]), int(o["city_id"]))
        ids.append(int(o["report_id"]))
    return ids
