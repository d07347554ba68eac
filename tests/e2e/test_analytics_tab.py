"""A planner on a phone opens the operator dashboard's "Analitik" tab: the hot spot map shows
the planted cluster in the legend's colours, the summary says when it was computed, the
language switch relabels it, the recurring place is listed and a tap flies the map there,
the GeoJSON download arrives; axe finds nothing serious and every control is tappable."""
from __future__ import annotations

import json
import re
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
    analytics.hotspots(conn, settings, "fasilitas_anak", "12m", 8)  # three reports: too few to test
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
    # The summary names the months counted and the cells shown (a planner could not tell either).
    summary = page.locator("#an-summary").inner_text()
    assert re.search(r"Bulan: \w{3} \d{4} – \w{3} \d{4}", summary) and "sel segi enam ±0,74 km²" in summary, summary
    # ... and how stale it may be (it is computed every 6 hours: a staff walk took it for live)
    assert "(dihitung ulang tiap 6 jam; laporan sesudahnya belum termasuk)" in summary, summary
    # the three boxes are named on screen (they were not: a staff walk)
    assert [page.locator(f"label[for='an-{k}']").inner_text() for k in ("kind", "category", "period")] == [
        "Analisis", "Kategori", "Periode"]
    # this month is counted as far as it has gone, and said so (a 5-day month read as a quiet one)
    assert re.search(r"\(bulan terakhir sampai tanggal \d{1,2}\)", summary), summary

    # A tap on the hottest cell says where it is and what it holds (the planner scrolls it into view).
    hottest = """(() => {
        const m = window.sigapAnalyticsMap, r = m.getContainer().getBoundingClientRect();
        const f = m.queryRenderedFeatures({layers: ['analysis']})
                   .sort((a, b) => b.properties.confidence - a.properties.confidence)[0];
        const ring = f.geometry.coordinates[0], n = ring.length - 1;
        const c = ring.slice(0, n).reduce((s, p) => [s[0] + p[0] / n, s[1] + p[1] / n], [0, 0]);
        const p = m.project(c);
        return [r.left + p.x, r.top + p.y];
    })()"""
    page.locator("#an-map").scroll_into_view_if_needed()
    box = page.locator("#an-map").bounding_box()
    mid = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    x, y = page.evaluate(hottest)
    # The planner drags the cell to the map's middle (at 360 px it lay under the map's credits).
    page.mouse.move(*mid)
    page.mouse.down()
    page.mouse.move(mid[0] + (mid[0] - x), mid[1] + (mid[1] - y), steps=8)
    page.mouse.up()
    wait_until(page, "!window.sigapAnalyticsMap.isMoving()")
    x, y = page.evaluate(hottest)
    page.touchscreen.tap(x, y)
    page.wait_for_selector(".cell-popup")
    page.screenshot(path=str(ARTIFACTS / f"phone-analytics-cell-{size['width']}.png"))
    popup = page.locator(".cell-popup").inner_text()
    assert "Kel. " in popup and "laporan" in popup and "Keyakinan: Panas 9" in popup and "Gi* z" in popup, popup
    assert re.search(r"Gi\* z \d+,\d\d · p 0,\d{4}", popup), popup  # the page's decimal comma ("7.21" before)
    page.tap("#lang")  # the open cell's words follow the switch (they stayed Indonesian)
    popup = page.locator(".cell-popup").inner_text()
    assert "reports" in popup and "Confidence: Hot 9" in popup, popup
    page.tap("#lang")
    page.locator(".maplibregl-popup-close-button").tap()

    # Emerging hot spots always cover 12 months: the locked period box says so, and gives back the choice.
    page.locator("#an-period").select_option("3m")
    page.locator("#an-kind").select_option("emerging_hotspots")
    # its note explains its patterns, not the red and blue of the other map (a staff walk)
    assert page.locator("#an-caveat").inner_text().startswith("Warna: bagaimana sel menjadi panas")
    assert page.locator("#an-period").is_disabled() and page.locator("#an-period").input_value() == "12m"
    page.locator("#an-kind").select_option("hotspots")
    assert page.locator("#an-period").input_value() == "3m" and not page.locator("#an-period").is_disabled()
    page.locator("#an-period").select_option("12m")

    # A category with too few reports to test: a tapped cell says so (its z 0 read as "not significant")
    page.locator("#an-category").select_option("fasilitas_anak")
    wait_until(page, "document.getElementById('an-summary').textContent.includes('Terlalu sedikit laporan')")
    wait_until(page, "window.sigapAnalyticsMap.areTilesLoaded() && window.sigapAnalyticsMap.queryRenderedFeatures("
                     "{layers: ['analysis']}).some(f => f.properties.gi_z === undefined)")
    page.touchscreen.tap(*mid)
    page.wait_for_selector(".cell-popup")
    assert "Tidak diuji: terlalu sedikit laporan" in page.locator(".cell-popup").inner_text()
    # within the map, its ✕ in reach (a cell left of the middle opened it past the map's right edge)
    popup, frame = page.locator(".maplibregl-popup").bounding_box(), page.locator("#an-map").bounding_box()
    assert frame["x"] <= popup["x"] and popup["x"] + popup["width"] <= frame["x"] + frame["width"] + 1, (popup, frame)
    page.locator(".maplibregl-popup-close-button").tap()

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
    assert re.search(r"Last fixed: \d{1,2} [A-Z][a-z]{2,3} \d{4}", page.locator("#an-recurring").inner_text()), \
        page.locator("#an-recurring").inner_text()  # a day in words, not 05/07/2026
    page.locator("#an-recurring button[data-place]").tap()
    wait_until(page, "window.sigapAnalyticsMap.getZoom() > 15.5 && !window.sigapAnalyticsMap.isMoving()")
    # Zoomed in, the map shows r9 cells: so does the summary.
    wait_until(page, "document.getElementById('an-summary').textContent.includes('hexagonal cells of ~0.11 km²')")
    note = page.locator("#an-recurring-note").inner_text()
    assert "3 reports or more in the last 365 days" in note and "Confidential categories" in note, note
    # A place's report opens in the queue, on this page (it went to /kupang/ops and reloaded it),
    # and again after a look back at Analytics (the second tap did nothing). The phone's Back
    # returns to Analytics, the places still listed (it left /ops).
    link = page.locator("#an-recurring .links a").first
    rid = link.inner_text().lstrip("#")
    for back in (page.go_back, lambda: page.tap("#tab-analytics")):
        page.locator("#an-recurring .links a").first.tap()
        wait_until(page, f"document.getElementById('detail').dataset.id === '{rid}'"
                         " && !document.getElementById('queue-view').hidden")
        assert page.url == f"{live}/ops#report={rid}" and page.evaluate("window.sigapAnalyticsReady") is True
        back()
        wait_until(page, "!document.getElementById('analytics-view').hidden && document.getElementById('queue-view').hidden")
        assert page.url == f"{live}/ops#analitik?kind=hotspots&category=sampah&period=12m"
        assert page.locator("#an-recurring .links a").first.is_visible()
    page.locator("#an-period").select_option("3m")
    wait_until(page, "location.hash === '#analitik?kind=hotspots&category=sampah&period=3m'")
    page.reload()  # a reload stays on Analytics (it went back to the queue), on the same choices (they went to the defaults)
    wait_until(page, "window.sigapReady === true && !document.getElementById('analytics-view').hidden")
    assert page.locator("#tab-analytics").get_attribute("class") == "active"
    assert (page.locator("#an-category").input_value(), page.locator("#an-period").input_value()) == ("sampah", "3m")
    wait_until(page, "window.sigapAnalyticsReady === true")
    assert "/tiles/hotspots/" in page.evaluate("sigapAnalyticsMap.getSource('analysis').tiles[0]")
    assert "category=sampah" in page.evaluate("sigapAnalyticsMap.getSource('analysis').tiles[0]")
    assert "period=3m" in page.evaluate("sigapAnalyticsMap.getSource('analysis').tiles[0]")
    assert page.errors == []
    context.close()
