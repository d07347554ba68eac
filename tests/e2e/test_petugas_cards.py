"""The officer's task cards on a 360 px phone, tapped as an officer does."""
from __future__ import annotations

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_responder_phone import _refreshed, officer_with_a_task, responder_phone  # noqa: F401
from tests.helpers import make_user

LONG = ("Ayunan di taman bermain dekat gereja patah sejak minggu lalu dan rantainya tergantung. "
        "Anak-anak tetap bermain di sana sepulang sekolah, dan kemarin seorang anak hampir jatuh. ") * 6


def test_a_long_description_is_folded_until_asked_for(live: str, responder_phone, client, conn) -> None:  # noqa: F811
    """A resident's description ran several screens on the officer's phone, and after "Selesai"
    the page landed inside it (a staff walk). A long one shows four lines and "Selengkapnya",
    which opens it (and stays open through the list's 20 s refresh); "Navigasi" stands under it."""
    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    rid = officer_with_a_task(phone, live, client, conn, citizen, operator, description=LONG)
    card = phone.locator(f"[data-task='{rid}']")
    card.wait_for()
    desc, more = card.locator("p.desc"), card.locator("button.fold")
    line = 1.3 * phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.task p.desc')).fontSize)")
    assert desc.bounding_box()["height"] <= 4.5 * line and more.inner_text() == "Selengkapnya ▾"
    assert more.bounding_box()["height"] >= 44
    nav = card.locator("a.nav")
    assert nav.bounding_box()["y"] > desc.bounding_box()["y"] + desc.bounding_box()["height"]  # under the words
    more.tap()
    wait_until(phone, f"document.querySelector(\"[data-task='{rid}'] p.desc\").getBoundingClientRect().height > {8 * line}")
    assert more.get_attribute("aria-expanded") == "true" and more.inner_text() == "Lebih singkat ▴"
    _refreshed(phone, rid)  # a new card: still open
    assert card.locator("p.desc").bounding_box()["height"] > 8 * line
    phone.screenshot(path=str(ARTIFACTS / "petugas-long-description.png"))
    card.locator("button.fold").tap()
    wait_until(phone, f"document.querySelector(\"[data-task='{rid}'] p.desc\").getBoundingClientRect().height <= {4.5 * line}")
    assert phone.errors == []


def test_an_urgent_task_comes_before_nearer_normal_ones(live: str, responder_phone, client, conn) -> None:  # noqa: F811
    """Sorted by distance alone, an urgent task came sixth, behind five normal ones a little nearer,
    its "Darurat" in the same small grey as the rest (a staff walk). After the officer's own work,
    the most urgent come first, and an urgent one says so in red."""
    from tests.e2e.test_responder_phone import RESPONDER_POINT
    from tests.helpers import east_of, submit

    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    near = submit(client, citizen, point=RESPONDER_POINT, description="Dekat").get_json()["id"]
    far = submit(client, citizen, point=east_of(RESPONDER_POINT, 900), description="Jauh tapi darurat").get_json()["id"]
    conn.execute("UPDATE reports SET priority = 'urgent' WHERE id = %s", (far,))
    conn.commit()
    own = officer_with_a_task(phone, live, client, conn, citizen, operator)
    _refreshed(phone, own)
    order = phone.evaluate("[...document.querySelectorAll('#tasks [data-task]')].map(li => Number(li.dataset.task))")
    assert order.index(own) < order.index(far) < order.index(near), order
    badge = phone.locator(f"[data-task='{far}'] .prio.urgent")
    assert badge.inner_text() == "Darurat"
    assert phone.evaluate(f"getComputedStyle(document.querySelector(\"[data-task='{far}'] .prio\")).backgroundColor") \
        == "rgb(183, 28, 28)"
    assert phone.locator(f"[data-task='{near}'] .prio").count() == 0
    assert phone.errors == []
