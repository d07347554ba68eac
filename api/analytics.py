"""Planners' analysis for staff (geo/analytics.py, geo/recurring.py): which runs exist, their
cells as GeoJSON or GeoPackage, recurring places per agency, and "compute now"."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from api.auth import require_user, roles
from api.city import current_city, staff_city
from api.deps import settings, transaction
from api.values import integer
from geo import analytics, exports, outbox, recurring
from geo.accounts import PLANNER_ROLES

bp = Blueprint("analytics", __name__, url_prefix="/api/v1/analytics")
PLANNERS = PLANNER_ROLES


def _int_arg(name: str) -> int | None:
    return integer(request.args.get(name), name, code="invalid_analysis")


@bp.get("/runs")
@roles(*PLANNERS)
def runs() -> ResponseReturnValue:
    with transaction() as conn:
        return jsonify({"city": staff_city().slug, "runs": analytics.runs(conn, staff_city().id),
                        "periods": list(analytics.PERIODS), "resolutions": list(analytics.RESOLUTIONS),
                        "every_h": settings().analysis_every_h})  # how stale a run may be: /ops says it


@bp.post("/runs")
@roles("admin")
def compute_now() -> ResponseReturnValue:
    """Queue the analysis of this city now (every city's also runs every SIGAP_ANALYSIS_EVERY_H hours)."""
    city = staff_city()
    with transaction() as conn:
        job = outbox.add(conn, "analyse_hotspots", city.id)
    return jsonify({"queued": True, "outbox_id": job, "city": city.slug}), 202


@bp.get("/hotspots.<any(geojson, gpkg):fmt>", defaults={"kind": "hotspots"})
@bp.get("/emerging_hotspots.<any(geojson, gpkg):fmt>", defaults={"kind": "emerging_hotspots"})
@roles(*PLANNERS)
def cells(kind: str, fmt: str) -> Response:
    category = request.args.get("category", "")
    with transaction() as conn:
        feats = analytics.features(conn, settings(), staff_city().id, kind, category, request.args.get("period"),
                                   _int_arg("res"))
    # The city, category and period in the name: a planner's 12-month and 3-month files, or two
    # cities' files, must not overwrite each other in a download folder.
    period, res = request.args.get("period"), request.args.get("res")
    name = "_".join(filter(None, ["sigap", staff_city().slug, kind, category or "all", period, res and f"r{res}"]))
    if fmt == "geojson":
        body = json.dumps({"type": "FeatureCollection", "name": name, "features": feats}, ensure_ascii=False)
        resp = Response(body, mimetype="application/geo+json")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = exports.features_geopackage(feats, kind, Path(tmp) / f"{name}.gpkg", staff_city().tz,
                                               analytics.STATISTICS)
            resp = Response(path.read_bytes(), mimetype="application/geopackage+sqlite3")
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


@bp.get("/recurring")
@roles(*PLANNERS)
def recurring_places() -> ResponseReturnValue:
    user = require_user()
    with transaction() as conn:
        return jsonify(recurring.places(conn, settings(), user, current_city().id, request.args.get("agency") or None,
                                        _int_arg("window_days"), _int_arg("min_reports")))
