"""Accounts: citizen registration, login/logout, own profile and password, leaving; staff
creation, listing and switching off."""
from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from api import ratelimit
from api.auth import bearer_token, require_user, roles
from api.city import current_city, staff_city
from api.deps import settings, transaction
from geo import account_changes, accounts, cities, dispatch, staff_import
from geo.errors import InvalidInput

bp = Blueprint("accounts", __name__, url_prefix="/api/v1")


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("Badan permintaan harus objek JSON.", "The request body must be a JSON object.",
                           code="invalid_json")
    return body


def str_field(body: dict[str, Any], name: str) -> str | None:
    """A text field of a JSON body or form: absent is None; a number, list or object is a 400."""
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{name} harus teks.", f"{name} must be a string.", code=f"invalid_{name}")
    return value


def _city_slugs(user: accounts.User) -> list[str]:
    """The cities a staff member works for, by slug (a citizen: none, every city is theirs)."""
    with transaction() as conn:
        return [cities.by_id(conn, c).slug for c in user.cities]


@bp.post("/auth/register")
def register() -> ResponseReturnValue:
    ratelimit.check(("register", ratelimit.client_ip(), settings().rate_register_per_hour, 3600))
    body = json_body()
    with transaction() as conn:
        uid = accounts.create_user(conn, password=str_field(body, "password") or "", email=str_field(body, "email"),
                                   phone=str_field(body, "phone"), full_name=str_field(body, "full_name") or "")
    return jsonify({"id": uid, "role": "citizen"}), 201


@bp.post("/auth/login")
def login() -> ResponseReturnValue:
    body = json_body()
    ratelimit.check_login(str(body.get("login") or ""))
    with transaction() as conn:
        token, user = accounts.login(conn, str_field(body, "login") or "", str_field(body, "password") or "")
    return jsonify({"token": token, "token_type": "Bearer",
                    "expires_in": int(accounts.TOKEN_TTL.total_seconds()),
                    "user": {"id": user.id, "role": user.role, "agency": user.agency,
                             "full_name": user.full_name, "cities": _city_slugs(user),
                             "must_change_password": user.must_change_password}})


@bp.post("/auth/logout")
def logout() -> ResponseReturnValue:
    require_user()
    with transaction() as conn:
        accounts.logout(conn, bearer_token() or "")
    return "", 204


@bp.get("/me")
def me() -> ResponseReturnValue:
    user = require_user()
    body: dict[str, object] = {"id": user.id, "role": user.role, "agency": user.agency, "full_name": user.full_name,
                               "cities": _city_slugs(user), "must_change_password": user.must_change_password}
    city = current_city()
    if user.staff_of(city.id) or user.role == "responder":
        with transaction() as conn:
            if user.role == "responder":  # the shift status survives a reload of the responder view
                body["responder"] = dispatch.responder_state(conn, user)
            if user.staff_of(city.id):  # a camat's or lurah's area: /ops opens its queue there
                body["area"] = accounts.staff_area(conn, user.id, city.id)
    return jsonify(body)


@bp.post("/users")
@roles("admin", "agency_admin")
def create_staff() -> ResponseReturnValue:
    """Admins create any staff of their city (`?city=`); an agency admin creates responders of
    their own agency."""
    user = require_user()
    city = staff_city()
    body = json_body()
    role = str_field(body, "role") or ""
    with transaction() as conn:
        uid, agency = account_changes.add_staff(
            conn, user, city.id, role=role, agency=str_field(body, "agency"), password=str_field(body, "password") or "",
            email=str_field(body, "email"), phone=str_field(body, "phone"), full_name=str_field(body, "full_name") or "",
            kecamatan=str_field(body, "kecamatan"), kelurahan=str_field(body, "kelurahan"))
    return jsonify({"id": uid, "role": role, "agency": agency, "city": city.slug}), 201


@bp.post("/users/import")
@roles("admin", "agency_admin")
def import_staff() -> ResponseReturnValue:
    """Many staff from a spreadsheet's CSV (a `file` upload, or the CSV as the body): all or none,
    each with a first password to hand over (geo/staff_import.py)."""
    upload = request.files.get("file")
    text = staff_import.decode(upload.read() if upload else request.get_data())
    city = staff_city()
    with transaction() as conn:
        added = staff_import.import_staff(conn, require_user(), city.id, text)
    return jsonify({"city": city.slug, "count": len(added), "added": added,
                    "handout": staff_import.handout_csv(added)}), 201


