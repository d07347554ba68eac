"""Which city a request is about: every list, tile, export and statistic is one city's.

A request names its city with `?city=` (slug, BPS code or id) or by its URL: the web app,
OGC API and Open311 are also served under `/<city>/…` (`/jakarta/`, `/jakarta/ogc/`,
`/jakarta/open311/v2/`), because QGIS and 311 clients keep a base URL, not query parameters.
Without either, the default city (`sigap city default`, else the first with boundaries): a
one-city deployment never needs to say.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, g, request
from werkzeug.routing import BaseConverter

from api.deps import read
from geo import accounts, cities
from geo.cities import City
from geo.db import Conn
from geo.reports import city_of

PREFIX = "city_"  # blueprint name prefix of the per-city registrations


class CityConverter(BaseConverter):
    """A city slug in a URL (cities.slug's CHECK), so /static/… or /api/… never look like one."""

    regex = r"[a-z][a-z0-9-]{1,40}"


def current_city() -> City:
    """The request's city; an unknown name is a 404 city_not_found."""
    if "sigap_city" not in g:
        name = request.args.get("city") or g.get("sigap_city_name")
        with read() as conn:
            g.sigap_city = cities.resolve(conn, name)
    city: City = g.sigap_city
    return city


def named_city_id() -> int | None:
    """The id of the city the request names (`?city=`, `/<city>/…`), or None. A URL of one row
    (report, camera, notification) may name none (an old link): the row's own city then."""
    if request.args.get("city") or g.get("sigap_city_name"):
        return current_city().id
    return None


def report_city(conn: Conn, report_id: int) -> int:
    """The city of the report a request is about: the one it names, or the report's own."""
    return city_of(conn, report_id, named_city_id())


def endpoint(name: str) -> str:
    """`name` ("ogc.items") as this request reached it: under /<city>/ its per-city twin."""
    twin = PREFIX + name
    if (request.blueprint or "").startswith(PREFIX) and twin in current_app.view_functions:
        return twin
    return name  # not served per city (the OpenAPI document), or not under /<city>/


def register_per_city(app: Flask, bp: Blueprint, url_prefix: str) -> None:
    """Serve `bp` at its own prefix and again under /<city>/ (e.g. /ogc and /<city>/ogc)."""
    app.register_blueprint(bp)
    app.register_blueprint(bp, url_prefix=f"/<city:city_slug>{url_prefix}", name=PREFIX + bp.name)


def init_app(app: Flask) -> None:
    app.url_map.converters["city"] = CityConverter

    @app.url_value_preprocessor
    def _take_city(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "city_slug" in values:
            g.sigap_city_name = values.pop("city_slug")

    @app.url_defaults
    def _keep_city(endpoint_name: str, values: dict[str, Any]) -> None:
        if "city_slug" not in values and g.get("sigap_city_name") \
                and app.url_map.is_endpoint_expecting(endpoint_name, "city_slug"):
            values["city_slug"] = g.sigap_city_name


def every_city_admin() -> None:
    """Platform-wide tools (failed background jobs, whose arguments name any city's reports) are
    for admins of every city: 403 other_city for an admin of some."""
    from api.auth import require_user
    from geo.errors import Forbidden

    user = require_user()
    with read() as conn:
        missing = [c.slug for c in cities.all_cities(conn) if accounts.outside(user, c.id)]
    if missing:  # "this belongs to another city" left a city's own admin puzzled on their dashboard
        raise Forbidden("Alat seluruh platform: hanya untuk admin yang bekerja di semua kota "
                        f"(belum: {', '.join(missing)}; `sigap staff-add-city`).",
                        f"A platform-wide tool: only for admins who work for every city (not yet: {', '.join(missing)}; "
                        "`sigap staff-add-city`).", code="other_city", details={"cities_missing": missing})


def staff_city() -> City:
    """The request's city, for a staff surface: 403 other_city unless the signed-in staff
    member works for it."""
    from api.auth import require_user
    from geo.accounts import check_city

    city, user = current_city(), require_user()
    if accounts.outside(user, city.id):
        with read() as conn:  # the refusal names the cities
            check_city(conn, user, city.id)
    return city
