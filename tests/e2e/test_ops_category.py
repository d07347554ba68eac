"""An operator on a phone corrects a report's category: a broken street light filed as "Sampah"
sat with DLH and its officer, and nothing in /ops could pass it on to Dinas Perhubungan."""
from __future__ import annotations

from tests.e2e.conftest import ARTIFACTS, wait_until, watch_errors
from tests.e2e.test_phone_app import axe_clean
from tests.e2e.test_responder_phone import officer_with_a_task, responder_phone  # noqa: F401
from tests.e2e.test_staff_views import _staff_login
from tests.helpers import LLBK, auth, make_user, submit

OPEN = "document.querySelector('#detail h3')?.textContent.startsWith('#{} ') && !document.getElementById('detail').hidden"


def test_an_operator_moves_a_street_light_from_garbage_to_dishub(live: str, page, client, conn) -> None:
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    officer, _ = make_user(conn, "yakob", "responder", "DLH")
    rid = submit(client, citizen, point=LLBK, description="Lampu jalan mati sejak minggu lalu").get_json()["id"]
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "assigned", "assignee_id": officer},
                       headers=auth(operator)).status_code == 200
    phone = watch_errors(page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True).new_page())
    _staff_login(phone, live + "/ops", "operator@example.id")
    phone.locator(f"#queue li[data-id='{rid}']").tap()
    wait_until(phone, OPEN.format(rid))
    phone.wait_for_selector("#a-category option[value='lampu_rambu']", state="attached")
    assert phone.locator("#a-category").input_value() == "sampah"
    assert phone.locator("#a-move").is_disabled()  # nothing chosen yet: nothing to move

    phone.locator("#a-category").select_option("kebakaran")  # a first look at another choice
    phone.locator("#a-move").tap()
    fire = phone.locator("#a-move-ask").inner_text()
    assert "Prioritasnya menjadi Darurat: camat, lurah dan admin OPD-nya diberi tahu." in fire, fire
    phone.locator("#a-category").select_option("lampu_rambu")
    assert phone.locator("#a-move-confirm").is_hidden()  # asked of another category
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # the row fits the phone
    phone.locator("#a-move").tap()
    ask = phone.locator("#a-move-ask").inner_text()
    # what will happen, before it does: the agency, the deadline, and that the officer lets go
    assert f"#{rid} ke kategori Lampu Jalan & Rambu Rusak" in ask, ask
    assert "diteruskan ke Dinas Perhubungan" in ask and "3 hari sejak dilaporkan" in ask, ask
    assert "Laporan ditawarkan ke petugas Dinas Perhubungan terdekat yang siap, bila ada." in ask, ask
    assert "Yakob tidak lagi memegangnya" in ask and "Prioritas" not in ask and "lewat" not in ask, ask
    assert phone.evaluate("document.activeElement.id") == "a-move-no"  # the harmless answer first
    axe_clean(phone, live, "/ops category question")
    phone.screenshot(path=str(ARTIFACTS / "ops-phone-category-ask.png"))
    phone.locator("#a-move-no").tap()
    assert phone.locator("#a-move-confirm").is_hidden()
    assert client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["agency"] == "DLH"  # nothing moved

    phone.locator("#a-move").tap()
    phone.locator("#a-move-yes").tap()
    wait_until(phone, "document.getElementById('detail-msg')?.textContent.startsWith('Dipindah ke ')")
    assert phone.locator("#detail-msg").inner_text() == "Dipindah ke Lampu Jalan & Rambu Rusak (Dinas Perhubungan)."
    wait_until(phone, "document.querySelector('#a-category')?.value === 'lampu_rambu'")
    detail = phone.locator("#detail").inner_text()
    assert "Lampu Jalan & Rambu Rusak" in detail, detail
    assert "Kategori diubah — Sampah → Lampu Jalan & Rambu Rusak; diteruskan ke Dinas Perhubungan" in detail, detail
    assert phone.locator("#d-assignee").count() == 0  # Yakob no longer holds it
    phone.screenshot(path=str(ARTIFACTS / "ops-phone-category-moved.png"))
    p = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]
    assert (p["category"], p["agency"], p["status"]) == ("lampu_rambu", "DISHUB", "verified")
    assert phone.errors == []


def test_a_confidential_report_is_offered_only_confidential_categories(live: str, page, client, conn) -> None:
    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    rid = submit(client, citizen, point=LLBK, category="kesehatan", description="Warga demam tinggi").get_json()["id"]
    phone = watch_errors(page.context.browser.new_context(
        viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True).new_page())
    _staff_login(phone, live + "/ops", "operator@example.id")
    phone.locator(f"#queue li[data-id='{rid}']").tap()
    wait_until(phone, OPEN.format(rid))
    phone.wait_for_selector("#a-category option[value='orang_hilang']", state="attached")
    offered = phone.locator("#a-category option").evaluate_all("os => os.map(o => o.value)")
    assert sorted(offered) == ["kesehatan", "orang_hilang"], offered
    assert phone.errors == []


def test_an_officer_whose_task_moved_away_is_told_at_the_next_tap(live: str, responder_phone, client,  # noqa: F811
                                                                     conn) -> None:
    """A task moved to another agency under an officer's open page: "Mulai kerjakan" answered
    "Status tidak bisa berubah dari verified ke in_progress." and the card kept its buttons until
    the next refresh (a walk). Now it says the task is not theirs, and the card goes at once."""
    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    rid = officer_with_a_task(phone, live, client, conn, citizen, operator)
    start = phone.locator(f"[data-start='{rid}']")
    start.wait_for()
    assert client.patch(f"/api/v1/reports/{rid}", json={"category": "lampu_rambu"},
                        headers=auth(operator)).status_code == 200
    start.tap()
    wait_until(phone, "document.getElementById('r-msg').textContent.includes('Laporan ini tidak ditugaskan kepada Anda.')")
    wait_until(phone, f"!document.querySelector(\"[data-start='{rid}']\")", timeout_s=5)
    assert [e for e in phone.errors if "403 (FORBIDDEN)" not in e] == []  # the refusal, heard and shown
