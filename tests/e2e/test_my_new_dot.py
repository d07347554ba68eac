"""The dot of a report just sent, on the sender's own map, on a phone whose service worker keeps
report tiles. A phone walk sent one and saw no dot: the map's reload was answered from the
worker's older copy of the tile, and the newer one fetched behind it did not always get drawn.
The worker now drops its copies around the new report first, so the reload draws it at once."""
from __future__ import annotations

import psycopg

from bench.photos import phone_photo
from tests.e2e.conftest import wait_until
from tests.e2e.test_phone_app import PHONES, open_app, open_report_form, phone  # noqa: F401
from tests.helpers import LLBK, east_of, make_user, submit


def test_the_sender_sees_her_new_report_at_once(live: str, phone, client, conn: psycopg.Connection,  # noqa: F811
                                                 tmp_path) -> None:
    _, other = make_user(conn, "yosef")
    assert submit(client, other, point=east_of(LLBK, 900)).status_code == 201  # a tile the worker keeps
    make_user(conn, "maria")
    context, page = phone(PHONES[0])
    page.add_init_script("window.__updates = 0; navigator.serviceWorker?.addEventListener('message', (e) => {"
                         " if (e.data?.meta === 'workbox-broadcast-update') window.__updates++; });")
    open_app(page, live)
    wait_until(page, "performance.getEntriesByName('sigap:kept-offline').length > 0", 30)
    page.reload()  # the worker answers this visit's tiles
    wait_until(page, "!!navigator.serviceWorker.controller && performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    open_report_form(page, "maria@example.id")
    page.select_option("#f-category", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_1.jpg", LLBK)))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.locator("#f-locate").scroll_into_view_if_needed()
    page.tap("#f-locate")  # the phone's GPS: LLBK
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")
    wait_until(page, "window.sigapMap.areTilesLoaded() && !window.sigapMap.isMoving()")
    kept = page.evaluate("caches.open('sigap-report-tiles').then(c => c.keys()).then(k => k.length)")
    assert kept > 0  # the tiles around the pin, as they were before it
    page.locator("#f-send").scroll_into_view_if_needed()
    page.tap("#f-send")
    wait_until(page, "!!document.getElementById('report-form').dataset.sent", 30)
    rid = int(page.evaluate("document.getElementById('report-form').dataset.sent"))
    # the receipt's way on: her report in "Laporan saya", to follow (the receipt was a dead end: a walk)
    assert page.locator("#f-follow-sent").inner_text() == "Ikuti kabarnya di Laporan saya"
    page.tap("#f-follow-sent")
    wait_until(page, f"document.getElementById('mine-title')?.textContent.startsWith('#{rid} ')")
    assert page.locator("#report-panel").is_hidden()
    shown = f"window.sigapMap.queryRenderedFeatures({{layers: ['reports-point']}}).some(f => f.id === {rid})"
    wait_until(page, shown, 20)
    page.wait_for_timeout(1000)  # a redraw from an older copy would have been announced by now
    assert page.evaluate("window.__updates") == 0  # drawn from the server's tile, not after a stale one
    assert page.evaluate(shown)
    assert page.errors == []
    context.close()


def test_a_report_sent_at_street_level_is_drawn_at_once(live: str, phone, client, conn: psycopg.Connection,  # noqa: F811
                                                         tmp_path) -> None:
    """Past the report tiles' zoom 16 the map draws slices of the z16 tile, and MapLibre kept its
    slices by URL, not content: the reload after sending drew the old slice, and at street level
    (z17, where placing the pin by tapping leaves the map) the sender's new dot was missing until
    the page was reloaded (a phone walk)."""
    _, other = make_user(conn, "yosef")
    assert submit(client, other, point=east_of(LLBK, 60)).status_code == 201  # the street's tile has a report already
    make_user(conn, "maria")
    context, page = phone(PHONES[0])
    open_app(page, live)
    open_report_form(page, "maria@example.id")
    page.select_option("#f-category", "lampu_rambu")
    page.locator("#f-description").fill("Lampu jalan mati sejak minggu lalu. " * 100)  # 3,600 characters: counted
    assert page.locator("#f-desc-count").inner_text() == "3600 / 4000"
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_2.jpg", LLBK)))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.locator("#f-locate").scroll_into_view_if_needed()
    page.tap("#f-locate")  # the phone's GPS: LLBK
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")
    while page.evaluate("window.sigapMap.getZoom()") < 17:  # the citizen zooms in to her street (z17: slices of z16)
        page.tap(".maplibregl-ctrl-zoom-in")
        wait_until(page, "!window.sigapMap.isMoving()")
    wait_until(page, "window.sigapMap.areTilesLoaded() && window.sigapMap.queryRenderedFeatures("
                     "{layers: ['reports-point']}).length > 0")  # the street's slices, drawn
    page.locator("#f-send").scroll_into_view_if_needed()
    page.tap("#f-send")
    wait_until(page, "!!document.getElementById('report-form').dataset.sent", 30)
    rid = int(page.evaluate("document.getElementById('report-form').dataset.sent"))
    assert page.evaluate("window.sigapMap.getZoom()") >= 17, page.evaluate("window.sigapMap.getZoom()")
    wait_until(page, f"window.sigapMap.queryRenderedFeatures({{layers: ['reports-point']}}).some(f => f.id === {rid})", 20)
    assert page.locator("#f-desc-count").is_hidden()  # "3600 / 4000" stayed under the empty field (a walk)
    # The form put away after the receipt: nothing unsent is said to be discarded (the sent one read as lost: a walk)
    page.tap("#report-panel .close")
    page.wait_for_timeout(500)
    assert page.locator("#toast").is_hidden() or "dibuang" not in page.locator("#toast").inner_text()
    assert page.errors == []
    context.close()
