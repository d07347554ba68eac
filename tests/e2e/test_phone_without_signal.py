"""What a resident sees on a phone without signal, past the map itself: her own reports as the
phone last saw them, "Lokasi saya" that says when the street map of the place was never kept,
and a header that still names the city when she is signed in on a 360 px screen. Every step is
a tap, at phone size with touch; `window.sigapMap` is read only to check what is drawn."""
from __future__ import annotations

import math
from pathlib import Path

import psycopg
import pytest

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, open_app, open_report_form, phone  # noqa: F401
from tests.helpers import LLBK, auth, east_of, make_user, submit

AXE_FILE = Path(__file__).resolve().parents[2] / "frontend/node_modules/axe-core/axe.min.js"
KEPT_VALUES = """new Promise((ok, fail) => { const r = indexedDB.open('sigap-mine');
  r.onerror = fail; r.onsuccess = () => { const all = r.result.transaction('kept').objectStore('kept').getAll();
  all.onsuccess = () => ok(JSON.stringify(all.result)); }; })"""


def tile_at(z: int, lng: float, lat: float) -> tuple[int, int]:
    """The slippy-map tile (x, y) at zoom z that holds (lng, lat)."""
    n = 2 ** z
    rad = math.radians(lat)
    return int((lng + 180) / 360 * n), int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * n)


def report(client, token: str, point: tuple[float, float], category: str, description: str) -> int:
    resp = submit(client, token, category=category, point=point, description=description)
    assert resp.status_code == 201, resp.json
    return int(resp.json["id"])


