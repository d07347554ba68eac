"""The citizen's map on a phone turned on its side (640x360), tapped as a resident does."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import psycopg

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import open_app, open_report_form, phone  # noqa: F401
from tests.helpers import LLBK, make_user

LANDSCAPE = {"width": 640, "height": 360}
BOX = "(() => {{ const r = document.querySelector('{}').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})()"


def test_the_report_form_leaves_the_map_beside_it(live: str, phone, conn: psycopg.Connection) -> None:  # noqa: F811
    """On its side, the form came up from the bottom and left ~70 px of map under the header,
    half of it under the Filter chips: the pin could hardly be seen or placed (a phone walk).
    The form now stands at the right; the map, its pin and its zoom buttons beside it, and a tap
    on that map moves the pin. Turned upright again, the form is a bottom sheet as before."""
    make_user(conn, "maria")
    context, page = phone(LANDSCAPE)
    open_app(page, live)
    open_report_form(page, "maria@example.id")
    page.locator("#f-locate").scroll_into_view_if_needed()
    page.tap("#f-locate")
    wait_until(page, "document.querySelectorAll('.maplibregl-marker').length === 1")
    # flown in to the fix (below zoom 15 a tap zooms in rather than placing the pin)
    wait_until(page, "window.sigapMap.getZoom() >= 15 && !window.sigapMap.isMoving()")
    sheet = page.evaluate(BOX.format("#report-panel"))
    header = page.evaluate(BOX.format("header"))
    assert sheet[0] >= 0.4 * LANDSCAPE["width"] and sheet[1] <= header[3] + 1, sheet  # at the right, full height
    pin = page.evaluate(BOX.format(".maplibregl-marker"))
    assert pin[2] <= sheet[0] and pin[1] >= header[3], (pin, sheet)  # in sight, on the map beside the form
    zoom = page.evaluate(BOX.format(".maplibregl-ctrl-top-right .maplibregl-ctrl-group"))
    assert zoom[2] <= sheet[0] + 1, (zoom, sheet)
    page.screenshot(path=str(ARTIFACTS / "phone-landscape-form.png"))
    # A tap on the map beside the form places the pin there.
    # (The new place may be in the same kelurahan: at zoom 17 a third of the map is ~50 m, so
    # the form is checked to have asked about the tapped place and said where it goes.)
    x, y = (header[3] + LANDSCAPE["height"]) / 2, sheet[0] / 3
    with page.expect_response(lambda r: "/api/v1/locate" in r.url) as asked:
        page.touchscreen.tap(y, x)
    wait_until(page, f"(() => {{ const r = document.querySelector('.maplibregl-marker').getBoundingClientRect();"
                     f" return Math.abs((r.left + r.right) / 2 - {y}) < 3; }})()")
    tapped = parse_qs(urlparse(asked.value.url).query)
    assert float(tapped["lng"][0]) < LLBK[0], tapped  # west of the fix: where the finger was
    wait_until(page, "/^Laporan akan masuk ke: Kel\\. \\S/.test(document.getElementById('f-where').textContent)")
    page.set_viewport_size({"width": 360, "height": 640})  # upright again: from the bottom
    wait_until(page, "document.getElementById('report-panel').getBoundingClientRect().left === 0")
    wait_until(page, "window.sigapMap.getPadding().bottom > 100 && window.sigapMap.getPadding().right === 0")
    assert page.errors == []
    context.close()
