"""The web app's files go compressed as the browser asks: Brotli (browsers over HTTPS), else
gzip, else plain; each representation has its own validator, so a revalidation never answers
gzip bytes to a browser that holds the Brotli ones."""
from __future__ import annotations

import gzip

import brotli

from api.frontend import FRONTEND

MAPLIBRE = "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs"


def test_maplibre_goes_as_brotli_to_a_browser_that_asks(client) -> None:
    raw = (FRONTEND / "node_modules/maplibre-gl/dist/maplibre-gl.mjs").read_bytes()
    br = client.get(MAPLIBRE, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    gz = client.get(MAPLIBRE, headers={"Accept-Encoding": "gzip, deflate"})
    plain = client.get(MAPLIBRE)
    assert br.headers["Content-Encoding"] == "br" and brotli.decompress(br.data) == raw
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.data) == raw
    assert "Content-Encoding" not in plain.headers and plain.get_data() == raw
    assert len(br.data) < 0.85 * len(gz.data)  # what a phone saves on a weak link
    assert "Accept-Encoding" in br.headers["Vary"] and br.headers["ETag"] != gz.headers["ETag"]
    again = client.get(MAPLIBRE, headers={"Accept-Encoding": "br", "If-None-Match": br.headers["ETag"]})
    assert again.status_code == 304
    other = client.get(MAPLIBRE, headers={"Accept-Encoding": "gzip", "If-None-Match": br.headers["ETag"]})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"


def test_refused_brotli_is_not_sent(client) -> None:
    r = client.get("/static/app.js", headers={"Accept-Encoding": "br;q=0, gzip"})
    assert r.headers["Content-Encoding"] == "gzip"


def test_refused_gzip_is_not_sent(client) -> None:
    """A client that says gzip;q=0 (some proxies and API clients) gets the page as it is."""
    refused = client.get("/", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers and b"<html" in refused.get_data()
    taken = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert taken.headers["Content-Encoding"] == "gzip" and b"<html" in gzip.decompress(taken.data)
