"""/ops in an operator's hand: the phone's Back button within the dashboard."""
from __future__ import annotations

from tests.e2e.conftest import ARTIFACTS, wait_until, watch_errors
from tests.e2e.test_staff_views import _staff_login
from tests.helpers import LLBK, east_of, make_user, submit

OPEN = "document.querySelector('#detail h3')?.textContent.startsWith('#{} ') && !document.getElementById('detail').hidden"
CLOSED = "document.getElementById('detail').hidden && !location.hash"
FOCUSED = "document.activeElement?.dataset?.id === '{}'"


def _in_sight(pg, selector: str) -> bool:
    box = pg.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= pg.viewport_size["height"]


def test_back_closes_a_report_and_stays_on_the_dashboard(live: str, page, client, conn) -> None:
    """An operator on a phone opens a report from the queue, reads it and presses Back: it left
    /ops for the page before, the day's queue with it. Back now closes the report and returns to
    its entry in the queue (the entry focused, in sight); Forward opens it again; "Kembali ke
    antrean" is the same step. A second report opened over the first takes its place, so one Back
    closes it and the next leaves /ops, as anywhere else."""
    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    ids = [submit(client, citizen, point=east_of(LLBK, 400 * i), category=c).get_json()["id"]
           for i, c in enumerate(("sampah", "lampu_rambu", "sampah"))]
    phone = watch_errors(page.context.browser.new_context(
        viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True).new_page())
    phone.goto(live + "/transparansi")  # where the operator was before the dashboard
    _staff_login(phone, live + "/ops", "operator@example.id")
    for rid in ids:
        phone.wait_for_selector(f"#queue li[data-id='{rid}']")
    first, second = phone.locator("#queue li[data-id]").nth(1), phone.locator("#queue li[data-id]").nth(2)
    one, two = first.get_attribute("data-id"), second.get_attribute("data-id")
    first.tap()
    wait_until(phone, OPEN.format(one))
    assert phone.url == f"{live}/ops#report={one}"
    wait_until(phone, f"document.querySelector('#queue li[data-id=\"{one}\"]').getBoundingClientRect().bottom < 0"
                      " || document.querySelector('#detail').getBoundingClientRect().top < innerHeight / 2")
    phone.screenshot(path=str(ARTIFACTS / "ops-phone-report-open.png"))

    phone.go_back()  # closes the report: the queue, at the report's entry
    wait_until(phone, CLOSED)
    wait_until(phone, FOCUSED.format(one))
    assert phone.url == f"{live}/ops" and _in_sight(phone, f"#queue li[data-id='{one}']")
    assert phone.locator("#queue li.selected").count() == 0
    phone.screenshot(path=str(ARTIFACTS / "ops-phone-back-to-queue.png"))
    phone.go_forward()  # and opens it again
    wait_until(phone, OPEN.format(one))

    phone.locator("#detail .back-to-queue").tap()  # the detail's own "Kembali ke antrean": the same step
    wait_until(phone, CLOSED)
    wait_until(phone, FOCUSED.format(one))
    phone.go_forward()
    wait_until(phone, OPEN.format(one))

    phone.mouse.wheel(0, -5000)
    second.scroll_into_view_if_needed()
    second.tap()  # another report over the first: it takes its place
    wait_until(phone, OPEN.format(two))
    assert phone.url == f"{live}/ops#report={two}"
    phone.go_back()
    wait_until(phone, CLOSED)
    wait_until(phone, FOCUSED.format(two))
    phone.go_back()  # and then out of the dashboard, to where the operator came from
    phone.wait_for_url(f"{live}/transparansi")
    assert phone.errors == []


def test_an_officer_on_the_map_is_not_shown_under_another_report(live: str, page, client, conn) -> None:
    """From the Petugas tab, "Lihat di peta" showed the officer's pin with the report opened
    before still open under the map, its buttons and all (a staff walk), and the pin's words did
    not say the officer was off duty (only the table did)."""
    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    officer, _ = make_user(conn, "yakob", "responder", "DLH")
    conn.execute("UPDATE responders SET status = 'off', location_at = now(),"
                 " geom = ST_SetSRID(ST_MakePoint(%s, %s), 4326) WHERE user_id = %s", (*east_of(LLBK, 200), officer))
    conn.commit()
    rid = submit(client, citizen).get_json()["id"]
    phone = watch_errors(page.context.browser.new_context(
        viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True).new_page())
    _staff_login(phone, live + "/ops", "operator@example.id")
    phone.locator(f"#queue li[data-id='{rid}']").tap()
    wait_until(phone, OPEN.format(rid))
    phone.mouse.wheel(0, -5000)
    phone.tap("#tab-team")
    show = phone.locator(f"#team-list button[data-show='{officer}']")
    show.tap()
    phone.wait_for_selector("#officer-pop")
    assert "tidak bertugas" in phone.locator("#officer-pop").inner_text()
    wait_until(phone, "document.getElementById('detail').hidden")
    assert phone.locator("#queue li.selected").count() == 0
    phone.go_back()  # to the team; and Forward, the officer's map again, with no report
    wait_until(phone, "!document.getElementById('team-view').hidden")
    phone.go_forward()
    wait_until(phone, "!document.getElementById('queue-view').hidden")
    assert phone.locator("#detail").is_hidden()
    assert phone.errors == []
