"""A lurah on their phone opens the dashboard: the queue is their kelurahan's (it was the whole
city's), the header says who they are and what they coordinate, and the bell tells them of a
report of theirs that missed its deadline (the server notified them, and /ops showed nothing);
a tap on it opens the report. They widen the queue to the whole city with the area filter."""
from __future__ import annotations

import json
import re
from pathlib import Path

import psycopg
import pytest

from geo.settings import Settings
from tests.e2e.conftest import ARTIFACTS, PICKED_IN_SIGHT, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, phone, staff_sign_in  # noqa: F401 - the fixture
from tests.helpers import LLBK, east_of, make_user, submit
from workers.jobs import sla_sweep

QUEUE_IDS = "[...document.querySelectorAll('#queue li[data-id]')].map(li => Number(li.dataset.id)).sort((a, b) => a - b)"


def blurred_into(conn: psycopg.Connection, kelurahan: str) -> tuple[float, float]:
    """A point outside `kelurahan` whose H3 r8 hexagon's centre (where a confidential report there
    is shown) lies inside it: the public, and the queue, place such a report in `kelurahan`."""
    import h3

    def inside(lng: float, lat: float) -> bool:
        return bool(conn.execute("SELECT ST_Contains(geom, ST_SetSRID(ST_MakePoint(%s, %s), 4326)) AS yes"
                                 " FROM kelurahan WHERE city_id = 1 AND name = %s", (lng, lat, kelurahan)).fetchone()["yes"])

    for hexagon in h3.grid_disk(h3.latlng_to_cell(LLBK[1], LLBK[0], 8), 3):
        if not inside(*reversed(h3.cell_to_latlng(hexagon))):
            continue
        for kid in h3.cell_to_children(hexagon, 10):
            lat, lng = h3.cell_to_latlng(kid)
            in_city = conn.execute("SELECT count(*) AS n FROM kelurahan WHERE city_id = 1 AND"
                                   " ST_Contains(geom, ST_SetSRID(ST_MakePoint(%s, %s), 4326))", (lng, lat)).fetchone()["n"]
            if h3.latlng_to_cell(lat, lng, 8) == hexagon and in_city and not inside(lng, lat):
                return lng, lat
    raise AssertionError(f"no hexagon of {kelurahan} reaches past it")


