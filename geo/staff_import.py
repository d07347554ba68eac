"""Many staff at once from a spreadsheet: Kupang starts with 200 field officers, and a city's admin
keeps their list in a spreadsheet, not in a form filled 200 times.

The file is CSV as spreadsheets save it (comma or semicolon, UTF-8 with or without a BOM), one
person a line, headers in Indonesian or English. Every line is checked before any is kept: one
bad line (an unknown agency, a login already taken) and nothing is added, with every bad line
named, so the admin fixes the file and sends it again. A line without a password gets one made
here; each first password is answered once, to hand over, and must be replaced at the first
sign-in (migration 0035).
"""
from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, replace
from typing import Any

from geo.account_changes import add_staff
from geo.accounts import User, normalize_login, staff_area
from geo.db import Conn
from geo.errors import Forbidden, InvalidInput, SigapError

MAX_LINES = 1000
# Header (lower-case, spaces as "_") -> field. Indonesian first, as the admin writes it.
COLUMNS = {
    "nama": "full_name", "name": "full_name", "full_name": "full_name",
    "email": "email", "e-mail": "email", "surel": "email",
    "hp": "phone", "no_hp": "phone", "telepon": "phone", "phone": "phone",
    "peran": "role", "role": "role",
    "opd": "agency", "agency": "agency",
    "kecamatan": "kecamatan", "kelurahan": "kelurahan",
    "kata_sandi": "password", "password": "password",
}
# Roles as an admin may write them in Indonesian. A camat or lurah is an operator of their area
# (the handout names them so, and an admin copying its words was refused "unknown role").
ROLE_WORDS = {"petugas": "responder", "petugas_lapangan": "responder", "operator": "operator",
              "admin_opd": "agency_admin", "admin": "admin", "camat": "operator", "lurah": "operator"}
AREA_OF = {"camat": "kecamatan", "lurah": "kelurahan"}
NUMBERING = ("no", "nomor", "#")  # a spreadsheet's own numbering column, not a person's detail


