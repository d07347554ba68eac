"""A resident checks the traffic before leaving, on a phone with touch: taps "Lalu lintas", sees
each camera's level (lancar / padat / macet) and vehicles per frame, in either language, taps
a camera to fly there; the camera dots show on the map; axe finds nothing serious."""
from __future__ import annotations

import psycopg
import pytest
from redis import Redis

from geo.settings import Settings
from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, open_app, phone  # noqa: F401 - the fixture
from tests.helpers import make_user
from tests.test_traffic import camera_with_lane


@pytest.mark.parametrize("size", PHONES, ids=["390x844", "360x640"])
def test_traffic_panel_on_a_phone(live: str, phone, client, conn: psycopg.Connection, env: Settings,  # noqa: F811
                                  run_jobs, size) -> None:
    from workers.jobs import camera_sweep

    _, op = make_user(conn, "op-lalin", "operator")
    cam = camera_with_lane(client, op, env, "Bundaran Tirosa")
    camera_sweep()
    run_jobs()
    Redis.from_url(env.redis_url).flushdb()
    level = client.get("/api/v1/traffic").get_json()["cameras"][0]["level"]
    assert level in ("lancar", "padat", "macet")

    context, page = phone(size)
    open_app(page, live)
    page.tap("#traffic-open")
    page.wait_for_selector(f"#traffic li[data-camera='{cam['id']}']")
    item = page.locator(f"#traffic li[data-camera='{cam['id']}']")
    assert item.get_attribute("data-level") == level
    text = item.inner_text()
    assert "Bundaran Tirosa" in text and {"lancar": "Lancar", "padat": "Padat", "macet": "Macet"}[level] in text
    assert "1 · 1 · 1 kendaraan" in text  # one vehicle per frame in each window: the bus, not its passengers
    assert page.evaluate("window.sigapMap.getLayoutProperty('traffic-dot', 'visibility')") == "visible"
    axe_clean(page, live, "traffic panel")
    page.tap("#lang")  # English
    assert "Traffic" in page.locator("#traffic h2").inner_text()
    assert {"lancar": "Smooth", "padat": "Busy", "macet": "Jammed"}[level] in item.inner_text()
    item.locator("button").tap()
    wait_until(page, "window.sigapMap.getZoom() > 15 && !window.sigapMap.isMoving()")
    wait_until(page, "window.sigapMap.areTilesLoaded()")
    # One camera: MapLibre answers a dot near a tile's edge once per tile that draws it (its buffer).
    assert page.evaluate("[...new Set(window.sigapMap.queryRenderedFeatures({layers: ['traffic-dot']})"
                         ".map((f) => f.id))]") == [cam["id"]]
    page.screenshot(path=str(ARTIFACTS / f"phone-traffic-{size['width']}.png"))
    page.tap("#traffic [data-close='traffic']")
    assert page.evaluate("window.sigapMap.getLayoutProperty('traffic-dot', 'visibility')") == "none"
    # The button again turns the layer on and off with its sheet: off, nothing is left over "Laporkan".
    page.tap("#traffic-open")
    page.wait_for_selector("#traffic:not([hidden])")
    page.tap("#traffic-open")
    assert page.locator("#traffic").is_hidden() and page.locator("#traffic-open").get_attribute("aria-pressed") == "false"
    page.tap("#report-open")
    page.wait_for_selector("#report-panel:not([hidden])")
    assert page.errors == []
    context.close()