@pytest.mark.parametrize("size", PHONES, ids=["390x844", "360x640"])
def test_a_lurah_sees_their_kelurahan_and_hears_of_a_late_report(live: str, phone, client,  # noqa: F811
                                                                  conn: psycopg.Connection, env: Settings,
                                                                  size: dict[str, int]) -> None:
    _, citizen = make_user(conn, "warga")
    make_user(conn, "lurah", "operator", kelurahan="Lahilai Bissi Kopan")
    ours = submit(client, citizen, point=LLBK, description="Sampah di gang").get_json()["id"]
    late = submit(client, citizen, point=LLBK, category="lampu_rambu").get_json()["id"]
    elsewhere = submit(client, citizen, point=east_of(LLBK, 3000)).get_json()["id"]
    hidden = submit(client, citizen, point=blurred_into(conn, "Lahilai Bissi Kopan"), category="orang_hilang",
                    description="Anak hilang sejak pagi").get_json()["id"]
    place = client.get(f"/api/v1/reports/{elsewhere}").get_json()["properties"]["kelurahan"]
    assert place != "Lahilai Bissi Kopan", "the other report must lie in another kelurahan"
    conn.execute("UPDATE reports SET due_at = now() - interval '1 hour' WHERE id = %s", (late,))
    conn.commit()
    assert sla_sweep()["escalated"] == 1

    context, page = phone(size)
    staff_sign_in(page, live + "/ops", "lurah@example.id")
    wait_until(page, "window.sigapReady === true")
    assert page.locator("#who").inner_text() == "Lurah (Lurah · Kel. Lahilai Bissi Kopan)"  # not "Operator"
    # The sticky header in two rows, not three: the bell on the city's row, above who is signed in.
    assert page.locator("#bell").bounding_box()["y"] < page.locator("#who").bounding_box()["y"]
    # Their kelurahan's reports (the missing person as the public places it), not the third (the queue was the whole city's).
    wait_until(page, f"JSON.stringify({QUEUE_IDS}) === '{json.dumps(sorted([ours, late, hidden]), separators=(',', ':'))}'")
    # The map opens on their kelurahan (it opened on the whole city): its centre is in view, zoomed past the city's view.
    wait_until(page, "window.sigapMap && window.sigapMap.loaded()")
    zoom, inside = page.evaluate(f"[sigapMap.getZoom(), sigapMap.getBounds().contains({list(LLBK)})]")
    assert inside and zoom > page.evaluate("JSON.parse(document.getElementById('sigap-city').textContent).zoom") + 2, zoom
    # The first screen shows the queue, not only its four choices (they filled it at 360x640: a staff
    # walk): folded, in one line that says them; the four tabs in one row ("Petugas" stood alone).
    assert page.locator("#q-choices > summary").inner_text().endswith(
        "Belum selesai · Kel. Lahilai Bissi Kopan · Semua OPD · Paling mendesak")
    first = page.locator("#queue li[data-id]").first.bounding_box()
    assert first["y"] + first["height"] <= size["height"], first
    tabs = {round(page.locator(f"#tab-{t}").bounding_box()["y"]) for t in ("queue", "stats", "analytics", "team")}
    assert len(tabs) == 1, tabs
    page.screenshot(path=str(ARTIFACTS / f"ops-lurah-first-screen-{size['width']}.png"))
    page.locator("#q-choices > summary").tap()
    area = page.locator("#queue-view").get_by_label("Wilayah")  # a visible label, next to the list
    assert area.locator("option:checked").inner_text() == "Kel. Lahilai Bissi Kopan"
    page.locator("#queue-view .toolbar.wrap").screenshot(path=str(ARTIFACTS / f"ops-lurah-filters-{size['width']}.png"))

    # The bell says one, and a tap on the notice opens the late report.
    wait_until(page, "document.getElementById('bell-count').textContent === '1'")
    page.tap("#bell")
    notice = page.locator("#notes button[data-notification]", has_text=f"#{late}")
    # What and where, not only "Laporan #N melewati batas waktu".
    assert "melewati batas waktu" in notice.inner_text() and "Lampu" in notice.inner_text()
    assert "Kel. Lahilai Bissi Kopan" in notice.inner_text()
    axe_clean(page, live, "/ops with the notifications open")
    page.screenshot(path=str(ARTIFACTS / f"ops-lurah-bell-{size['width']}.png"))
    # Put away as a panel is: a tap beside it, Escape, and the phone's Back, which closes the panel
    # and nothing else (it stayed open over the tab Back changed underneath; before that, it left /ops).
    page.tap("header strong")  # beside it (on a phone it covers the tabs)
    assert page.locator("#notes").is_hidden()
    page.tap("#bell")
    page.keyboard.press("Escape")
    assert page.locator("#notes").is_hidden()
    page.tap("#tab-stats")
    page.tap("#tab-queue")
    page.tap("#bell")
    page.go_back()
    wait_until(page, "document.getElementById('notes').hidden")
    assert page.locator("#stats-view").is_hidden() and page.locator("#queue-view").is_visible()
    page.go_back()  # and the next Back is a tab's: to Statistik
    wait_until(page, "!document.getElementById('stats-view').hidden")
    page.tap("#tab-queue")
    page.tap("#bell")
    notice.tap()
    wait_until(page, f"document.querySelector('#detail h3')?.textContent.startsWith('#{late} ')")
    # How late it is, and the deadline itself (every late report said only "Terlambat").
    assert "Terlambat 1 jam" in page.locator("#detail h3").inner_text()
    assert "Tenggat:" in page.locator("#detail").inner_text()
    # In sight below the sticky header (not under it, nor below the queue and the map).
    wait_until(page, "(() => { const t = document.querySelector('#detail .back-to-queue').getBoundingClientRect().top;"
                     " return t >= document.querySelector('header').getBoundingClientRect().bottom"
                     " && t < innerHeight / 2; })()")
    wait_until(page, PICKED_IN_SIGHT)  # and where it is: the map's lower part shows above the detail
    page.screenshot(path=str(ARTIFACTS / f"ops-lurah-detail-{size['width']}.png"))
    # Back up the long phone page to the queue, with one tap; the header stayed in reach.
    assert page.locator("header").bounding_box()["y"] == 0
    page.tap("#detail .back-to-queue")
    wait_until(page, f"(() => {{ const r = document.querySelector('#queue li[data-id=\"{late}\"]').getBoundingClientRect();"
                     " return r.top >= 0 && r.bottom <= innerHeight; })()")
    assert page.locator("#notes").is_hidden()
    wait_until(page, "document.getElementById('bell-count').hidden")
    conn.commit()
    assert conn.execute("SELECT read_at IS NOT NULL AS read FROM notifications WHERE report_id = %s",
                        (late,)).fetchone()["read"]

    # A caller gives a report's number: it opens, though it is not in this queue.
    page.locator("#q-number").fill("abc")
    page.tap("#q-find button[type=submit]")
    wait_until(page, "document.getElementById('q-find-msg').textContent.includes('Tulis nomor laporan')")
    page.locator("#q-number").fill("999999")
    page.tap("#q-find button[type=submit]")
    wait_until(page, "document.getElementById('q-find-msg').textContent.includes('tidak ditemukan')")
    page.locator("#q-number").fill(f"#{elsewhere}")
    page.tap("#q-find button[type=submit]")
    wait_until(page, f"document.querySelector('#detail h3')?.textContent.startsWith('#{elsewhere} ')")
    assert page.locator("#d-not-listed").is_visible() and page.locator("#q-find-msg").inner_text() == ""
    # another kelurahan's: to read (without its reporter), not to act on (0 buttons the server refuses)
    assert page.locator("#a-view-only").inner_text() == "Di luar wilayah Anda: hanya dapat dilihat."
    assert page.locator("#detail .who").count() == 0
    # A missing person just past the kelurahan's edge is in this queue, where the public sees it,
    # and says why it is listed here though it is not theirs (it read as a contradiction).
    page.tap(f"#queue li[data-id='{hidden}']")
    wait_until(page, f"document.querySelector('#detail h3')?.textContent.startsWith('#{hidden} ')")
    assert "Kel. Lahilai Bissi Kopan" in page.locator("#detail").inner_text()
    assert page.locator("#a-view-only").inner_text().startswith("Laporan rahasia: kelurahan yang tertulis adalah perkiraan")
    assert page.locator("#q-number").bounding_box()["height"] >= 44

    # The whole city, chosen in the area filter: the other kelurahan's report joins the queue.
    page.select_option("#q-area", "")
    wait_until(page, f"{QUEUE_IDS}.includes({elsewhere})")
    # The map's own buttons speak the page's language too (MapLibre's are English).
    assert page.locator(".maplibregl-ctrl-zoom-in").get_attribute("title") == "Perbesar"
    # In English the filters, the header and the map's buttons follow.
    page.tap("#lang")
    assert page.locator(".maplibregl-ctrl-zoom-in").get_attribute("aria-label") == "Zoom in"
    assert page.locator("#q-area option:checked").inner_text() == "Whole city"
    assert "Lurah · Kel. Lahilai Bissi Kopan" in page.locator("#who").inner_text()
    assert page.locator("header").bounding_box()["height"] < 120  # 144 of 640 px in English were the header's
    axe_clean(page, live, "/ops queue of a lurah")
    # Statistics: the kelurahan chart is their kecamatan's (the city's ten busiest told them
    # nothing of their own), and the full table says each kelurahan's kecamatan.
    page.tap("#tab-stats")
    page.wait_for_selector("#chart-kelurahan svg")
    # (the lurah's own area's numbers may come after a first drawing: waited for, not read at once)
    wait_until(page, "document.getElementById('kelurahan-title').textContent === 'Kel. Lahilai Bissi Kopan'")
    # Long names on two lines, whole ("Lampu Jalan & Rambu Ru…" on a phone, the OPD's name cut too),
    # once the charts are drawn at the phone's width (a first drawing may come before the layout)
    wait_until(page, "[...document.querySelectorAll('#stats-view svg text')].some(t => t.querySelectorAll('tspan').length === 2)")
    labels = page.evaluate("[...document.querySelectorAll('#stats-view svg text')].filter(t => t.querySelector('tspan'))"
                           ".map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent))")
    assert any(len(lines) == 2 for lines in labels) and not [x for x in labels if x[-1].endswith("…")], labels
    # why a confidential report may count elsewhere here than in their queue (a lurah asked)
    assert "confidential reports (missing persons, health) count in the kelurahan shown to the public" in (
        page.locator("#st-public").inner_text())  # (this lurah reads English)
    # No per-kecamatan chart for one kelurahan (it drew its count under the kecamatan's name).
    assert page.locator("#chart-kecamatan").is_hidden() and page.locator("#kecamatan-title").is_hidden()
    bars = page.locator("#chart-kelurahan").inner_text() + " ".join(
        page.locator("#chart-kelurahan title").all_text_contents())
    assert "Lahilai Bissi Kopan" in bars and place not in bars
    page.tap("#st-kelurahan-all summary")
    # within their own area no column repeating its kecamatan (it said "Alak" on every row)
    assert page.locator("#table-kelurahan th").all_inner_texts()[:2] == ["Kelurahan", "Total"]
    # A table wider than the phone, swiped sideways, still names its rows (they scrolled away).
    table = page.locator("#table-category")
    wide = table.evaluate("t => t.scrollWidth > t.clientWidth + 20")
    assert wide or size["width"] > 360, "at 360 px the category table is wider than the screen"
    if wide:
        table.scroll_into_view_if_needed()
        table.hover()
        page.mouse.wheel(400, 0)
        wait_until(page, "document.getElementById('table-category').scrollLeft > 0")
        name, box = page.locator("#table-category td").first.bounding_box(), table.bounding_box()
        assert name is not None and box is not None and abs(name["x"] - box["x"]) < 2, (name, box)
    agencies = page.locator("#table-agency").inner_text()  # in English, as the queue's OPD filter
    assert "Environment Agency" in agencies and "Dinas Lingkungan Hidup" not in agencies

    # Their numbers, not the city's (the totals and the agency bars were the whole city's): the
    # statistics open on their kelurahan, say so, and its reports are what the download holds.
    def total() -> int:
        return sum(int(tr.split("\t")[1]) for tr in page.locator("#table-agency tr").all_inner_texts()[1:])

    area = page.locator("#stats-view").get_by_label("Area")
    assert area.locator("option:checked").inner_text() == "Kel. Lahilai Bissi Kopan"
    assert total() == 3  # the missing person counted where the public sees it, as said below
    assert "Only Kel. Lahilai Bissi Kopan." in page.locator("#st-range").inner_text()
    page.mouse.wheel(0, -10000)  # back to the top of the page, as a thumb would
    wait_until(page, "scrollY === 0")
    page.screenshot(path=str(ARTIFACTS / f"ops-lurah-stats-{size['width']}.png"))
    with page.expect_download() as dl:
        page.tap("#st-csv")
    assert len(dl.value.path().read_text().splitlines()) == 1 + 3
    assert dl.value.suggested_filename == "sigap_kupang_reports_lahilai-bissi-kopan.csv"  # its name, not its id
    area.select_option("")  # the whole city, one choice away
    wait_until(page, "!document.getElementById('st-range').textContent.includes('Only')")
    wait_until(page, "document.querySelectorAll('#table-agency tr').length > 1")
    assert total() == 4
    assert page.locator("#chart-kecamatan svg").is_visible() and page.locator("#kelurahan-title").inner_text() == \
        "By kelurahan (top 10)"
    assert "Kota Lama" in page.locator("#table-kelurahan tr", has_text="Lahilai Bissi Kopan").inner_text()
    # A reload (or the link shared) opens on the same numbers, not back on the defaults.
    page.select_option("#st-period", "30")
    wait_until(page, "location.hash === '#statistik?period=30&area=&agency=&category='")
    page.reload()
    wait_until(page, "window.sigapReady === true && !document.getElementById('stats-view').hidden")
    wait_until(page, "document.getElementById('st-range').textContent.startsWith('Reports filed since')")
    # The day in words: "05/11/2026" reads as 11 May in English.
    assert re.search(r"since \d{1,2} [A-Z][a-z]{2,3} \d{4} \(WITA time\)", page.locator("#st-range").inner_text())
    assert area.locator("option:checked").inner_text() == "Whole city" and total() == 4
    page.tap("#tab-queue")
    assert "#statistik" not in page.url
    page.go_back()  # Back: the numbers one came from, as they were chosen (it left /ops)
    wait_until(page, "!document.getElementById('stats-view').hidden && document.getElementById('queue-view').hidden")
    assert page.url.endswith("/ops#statistik?period=30&area=&agency=&category=")
    assert page.locator("#st-period").input_value() == "30" and page.locator("#tab-stats").get_attribute("class") == "active"
    page.go_forward()
    wait_until(page, "!document.getElementById('queue-view').hidden && document.getElementById('stats-view').hidden")
    axe_clean(page, live, "/ops statistics of a lurah")
    context.close()


