"""Serves the web app (frontend/) from the same origin as the API: the public map with the
report form, the operator dashboard and the responder view, plus what makes the citizen app
installable and usable offline (web app manifest, service worker at the root scope). The pages
are public; what they show comes from the API with the signed-in person's token."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from html import escape

from flask import Blueprint, Response, g, redirect, request
from flask.typing import ResponseReturnValue

from api.city import current_city
from api.compress import accepts_gzip, gzip_bytes, static_file
from geo.cities import City
from geo.errors import NotFound
from geo.settings import REPO_ROOT

FRONTEND = REPO_ROOT / "frontend"
bp = Blueprint("frontend", __name__)
# The same pages under /<city>/ (/kupang/, /jakarta/ops, …): each page learns its city from
# the JSON the server puts in its head (no extra request before the map can start).
city_pages = Blueprint("city_pages", __name__, url_prefix="/<city:city_slug>")
PAGES = {"": "index.html", "ops": "ops.html", "petugas": "petugas.html", "transparansi": "transparency.html"}

# The app shell the service worker precaches: the public map works offline once visited.
SHELL = ("app.css", "warm.js", "app.js", "sheets.js", "form.js", "formlogin.js", "formwhere.js", "forgot.js", "draft.js",
         "placesearch.js", "similar.js", "reportactions.js",
         "photo.js", "photopick.js", "outbox.js", "mine.js", "pushsub.js", "account.js", "text.js", "common.js", "basemap.js",
         "traffic.js", "icons/icon-192.png", "icons/icon-512.png",
         "node_modules/maplibre-gl/dist/maplibre-gl.mjs", "node_modules/maplibre-gl/dist/maplibre-gl-shared.mjs",
         "node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs", "node_modules/maplibre-gl/dist/maplibre-gl.css",
         "node_modules/exifr/dist/lite.esm.mjs", "node_modules/idb-keyval/dist/index.js")


def _revision(path: str) -> str:
    return hashlib.sha1((FRONTEND / path).read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _shell() -> tuple[list[dict[str, str]], str]:
    """The app shell's files with their content revisions (a changed file is fetched again), and
    one revision for the whole shell: the page a service worker may serve from its cache must be
    one that came with the scripts it precached, or a stale page meets newer scripts."""
    entries = [{"url": "/manifest.webmanifest", "revision": _revision("manifest.webmanifest")}]
    entries += [{"url": f"/static/{p}", "revision": _revision(p)} for p in SHELL]
    shell = hashlib.sha1((json.dumps(entries) + _revision("index.html")).encode()).hexdigest()[:16]
    return entries, shell


def shell_revision() -> str:
    return _shell()[1]


@lru_cache(maxsize=8)
def service_worker(home_city_json: str) -> bytes:
    """sw.js with its precache list (with "/" as the first city's page: its revision changes
    with that city's data too) and the shell revision that pages carry (X-Sigap-Shell)."""
    entries, shell = _shell()
    home = hashlib.sha1((_revision("index.html") + home_city_json).encode()).hexdigest()[:16]
    entries = [{"url": "/", "revision": home}, *entries]
    head = f"self.__SIGAP_PRECACHE = {json.dumps(entries)};\nself.__SIGAP_SHELL = {json.dumps(shell)};\n"
    return head.encode() + (FRONTEND / "sw.js").read_bytes()


def _city_json(city: City) -> str:
    return json.dumps(city.public(), ensure_ascii=False).replace("</", "<\\/")


@lru_cache(maxsize=32)
def _page_with_city(name: str, city_json: str, slug: str) -> bytes:
    html = (FRONTEND / name).read_text()
    tag = f'<script id="sigap-city" type="application/json">{city_json}</script>\n'
    if slug:  # installed from /jakarta/, the app opens on Jakarta
        html = html.replace('href="/manifest.webmanifest"', f'href="/{slug}/manifest.webmanifest"')
    return html.replace("</head>", tag + "</head>", 1).encode()


def page(name: str) -> Response:
    """A page of the web app with its city (the URL's, else the first) in its head."""
    city = current_city()
    in_url = request.blueprint == city_pages.name  # /jakarta/…, not /
    data = _page_with_city(name, _city_json(city), city.slug if in_url else "")
    gz = accepts_gzip()
    resp = Response(gzip_bytes(data) if gz else data, mimetype="text/html")
    if gz:
        resp.headers["Content-Encoding"] = "gzip"
    resp.vary.add("Accept-Encoding")
    # With the shell's revision: a deployment that changes only scripts still changes the page's
    # validator, so no cache in between keeps the old X-Sigap-Shell on a 304.
    resp.set_etag(hashlib.sha1(data).hexdigest()[:20] + shell_revision()[:8] + ("-gz" if gz else ""))
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["X-Sigap-Shell"] = shell_revision()  # which scripts this page goes with (sw.js)
    resp.make_conditional(request)
    return resp


@bp.get("/")
def index() -> ResponseReturnValue:
    return page("index.html")


@city_pages.get("/manifest.webmanifest")
def city_manifest() -> ResponseReturnValue:
    """The web app manifest of one city: installed from /jakarta/, it starts on Jakarta."""
    city = current_city()
    doc = json.loads((FRONTEND / "manifest.webmanifest").read_text())
    doc.update(name=f"SIGAP — Aduan Publik {city.name}", start_url=f"/{city.slug}/", id=f"/{city.slug}/")
    resp = Response(json.dumps(doc, ensure_ascii=False), mimetype="application/manifest+json")
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@city_pages.get("/", defaults={"name": ""})
@city_pages.get("/<any(ops, petugas, transparansi):name>")
def city_page(name: str) -> ResponseReturnValue:
    typed = g.get("sigap_city_name", "")
    if not name and typed in ("ops", "petugas", "transparansi", *PAGE_NAMES):  # "/ops/": a page, not a city
        return page_alias(PAGE_NAMES.get(typed, typed))
    try:
        current_city()
    except NotFound:
        return no_such_page()  # a mistyped city in the address bar: a page that says so, not JSON
    return page(PAGES[name])


def no_such_page() -> Response:
    home = "/"
    body = (f'<!doctype html><html lang="id"><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f"<title>SIGAP — halaman tidak ada / no such page</title><main style=\"font:1.1rem sans-serif;padding:1rem\">"
            f"<h1>Halaman tidak ada</h1><p>Alamat <code>{escape(request.path)}</code> tidak dikenal.</p>"
            f'<p><a href="{home}">Buka peta SIGAP</a></p><hr><p lang="en">No such page. '
            f'<a href="{home}">Open the SIGAP map</a></p></main></html>')
    return Response(body, status=404, mimetype="text/html")


# Addresses people type or bookmark: with a trailing slash, or the English name. "/ops/" was taken
# for a city named "ops" and answered {"code": "city_not_found"} to the browser.
PAGE_NAMES = {"transparency": "transparansi"}


@city_pages.get("/<any(ops, petugas, transparansi):name>/")
@bp.get("/transparency", defaults={"name": "transparansi"}, strict_slashes=False)
@city_pages.get("/transparency", defaults={"name": "transparansi"}, strict_slashes=False)
def page_alias(name: str) -> ResponseReturnValue:
    city = g.get("sigap_city_name")  # /jakarta/ops/ (api/city.py takes it from the URL)
    if city and city in PAGES or city in PAGE_NAMES:  # /ops/ read as the city "ops"
        city = None
    target = f"/{city}/{name}" if city else f"/{name}"
    query = request.query_string.decode("latin-1")  # as received: it need not be UTF-8
    return redirect(target + (f"?{query}" if query else ""), 301)


@bp.get("/sw.js")
def sw() -> ResponseReturnValue:
    resp = Response(service_worker(_city_json(current_city())), mimetype="text/javascript")
    resp.headers["Cache-Control"] = "no-cache"  # browsers look for a new worker on every visit
    return resp


@bp.get("/manifest.webmanifest")
def manifest() -> ResponseReturnValue:
    return static_file(FRONTEND, "manifest.webmanifest", "application/manifest+json")


@bp.get("/transparansi")
def transparency() -> ResponseReturnValue:
    return page("transparency.html")


@bp.get("/ops")
def operator_dashboard() -> ResponseReturnValue:
    return page("ops.html")


@bp.get("/petugas")
def responder_view() -> ResponseReturnValue:
    return page("petugas.html")


@bp.get("/static/<path:name>")
def static(name: str) -> ResponseReturnValue:
    return static_file(FRONTEND, name)
