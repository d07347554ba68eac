"""The officer's task cards on a 360 px phone, tapped as an officer does."""
from __future__ import annotations

import io
import sysconfig
from pathlib import Path

from PIL import Image

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
    # each part says its order (own tasks sorted by urgency read as out of distance order: a staff walk)
    heads = phone.locator("#tasks .group-head h3").all_inner_texts()
    assert heads == ["Tugas saya (1): yang paling mendesak dulu",
                     "Tugas lain OPD Anda (2): yang paling mendesak dulu, lalu yang terdekat"], heads
    badge = phone.locator(f"[data-task='{far}'] .prio.urgent")
    assert badge.inner_text() == "Darurat"
    assert phone.evaluate(f"getComputedStyle(document.querySelector(\"[data-task='{far}'] .prio\")).backgroundColor") \
        == "rgb(183, 28, 28)"
    assert phone.locator(f"[data-task='{near}'] .prio").count() == 0
    assert phone.errors == []


def test_an_offer_can_be_taken_without_scrolling(live: str, responder_phone, client, conn, run_jobs,  # noqa: F811
                                                 monkeypatch) -> None:
    """An offer runs out in two minutes, and at 360x640 its photo pushed "Terima" below the fold
    (a staff walk): the officer had to scroll to find the button. The buttons come before the
    photo, on the first screen; a tap on "Terima" takes the task."""
    from tests.e2e.test_responder_phone import RESPONDER_POINT, _on_screen
    from tests.helpers import auth, east_of, submit

    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    where = {"lng": RESPONDER_POINT[0], "lat": RESPONDER_POINT[1], "accuracy": 8}
    assert client.post("/api/v1/responders/me/location", json=where, headers=auth(officer)).status_code == 200
    assert client.put("/api/v1/responders/me/status", json={"status": "available"}, headers=auth(officer)).status_code == 200
    bus = Path(sysconfig.get_paths()["purelib"]) / "ultralytics" / "assets" / "bus.jpg"
    photo = io.BytesIO()
    Image.open(bus).convert("RGB").resize((1200, 1600)).save(photo, "JPEG", quality=85)  # as a phone sends it
    rid = submit(client, citizen, point=east_of(RESPONDER_POINT, 120), photo=photo.getvalue(),
                 description="Sampah menumpuk di depan gereja, tiga hari belum diangkut; baunya sampai ke jalan."
                 ).get_json()["id"]
    run_jobs()  # the photo published, and the report offered to the one officer near
    phone.goto(live + "/petugas")
    phone.locator("#s-login").fill("petugas@example.id")
    phone.locator("#s-password").fill("rahasia-123")
    phone.tap("#s-submit")
    wait_until(phone, "window.sigapReady === true")
    wait_until(phone, "document.querySelector(\"[data-offer] img\")?.naturalWidth > 0", 30)
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=str(ARTIFACTS / "petugas-offer-first-screen.png"))
    assert _on_screen(phone, "[data-accept]") and _on_screen(phone, "[data-decline]")
    phone.locator("[data-accept]").tap()
    wait_until(phone, f"!!document.querySelector(\"button[data-start='{rid}']\")", 30)  # the officer's own task
    conn.commit()
    assert conn.execute("SELECT assignee_id FROM reports WHERE id = %s", (rid,)).fetchone()["assignee_id"] == officer_id
    assert phone.errors == []
