"""Staff keep /ops open in two tabs of one phone browser. Switching the language in one tab made
the other read the new choice at its next draw (words of both languages on one screen), and that
tab's own switch then flipped the stored choice back, so its "EN" left it Indonesian (a walk).
Each tab keeps the language it shows; a switch is remembered for the pages opened next."""
from __future__ import annotations

from tests.e2e.conftest import wait_until
from tests.e2e.test_phone_app import phone, staff_sign_in  # noqa: F401 - the fixture
from tests.helpers import make_user


def test_each_tab_keeps_its_language_and_its_switch_works(live: str, phone, conn) -> None:  # noqa: F811
    make_user(conn, "operator", "operator")
    context, first = phone()
    staff_sign_in(first, live + "/ops", "operator@example.id")
    wait_until(first, "window.sigapReady === true")
    second = context.new_page()
    second.goto(live + "/ops")  # signed in already (the same browser)
    wait_until(second, "window.sigapReady === true")
    first.tap("#lang")
    wait_until(first, "document.getElementById('tab-queue').textContent === 'Queue'")
    # the other tab is untouched until its own switch, which switches it (it stayed Indonesian)
    assert second.locator("#tab-queue").inner_text() == "Antrean"
    second.tap("#lang")
    wait_until(second, "document.getElementById('tab-queue').textContent === 'Queue'")
    third = context.new_page()  # a page opened next: the last choice
    third.goto(live + "/ops")
    wait_until(third, "window.sigapReady === true && document.getElementById('tab-queue').textContent === 'Queue'")
    context.close()