def _confirming(user_id: int) -> None:
    """Password guessing through a session left open: as many tries as at the login."""
    ratelimit.check(("password", str(user_id), settings().rate_login_account_per_min, 60),
                    ("password-hour", str(user_id), 3 * settings().rate_login_account_per_min, 3600))


@bp.post("/me/password")
def change_password() -> ResponseReturnValue:
    """A new password (the current one confirms it); every other session of the account ends."""
    user = require_user()
    _confirming(user.id)
    body = json_body()
    with transaction() as conn:
        ended = account_changes.change_password(conn, user, str_field(body, "current_password") or "",
                                                str_field(body, "new_password") or "", bearer_token())
    return jsonify({"changed": True, "sessions_ended": ended})


@bp.post("/me/email")
def set_email() -> ResponseReturnValue:
    """A resident's e-mail, added or changed (the password confirms it): the way back in."""
    user = require_user()
    _confirming(user.id)
    body = json_body()
    with transaction() as conn:
        email = account_changes.set_email(conn, user, str_field(body, "email") or "", str_field(body, "password") or "")
    return jsonify({"email": email})


@bp.patch("/me")
def set_name() -> ResponseReturnValue:
    """A resident's own name (what operators see as the reporter)."""
    user = require_user()
    body = json_body()
    with transaction() as conn:
        name = account_changes.set_name(conn, user, str_field(body, "full_name"))
    return jsonify({"full_name": name})


@bp.get("/me/data")
def my_data() -> ResponseReturnValue:
    """Everything SIGAP holds about the caller, as a JSON file to keep (UU 27/2022)."""
    user = require_user()
    with transaction() as conn:
        data = account_changes.my_data(conn, user)
    for report in data["reports"]:  # a file kept elsewhere: addresses that work from there
        for photo in report["photos"]:
            photo["url"] = urljoin(request.url_root, photo.pop("path")) if photo["path"] else None
    resp = jsonify({"format": "sigap-my-data-1", **data})
    resp.headers["Content-Disposition"] = f'attachment; filename="sigap-data-saya-{user.id}.json"'
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


@bp.delete("/me")
def delete_me() -> ResponseReturnValue:
    """A citizen erases their account (password to confirm); their reports stay, no one's."""
    user = require_user()
    _confirming(user.id)
    with transaction() as conn:
        done = account_changes.delete_citizen(conn, user, str_field(json_body(), "password") or "")
    return jsonify({"deleted": True, **done})


@bp.get("/users")
@roles("admin", "agency_admin")
def list_staff() -> ResponseReturnValue:
    """The city's staff (an agency admin: their own field officers), times in the city's zone."""
    city = staff_city()
    with transaction() as conn:
        rows = account_changes.staff_list(conn, require_user(), city.id)
    return jsonify({"city": city.slug, "users": [cities.zoned(r, city.tz) for r in rows]})


@bp.patch("/users/<int:user_id>")
@roles("admin", "agency_admin")
def update_staff(user_id: int) -> ResponseReturnValue:
    """`{"disabled": true}` switches a staff member off (they left): sessions end at once, their
    work goes back to the dispatcher. `{"password": "…"}` sets one to hand over to someone who
    forgot theirs: sessions end, and they choose their own at the next sign-in."""
    body = json_body()
    disabled, password = body.get("disabled"), str_field(body, "password")
    if disabled is None and password is None:
        raise InvalidInput("Kirim disabled atau password.", "Send disabled or password.", code="nothing_to_change")
    if disabled is not None and not isinstance(disabled, bool):
        raise InvalidInput("disabled harus true atau false.", "disabled must be true or false.",
                           code="invalid_disabled")
    city, actor = staff_city(), require_user()
    answer: dict[str, Any] = {"id": user_id}
    with transaction() as conn:
        if password is not None:
            answer |= account_changes.reset_password(conn, actor, city.id, user_id, password)
        if disabled is not None:
            answer |= account_changes.set_disabled(conn, settings(), actor, city.id, user_id, disabled)
    return jsonify(answer)
