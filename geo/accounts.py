"""Accounts: citizens register themselves; staff are created by admins or the CLI.

Passwords are argon2id hashes; bearer tokens are random, stored only as sha256,
and expire. Roles decide what each user may do (see geo/lifecycle.py).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from psycopg import sql
from zxcvbn import zxcvbn

from geo import cities
from geo.db import Conn, query
from geo.errors import Conflict, Forbidden, InvalidInput, Unauthorized

ROLES = ("citizen", "responder", "operator", "agency_admin", "admin")
STAFF_ROLES = ROLES[1:]
# Who reads the planners' analysis (hot spots, recurring places): not the field responders.
PLANNER_ROLES = ("operator", "agency_admin", "admin")
TOKEN_TTL = timedelta(days=30)
_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
# A hash to verify against when the login is unknown, so timing does not reveal accounts.
_DUMMY_HASH = _hasher.hash("sigap-dummy-password")


@dataclass(frozen=True)
class User:
    """Who is acting. `agency_id` is set for responders and agency admins; `cities` are the
    cities a staff member works for (one, or several for an admin); citizens have none."""

    id: int
    role: str
    agency_id: int | None = None
    agency: str | None = None
    full_name: str = ""
    cities: tuple[int, ...] = ()
    must_change_password: bool = False  # an admin chose it: nothing else until they choose their own
    kecamatan_id: int | None = None  # a camat's
    kelurahan_id: int | None = None  # a lurah's (ignored beside a kecamatan: such staff are its camat)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def home_city(self) -> int | None:
        """The one city of staff below admin (a responder's shifts, offers and positions are
        its rows); None for a citizen or an admin of several."""
        return self.cities[0] if len(self.cities) == 1 else None

    def staff_of(self, city_id: int) -> bool:
        """Staff of this city: sees its reports in full and may act on them (within their area)."""
        return self.is_staff and city_id in self.cities

    def covers(self, kecamatan_id: int | None, kelurahan_id: int | None) -> bool:
        """Whether a report there is within this staff member's area: a camat's kecamatan, a
        lurah's kelurahan; anywhere for staff of the whole city."""
        if self.kecamatan_id is not None:
            return kecamatan_id == self.kecamatan_id
        return self.kelurahan_id is None or kelurahan_id == self.kelurahan_id


def outside(user: User, city_id: int) -> bool:
    """Staff who do not work for `city_id` (a citizen is outside no city: one account reports
    in every city)."""
    return user.is_staff and not user.staff_of(city_id)


def check_city(conn: Conn, user: User, city_id: int) -> None:
    """Staff act only on their own city's reports, responders and analyses (403 other_city),
    told which city the data is and which they work for, with how to ask for theirs: a Jakarta
    admin's call without ?city= (the default city being Kupang) read "this belongs to another
    city" and nothing more (a second-city walk)."""
    if not outside(user, city_id):
        return
    asked = cities.by_id(conn, city_id)
    theirs = [c for c in cities.all_cities(conn) if user.staff_of(c.id)]
    names, slugs = ", ".join(c.name for c in theirs), [c.slug for c in theirs]
    mine_id, mine_en = (("akun Anda belum bekerja untuk kota mana pun", "your account works for no city yet") if not theirs
                        else (f"akun Anda bekerja untuk {names} (?city={slugs[0]})",
                              f"your account works for {names} (?city={slugs[0]})"))
    raise Forbidden(f"Data ini milik {asked.name}; {mine_id}.", f"This belongs to {asked.name}; {mine_en}.",
                    code="other_city", details={"city": asked.slug, "your_cities": slugs})


def check_area(user: User, report: dict[str, Any]) -> None:
    """A camat acts on their kecamatan's reports and a lurah on their kelurahan's (403 other_area).
    They coordinate there: a lurah changed the priority of a report in another kecamatan, and
    read every reporter's phone number in the city (two walks)."""
    if not user.covers(report["kecamatan_id"], report["kelurahan_id"]):
        raise Forbidden("Laporan ini di luar wilayah Anda.", "This report is outside your area.", code="other_area")


def _user(row: dict[str, Any]) -> User:
    return User(row["id"], row["role"], row["agency_id"], row["agency"], row["full_name"],
                tuple(row["cities"] or ()), bool(row["must_change_password"]),
                row.get("kecamatan_id"), row.get("kelurahan_id"))


