"""An operator on a phone opens /ops's "Kamera" tab: the broken camera comes first with why it
failed and when it is tried again, the calibrated one says so, and a dismantled camera is switched
off with two taps (it leaves the public traffic panel) and on again. Before, no page showed camera
health and only SQL could switch one off (a CCTV walk)."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, phone, staff_sign_in  # noqa: F401 - the fixture
from tests.helpers import LLBK, auth, east_of, make_user
from tests.test_camera_changes import _camera


@pytest.mark.parametrize("size", PHONES, ids=["390x844", "360x640"])
def test_an_operator_sees_camera_health_and_switches_one_off_on_a_phone(live: str, phone, client, conn,  # noqa: F811
                                                                          size) -> None:
    _, op = make_user(conn, "operator", "operator")
    good = _camera(client, op, "Simpang El Tari")
    broken = client.post("/api/v1/cameras", headers=auth(op), json={
        "name": "Terminal Oebobo", "lng": east_of(LLBK, 400)[0], "lat": LLBK[1],
        "source": "http://admin:S3cr3tKam@10.9.8.7/snap.jpg"}).get_json()
    conn.execute("UPDATE cameras SET failures = 2, last_error = 'http://10.9.8.7/snap.jpg: timed out',"
                 " last_error_at = now(), next_try_at = now() + interval '2 minutes' WHERE id = %s", (broken["id"],))
    conn.execute("UPDATE cameras SET last_seen_at = now() WHERE id = %s", (good["id"],))
    conn.commit()
    context, page = phone(size)
    staff_sign_in(page, live + "/ops", "operator@example.id")
    wait_until(page, "window.sigapReady === true")
    page.tap("#tab-cameras")
    wait_until(page, "!!document.getElementById('cam-summary')")
    assert page.locator("#cam-summary").inner_text() == "2 kamera: 1 menyala, 1 mati, 0 dinonaktifkan, 0 belum dicoba."
    rows = page.locator("#cam-list > li")
    first = rows.nth(0).inner_text()
    assert "Terminal Oebobo" in first and "Mati" in first and "Gagal 2× berturut-turut" in first and "timed out" in first
    assert "S3cr3tKam" not in page.content()  # the camera's login is never shown
    second = rows.nth(1).inner_text()
    assert "Simpang El Tari" in second and "Menyala" in second and "Terkalibrasi" in second
    page.screenshot(path=str(ARTIFACTS / f"ops-cameras-{size['width']}.png"), full_page=True)
    axe_clean(page, live, "/ops cameras")

    # The dismantled terminal camera: "Nonaktifkan", then once more to be sure.
    button = page.locator(f"[data-camera='{broken['id']}']")
    box = button.bounding_box()
    assert box and box["height"] >= 44 and box["x"] + box["width"] <= size["width"]
    button.tap()
    wait_until(page, f"document.querySelector(\"[data-camera='{broken['id']}']\").textContent.includes('Ketuk lagi')")
    page.locator(f"[data-camera='{broken['id']}']").tap()
    wait_until(page, "document.getElementById('cam-msg').textContent.includes('dinonaktifkan')")
    assert "Dinonaktifkan" in page.locator(f"[data-camera-row='{broken['id']}']").inner_text()
    assert broken["id"] not in [c["id"] for c in client.get("/api/v1/traffic").get_json()["cameras"]]
    # The language follows, the message too.
    page.tap("#lang")
    wait_until(page, "document.getElementById('cam-msg').textContent.includes('switched off')")
    assert "Switched off" in page.locator(f"[data-camera-row='{broken['id']}']").inner_text()
    page.locator(f"[data-camera='{broken['id']}']").tap()  # "Switch on again": no second tap needed
    wait_until(page, "document.getElementById('cam-msg').textContent.includes('on again')")
    assert broken["id"] in [c["id"] for c in client.get("/api/v1/traffic").get_json()["cameras"]]
    context.close()
