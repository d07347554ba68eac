"""A resident who forgot their password: a link by e-mail, then a new password by that link
(geo/passwordreset.py). Both are asked on a city's page (`/<city>/…`, or `?city=`): the link
opens that city's map."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from api import ratelimit
from api.accounts import json_body, str_field
from api.city import current_city
from api.deps import settings, transaction
from geo import passwordreset

bp = Blueprint("password_reset", __name__, url_prefix="/api/v1")

# The same words whether the address has an account or not (nobody learns who has one).
SENT = {"message_id": "Jika alamat itu milik akun warga, tautan untuk membuat kata sandi baru sudah dikirim ke sana. "
                      "Periksa e-mail Anda (juga folder spam); tautan berlaku 1 jam. Satu tautan tiap 2 menit.",
        "message_en": "If that address belongs to a resident's account, a link to choose a new password has been "
                      "sent to it. Check your e-mail (the spam folder too); the link works for an hour. One link every "
                      "2 minutes."}


@bp.post("/auth/password-reset")
def ask() -> ResponseReturnValue:
    # as many as sign-ups from one address: each may send an e-mail
    ratelimit.check(("password_reset", ratelimit.client_ip(), settings().rate_register_per_hour, 3600))
    body = json_body()
    city = current_city()
    with transaction() as conn:
        passwordreset.request(conn, settings(), str_field(body, "email") or "", city.id)
    return jsonify(SENT), 202


def _link_tries() -> None:
    """A link's check and its use share one limit, as many as sign-in tries."""
    ratelimit.check(("password_reset_confirm", ratelimit.client_ip(), settings().rate_login_per_min, 60))


@bp.post("/auth/password-reset/check")
def check() -> ResponseReturnValue:
    """Asked as the link opens its card: a dead link says so before anything is typed."""
    _link_tries()
    body = json_body()
    city = current_city()
    with transaction() as conn:
        return jsonify(passwordreset.check(conn, str_field(body, "token") or "", city.id))


@bp.post("/auth/password-reset/confirm")
def confirm() -> ResponseReturnValue:
    _link_tries()
    body = json_body()
    city = current_city()
    with transaction() as conn:
        answer = passwordreset.reset(conn, str_field(body, "token") or "", str_field(body, "password") or "", city.id)
    return jsonify(answer)
