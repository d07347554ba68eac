"""What a person does to their own account, and what a city's admin does to their staff's.

- A new password ends every other session: the usual reason to change one is a lost phone or
  a password somebody else knows.
- A citizen may delete their account (UU 27/2022, the right to erasure). Their row goes; their
  reports stay as the city's records without a reporter, and what they did in timelines passes to
  one account that stands for every deleted resident (nothing ties two of a person's reports).
- A staff member who leaves is switched off, not deleted: their name stays on what they did. It
  reaches every city the account works for, so only an admin of all of them may do it; admins of
  one city may switch each other off (an admin who left is the case that matters).
"""
from __future__ import annotations

from typing import Any

from geo.accounts import User, check_city, password_hash, password_matches, token_digest
from geo.db import Conn, query
from geo.errors import Conflict, Forbidden, NotFound, ServiceUnavailable

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
    conn.execute(query("set_password"), {"id": user.id, "hash": password_hash(new)})
    keep = token_digest(keep_token) if keep_token else None
    return conn.execute(query("end_other_sessions"), {"id": user.id, "keep": keep}).rowcount


def my_data(conn: Conn, user: User) -> dict[str, Any]:
    """Everything held about the account, for its owner to read or take elsewhere (UU 27/2022)."""
    row = conn.execute(query("my_data"), {"id": user.id}).fetchone()
    assert row is not None
    data: dict[str, Any] = row["data"]
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
    if actor.role not in ADMINS:
        raise Forbidden()
    return actor.agency_id if actor.role == "agency_admin" else None


def staff_list(conn: Conn, actor: User, city_id: int) -> list[dict[str, Any]]:
    """A city's staff for its admin; an agency admin's own agency's field officers."""
    check_city(actor, city_id)
    return conn.execute(query("list_staff"), {"city_id": city_id, "agency_id": _agency_scope(actor)}).fetchall()


def set_disabled(conn: Conn, actor: User, city_id: int, user_id: int, disabled: bool) -> dict[str, Any]:
    """Switch a staff member of `city_id` off (sessions end, off shift) or on again. An agency
    admin: only their own agency's field officers. Nobody switches themselves off (409)."""
    check_city(actor, city_id)
    agency_id = _agency_scope(actor)
    target = conn.execute(query("staff_member"), {"id": user_id, "city_id": city_id}).fetchone()
    if target is None:
        raise NotFound("Staf tidak ditemukan di kota ini.", "No such staff member in this city.", code="user_not_found")
    if agency_id is not None and (target["role"] != "responder" or target["agency_id"] != agency_id):
        raise Forbidden("Admin OPD hanya mengatur petugas OPD sendiri.",
                        "Agency admins manage only their own agency's responders.")
    if not set(target["cities"] or ()) <= set(actor.cities):
        raise Forbidden("Staf ini juga bekerja di kota lain: hanya admin semua kotanya yang dapat menonaktifkannya.",
                        "This staff member also works for another city: only an admin of all their cities may "
                        "switch them off.", code="other_city")
    if user_id == actor.id:
        raise Conflict("Akun sendiri tidak dapat dinonaktifkan.", "You cannot switch off your own account.",
                       code="own_account")
    row = conn.execute(query("set_staff_disabled"), {"id": user_id, "disabled": disabled}).fetchone()
    assert row is not None
    return {"id": user_id, "disabled": disabled, "sessions_ended": int(row["sessions_ended"]),
            "open_tasks": int(row["open_tasks"])}