def test_a_backlog_of_late_reports_is_one_line_in_the_bell(live: str, phone, client,  # noqa: F811
                                                            conn: psycopg.Connection, env: Settings) -> None:
    """A camat's first sweep over a backlog: each late report was a line of its own (178 at once in
    a walk), burying every other notice. Four or more become one line that opens to them; each
    still opens its report, and the line counts what is left unread."""
    make_user(conn, "lurah", "operator", kelurahan="Lahilai Bissi Kopan")
    late = [submit(client, make_user(conn, f"warga{i}")[1], point=east_of(LLBK, 10 * i)).get_json()["id"]
            for i in range(5)]  # five residents: one's second pile nearby is taken for a repeat
    assert len(set(late)) == 5, late
    conn.execute("UPDATE reports SET due_at = now() - interval '2 hours' WHERE id = ANY(%s)", (late,))
    conn.commit()
    assert sla_sweep()["escalated"] == 5

    context, page = phone(PHONES[0])
    staff_sign_in(page, live + "/ops", "lurah@example.id")
    wait_until(page, "document.getElementById('bell-count').textContent === '5'")
    page.tap("#bell")
    group = page.locator("#notes-late")
    assert "5 laporan melewati batas waktu" in group.inner_text() and "5 belum dibaca" in group.inner_text()
    assert page.locator("#notes button[data-notification]").first.is_hidden()  # folded away until asked for
    assert page.locator("#notes-late summary").bounding_box()["height"] >= 44
    page.tap("#notes-late summary")
    notices = page.locator("#notes button[data-notification]")
    assert notices.count() == 5 and notices.first.is_visible()
    axe_clean(page, live, "/ops with the late notices opened")
    page.screenshot(path=str(ARTIFACTS / "ops-lurah-bell-grouped.png"))
    page.locator("#notes button[data-notification]", has_text=f"#{late[0]}").tap()
    wait_until(page, f"document.querySelector('#detail h3')?.textContent.startsWith('#{late[0]} ')")
    wait_until(page, "document.getElementById('bell-count').textContent === '4'")
    page.tap("#bell")
    assert "4 belum dibaca" in page.locator("#notes-late summary").inner_text()
    page.tap("#lang")  # beside the panel: it goes, and the language changes (the tap did that too)
    wait_until(page, "document.getElementById('notes').hidden && document.documentElement.lang === 'en'")
    page.tap("#bell")  # the line speaks English too
    wait_until(page, "document.querySelector('#notes-late summary')?.textContent.includes('5 reports missed')")
    assert page.errors == []
    context.close()


