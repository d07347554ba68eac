"""Tile URLs and filters fuzzed (Hypothesis, in-process client): whatever the z/x/y, layer and
filter values, the answer is a tile or a clear 4xx error, never a server error."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LAYERS = ["reports", "heatmap", "kelurahan", "kecamatan", "service_zones", "cameras", "detections", "nope"]
NUMBERISH = st.one_of(st.integers(-5, 2**23).map(str), st.text(max_size=6), st.just("1e3"), st.just("0x10"))
FILTERS = st.dictionaries(
    st.sampled_from(["category", "status", "agency", "since", "until", "bogus"]),
    st.one_of(st.text(max_size=30), st.sampled_from(["sampah", "submitted,resolved", "DLH", "2026-01-01T00:00:00Z",
                                                     "2026-13-45", "2026-01-01", "sampah,,", "\x00"])),
    max_size=4)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(layer=st.sampled_from(LAYERS), z=NUMBERISH, x=NUMBERISH, y=NUMBERISH, filters=FILTERS,
       ogc=st.booleans())
def test_tile_urls_and_filters_never_break_the_server(client, layer: str, z: str, x: str, y: str,
                                                      filters: dict[str, str], ogc: bool) -> None:
    path = (f"/ogc/collections/{quote(layer, safe='')}/tiles/WebMercatorQuad/{quote(z, safe='')}/"
            f"{quote(y, safe='')}/{quote(x, safe='')}" if ogc else
            f"/tiles/{quote(layer, safe='')}/{quote(z, safe='')}/{quote(x, safe='')}/{quote(y, safe='')}.mvt")
    resp = client.get(path + ("?" + urlencode(filters) if filters else ""))
    allowed = (200, 400, 404) + ((401,) if layer == "detections" else ())  # detections: staff only
    assert resp.status_code in allowed, (path, filters, resp.status_code, resp.data[:200])
    if resp.status_code == 200:
        assert resp.mimetype == "application/vnd.mapbox-vector-tile"
    else:
        body = resp.get_json()
        assert body["code"] and body["message"] and body["message_en"], body