def decode(raw: bytes) -> str:
    """The uploaded file's text: UTF-8 (with or without a BOM), else Excel's "CSV" on a Windows
    office PC (cp1252)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@dataclass(frozen=True)
class Line:
    """One person's line: its number as a spreadsheet shows it (the header is 1), its values by
    field, how many values it has beyond the header's columns, and whether a quote opened in it is
    never closed (which swallows every line after it into one value)."""
    number: int
    fields: dict[str, str]
    extra: int = 0
    open_quote: bool = False


def parse(text: str) -> list[Line]:
    """The file's lines; 400 invalid_staff_file when it has no usable header or a column that is
    none of COLUMNS (a numbering column, "No", is allowed)."""
    text = text.lstrip("\ufeff")
    try:
        delimiter = _delimiter(text)
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
        fields = [COLUMNS.get(h) for h in header]
        if "full_name" not in fields or not ({"email", "phone"} & set(fields)):
            raise InvalidInput("Baris pertama harus berisi judul kolom: nama, email atau hp, peran, opd …",
                               "The first line must name the columns: name, email or phone, role, agency …",
                               code="invalid_staff_file", details={"columns": sorted(set(COLUMNS))})
        # A column SIGAP does not know was dropped without a word ("jabatan", a misspelt "kata sandi").
        unknown = [h for h, f in zip(header, fields) if h and f is None and h.rstrip(".") not in NUMBERING]
        if unknown:
            raise InvalidInput(f"Kolom tidak dikenal: {', '.join(unknown)}. Hapus kolom itu atau pakai judul yang dikenal.",
                               f"Unknown column(s): {', '.join(unknown)}. Remove them or use a known heading.",
                               code="invalid_staff_file", details={"unknown": unknown, "columns": sorted(set(COLUMNS))})
        rows, end = [], reader.line_num
        for values in reader:
            start, end = end + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue  # the blank lines a spreadsheet leaves at the end
            rows.append(Line(start, {f: v.strip() for f, v in zip(fields, values) if f},
                             sum(1 for v in values[len(fields):] if v.strip())))
        if rows and _unclosed(text, delimiter):  # it ran to the end: the last line read is the one
            rows[-1] = replace(rows[-1], open_quote=True)
    except csv.Error as err:  # a GeoJSON or a picture sent by mistake: it was a 500 and a traceback
        raise InvalidInput("Berkas ini bukan CSV dari spreadsheet (simpan sebagai CSV lalu kirim lagi).",
                           "This file is not a spreadsheet's CSV (save it as CSV and send it again).",
                           code="invalid_staff_file", details={"reason": str(err)}) from None
    if not rows:
        raise InvalidInput("Berkas tidak berisi staf.", "The file lists no staff.", code="invalid_staff_file")
    if len(rows) > MAX_LINES:
        raise InvalidInput(f"Paling banyak {MAX_LINES} baris sekali kirim.", f"At most {MAX_LINES} lines at once.",
                           code="invalid_staff_file")
    return rows


def _unclosed(text: str, delimiter: str) -> bool:
    """Whether a quote is opened and never closed (the lenient reader above takes every line after
    it as one value; a cell with a line break inside its quotes is fine)."""
    try:
        for _ in csv.reader(io.StringIO(text), delimiter=delimiter, strict=True):
            pass
    except csv.Error as err:
        return "end of data" in str(err)
    return False


def _line_problem(line: Line, seen: dict[str, int]) -> InvalidInput | None:
    """What is wrong with the line as a line of the file, before its person is looked at."""
    if line.open_quote:
        return InvalidInput("Tanda kutip (\") tidak ditutup: baris-baris sesudahnya terbaca sebagai satu isian.",
                            "A quote (\") is not closed: the lines after it were read as one value.", code="open_quote")
    if line.extra:
        return InvalidInput(f"Baris ini punya {line.extra} isian lebih banyak dari judul kolomnya: ada koma atau titik "
                            "koma di dalam nama? Apit isian itu dengan tanda kutip.",
                            f"This line has {line.extra} value(s) more than the header's columns: a comma or semicolon "
                            "inside a name? Put that value in quotes.", code="extra_values")
    try:  # 0812… and +62812… are one login
        logins = [k for k in normalize_login(line.fields.get("email"), line.fields.get("phone")) if k]
    except SigapError:
        return None  # said with the person's other checks
    for key in logins:
        if key in seen:
            return InvalidInput(f"Login yang sama dengan baris {seen[key]}.", f"The same login as line {seen[key]}.",
                                code="repeated_login")
    seen.update((key, line.number) for key in logins)
    return None


def _delimiter(text: str) -> str:
    """The separator that makes the most known column names of the header line. The header, not
    the whole sample (csv.Sniffer): a name such as "Yohanes; S.Pd" in quotes made a comma file
    look like a semicolon one, and the file was refused as lacking its header (a walk)."""
    first = text.splitlines()[0] if text else ""
    def known(sep: str) -> int:
        cells = next(csv.reader([first], delimiter=sep), [])
        return sum(c.strip().lower().replace(" ", "_") in COLUMNS for c in cells)
    return max((",", ";", "\t"), key=known)  # a tie (none known) keeps the comma


def import_staff(conn: Conn, actor: User | None, city_id: int, text: str) -> list[dict[str, Any]]:
    """Add every person of the file to `city_id`'s staff, or none (400 with each bad line). An
    agency admin adds only field officers of their own agency; no actor: the server's shell. Who
    was added, with the first password to hand over."""
    added, problems = [], []
    seen: dict[str, int] = {}  # login -> the line that has it
    for line in parse(text):
        row = line.fields
        word = row.get("role", "").lower().replace(" ", "_")
        role = ROLE_WORDS.get(word, row.get("role", "").lower()) or "responder"
        password = row.get("password") or _first_password()
        try:
            if (wrong := _line_problem(line, seen)) is not None:
                raise wrong
            if word in AREA_OF and not row.get(AREA_OF[word]):  # else a city-wide operator, silently
                raise InvalidInput(f"Seorang {word} perlu kolom {AREA_OF[word]}.", f"A {word} needs the "
                                   f"{AREA_OF[word]} column.", code="area_required")
            if word == "camat" and row.get("kelurahan"):
                raise InvalidInput("Camat memimpin kecamatan: kosongkan kolom kelurahan.",
                                   "A camat heads a kecamatan: leave the kelurahan column empty.", code="invalid_area")
            with conn.transaction():  # a savepoint: a bad line leaves no half-made account behind
                uid, agency = add_staff(conn, actor, city_id, role=role, agency=(row.get("agency") or "").upper() or None,
                                        password=password, email=row.get("email") or None,
                                        phone=row.get("phone") or None, full_name=row.get("full_name", ""),
                                        kecamatan=row.get("kecamatan") or None, kelurahan=row.get("kelurahan") or None)
        except SigapError as err:
            problems.append(_problem(line.number, err))
            continue
        area = staff_area(conn, uid, city_id)  # as stored: the import may name it by BPS code, in any case
        added.append({"id": uid, "line": line.number, "full_name": row.get("full_name", ""), "role": role, "agency": agency,
                      "kecamatan": area["kecamatan"] if area["level"] == "kecamatan" else None,
                      "kelurahan": area["kelurahan"], "login": row.get("email") or row.get("phone"), "password": password})
    if any(p["code"] == "forbidden" for p in problems):  # not the file's fault: who sends it
        raise Forbidden("Admin OPD hanya dapat menambah petugas OPD sendiri; tidak ada staf yang ditambahkan.",
                        "Agency admins add only their own agency's responders; no staff were added.",
                        details={"lines": problems})
    if problems:
        raise InvalidInput(f"{len(problems)} baris bermasalah; tidak ada staf yang ditambahkan. Perbaiki lalu kirim lagi.",
                           f"{len(problems)} line(s) have problems; no staff were added. Fix them and send again.",
                           code="invalid_staff_file", details={"lines": problems})
    return added


def _first_password() -> str:
    """12 URL-safe characters, the first a letter or digit: a spreadsheet opening the handout takes
    a cell that starts with "-" for a formula and shows #NAME? instead of the password."""
    while not (password := secrets.token_urlsafe(9))[0].isalnum():
        pass
    return password


# The handout's words for a role, as the import file takes them; an operator with an area is its
# camat or lurah (the handout said "operator" and dropped the area: a walk).
HANDOUT_ROLE = {"responder": "petugas", "operator": "operator", "agency_admin": "admin_opd", "admin": "admin"}


def handout_csv(added: list[dict[str, Any]]) -> str:
    """The first passwords as a spreadsheet opens them (UTF-8 with a BOM, CRLF), to hand over: what
    `sigap import-staff --handout` writes and the Staf tab downloads (the import's `handout`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["nama", "login", "peran", "opd", "wilayah", "kata_sandi"])
    for a in added:
        area = f"Kel. {a['kelurahan']}" if a.get("kelurahan") else f"Kec. {a['kecamatan']}" if a.get("kecamatan") else ""
        role = HANDOUT_ROLE.get(a["role"], a["role"])
        if area and a["role"] == "operator":
            role = "lurah" if a.get("kelurahan") else "camat"
        writer.writerow([a["full_name"], a["login"], role, a["agency"] or "", area, a["password"]])
    return "\ufeff" + out.getvalue()


def _problem(line: int, err: SigapError) -> dict[str, Any]:
    return {"line": line, "code": err.code, "message": err.message_id, "message_en": err.message_en}
