"""Our own basemap in Chromium: after `sigap load-osm`, streets, buildings and water draw from
our tiles and street and place names render from our glyphs, with no internet and no console
error; the screenshot is in test-artifacts/basemap-streets.png."""
from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.helpers import LLBK
from tests.osm_extract import write_extract


def test_streets_and_their_names_render_offline(live: str, page, env, tmp_path) -> None:
    from api.cli import main

    out = CliRunner().invoke(main, ["load-osm", str(write_extract(tmp_path / "kota.osm.pbf"))])
    assert out.exit_code == 0, out.output
    page.goto(live + "/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    page.evaluate(f"window.sigapMap.jumpTo({{center: [{LLBK[0]}, {LLBK[1]}], zoom: 17}})")
    wait_until(page, "window.sigapMap.areTilesLoaded() && !window.sigapMap.isMoving()")
    wait_until(page, "window.sigapMap.queryRenderedFeatures({layers: ['osm-road-names']}).length > 0", 30)
    names = page.evaluate("[...new Set(window.sigapMap.queryRenderedFeatures({layers: ['osm-road-names']})"
                          ".map(f => f.properties.name))]")
    assert "Jalan Jenderal Sudirman" in names
    assert page.evaluate("window.sigapMap.queryRenderedFeatures({layers: ['osm-buildings']}).length") >= 1
    assert page.evaluate("window.sigapMap.queryRenderedFeatures({layers: ['osm-water']}).length") >= 1
    # MapLibre places symbol layers a few at a time within a frame budget: under load the place
    # names may be placed frames after the street names.
    wait_until(page, "window.sigapMap.queryRenderedFeatures({layers: ['osm-place-names']}).length > 0", 30)
    assert page.evaluate("!window.sigapMap.getLayer('online-basemap')"), "OSM loaded: no online basemap"
    assert "OpenStreetMap" in page.locator(".maplibregl-ctrl-attrib").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "basemap-streets.png"))
    assert page.errors == []


def test_operator_finds_a_street_on_the_dashboard_map(live: str, page, conn, env, tmp_path) -> None:
    from api.cli import main
    from tests.helpers import make_user
    from tests.osm_extract import offset

    assert CliRunner().invoke(main, ["load-osm", str(write_extract(tmp_path / "k.osm.pbf"))]).exit_code == 0
    make_user(conn, "operator", "operator")
    page.goto(live + "/ops")
    page.fill("#s-login", "operator@example.id")
    page.fill("#s-password", "rahasia-123")
    page.click("#s-submit")
    wait_until(page, "window.sigapReady === true")
    page.fill("#o-search", "gg mawar")
    page.click("#o-search-results button[data-place='Gang Mawar']")
    wait_until(page, "!window.sigapMap.isMoving() && window.sigapMap.getZoom() > 16.5")
    lng, lat = page.evaluate("window.sigapMap.getCenter().toArray()")
    mawar = offset(-150, 60)  # the middle of Gang Mawar
    assert abs(lng - mawar[0]) < 0.002 and abs(lat - mawar[1]) < 0.002
    page.fill("#o-search", "El Tari")  # not in the extract: said so (the list stayed blank)
    page.wait_for_selector("#o-search-none")
    assert page.locator("#o-search-results").inner_text().startswith("Tidak ditemukan.")
    page.click("#lang")
    assert page.locator("#o-search-results").inner_text().startswith("Nothing found.")
    assert page.errors == []


def test_a_deployers_own_style_goes_under_our_layers(clean, page) -> None:
    """SIGAP_BASEMAP_STYLE: without an OSM import, a MapLibre style the deployer names (here served
    by a local server standing in for their tile host) replaces the bare background; the
    boundaries and the reports stay on top, and the CSP lets that host in, and only it.
    The style arrives, as it may on a real link, after the map's first "load" and while new tiles
    are coming (the reader zoomed in): it must still be applied (once, it waited for a second
    "load" that MapLibre never fires)."""
    import dataclasses
    import json
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from werkzeug.serving import make_server

    from api import create_app
    from sigap_local.services import free_port

    style = {"version": 8, "sources": {},
             "layers": [{"id": "ext-background", "type": "background", "paint": {"background-color": "#123456"}}]}
    asked, release, slow_tiles = threading.Event(), threading.Event(), threading.Event()
    requests = []

    class StyleHost(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            if len(requests) > 1:  # the first is the service worker's probe; then the style itself
                asked.set()
                release.wait(30)
            body = json.dumps(style).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    host = HTTPServer(("127.0.0.1", 0), StyleHost)
    threading.Thread(target=host.serve_forever, daemon=True).start()
    style_url = f"http://127.0.0.1:{host.server_port}/style.json"
    app = create_app(dataclasses.replace(clean, basemap_style_url=style_url))

    def slowed(environ: dict[str, Any], start_response: Any) -> Any:
        if slow_tiles.is_set() and environ["PATH_INFO"].startswith("/tiles/"):
            time.sleep(4)
        return app(environ, start_response)

    port = free_port()
    server = make_server("127.0.0.1", port, slowed, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
        assert asked.wait(30), "the page never asked for the deployer's style"
        slow_tiles.set()
        page.click(".maplibregl-ctrl-zoom-in")
        wait_until(page, "!window.sigapMap.loaded()")  # the new zoom's tiles are on their way
        release.set()
        wait_until(page, "(window.sigapMap.getStyle() || {layers: [{}]}).layers[0].id === 'ext-background'", 30)
        slow_tiles.clear()
        ids = page.evaluate("window.sigapMap.getStyle().layers.map(l => l.id)")
        assert {"kelurahan-line", "kecamatan-line", "reports-point", "reports-hex"} <= set(ids)
        assert not any(i.startswith("osm-") for i in ids) and "kelurahan-fill" not in ids
        assert f"http://127.0.0.1:{host.server_port}" in page.evaluate(
            "fetch('/').then(r => r.headers.get('Content-Security-Policy'))")
        assert page.errors == []
    finally:
        release.set()
        slow_tiles.clear()
        server.shutdown()
        host.shutdown()
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
