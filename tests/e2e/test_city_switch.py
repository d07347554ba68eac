"""Two cities on one platform, at phone size with touch: a Jakarta resident opens Kupang's map,
switches to DKI Jakarta in the Filter sheet, and reports at Monas with "Lokasi saya". The
report is routed to Jakarta's agency; Kupang's map never shows it."""
from __future__ import annotations

import psycopg
import pytest

from bench.photos import phone_photo
from tests.conftest import serve
from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, in_view, open_report_form, phone  # noqa: F401
from tests.helpers import make_user

MONAS = (106.8272, -6.1754)


@pytest.fixture
def two_live(two_app):  # type: ignore[no-untyped-def]
    yield from serve(two_app)


@pytest.mark.parametrize("size", PHONES, ids=["390x844", "360x640"])
def test_a_jakarta_resident_switches_city_and_reports(two_live: str, phone, two_db: psycopg.Connection,  # noqa: F811
                                                      tmp_path, size) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    make_user(two_db, "budi")
    context, page = phone(size)
    context.set_geolocation({"longitude": MONAS[0], "latitude": MONAS[1], "accuracy": 20})
    page.goto(two_live + "/kupang/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    assert "Kota Kupang" in page.locator(".subtitle").inner_text()

    page.tap("#filters-open")
    page.wait_for_selector("#city-switch option[value=jakarta]", state="attached")
    assert in_view(page, "#city-switch")
    axe_clean(page, two_live, "filter sheet with the city switcher")
    page.select_option("#city-switch", "jakarta")
    page.wait_for_url(two_live + "/jakarta/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    assert "DKI Jakarta" in page.locator(".subtitle").inner_text()
    lng, lat = page.evaluate("window.sigapMap.getCenter().toArray()")
    assert 106.6 < lng < 107.1 and -6.4 < lat < -6.0, "the map opens on Jakarta"
    assert page.locator("#performance-link").get_attribute("href") == "/jakarta/transparansi"

    open_report_form(page, "budi@example.id")
    page.select_option("#f-category", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_monas.jpg", MONAS)))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.tap("#f-locate")
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")
    assert "Gambir" in page.locator("#f-where").inner_text()
    wait_until(page, "window.sigapMap.areTilesLoaded() && !window.sigapMap.isMoving()")
    assert page.evaluate("window.sigapMap.queryRenderedFeatures({layers: ['kelurahan-fill']})"
                         ".some(f => f.properties.name === 'Gambir')"), "Jakarta's kelurahan are drawn"
    page.screenshot(path=str(ARTIFACTS / f"phone-jakarta-{size['width']}.png"))
    page.tap("#f-send")
    page.wait_for_selector("#form-msg.ok", timeout=20000)
    row = two_db.execute("SELECT r.city_id, a.code AS agency, a.city_id AS agency_city, k.name AS kelurahan"
                         " FROM reports r JOIN agencies a ON a.id = r.agency_id"
                         " JOIN kelurahan k ON k.id = r.kelurahan_id").fetchone()
    two_db.commit()
    assert (row["city_id"], row["agency"], row["agency_city"], row["kelurahan"]) == (2, "DLH", 2, "Gambir")

    # Kupang's list, and its map page, do not show it; Jakarta's does.
    assert page.evaluate("fetch('/api/v1/reports?city=kupang').then(r => r.json()).then(f => f.features.length)") == 0
    assert page.evaluate("fetch('/api/v1/reports').then(r => r.json()).then(f => f.features.length)") == 1


def test_staff_on_another_citys_dashboard_are_taken_to_theirs(two_live: str, phone,  # noqa: F811
                                                                two_db: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    make_user(two_db, "op.jakarta", "operator", city_id=2)
    context, page = phone(PHONES[0])
    page.goto(two_live + "/kupang/ops")
    page.wait_for_selector("#s-login")
    page.locator("#s-login").fill("op.jakarta@example.id")
    page.locator("#s-password").fill("rahasia-123")
    page.tap("#s-submit")
    page.wait_for_url(two_live + "/jakarta/ops")
    wait_until(page, "window.sigapReady === true")
    lng, lat = page.evaluate("window.sigapMap.getCenter().toArray()")
    assert 106.6 < lng < 107.1 and -6.4 < lat < -6.0