def normalize_login(email: str | None, phone: str | None) -> tuple[str | None, str | None]:
    """Lower-case e-mail, digits-only phone (Indonesian 08… becomes +628…)."""
    e = (email or "").strip().lower() or None
    p = re.sub(r"[\s\-()]", "", phone or "") or None
    if p and p.startswith("08"):
        p = "+62" + p[1:]
    if e is None and p is None:
        raise InvalidInput("Isi e-mail atau nomor HP.", "Give an e-mail address or a phone number.",
                           code="missing_login")
    if e is not None and not _EMAIL.match(e):
        raise InvalidInput("Alamat e-mail tidak valid.", "Invalid e-mail address.", code="invalid_email")
    if p is not None and not _PHONE.match(p):
        raise InvalidInput("Nomor HP tidak valid.", "Invalid phone number.", code="invalid_phone")
    return e, p


# Words an Indonesian password is often made of, which zxcvbn's English lists do not have.
_LOCAL_WORDS = ("sigap", "rahasia", "sandi", "katasandi", "bismillah", "sayang", "sayangku", "cinta",
                "indonesia", "merdeka", "kupang", "jakarta", "admin", "petugas", "operator", "warga",
                "lurah", "camat", "dinas")


def _check_password(password: str, known: tuple[str | None, ...] = ()) -> None:
    """8 to 256 characters, and not one that is guessed in the first million tries (zxcvbn
    score < 2: a common word or name, a keyboard run, a repeat, a date, the account's own
    e-mail or name in `known`). Length alone let staff, who see confidential reports, choose
    "password" or "aaaaaaaaaaaa" (an admin walk). No other composition rule (NIST SP 800-63B)."""
    if not isinstance(password, str) or not 8 <= len(password) <= 256:
        raise InvalidInput("Kata sandi minimal 8 karakter.", "The password needs at least 8 characters.",
                           code="weak_password")
    if zxcvbn(password[:64], user_inputs=[*_LOCAL_WORDS, *_personal(known)])["score"] < 2:
        raise InvalidInput(
            "Kata sandi ini terlalu mudah ditebak (kata atau nama umum, urutan tombol, pengulangan, tanggal, "
            "atau bagian dari e-mail atau nama Anda). Pilih yang lebih panjang atau tidak biasa, mis. tiga kata acak.",
            "This password is too easy to guess (a common word or name, a keyboard run, a repeat, a date, or part "
            "of your e-mail or name). Choose a longer or less usual one, e.g. three random words.",
            code="weak_password")


def _personal(known: tuple[str | None, ...]) -> list[str]:
    """The account's own words for zxcvbn: its whole e-mail and login (its phone as typed, 08…,
    and stored, +628…: "081337654912" was accepted as its own password), and their parts."""
    words: list[str] = []
    for k in (k.lower().strip() for k in known if k):
        words += [k, k.split("@")[0], *(p for p in re.split(r"[@.\s_+-]+", k) if len(p) > 2)]
        digits = re.sub(r"\D", "", k)
        if len(digits) >= 8 and re.fullmatch(r"[+\d\s()-]+", k):
            words += [digits, "0" + digits[2:] if digits.startswith("62") else digits]
    return words


def known_of(conn: Conn, user_id: int) -> tuple[str | None, ...]:
    """What `user_id` is known by (e-mail, phone, name), for the password rule."""
    row = conn.execute(query("user_identity"), {"id": user_id}).fetchone()
    return (row["email"], row["phone"], row["full_name"]) if row else ()


