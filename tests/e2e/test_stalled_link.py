"""A link that connects and then carries nothing (bars on the phone, no data). The installed app
opens on its city's page (/kupang/, the manifest's start_url): that page must come from the phone
at once, as "/" does from the precache, and never be a page of an older deployment under today's
scripts. A waiting report that goes out slowly cannot be discarded, and another one discarded
meanwhile is never sent."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import psycopg
import pytest

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import open_app, open_report_form, phone, queue_offline  # noqa: F401
from tests.helpers import make_user

WSGI = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Stall:
    """In front of the app: while `on` is set, a request that `matches` gets no answer until
    `released` (a stalled mobile link); everything else passes. `seen` counts the matching ones."""

    def __init__(self, inner: WSGI, matches: Callable[[dict[str, Any]], bool]) -> None:
        self.inner, self.matches = inner, matches
        self.on, self.released = threading.Event(), threading.Event()
        self.seen = self.stalled = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.matches(environ):
            self.seen += 1
            if self.on.is_set() and not self.released.is_set():
                self.stalled += 1
                self.released.wait(60)
        return self.inner(environ, start_response)


def first_visit(page, live: str) -> None:
    page.goto(live + "/kupang/")
    wait_until(page, "performance.getEntriesByName('sigap:kept-offline').length > 0", 40)


def test_the_city_page_opens_from_the_phone_on_a_stalled_link(app, live: str, phone) -> None:  # noqa: F811
    stall = Stall(app.wsgi_app, lambda environ: environ["PATH_INFO"] == "/kupang/")
    app.wsgi_app = stall
    context, page = phone()
    try:
        first_visit(page, live)
        stall.on.set()
        page.reload()
        wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
        # The service worker gives the network 3 s before it falls back to its cache; this page
        # was answered well before that, so it came from the phone, not after a network timeout.
        answered_ms = page.evaluate("performance.getEntriesByType('navigation')[0].responseStart")
        assert answered_ms < 2500, f"the page waited for the stalled link ({answered_ms:.0f} ms)"
        assert stall.stalled >= 1, "the page was not asked of the network behind it (refreshed for the next visit)"
        assert page.locator("#outbox").count() == 1 and page.locator("#report-open").is_visible()
        page.screenshot(path=str(ARTIFACTS / "phone-installed-stalled-link.png"))
    finally:
        stall.released.set()
        context.close()
    assert not page.errors, page.errors


def test_a_page_of_an_older_deployment_is_not_served_with_todays_scripts(app, live: str, phone) -> None:  # noqa: F811
    context, page = phone()
    first_visit(page, live)
    older = "document.documentElement.dataset.deployment === 'older'"
    today = "!!document.getElementById('outbox') && !(" + older + ")"
    # What an earlier deployment's page left in the phone's cache: a page without the sheet that
    # today's scripts fill (#outbox came later), with the shell revision of the scripts it came
    # with. (The state a phone is in after an update; no user step is skipped.)
    page.evaluate("""async () => {
      const cache = await caches.open((await caches.keys()).find((n) => n.startsWith('sigap-pages-')));
      const url = location.pathname;
      const body = (await (await cache.match(url)).text())
        .replace('<html lang="id">', '<html lang="id" data-deployment="older">')
        .replace(/<section id="outbox"[^>]*><\\/section>/, '');
      await cache.put(url, new Response(body, { headers: { 'Content-Type': 'text/html', 'X-Sigap-Shell': 'older' } }));
    }""")
    page.reload()
    wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    assert page.evaluate(today), "an older deployment's page was served with today's scripts"
    # The network's copy replaced it: without signal the app opens on today's page.
    context.set_offline(True)
    page.reload()
    wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    assert page.evaluate(today)
    context.close()
    assert [e for e in page.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


@pytest.fixture
def next_deployment(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """Deploys "the next version" on the running server: the same files under a new shell
    revision, which is what phones see of a deployment (a new sw.js, pages marked anew)."""
    import api.frontend as frontend

    def deploy() -> None:
        entries, _ = frontend._shell()
        monkeypatch.setattr(frontend, "_shell", lambda: (entries, "next-deployment"))
        frontend.service_worker.cache_clear()

    yield deploy
    frontend.service_worker.cache_clear()


def test_after_an_update_the_installed_app_still_opens_without_signal(live: str, phone, next_deployment) -> None:  # noqa: F811
    """A resident's phone picks up a new version during a short moment of signal, then loses it:
    the app still opens on its city, with the new version's page (kept as the update installed)."""
    context, page = phone()
    first_visit(page, live)
    next_deployment()
    page.reload()  # the browser finds the new sw.js; it installs and takes over
    pages = "caches.keys().then((ns) => ns.filter((n) => n.startsWith('sigap-pages')).join())"
    for _ in range(300):
        if page.evaluate(pages) == "sigap-pages-next-deployment":
            break
        page.wait_for_timeout(100)
    assert page.evaluate(pages) == "sigap-pages-next-deployment", "the update did not replace the kept pages"
    context.set_offline(True)
    page.reload()
    wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    assert page.evaluate("location.pathname") == "/kupang/"
    assert page.locator("#outbox").count() == 1 and page.locator("#report-open").is_visible()
    context.close()
    assert [e for e in page.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_a_report_going_out_slowly_stays_and_another_discarded_meanwhile_never_goes(
        app, live: str, phone, conn: psycopg.Connection, tmp_path) -> None:  # noqa: F811
    """Maria queued two reports without signal. The signal returns, weak: the first crawls out.
    The list says it is being sent and offers no discard; she discards the other, which then
    never reaches the server, while the first arrives once."""
    stall = Stall(app.wsgi_app, lambda environ: environ["REQUEST_METHOD"] == "POST"
                  and environ["PATH_INFO"] == "/api/v1/reports")
    app.wsgi_app = stall
    make_user(conn, "maria")
    context, page = phone()
    try:
        open_app(page, live)
        open_report_form(page, "maria@example.id")
        queue_offline(page, context, tmp_path, "IMG_1.jpg")
        page.select_option("#f-category", "lampu_rambu")  # a second one, also without signal
        page.locator("#f-photo").set_input_files(str(tmp_path / "IMG_1.jpg"))
        wait_until(page, "!document.getElementById('f-preview').hidden", 30)
        page.tap("#f-locate")
        wait_until(page, "!document.getElementById('f-send').disabled")
        page.tap("#f-send")
        wait_until(page, "document.getElementById('pending').textContent.startsWith('2')")
        stall.on.set()
        context.set_offline(False)  # the waiting reports go out by themselves: the first one hangs
        for _ in range(300):
            if stall.stalled:
                break
            page.wait_for_timeout(100)
        assert stall.stalled == 1, "the waiting reports did not start going out"
        page.tap("#report-panel .close")
        page.tap("#pending")
        page.wait_for_selector("#outbox-list li")
        rows = page.locator("#outbox-list li")
        assert rows.count() == 2
        going = rows.filter(has_text="sedang dikirim")
        assert going.count() == 1 and going.locator("[data-discard]").count() == 0
        going_text = going.inner_text()
        page.screenshot(path=str(ARTIFACTS / "phone-outbox-sending.png"))
        other = rows.filter(has_not_text="sedang dikirim")
        other.locator("[data-discard]").tap()
        page.locator("#outbox-list [data-discard-yes]").tap()
        wait_until(page, "document.querySelectorAll('#outbox-list li').length === 1")
    finally:
        stall.released.set()
    wait_until(page, "document.getElementById('pending').hidden", 30)
    cats = conn.execute("SELECT c.code FROM reports r JOIN categories c ON c.id = r.category_id").fetchall()
    sent = [c["code"] for c in cats]
    assert len(sent) == 1 and ("Sampah" in going_text) == (sent == ["sampah"]), (sent, going_text)
    page.wait_for_timeout(1000)  # a flush that went on would post the discarded one now
    assert stall.seen == 1, "the discarded report was sent"
    context.close()
