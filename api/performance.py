"""GET /api/v1/performance: public per-agency performance for the transparency page."""
from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from api.city import current_city
from api.deps import settings, transaction
from geo.performance import kecamatan_of, public_performance

bp = Blueprint("performance", __name__, url_prefix="/api/v1")
FRESH_S = 300
# Thirteen rollup reads per answer (~0.5 s at 10M reports): kept for FRESH_S per process, and
# browsers and proxies may keep it as long, so a busy day costs the database nothing more.
_cached: dict[tuple[str, int, int], tuple[float, dict[str, Any]]] = {}  # per database, city and kecamatan (0: all)


@bp.get("/performance")
def performance() -> ResponseReturnValue:
    city = current_city()
    raw = request.args.get("kecamatan")
    area = None
    if raw:  # one of the city's kecamatan, or a 400: the cache holds only real ones
        with transaction() as conn:
            area = kecamatan_of(conn, city.id, raw)
    key = (settings().database_url, city.id, area["id"] if area else 0)
    hit = _cached.get(key)
    if hit is None or time.monotonic() - hit[0] > FRESH_S:
        with transaction() as conn:
            hit = _cached[key] = (time.monotonic(), {"city": city.public(),
                                                     **public_performance(conn, city.id, kecamatan=area)})
    resp = jsonify(hit[1])
    resp.headers["Cache-Control"] = f"public, max-age={FRESH_S}"
    return resp
