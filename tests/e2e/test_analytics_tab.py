"""A planner on a phone opens the operator dashboard's "Analitik" tab: the hot spot map shows
the planted cluster in the legend's colours, the summary says when it was computed, the
language switch relabels it, the recurring place is listed and a tap flies the map there,
the GeoJSON download arrives; axe finds nothing serious and every control is tappable."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import psycopg
import pytest

from geo import analytics
from geo.settings import Settings
from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, phone, staff_sign_in  # noqa: F401 - the fixture
from tests.helpers import KUPANG_TZ, make_user, plant_reports
from tests.test_analytics import cluster_rows


def plant_city(conn: psycopg.Connection, settings: Settings) -> None:
    now = datetime.now(KUPANG_TZ)
    _, rows = cluster_rows(11)
    spot = (123.5950, -10.1700)  # a playground fixed twice, broken again
    rows += [{"lng": spot[0], "lat": spot[1], "category": "fasilitas_anak", "created": now - timedelta(days=d),
              **({"resolved": now - timedelta(days=d - 5)} if d > 10 else {})} for d in (200, 100, 9)]
    plant_reports(conn, rows)
    for category in ("", "sampah"):
        for res in analytics.RESOLUTIONS:
            analytics.hotspots(conn, settings, category, "12m", res)
    conn.commit()


@pytest.mark.parametrize("size", PHONES, ids=["390x844", "360x640"])
def test_planner_reads_hot_spots_on_a_phone(live: str, phone, conn, env: Settings, size) -> None:  # noqa: F811
    plant_city(conn, env)
    make_user(conn, "perencana", "operator")
    context, page = phone(size)
    staff_sign_in(page, live + "/ops", "perencana@example.id")
    wait_until(page, "window.sigapReady === true")

    page.tap("#tab-analytics")
    wait_until(page, "window.sigapAnalyticsReady === true")
    wait_until(page, "window.sigapAnalyticsMap.areTilesLoaded() && "
                     "window.sigapAnalyticsMap.queryRenderedFeatures({layers: ['analysis']}).length > 0")
    hot = page.evaluate("Math.max(...window.sigapAnalyticsMap.queryRenderedFeatures({layers: ['analysis']})"
                        ".map(f => f.properties.confidence))")
    assert hot >= 95
    assert "Panas 99 %" in page.locator("#an-legend").inner_text()
    wait_until(page, "document.getElementById('an-summary').textContent.includes('sel panas')")
    page.locator("#an-category").select_option("sampah")
    wait_until(page, "document.getElementById('an-summary').textContent.includes('Dihitung')")
    place = page.locator("#an-recurring button[data-place]")
    place.wait_for()
    assert "Fasilitas Anak — " in page.locator("#an-recurring").inner_text()
    axe_clean(page, live, "analytics tab")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / f"phone-analytics-{size['width']}.png"), full_page=True)

    with page.expect_download() as dl:
        page.tap("#an-geojson")
    fc = json.loads(dl.value.path().read_text())
    # Saved under the server's name: city, analysis, category and period (files do not overwrite each other).
    period = page.locator("#an-period").input_value()
    assert dl.value.suggested_filename == f"sigap_kupang_hotspots_sampah_{period}.geojson"
    assert fc["type"] == "FeatureCollection" and max(f["properties"]["confidence"] for f in fc["features"]) >= 95

    page.tap("#lang")
    assert "Hot 99 %" in page.locator("#an-legend").inner_text()
    wait_until(page, "document.getElementById('an-recurring').textContent.includes(\"Children's facilities\")")
    page.locator("#an-recurring button[data-place]").tap()
    wait_until(page, "window.sigapAnalyticsMap.getZoom() > 15.5 && !window.sigapAnalyticsMap.isMoving()")
    assert page.errors == []
    context.close()
