"""Serves the web app (frontend/) from the same origin as the API: the public map with the
report form, the operator dashboard and the responder view. The pages are public; what
they show comes from the API with the signed-in person's token."""
from __future__ import annotations

from flask import Blueprint, send_from_directory
from flask.typing import ResponseReturnValue

from geo.settings import REPO_ROOT

FRONTEND = REPO_ROOT / "frontend"
bp = Blueprint("frontend", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    return send_from_directory(FRONTEND, "index.html")


@bp.get("/ops")
def operator_dashboard() -> ResponseReturnValue:
    return send_from_directory(FRONTEND, "ops.html")


@bp.get("/petugas")
def responder_view() -> ResponseReturnValue:
    return send_from_directory(FRONTEND, "petugas.html")


@bp.get("/static/<path:name>")
def static(name: str) -> ResponseReturnValue:
    return send_from_directory(FRONTEND, name)