def test_an_agency_admins_statistics_open_on_their_agency(live: str, page, client, conn: psycopg.Connection) -> None:
    """The DLH admin at the office PC: Statistik count DLH's reports (they were the city's), each
    kelurahan's bars are DLH's, and "Semua OPD" gives the city's again."""
    _, citizen = make_user(conn, "warga")
    make_user(conn, "dlh", "agency_admin", "DLH")
    submit(client, citizen, point=LLBK)  # sampah: DLH
    submit(client, citizen, point=east_of(LLBK, 3000))  # sampah: DLH
    fire = submit(client, citizen, point=LLBK, category="kebakaran").get_json()["id"]  # DAMKAR
    page.goto(live + "/ops")
    page.fill("#s-login", "dlh@example.id")
    page.fill("#s-password", "rahasia-123")
    page.click("#s-submit")
    wait_until(page, "window.sigapReady === true")
    # Another agency's report, opened by its number: to read, without buttons the server refuses
    # (every one was shown, and a refused priority stayed in its box as if chosen).
    page.locator("#q-number").fill(str(fire))
    page.click("#q-find button[type=submit]")
    wait_until(page, f"document.querySelector('#detail h3')?.textContent.startsWith('#{fire} ')")
    assert page.locator("#a-view-only").inner_text() == "Laporan OPD lain: hanya dapat dilihat."
    assert page.locator("#detail button:not(.back-to-queue), #detail select, #detail input").count() == 0
    page.click("#tab-stats")
    agency = page.locator("#stats-view").get_by_label("OPD", exact=True)
    wait_until(page, "document.getElementById('st-range').textContent.includes('DLH')")
    assert agency.locator("option:checked").inner_text().startswith("DLH — Dinas Lingkungan Hidup")
    assert page.locator("#table-agency tr").count() == 2  # the heading and DLH, no other agency
    # Only DLH's categories to choose from (all 14 were offered; "Sampah" under DISHUB said "no reports").
    assert page.locator("#st-category option").all_inner_texts() == ["Semua kategori", "Sampah"]
    assert "Hanya DLH." in page.locator("#st-range").inner_text()
    kelurahan = page.locator("#chart-kelurahan").inner_text() + " ".join(
        page.locator("#chart-kelurahan title").all_text_contents())
    assert "Lahilai Bissi Kopan" in kelurahan
    # A kecamatan without DLH reports says so (it drew empty axes and table heads).
    area = page.locator("#stats-view").get_by_label("Wilayah", exact=True)
    area.select_option(label="Kec. Alak")
    wait_until(page, "document.getElementById('st-range').textContent.includes('Kec. Alak · DLH')")
    assert page.locator("#chart-agency").inner_text() == "Tidak ada laporan untuk pilihan ini."
    # Within a kecamatan, every kelurahan of it, those without reports as zeros (left out, a camat
    # read them as forgotten).
    area.select_option(label="Kec. Kota Lama")
    wait_until(page, "document.getElementById('st-range').textContent.includes('Kec. Kota Lama · DLH')")
    n = conn.execute("SELECT count(*) AS n FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id"
                     " WHERE kc.name = 'Kota Lama'").fetchone()["n"]
    totals = page.locator("#chart-kelurahan .bar-total").all_text_contents()
    assert len(totals) == n and totals[0] != "0" and totals[-1] == "0", totals
    area.select_option("")
    agency.select_option("")
    wait_until(page, "!document.getElementById('st-range').textContent.includes('Hanya')")
    assert page.locator("#table-agency tr").count() == 3  # DLH and DAMKAR
    # What kind of problem came in: per category, and one category chosen (its reports, its file).
    assert page.locator("#table-category tr").all_inner_texts()[1:3] == [
        "Sampah\t2\t–\t–\t0 %", "Kebakaran\t1\t–\t–\t0 %"]  # busiest first
    category = page.locator("#stats-view").get_by_label("Kategori", exact=True)
    category.select_option(label="Kebakaran")
    wait_until(page, "document.getElementById('st-range').textContent.includes('Hanya Kebakaran.')")
    assert page.locator("#table-agency tr").all_inner_texts()[1].startswith("Dinas Pemadam Kebakaran\t1")
    assert "category=kebakaran" in page.url
    page.reload()  # a shared link opens on the category (it is listed only once the categories came)
    wait_until(page, "window.sigapReady === true && !document.getElementById('stats-view').hidden")
    wait_until(page, "document.getElementById('st-range').textContent.includes('Hanya Kebakaran.')")
    assert page.locator("#st-category option:checked").inner_text() == "Kebakaran"
    with page.expect_download() as dl:
        page.click("#st-csv")
    rows = Path(dl.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and ",kebakaran," in rows[1], rows  # the heading and the fire
    page.click("#lang")
    wait_until(page, "document.getElementById('st-range').textContent.includes('Only Fire.')")
    assert page.locator("#st-category option:checked").inner_text() == "Fire"  # labelled "Category" now
    assert page.locator("#stats-category-title").inner_text() == "By category"
    page.click("#lang")
    category.select_option("")
    wait_until(page, "!document.getElementById('st-range').textContent.includes('Hanya')")
    # Exports are 10 a minute an address (an office shares one): the eleventh is said, not
    # saved as "reports.json" in silence.
    for _ in range(9):  # the tenth was the fire's
        with page.expect_download() as dl:
            page.click("#st-csv")
        assert dl.value.suggested_filename == "sigap_kupang_reports.csv"
    page.click("#st-csv")
    wait_until(page, "!document.getElementById('st-dl-msg').hidden")
    assert page.locator("#st-dl-msg").inner_text() == "Unduhan gagal: Terlalu banyak permintaan. Coba lagi sebentar lagi."
    page.click("#lang")  # said again in English (it stayed Indonesian)
    assert page.locator("#st-dl-msg").inner_text().startswith("Download failed: Too many requests")
    page.click("#lang")
    assert [e for e in page.errors if "status of 429" not in e] == []  # the browser logs the refused one


def test_on_a_phone_the_map_follows_a_long_queue(live: str, phone, conn: psycopg.Connection) -> None:  # noqa: F811
    """A city operator's queue holds up to 200 reports. Stacked above the map on a phone, it put
    the map ~12,000 px down the page; it now scrolls in its own box and the map follows it."""
    from datetime import UTC, datetime, timedelta

    from tests.helpers import plant_reports

    now = datetime.now(UTC)
    assert plant_reports(conn, [{"lng": east_of(LLBK, 15 * i)[0], "lat": LLBK[1], "category": "sampah",
                                 "created": now - timedelta(hours=i)} for i in range(90)]) >= 60
    make_user(conn, "op", "operator")
    context, page = phone(PHONES[1])  # 360x640
    staff_sign_in(page, live + "/ops", "op@example.id")
    wait_until(page, "window.sigapReady === true")
    wait_until(page, "document.querySelectorAll('#queue li[data-id]').length >= 60")
    map_top = page.evaluate("document.getElementById('map').getBoundingClientRect().top + scrollY")
    assert map_top < 1.5 * 640, map_top
    # the queue still scrolls to its last report
    last = page.locator("#queue li[data-id]").last
    last.scroll_into_view_if_needed()
    assert last.is_visible()


def test_statistics_of_a_calendar_month(live: str, page, client, conn: psycopg.Connection) -> None:
    """A planner's unit is the month: Statistik offered only "the last N days" and all time (a GIS
    walk could not ask for November). Each of the city's last twelve months is a choice: its
    numbers, its words and its downloads are that month's, on Kupang's clock."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    now = datetime.now(UTC).astimezone(ZoneInfo("Asia/Makassar"))
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    last_month = (first - timedelta(days=1)).replace(day=1)
    ids = [submit(client, citizen, point=east_of(LLBK, 100 * i)).get_json()["id"] for i in range(3)]
    # one late on the last day of last month, one at the first minute of this one (not last month's)
    for rid, at in ((ids[0], first - timedelta(minutes=1)), (ids[1], first)):
        conn.execute("UPDATE reports SET created_at = %s WHERE id = %s", (at, rid))
        conn.commit()
    page.goto(live + "/ops")
    page.fill("#s-login", "operator@example.id")
    page.fill("#s-password", "rahasia-123")
    page.click("#s-submit")
    wait_until(page, "window.sigapReady === true")
    page.click("#tab-stats")
    wait_until(page, "document.querySelectorAll('#table-agency tr').length > 1")
    month = last_month.strftime("%Y-%m")
    assert page.locator(f"#st-period optgroup[label='Bulan'] option[value='{month}']").count() == 1
    assert page.locator("#st-period optgroup option").count() == 12
    page.select_option("#st-period", month)
    wait_until(page, "document.getElementById('st-range').textContent.startsWith('Laporan yang dibuat pada bulan')")
    assert "(waktu WITA)" in page.locator("#st-range").inner_text()
    wait_until(page, "[...document.querySelectorAll('#table-agency tr')].slice(1)"
                     ".reduce((n, tr) => n + Number(tr.cells[1].textContent), 0) === 1")
    assert f"since={month}-01&until={first.strftime('%Y-%m-%d')}" in page.locator("#st-csv").get_attribute("href")
    with page.expect_download() as dl:
        page.click("#st-csv")
    rows = dl.value.path().read_text().splitlines()
    assert len(rows) == 2 and rows[1].startswith(f"{ids[0]},"), rows
    page.reload()  # kept in the address, as the other choices
    wait_until(page, "window.sigapReady === true && !document.getElementById('stats-view').hidden")
    wait_until(page, f"document.getElementById('st-period').value === '{month}'")


def test_an_agency_operator_opens_on_their_agency(live: str, phone, client, conn: psycopg.Connection) -> None:  # noqa: F811
    """An operator of Dinas Lingkungan Hidup may act on its reports only (another agency's are
    view-only), yet the queue opened on "Semua OPD", theirs mixed with the rest (a staff walk).
    It opens on their agency; "Semua OPD" is a choice, kept over a reload."""
    _, citizen = make_user(conn, "warga")
    make_user(conn, "opdlh", "operator", "DLH")
    ours = submit(client, citizen, point=LLBK, description="Sampah di gang").get_json()["id"]
    other = submit(client, citizen, point=LLBK, category="lampu_rambu").get_json()["id"]
    context, page = phone(PHONES[1])
    staff_sign_in(page, live + "/ops", "opdlh@example.id")
    wait_until(page, "window.sigapReady === true")
    wait_until(page, f"JSON.stringify({QUEUE_IDS}) === '[{ours}]'")
    assert "· DLH — Dinas Lingkungan Hidup ·" in page.locator("#q-chosen").inner_text()  # the folded choices say it
    page.locator("#q-choices > summary").tap()
    agency = page.locator("#queue-view").get_by_label("OPD")
    assert agency.locator("option:checked").inner_text() == "DLH — Dinas Lingkungan Hidup" and agency.is_enabled()
    agency.select_option("")
    wait_until(page, f"JSON.stringify({QUEUE_IDS}) === '{json.dumps(sorted([ours, other]), separators=(',', ':'))}'")
    page.reload()
    wait_until(page, "window.sigapReady === true")
    wait_until(page, f"JSON.stringify({QUEUE_IDS}) === '{json.dumps(sorted([ours, other]), separators=(',', ':'))}'")
    assert "· Semua OPD ·" in page.locator("#q-chosen").inner_text()
    assert page.errors == []
    context.close()
