"""The web map in real headless Chromium (Debian's, driven by Playwright): what a citizen sees."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.helpers import LLBK, east_of, make_user, submit


def test_public_map_shows_hexagons_points_and_a_report(live: str, page, client, conn, run_jobs) -> None:
    _, citizen = make_user(conn, "warga")
    ids = [submit(client, citizen, point=east_of(LLBK, 150 * i), category="sampah").get_json()["id"]
           for i in range(4)]
    run_jobs()  # photos published
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(live + "/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded() && window.sigapMap.areTilesLoaded())")
    assert page.locator("header").inner_text().startswith("SIGAP")
    assert page.locator("header .subtitle").inner_text().split("\n") == ["Kota Kupang", "Peta Aduan Publik"]
    settled(page)
    hexes = page.evaluate("window.sigapMap.queryRenderedFeatures({layers: ['reports-hex']})"
                          ".map(f => f.properties.count)")
    assert hexes and sum(set(hexes)) >= 1
    page.screenshot(path=str(ARTIFACTS / "map-city.png"))
    page.evaluate(f"window.sigapMap.jumpTo({{center: [{LLBK[0] + 0.002}, {LLBK[1]}], zoom: 16}})")
    wait_until(page, "window.sigapMap.areTilesLoaded() && window.sigapMap.queryRenderedFeatures("
                     "{layers: ['reports-point']}).length >= 3")
    shown = page.evaluate("window.sigapMap.queryRenderedFeatures({layers: ['reports-point']}).map(f => f.id)")
    assert set(shown) <= set(ids) and len(set(shown)) >= 3
    # Click a point: the panel shows the report in Indonesian, with its photo and timeline.
    x, y = page.evaluate("(() => { const f = window.sigapMap.queryRenderedFeatures({layers: ['reports-point']})[0];"
                         " const p = window.sigapMap.project(f.geometry.coordinates);"
                         " const r = document.getElementById('map').getBoundingClientRect();"
                         " return [p.x + r.left, p.y + r.top]; })()")
    page.mouse.click(x, y)
    page.wait_for_selector("#info img", timeout=10000)
    info = page.locator("#info").inner_text()
    assert "Sampah" in info and "Diterima" in info and "Riwayat" in info
    page.screenshot(path=str(ARTIFACTS / "map-report.png"))
    page.click("#lang")  # English
    page.mouse.click(x, y)
    wait_until(page, "document.getElementById('info').textContent.includes('Garbage')")
    assert page.errors == []


def test_citizen_reports_from_the_form_and_another_supports_it(live: str, page, conn, tmp_path, run_jobs) -> None:
    """On a desktop screen: the form is a side sheet, the pin is placed with a click."""
    from tests.helpers import jpeg

    photo = tmp_path / "sampah.jpg"
    photo.write_bytes(jpeg(size=(640, 480)))
    page.goto(live + "/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    wait_until(page, "document.getElementById('category').options.length > 1")  # categories loaded
    page.evaluate(f"window.sigapMap.jumpTo({{center: [{LLBK[0]}, {LLBK[1]}], zoom: 15}})")

    def click_map(lng: float, lat: float) -> None:
        x, y = page.evaluate(f"(() => {{ const p = window.sigapMap.project([{lng}, {lat}]);"
                             f" const r = document.getElementById('map').getBoundingClientRect();"
                             f" return [p.x + r.left, p.y + r.top]; }})()")
        page.mouse.click(x, y)

    def report_as(email: str) -> None:
        page.click("#report-open")
        page.fill("#f-login", email)
        page.fill("#f-password", "kupang-2026")
        page.click("#f-register-btn")
        page.fill("#f-password2", "kupang-2026")
        page.click("#f-register-btn")
        page.wait_for_selector("#report-form")
        page.select_option("#f-category", "sampah")
        click_map(*LLBK)
        wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")

    report_as("maria@example.id")
    page.fill("#f-description", "Sampah menumpuk di depan gereja")
    page.set_input_files("#f-photo", str(photo))
    wait_until(page, "!document.getElementById('f-preview').hidden")
    page.click("#f-send")
    page.wait_for_selector("#form-msg.ok")
    sent = page.locator("#form-msg").inner_text()
    # where it went, in words (it said "DLH", a code citizens do not know)
    assert "Laporan terkirim" in sent and "Lahilai Bissi Kopan" in sent and "Dinas Lingkungan Hidup" in sent
    row = conn.execute("SELECT id, ST_X(geom) AS lng, ST_Y(geom) AS lat, description FROM reports").fetchone()
    assert (row["lng"], row["lat"]) == pytest.approx(LLBK, abs=2e-5)  # one pixel at z15
    assert row["description"] == "Sampah menumpuk di depan gereja"
    page.screenshot(path=str(ARTIFACTS / "form-sent.png"))
    # Maria again at the same pile: her own report is named as hers (not "support" it, which is
    # refused), and sending again says it went into that report rather than a new one.
    click_map(*LLBK)
    page.wait_for_selector(f"#similar [data-own='{row['id']}']")
    assert page.locator(f"button[data-support='{row['id']}']").count() == 0
    assert f"Laporan Anda sendiri #{row['id']}" in page.locator("#similar").inner_text()
    page.set_input_files("#f-photo", str(photo))
    wait_until(page, "!document.getElementById('f-preview').hidden")
    page.click("#f-send")
    wait_until(page, "document.getElementById('form-msg').textContent.includes('Anda sudah melaporkan ini')")
    assert f"#{row['id']} " in page.locator("#form-msg").inner_text()
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1
    # A neighbour about to report the same garbage is offered to support it instead.
    page.click("#f-logout")
    page.click("#report-open")  # close
    run_jobs()  # her photo is published (people in it blurred)
    report_as("yosef@example.id")
    page.wait_for_selector(f"button[data-support='{row['id']}']")
    # which pile it is: its photo, when it was filed, how far (it said "Dukung #1 (0 m)" only)
    card = page.locator(f".similar-card:has(button[data-support='{row['id']}'])")
    wait_until(page, f"document.querySelector(\".similar-card:has(button[data-support='{row['id']}']) img\")"
                     "?.naturalWidth > 0")
    assert f"#{row['id']} · Diterima · " in card.inner_text() and "0 m" in card.inner_text()
    page.click(f"button[data-support='{row['id']}']")
    # Supported instead: the form is put away (its send button stayed on, and a walk sent the
    # duplicate as well), and the toast says so.
    wait_until(page, "document.getElementById('report-panel').hidden")
    assert f"dukungan Anda untuk laporan #{row['id']} tercatat" in page.locator("#toast").inner_text()
    assert conn.execute("SELECT support_count FROM reports WHERE id = %s", (row["id"],)).fetchone()["support_count"] == 1
    page.click("#report-open")  # a new report: nothing of the last one is left in the form
    page.wait_for_selector("#report-form")
    assert page.locator("#f-category").input_value() == "" and page.locator(".maplibregl-marker").count() == 0
    page.select_option("#f-category", "sampah")
    # A place outside the city: the form says so before sending, and the button stays off.
    page.evaluate("window.sigapMap.jumpTo({center: [123.60, -10.10], zoom: 15})")  # the user pans out to sea
    click_map(123.60, -10.10)
    wait_until(page, "document.getElementById('f-where').className.includes('bad')")
    assert "luar wilayah Kota Kupang" in page.locator("#f-where").inner_text()
    assert page.locator("#f-send").is_disabled()
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1
    assert all("status of 422" in e for e in page.errors)  # the refused sea point


def test_a_hexagon_across_two_tiles_shows_its_count_once(live: str, page, conn) -> None:
    """A hexagon that straddles a tile edge is drawn from both tiles; its count label must appear
    once, not once per tile (clipped halves each got a label at their own centre)."""
    import random
    from datetime import UTC, datetime

    from tests.helpers import plant_reports

    rng = random.Random(7)
    now = datetime.now(UTC)
    rows = [{"lng": rng.uniform(123.54, 123.66), "lat": rng.uniform(-10.22, -10.14), "category": "sampah",
             "created": now} for _ in range(400)]
    assert plant_reports(conn, rows) > 300
    page.goto(live + "/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded() && window.sigapMap.areTilesLoaded())")
    settled(page)  # labels are placed after the tiles are drawn
    per_tile, labels = page.evaluate("""(() => { const m = window.sigapMap, count = (layer) => {
        const n = {};
        for (const f of m.queryRenderedFeatures({layers: [layer]})) n[f.properties.h3] = (n[f.properties.h3] || 0) + 1;
        return n; }; return [count('reports-hex'), count('reports-hex-label')]; })()""")
    across = [h for h, n in per_tile.items() if n > 1]
    assert across, "no hexagon straddles a tile edge in this view: the test shows nothing"
    assert [h for h in across if h in labels], "no straddling hexagon is labelled"
    assert {h: n for h, n in labels.items() if n > 1} == {}, "a count drawn twice"
    page.screenshot(path=str(ARTIFACTS / "map-hexagon-labels.png"))


def settled(page) -> None:
    """The map drawn as it will stay: tiles in, labels placed and faded in (MapLibre's "idle")."""
    page.evaluate("new Promise((done) => { window.sigapMap.once('idle', done); window.sigapMap.triggerRepaint(); })")