def password_hash(password: str, known: tuple[str | None, ...] = ()) -> str:
    """A new password's stored form (argon2), after the rules above (400 weak_password)."""
    _check_password(password, known)
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether `password` is the one stored (a missing or unusable hash matches nothing; the
    work is done either way, so the answer's timing says nothing)."""
    try:
        return bool(_hasher.verify(stored_hash or _DUMMY_HASH, password or "")) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> bytes:
    """How a bearer token is stored (its SHA-256: the token itself never is)."""
    return _digest(token)


def create_user(conn: Conn, *, password: str, email: str | None = None,
                phone: str | None = None, full_name: str = "", role: str = "citizen",
                agency: str | None = None, kecamatan: str | None = None,
                kelurahan: str | None = None, city_id: int | None = None, must_change: bool = False) -> int:
    """Insert a user; 409 if the e-mail or phone is taken. Staff work for `city_id` (the first
    city when None); their agency, kecamatan and kelurahan are that city's. `must_change`: the
    password was chosen by someone else (an admin), so its owner replaces it first."""
    email, phone = normalize_login(email, phone)
    _check_password(password, (email, phone, full_name))
    if role not in ROLES:
        raise InvalidInput(f"Peran {role!r} tidak dikenal.", f"Unknown role {role!r}.", code="invalid_role")
    if role not in STAFF_ROLES and (agency or kecamatan or kelurahan):  # was dropped, and "(citizen DLH) created" said
        raise InvalidInput("Warga tidak punya OPD atau wilayah kerja; untuk staf pilih perannya.",
                           "Citizens have no agency or area; for staff, choose their role.", code="not_staff")
    if role in ("responder", "agency_admin") and not agency:
        raise InvalidInput("Petugas dan admin OPD harus punya OPD.",
                           "Responders and agency admins need an agency.", code="agency_required")
    city = cities.resolve(conn, str(city_id) if city_id else None) if role in STAFF_ROLES else None
    if agency and city and not conn.execute(query("agency_id_by_code"),
                                            {"code": agency, "city_id": city.id}).fetchone():
        raise InvalidInput(f"OPD {agency!r} tidak dikenal.", f"Unknown agency {agency!r}.",
                           code="unknown_agency")
    row = conn.execute(query("insert_user"), {
        "email": email, "phone": phone, "password_hash": _hasher.hash(password),
        "full_name": (full_name or "").strip()[:200], "role": role,
        "must_change": must_change}).fetchone()
    if row is None:
        raise Conflict("E-mail atau nomor HP sudah terdaftar.", "That e-mail or phone is already registered.",
                       code="account_exists")
    if city is not None:
        add_staff_city(conn, int(row["id"]), city.id, agency=agency, kecamatan=kecamatan, kelurahan=kelurahan)
        if role == "responder":
            conn.execute(query("insert_responder"), {"user_id": row["id"], "city_id": city.id})
    return int(row["id"])


def add_staff_city(conn: Conn, user_id: int | None, city_id: int, *, login: str | None = None,
                   agency: str | None = None, kecamatan: str | None = None, kelurahan: str | None = None) -> int:
    """Make a staff account (by id, or by e-mail/phone) work for a city; returns its id. Staff
    below admin belong to one city (their agency and area are that city's): only an admin may
    work for several, so a second city for anyone else is refused with 409 one_city_only."""
    if login is not None:
        email, phone = normalize_login(*((login, None) if "@" in login else (None, login)))
        login = email or phone
    row = conn.execute(query("staff_cities_of"), {"user_id": user_id, "login": login}).fetchone()
    if row is None:
        raise InvalidInput("Akun tidak ditemukan.", "No such account.", code="unknown_user")
    if row["role"] not in STAFF_ROLES:
        raise InvalidInput("Warga tidak bekerja untuk kota; akun ini bukan staf.",
                           "Citizens do not work for a city; this account is not staff.", code="not_staff")
    if row["role"] != "admin" and [c for c in row["cities"] if c != city_id]:
        raise Conflict("Hanya admin yang bisa bekerja untuk beberapa kota.",
                       "Only an admin can work for several cities.", code="one_city_only")
    # A lurah named with their kecamatan too (a spreadsheet has both columns): the kecamatan picks
    # the kelurahan and is not stored, or the lurah became camat of the whole kecamatan.
    kecamatan_id = _area_id(conn, city_id, "kecamatan", kecamatan)
    kelurahan_id = _area_id(conn, city_id, "kelurahan", kelurahan, within=kecamatan if kecamatan_id else None)
    conn.execute(query("insert_staff"), {"user_id": row["id"], "city_id": city_id, "agency": agency,
                                         "kecamatan_id": None if kelurahan_id else kecamatan_id,
                                         "kelurahan_id": kelurahan_id})
    return int(row["id"])


def _area_id(conn: Conn, city_id: int, kind: str, name: str | None, within: str | None = None) -> int | None:
    """The id of the kecamatan / kelurahan a camat / lurah is named for (name in any case, or BPS
    code), a kelurahan `within` a kecamatan when one is named. A misspelt name was stored as
    nothing: the coordinator was made, and never heard of a late report of their area. 400 when
    unknown, or when two kelurahan share the name."""
    if not name:
        return None
    rows = conn.execute(query("staff_area_matches"), {"city_id": city_id, "kind": kind, "name": name.strip()}).fetchall()
    if within:
        kec = conn.execute(query("staff_area_matches"),
                           {"city_id": city_id, "kind": "kecamatan", "name": within.strip()}).fetchone()
        rows = [r for r in rows if kec is not None and r["kecamatan"] == kec["name"]]
        name = f"{name} (Kec. {kec['name'] if kec else within})"
    if not rows:  # the city named: a deployer who forgot --city read "in this city" of Kupang (a walk)
        here = cities.by_id(conn, city_id).name
        raise InvalidInput(f"{kind.capitalize()} {name!r} tidak ada di {here}. Di kota lain? Sebutkan kotanya "
                           "(--city, ?city=).",
                           f"No {kind} {name!r} in {here}. In another city? Name it (--city, ?city=).",
                           code=f"unknown_{kind}")
    if len(rows) > 1:
        codes = ", ".join(f"{r['code']} (Kec. {r['kecamatan']})" for r in rows)
        raise InvalidInput(f"Ada beberapa {kind} {name!r}; pakai kodenya: {codes}.",
                           f"Several {kind} are named {name!r}; use the code: {codes}.", code=f"ambiguous_{kind}")
    return int(rows[0]["id"])


def staff_area(conn: Conn, user_id: int, city_id: int) -> dict[str, Any]:
    """What a staff member coordinates in a city: `level` "kecamatan" (a camat), "kelurahan" (a
    lurah) or None (the whole city), and the names."""
    row = conn.execute(query("staff_area"), {"user_id": user_id, "city_id": city_id}).fetchone()
    return dict(row) if row else {"level": None, "kecamatan_id": None, "kecamatan": None, "kelurahan_id": None,
                                  "kelurahan": None, "bbox": None}


def login(conn: Conn, login_name: str, password: str) -> tuple[str, User]:
    """Check the password and issue a new bearer token."""
    raw = (login_name or "").strip()
    email, phone = (raw.lower(), None) if "@" in raw else (None, raw)
    try:
        email, phone = normalize_login(email, phone)
    except InvalidInput:
        email = phone = None
    row = conn.execute(query("user_by_login"), {"login": email or phone}).fetchone() if (email or phone) else None
    # the hash is checked first, whoever asks: an unknown or disabled login costs the same time
    ok = password_matches(row["password_hash"] if row else None, password)
    if not ok or row is None or row["disabled"]:
        raise Unauthorized("Login atau kata sandi salah.", "Wrong login or password.", code="bad_credentials")
    return start_session(conn, row["id"]), _user(row)


def start_session(conn: Conn, user_id: int) -> str:
    """A new bearer token for `user_id`, whose sign-in was checked (a password, or a reset link)."""
    token = secrets.token_urlsafe(32)
    conn.execute(query("insert_token"), {"token_hash": _digest(token), "user_id": user_id, "ttl": TOKEN_TTL})
    return token


def user_for_token(conn: Conn, token: str) -> User:
    row = conn.execute(query("user_by_token"), {"token_hash": _digest(token)}).fetchone()
    if row is None:
        raise Unauthorized("Sesi tidak valid atau kedaluwarsa, silakan masuk lagi.",
                           "Invalid or expired session, please log in again.", code="invalid_token")
    return _user(row)


def logout(conn: Conn, token: str) -> None:
    conn.execute(query("delete_token"), {"token_hash": _digest(token)})


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def create_gis_login(conn: Conn, name: str, password: str, city_ids: tuple[int, ...] = ()) -> None:
    """A PostgreSQL login for QGIS that reads the `gis` views and nothing else (docs/gis-access.md):
    of the cities `city_ids`, or of every city when none are given."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,62}", name or ""):
        raise InvalidInput("Nama: huruf, angka, garis bawah, diawali huruf.",
                           "Name: letters, digits, underscore, starting with a letter.", code="invalid_role_name")
    _check_password(password, (name,))
    try:
        conn.execute(sql.SQL(query("create_gis_login")).format(
            name=sql.Identifier(name), password=sql.Literal(password)))
    except psycopg.errors.DuplicateObject:
        raise Conflict(f"Login {name!r} sudah ada.", f"Login {name!r} already exists.", code="account_exists") from None
    for city_id in city_ids:
        conn.execute(query("insert_gis_access"), {"login": name, "city_id": city_id})
    zones = [r["time_zone"] for r in conn.execute(query("cities_zones"), {"ids": list(city_ids) or None})]
    if len(zones) == 1:  # logins across zones (Kupang WITA, Jakarta WIB) stay in UTC: one clock, said with its offset
        conn.execute(sql.SQL(query("gis_login_zone")).format(name=sql.Identifier(name), zone=sql.Literal(zones[0])))