def app_kept_for_offline(page, live: str) -> None:
    """Open /kupang/ (where an installed app starts) and wait until the service worker keeps it."""
    page.goto(live + "/kupang/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    wait_until(page, "performance.getEntriesByName('sigap:kept-offline').length > 0", 30)


def test_my_reports_open_without_signal(live: str, phone, client, conn: psycopg.Connection) -> None:  # noqa: F811
    """Maria looked at her reports while she had signal. Later, with none, she reopens the app:
    "Laporan saya" lists them as the phone last saw them and says so; the one she opened shows
    its timeline, the other its status. When she signs out, nothing of hers stays on the phone."""
    _, maria = make_user(conn, "maria")
    make_user(conn, "budi")
    first = report(client, maria, LLBK, "sampah", "Tumpukan sampah di depan pasar")
    second = report(client, maria, east_of(LLBK, 300), "lampu_rambu", "Lampu jalan mati sejak Senin")
    _, operator = make_user(conn, "op", "operator")
    assert client.post(f"/api/v1/reports/{first}/transitions", json={"to": "verified"},
                       headers=auth(operator)).status_code == 200
    context, page = phone()
    app_kept_for_offline(page, live)
    open_report_form(page, "maria@example.id")
    page.tap("#report-panel .close")
    page.tap("#mine-open")
    page.wait_for_selector(f"#mine-list button[data-report='{first}']")
    page.tap(f"#mine-list button[data-report='{first}']")
    page.wait_for_selector("#mine-back")
    assert "Diverifikasi" in page.locator("#mine").inner_text()
    page.tap("#mine-back")  # the list is fetched (and kept) again, after the report
    page.wait_for_selector(f"#mine-list button[data-report='{first}']")
    page.tap("#mine .close")

    context.add_init_script(path=str(AXE_FILE))  # the accessibility check, with no network to load it
    context.set_offline(True)
    page.reload()
    wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    page.tap("#mine-open")
    page.wait_for_selector(f"#mine-list button[data-report='{second}']")
    assert "Tidak ada sinyal. Ini yang tersimpan di ponsel" in page.locator("#mine-kept").inner_text()
    axe_clean(page, live, "my reports kept offline")
    page.screenshot(path=str(ARTIFACTS / "phone-mine-offline.png"))
    page.tap(f"#mine-list button[data-report='{first}']")
    page.wait_for_selector("#mine-back")
    opened = page.locator("#mine").inner_text()
    assert "Tumpukan sampah di depan pasar" in opened and "Diverifikasi" in opened and "Riwayat" in opened
    assert page.locator("#mine-kept").is_visible()
    page.tap("#mine-back")
    page.wait_for_selector(f"#mine-list button[data-report='{second}']")
    page.tap(f"#mine-list button[data-report='{second}']")
    page.wait_for_selector("#mine-back")
    listed = page.locator("#mine").inner_text()
    assert "Lampu jalan mati sejak Senin" in listed and "Diterima" in listed
    assert "Riwayat" not in listed  # never opened with signal: no history kept, and no empty heading for it
    page.tap("#mine .close")

    # She signs out (the phone may be shared): her reports are no longer kept on it.
    context.set_offline(False)
    page.tap("#report-open")
    page.wait_for_selector("#f-logout")
    page.tap("#f-logout")
    page.wait_for_selector("#f-login")
    wait_until(page, f"({KEPT_VALUES}).then(v => !v.includes('Tumpukan sampah'))")
    page.locator("#f-login").fill("budi@example.id")
    page.locator("#f-password").fill("rahasia-123")
    page.tap("#f-login-btn")
    page.wait_for_selector("#report-form")
    page.tap("#report-panel .close")
    context.set_offline(True)
    page.tap("#mine-open")
    wait_until(page, "document.getElementById('mine').textContent.includes('Tidak ada sinyal')"
                     " && !document.getElementById('mine-kept')")
    assert page.locator("#mine-list").count() == 0
    shown = page.locator("#mine").inner_text()
    assert "Tumpukan sampah" not in shown and "Lampu jalan" not in shown


def test_who_signed_in_is_asked_again_when_the_answer_is_lost(live: str, phone, client,  # noqa: F811
                                                              conn: psycopg.Connection) -> None:
    """On a weak link the answer to "who is this" is lost right after Maria signs in: the app asks
    again, so her reports are kept for a time without signal (and a waiting report knows its author)."""
    _, maria = make_user(conn, "maria")
    report(client, maria, LLBK, "sampah", "Tumpukan sampah di depan pasar")
    context, page = phone()
    app_kept_for_offline(page, live)
    lost: list[str] = []

    def lose_the_first(route) -> None:
        if lost:
            route.continue_()
        else:
            lost.append(route.request.url)
            route.abort("connectionreset")

    page.route("**/api/v1/me*", lose_the_first)
    open_report_form(page, "maria@example.id")
    page.tap("#report-panel .close")
    assert lost, "the first answer was not lost: the test shows nothing"
    wait_until(page, "localStorage.getItem('sigap.user') !== null")
    page.tap("#mine-open")
    page.wait_for_selector("#mine-list button[data-report]")
    page.tap("#mine .close")
    context.set_offline(True)
    page.tap("#mine-open")
    page.wait_for_selector("#mine-kept")
    assert "Sampah" in page.locator("#mine-list").inner_text()


def test_my_location_without_signal_says_the_street_map_is_not_kept(live: str, phone, conn: psycopg.Connection,  # noqa: F811
                                                                     env, tmp_path) -> None:
    """Without signal, "Lokasi saya" still places the pin by GPS. Where the phone never loaded the
    street map it stays at the zoom it has and says why there is no street map, instead of
    zooming into a blank map; where it did, it zooms in as it does online."""
    from click.testing import CliRunner

    from api.cli import main
    from tests.osm_extract import write_extract

    assert CliRunner().invoke(main, ["load-osm", str(write_extract(tmp_path / "k.osm.pbf"))]).exit_code == 0
    make_user(conn, "ani")
    context, page = phone()
    app_kept_for_offline(page, live)
    open_report_form(page, "ani@example.id")
    before = page.evaluate("window.sigapMap.getZoom()")
    context.set_offline(True)
    page.tap("#f-locate")
    wait_until(page, "document.getElementById('f-gps').textContent.includes('peta rinci tempat ini belum tersimpan')")
    assert page.locator(".maplibregl-marker").count() == 1  # the pin, by GPS
    # the place is decided when it is sent
    wait_until(page, "document.getElementById('f-where').textContent.includes('tidak ada sinyal')")
    page.tap("#lang")  # the form is drawn again in English: the line says the same
    wait_until(page, "document.getElementById('f-gps').textContent.startsWith('Accuracy ±35 m. No signal')")
    page.tap("#lang")
    wait_until(page, "document.getElementById('f-gps').textContent.startsWith('Akurasi ±35 m. Tidak ada sinyal')")
    wait_until(page, "!window.sigapMap.isMoving()")
    assert page.evaluate("window.sigapMap.getZoom()") == pytest.approx(before, abs=0.01)
    page.screenshot(path=str(ARTIFACTS / "phone-locate-offline.png"))

    # With signal the street map is loaded (and kept); the next time without signal it is used.
    context.set_offline(False)
    page.tap("#f-locate")
    wait_until(page, "window.sigapMap.getZoom() >= 16 && !window.sigapMap.isMoving() && window.sigapMap.areTilesLoaded()")
    assert "belum tersimpan" not in page.locator("#f-gps").inner_text()
    wait_until(page, "window.sigapMap.queryRenderedFeatures({layers: ['osm-roads']}).length > 0")
    x, y = tile_at(16, *LLBK)  # the service worker stores the street map it fetched
    wait_until(page, f"caches.match('{live}/tiles/basemap/16/{x}/{y}.mvt?city=kupang').then(Boolean)")
    # Zoomed in further by hand, without signal: where the street map is kept, no warning.
    page.tap(".maplibregl-ctrl-zoom-in")
    wait_until(page, "window.sigapMap.getZoom() >= 17 && !window.sigapMap.isMoving()")
    context.set_offline(True)
    asked = page.evaluate(PLACE_SHOWN)
    page.tap("#f-locate")
    wait_until(page, f"{PLACE_SHOWN} > {asked}")  # the GPS answered and the kept map was asked
    assert "Akurasi" in page.locator("#f-gps").inner_text()
    assert "belum tersimpan" not in page.locator("#f-gps").inner_text()
    assert page.evaluate("window.sigapMap.getZoom()") >= 17
    page.reload()
    wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    page.wait_for_selector("#report-form")  # the form comes back as it was left (draft.js), without signal too
    page.tap("#f-locate")
    wait_until(page, f"{PLACE_SHOWN} > 0 && window.sigapMap.getZoom() >= 16 && !window.sigapMap.isMoving()")
    assert "belum tersimpan" not in page.locator("#f-gps").inner_text()
    wait_until(page, "window.sigapMap.queryRenderedFeatures({layers: ['osm-roads']}).length > 0")


# The GPS line has said all it will after "Lokasi saya" (form.js showPlace).
PLACE_SHOWN = "performance.getEntriesByName('sigap:place-shown').length"


def uncovered(page, selector: str) -> bool:
    """Whether a tap at the middle of `selector` reaches it (not another element on top)."""
    return bool(page.evaluate(f"(e => {{ const r = e.getBoundingClientRect();"
                              f" return e.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }})"
                              f"(document.querySelector('{selector}'))"))


@pytest.mark.parametrize("size", PHONES, ids=["390x844", "360x640"])
def test_the_header_and_the_map_controls_fit_a_phone(live: str, phone, conn: psycopg.Connection, size) -> None:  # noqa: F811
    """On first opening, the zoom buttons answer a tap, and neither the map's credits
    (OpenStreetMap's among them) nor the scale bar is hidden. Signed in, the bell and "Laporan saya" share
    the header: the city's name is still whole."""
    make_user(conn, "ani")
    context, page = phone(size)
    open_app(page, live)
    assert uncovered(page, ".maplibregl-ctrl-attrib-inner a"), "the credits are covered"
    assert page.evaluate("""(() => { const [a, b] = ['.maplibregl-ctrl-scale', '.maplibregl-ctrl-attrib']
        .map(s => document.querySelector(s).getBoundingClientRect());
        return a.bottom <= b.top || a.right <= b.left; })()"""), "the scale bar is under the credits"
    zoom = page.evaluate("window.sigapMap.getZoom()")
    page.tap(".maplibregl-ctrl-zoom-out")
    wait_until(page, f"window.sigapMap.getZoom() < {zoom - 0.5} && !window.sigapMap.isMoving()")
    page.tap(".maplibregl-ctrl-zoom-in")
    wait_until(page, f"Math.abs(window.sigapMap.getZoom() - {zoom}) < 0.01 && !window.sigapMap.isMoving()")
    open_report_form(page, "ani@example.id")
    page.tap("#report-panel .close")
    page.wait_for_selector("#mine-open", state="visible")
    for label in ("id", "en"):
        name = page.locator("#top .city-name")
        assert name.inner_text().replace("\n", " ") == "Kota Kupang", label
        assert page.evaluate("(e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight)"
                             "(document.querySelector('#top .city-name'))"), f"{label}: the name is cut"
        box, bell = name.bounding_box(), page.locator("#bell").bounding_box()
        assert box and bell and box["x"] + box["width"] <= bell["x"], label
        page.tap("#lang")
    page.screenshot(path=str(ARTIFACTS / f"phone-header-{size['width']}.png"))
