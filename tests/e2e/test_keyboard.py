"""Staff who work with the keyboard alone (office workers, people who cannot use a mouse or a
touch screen), at 1366x768: a keyboard walk found the focus falling to <body> after an action,
or with the 20 s refresh, so that the next Tab started again at the top of the page, and news
drawn without being said. Keys only: Tab, Enter, arrows, typing."""
from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import ARGS, CHROMIUM, wait_until, watch_errors
from tests.helpers import LLBK, auth, east_of, make_user, submit

LAPTOP = {"width": 1366, "height": 768}
FOCUSED = "(() => { const a = document.activeElement; return a ? {tag: a.tagName, id: a.id, data: {...a.dataset}} : null; })()"


@pytest.fixture
def laptop():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport=LAPTOP, locale="id-ID", permissions=["geolocation"],
                                      geolocation={"longitude": LLBK[0], "latitude": LLBK[1] - 0.001, "accuracy": 8})
        page = watch_errors(context.new_page())
        page.clock.install()  # time runs as usual; fast_forward stands for waiting
        yield page
        browser.close()


def _tab_to(page: Any, test: str, most: int = 60) -> None:
    """Tab until the focused element passes `test` (JS over `a`, the active element)."""
    for _ in range(most):
        if page.evaluate(f"(a => !!a && ({test}))(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"no Tab stop where {test}; at {page.evaluate(FOCUSED)}")


def _sign_in(page: Any, login: str) -> None:
    wait_until(page, "document.activeElement?.id === 's-login'")  # the page is the form: typing starts there
    page.keyboard.type(login)
    page.keyboard.press("Tab")
    page.keyboard.type("rahasia-123")
    page.keyboard.press("Enter")
    wait_until(page, "window.sigapReady === true")


def _available_officer(client: Any, conn: Any) -> tuple[int, str]:
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    r = client.post("/api/v1/responders/me/location", json={"lng": east_of(LLBK, 150)[0], "lat": LLBK[1], "accuracy": 8},
                    headers=auth(officer))
    assert r.status_code == 200, r.get_json()
    assert client.put("/api/v1/responders/me/status", json={"status": "available"}, headers=auth(officer)).status_code == 200
    return officer_id, officer


def test_an_officer_takes_an_offer_with_the_keyboard(live: str, laptop, client, conn, run_jobs, monkeypatch) -> None:
    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")  # the page's clock is moved on below, the server's is not
    page = laptop
    _, citizen = make_user(conn, "warga")
    _available_officer(client, conn)
    rid = submit(client, citizen, point=LLBK).get_json()["id"]
    run_jobs()  # dispatch: offered to the one officer near
    make_user(conn, "operator", "operator")  # whose desk says so (it said nothing of the offer)
    desk = page.context.browser.new_context(viewport={"width": 1280, "height": 800})  # its own sign-in
    ops = desk.new_page()
    ops.goto(f"{live}/ops#report={rid}")
    _sign_in(ops, "operator@example.id")
    wait_until(ops, "document.getElementById('d-offer')?.textContent"
                    ".startsWith('Ditawarkan ke Petugas, menunggu jawabannya sampai')")
    desk.close()
    page.goto(live + "/petugas")
    _sign_in(page, "petugas@example.id")
    page.wait_for_selector("[data-accept]")
    # the offer is said, not only drawn (a screen reader heard nothing of it)
    wait_until(page, f"document.getElementById('offers-news').textContent.includes('#{rid}')")
    assert page.locator("#offers-news").get_attribute("role") == "status"
    page.click("#lang")  # in English the Indonesian news is not left there, to be read out later
    wait_until(page, "document.documentElement.lang === 'en' && document.getElementById('offers-news').textContent === ''")
    page.click("#lang")
    _tab_to(page, "a.dataset.accept")
    offer = page.evaluate("document.activeElement.dataset.accept")
    # named with its report ("Terima, Terima" for two offers)
    assert page.get_by_role("button", name=f"Terima #{rid}").get_attribute("data-accept") == offer
    page.evaluate("document.querySelector('[data-offer]').dataset.old = 'yes'")
    page.clock.fast_forward("00:21")  # the list's refresh: drawn anew
    wait_until(page, "!!document.querySelector('[data-offer]') && !document.querySelector('[data-offer]').dataset.old", 60)
    assert page.evaluate("document.activeElement.dataset.accept") == offer  # still there (it fell to <body>)
    page.keyboard.press("Enter")
    # on to the task it became, not <body>
    wait_until(page, f"document.activeElement?.dataset.task === '{rid}'", 30)
    # its buttons say which task they act on (four cards read "Mulai kerjakan" alike)
    from playwright.sync_api import expect
    expect(page.locator(f"button[data-start='{rid}']")).to_have_accessible_description(f"#{rid} Sampah")

    # Shift status with the arrows: saved on Enter, not at each step (two ArrowUps sent two states)
    _tab_to(page, "a.id === 'r-status'")
    assert page.evaluate("document.getElementById('r-status').value") == "task"  # busy with the task
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.getElementById('r-status').value") == "off"
    page.clock.fast_forward("00:02")
    assert conn.execute("SELECT status FROM responders").fetchone()["status"] == "busy"  # not yet
    conn.commit()
    page.keyboard.press("Enter")
    for _ in range(60):
        if conn.execute("SELECT status FROM responders").fetchone()["status"] == "off":
            break
        conn.commit()
        page.wait_for_timeout(250)
    assert conn.execute("SELECT status FROM responders").fetchone()["status"] == "off"
    conn.commit()
    assert page.errors == []


def test_an_operator_assigns_with_the_keyboard(live: str, laptop, client, conn) -> None:
    page = laptop
    _, citizen = make_user(conn, "warga")
    make_user(conn, "op", "operator")
    _available_officer(client, conn)
    client.put("/api/v1/responders/me/status", json={"status": "off"},
               headers=auth(make_user(conn, "libur", "responder", "DLH")[1]))
    rid = submit(client, citizen, point=LLBK).get_json()["id"]
    page.goto(f"{live}/ops#report={rid}")  # from a notification's link
    _sign_in(page, "op@example.id")
    page.wait_for_selector("#a-find")
    assert page.locator("#tab-queue").get_attribute("aria-current") == "page"  # which tab is said
    _tab_to(page, "a.id === 'a-find'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#a-find-all")
    _tab_to(page, "a.id === 'a-find-all'")
    page.keyboard.press("Enter")
    # the list drawn anew with the busy and off-duty too: focus on its first officer, not <body>
    wait_until(page, "document.activeElement?.dataset.assign !== undefined", 30)
    page.keyboard.press("Enter")  # "Tugaskan"
    # what was done, said (every action said "Tersimpan.": a staff walk)
    wait_until(page, "document.getElementById('detail-msg').textContent === 'Ditugaskan ke Petugas.'", 30)
    assert page.locator("#detail-msg").get_attribute("role") == "status"  # heard, not only shown
    focus = page.evaluate(FOCUSED)
    assert focus["tag"] == "H3", focus  # the report's heading (the button went with the list)
    page.keyboard.press("Escape")  # back to its entry in the queue (eight Shift+Tabs through the map before)
    wait_until(page, f"document.activeElement?.dataset.id === '{rid}' && !!document.activeElement.closest('#queue')")
    assert page.locator("#detail").is_visible()  # the report stays open
    # From the page's top, the first Tab offers a way past the header, tabs and filters to the queue.
    page.reload()
    wait_until(page, f"window.sigapReady === true && !!document.querySelector('#queue li[data-id=\"{rid}\"]')")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["id"] == "skip-to-queue"
    assert page.locator("#skip-to-queue").inner_text() == "Langsung ke antrean laporan"
    assert page.locator("#skip-to-queue").bounding_box()["width"] > 100  # seen while focused
    page.keyboard.press("Enter")
    wait_until(page, f"document.activeElement?.dataset.id === '{rid}' && !!document.activeElement.closest('#queue')")
    assert page.errors == []
