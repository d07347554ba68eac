"""Serves the web map (frontend/) from the same origin as the API."""
from __future__ import annotations

from flask import Blueprint, send_from_directory

from geo.settings import REPO_ROOT

FRONTEND = REPO_ROOT / "frontend"
bp = Blueprint("frontend", __name__)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    return send_from_directory(FRONTEND, "index.html")


@bp.get("/static/<path:name>")
def static(name: str):  # type: ignore[no-untyped-def]
    return send_from_directory(FRONTEND, name)
