"""Reference data: agencies, categories, boundaries, and point-to-kelurahan lookup."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from api.city import current_city
from api.deps import settings, transaction
from geo import cities, places
from geo.errors import InvalidInput
from geo.locate import check_lnglat, locate

bp = Blueprint("reference", __name__, url_prefix="/api/v1")


def _float_arg(name: str, default: float) -> float:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise InvalidInput(f"Parameter {name} harus angka.", f"Parameter {name} must be a number.",
                           code="invalid_parameter") from None


@bp.get("/cities")
def list_cities() -> ResponseReturnValue:
    """The cities on this platform, with their map view (the web app's city switcher): read
    fresh, so a city just added is offered at once (a few rows). A city without boundaries is
    not one to offer (Kupang's empty row on a platform installed without it)."""
    with transaction() as conn:
        return jsonify({"cities": [c.public() for c in cities.all_cities(conn, fresh=True) if c.bbox]})


@bp.get("/agencies")
def agencies() -> ResponseReturnValue:
    with transaction() as conn:
        return jsonify({"city": current_city().slug, "agencies": places.agencies(conn, current_city().id)})


@bp.get("/categories")
def categories() -> ResponseReturnValue:
    with transaction() as conn:
        return jsonify({"city": current_city().slug, "categories": places.categories(conn, current_city().id)})


@bp.get("/<any(kecamatan, kelurahan, service_zones):layer>")
def boundaries(layer: str) -> ResponseReturnValue:
    with transaction() as conn:
        fc = places.boundaries(conn, layer, current_city().id, simplify=_float_arg("simplify", 0.0),
                               kecamatan=request.args.get("kecamatan"),
                               agency=request.args.get("agency"))
    resp = jsonify(fc)
    resp.mimetype = "application/geo+json"
    return resp


@bp.get("/basemap")
def basemap() -> ResponseReturnValue:
    """What the map draws under the reports: our OpenStreetMap tiles once an extract is loaded,
    else the configured online basemap (when the browser is online)."""
    from geo import geocode as geocoder

    with transaction() as conn:
        status = geocoder.osm_status(conn)
    s = settings()
    return jsonify({"osm_loaded": status is not None, "osm_import": status,
                    "online_tiles": s.basemap_online_tiles or None,
                    "online_attribution": s.basemap_online_attribution if s.basemap_online_tiles else None,
                    "style_url": s.basemap_style_url or None})


@bp.get("/geocode")
def geocode() -> ResponseReturnValue:
    """Cari alamat / address search: streets, places, POIs and kelurahan of the city."""
    from geo import geocode as geocoder

    with transaction() as conn:
        results = geocoder.search(conn, request.args.get("q"), request.args.get("limit", 10), current_city())
    return jsonify({"query": request.args.get("q"), "results": results,
                    "attribution": "© OpenStreetMap contributors (ODbL 1.0)"})


@bp.get("/locate")
def locate_point() -> ResponseReturnValue:
    """Where is this point? Used by the report form before submitting."""
    if "lng" not in request.args or "lat" not in request.args:
        raise InvalidInput("Parameter lng dan lat wajib diisi.", "Parameters lng and lat are required.",
                           code="missing_coordinates")
    from geo import geocode as geocoder

    with transaction() as conn:
        x, y = check_lnglat(request.args["lng"], request.args["lat"])
        loc = locate(conn, settings(), x, y)
        street = geocoder.street_at(conn, x, y)
    return jsonify({
        "city": cities.by_id(conn, loc.city_id).public(),
        "kelurahan": {"id": loc.kelurahan_id, "name": loc.kelurahan, "code": loc.kelurahan_code},
        "kecamatan": {"id": loc.kecamatan_id, "name": loc.kecamatan},
        "snapped": loc.snapped, "distance_m": round(loc.distance_m, 1), "street": street,
    })
