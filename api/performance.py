"""GET /api/v1/performance: public per-agency performance for the transparency page."""
from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from api.deps import transaction
from geo.performance import public_performance

bp = Blueprint("performance", __name__, url_prefix="/api/v1")
FRESH_S = 300
# Thirteen rollup reads per answer (~0.5 s at 10M reports): kept for FRESH_S per process, and
# browsers and proxies may keep it as long, so a busy day costs the database nothing more.
_cached: tuple[float, dict[str, Any]] | None = None


@bp.get("/performance")
def performance() -> ResponseReturnValue:
    global _cached
    if _cached is None or time.monotonic() - _cached[0] > FRESH_S:
        with transaction() as conn:
            _cached = (time.monotonic(), public_performance(conn))
    resp = jsonify(_cached[1])
    resp.headers["Cache-Control"] = f"public, max-age={FRESH_S}"
    return resp
