"""What a field officer's walk at 360x640 found, each once wrong on the phone:
- going off duty left an offer open, and "Terima" still took it, off duty: now it is handed on,
  the page says so, and the offer's notification (a push) is put away;
- a file that is no photo left "Mengirim…" and sent nothing, silently: now said, and the field
  emptied;
- a reload (Android reloads behind the camera) lost the typed note: now it is kept until sent;
- "Mulai kerjakan" centred the form and hid the task's name under the header: now both the name
  and "Selesai" are in sight, and every action says what it did (each said "Tersimpan.")."""
from __future__ import annotations

from typing import Any

from geo.db import query
from geo.push import payload
from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import staff_sign_in
from tests.e2e.test_responder_phone import SIZE, officer_with_a_task, responder_phone  # noqa: F401 - the fixture
from tests.e2e.test_urgent_push import registration
from tests.helpers import LLBK, east_of, jpeg, make_user, submit

MSG = "document.getElementById('r-msg').textContent"


def test_off_duty_hands_an_open_offer_on(live: str, responder_phone, client, conn, run_jobs) -> None:  # noqa: F811
    phone = responder_phone
    phone.context.grant_permissions(["geolocation", "notifications"], origin=live)
    _, citizen = make_user(conn, "warga")
    officer_id, _ = make_user(conn, "petugas", "responder", "DLH")
    staff_sign_in(phone, live + "/petugas", "petugas@example.id")
    wait_until(phone, "window.sigapReady === true")
    phone.select_option("#r-status", "available")
    wait_until(phone, f"{MSG} === 'Status kerja: Siap.'")
    wait_until(phone, "document.getElementById('r-where').textContent.includes('Lokasi terkirim')")

    rid = submit(client, citizen, point=LLBK).get_json()["id"]
    run_jobs()
    phone.clock.fast_forward("00:21")  # the page's next look at its offers
    accept = phone.locator("button[data-accept]")
    accept.wait_for()
    assert phone.locator("#offers").inner_text().startswith(f"#{rid} Sampah")
    # The offer's push, as the server sends it, shown by the service worker.
    note = conn.execute("SELECT id FROM notifications WHERE user_id = %s AND kind = 'task_offered'",
                        (officer_id,)).fetchone()
    row = conn.execute(query("notification_for_push"), {"id": note["id"], "city_id": 1}).fetchone()
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": live, "registrationId": registration(phone, cdp, live + "/"),
                                                  "data": payload(row)})
    shown = "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n => n.body))"
    wait_until(phone, f"{shown}.then(b => b.length === 1 && b[0].startsWith('Tawaran tugas, jawab segera: #{rid} Sampah'))")

    phone.select_option("#r-status", "off")
    wait_until(phone, f"{MSG} === 'Status kerja: Tidak bertugas. "
                      f"Dilepas untuk petugas lain yang siap, bila ada: tawaran #{rid}.'")
    wait_until(phone, "!document.querySelector('#offers button[data-accept]')")
    assert phone.locator("#offers").inner_text() == "Tidak ada tawaran."
    wait_until(phone, f"{shown}.then(b => b.length === 0)")  # no longer asking for an answer
    conn.commit()
    assert conn.execute("SELECT status FROM assignments WHERE report_id = %s AND responder_id = %s",
                        (rid, officer_id)).fetchone()["status"] == "cancelled"  # handed on: refused nothing
    phone.screenshot(path=str(ARTIFACTS / "petugas-off-duty-hands-offer-on.png"))


def test_an_offer_whose_time_is_up_says_so_and_a_late_terima_names_it(live: str, responder_phone, client, conn,  # noqa: F811
                                                                        run_jobs) -> None:
    """The card said "berlaku 1 menit lagi" past the offer's end, and the late "Terima" said only
    "no longer open", under the next offer drawn in its place (a walk): now the refusal names its
    report, and a card past its end (by the server's count, not the phone's clock) says the time is
    up, without buttons."""
    phone = responder_phone
    phone.context.grant_permissions(["geolocation"], origin=live)
    _, citizen = make_user(conn, "warga")
    make_user(conn, "petugas", "responder", "DLH")
    staff_sign_in(phone, live + "/petugas", "petugas@example.id")
    wait_until(phone, "window.sigapReady === true")
    phone.select_option("#r-status", "available")
    wait_until(phone, f"{MSG} === 'Status kerja: Siap.'")
    wait_until(phone, "document.getElementById('r-where').textContent.includes('Lokasi terkirim')")

    def offered(point: tuple[float, float]) -> int:
        rid = submit(client, citizen, point=point).get_json()["id"]
        run_jobs()
        phone.clock.fast_forward("00:21")
        phone.locator(f"#offers [data-report='{rid}'] button[data-accept]").wait_for()
        assert "berlaku 2 menit lagi" in phone.locator(f"#offers [data-report='{rid}']").inner_text()
        conn.execute("UPDATE assignments SET expires_at = now() - interval '1 second' WHERE report_id = %s", (rid,))
        conn.commit()
        return rid

    late = offered(LLBK)
    phone.locator("button[data-accept]").tap()  # still shown: the page has not looked again
    wait_until(phone, f"{MSG} === '#{late}: Penawaran sudah kedaluwarsa.'")
    wait_until(phone, "!document.querySelector('#offers button[data-accept]')")
    up = offered(east_of(LLBK, 400))
    phone.clock.fast_forward("00:21")  # drawn again after its end
    wait_until(phone, f"document.querySelector(\"#offers [data-report='{up}'] .expires\")?.textContent"
                      " === 'waktunya habis: diteruskan ke petugas lain, bila ada'")
    assert phone.locator(f"#offers [data-report='{up}'] button").count() == 0


def test_a_bad_photo_is_said_and_a_note_outlives_a_reload(live: str, responder_phone, client, conn,  # noqa: F811
                                                          tmp_path: Any) -> None:
    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    rid = officer_with_a_task(phone, live, client, conn, citizen, operator, on_duty=True)
    start = phone.locator(f"button[data-start='{rid}']")
    start.tap()
    wait_until(phone, f"{MSG} === 'Mulai dikerjakan: #{rid}. Ambil foto sesudah saat selesai.'")
    # The task's name and its "Selesai" in sight, neither under the header nor under the message
    # (the list is drawn again just after the message: "Selesai" comes then).
    wait_until(phone, f"""(() => {{
        if (!document.querySelector("button[data-resolve='{rid}']")) return false;
        const card = document.querySelector("[data-task='{rid}']").getBoundingClientRect();
        const done = document.querySelector("button[data-resolve='{rid}']").getBoundingClientRect();
        const head = document.querySelector('header').getBoundingClientRect();
        const msg = document.getElementById('r-msg').getBoundingClientRect();
        return card.top >= head.bottom && done.bottom <= msg.top; }})()""")
    phone.screenshot(path=str(ARTIFACTS / "petugas-started-in-sight.png"))

    note = phone.locator(f"textarea[data-note='{rid}']")
    note.tap()
    note.type("Sudah diangkut truk DLH")
    phone.reload()
    wait_until(phone, "window.sigapReady === true")
    phone.locator(f"textarea[data-note='{rid}']").wait_for()
    assert phone.locator(f"textarea[data-note='{rid}']").input_value() == "Sudah diangkut truk DLH"

    not_a_photo = tmp_path / "laporan.pdf"
    not_a_photo.write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    phone.locator(f"input[data-photo='{rid}']").set_input_files(str(not_a_photo))
    wait_until(phone, f"{MSG} === 'Foto tidak dapat dibaca.'")
    assert phone.evaluate(f"document.querySelector(\"input[data-photo='{rid}']\").files.length") == 0
    phone.tap(f"button[data-resolve='{rid}']")
    wait_until(phone, f"{MSG} === 'Foto sesudah wajib diisi.'")  # not "Mengirim…", then nothing

    photo = tmp_path / "sesudah.jpg"
    photo.write_bytes(jpeg())
    phone.locator(f"input[data-photo='{rid}']").set_input_files(str(photo))
    phone.wait_for_selector(f"img[data-preview='{rid}']:not([hidden])")
    phone.tap(f"button[data-resolve='{rid}']")
    wait_until(phone, f"{MSG} === 'Laporan #{rid} selesai. Terima kasih.'")
    conn.commit()
    sent = conn.execute("SELECT note FROM report_events WHERE report_id = %s AND to_status = 'resolved'",
                        (rid,)).fetchone()
    assert sent["note"] == "Sudah diangkut truk DLH"
    assert phone.evaluate(f"localStorage.getItem('sigap.resolveNote.{rid}')") is None  # sent: not kept
    assert phone.errors == []


def test_a_new_offer_out_of_sight_is_pointed_at(live: str, responder_phone, client, conn, run_jobs,  # noqa: F811
                                                tmp_path: Any, monkeypatch) -> None:
    """After "Selesai" down the list, the next waiting report was offered above, out of sight: only
    a buzz said so (a walk). A button under the header names it and goes to it, whenever it is
    out of sight while open."""
    from tests.e2e.test_responder_phone import _on_screen
    from tests.helpers import east_of

    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    rid = officer_with_a_task(phone, live, client, conn, citizen, operator, on_duty=True)
    wait_until(phone, "document.getElementById('r-where').textContent.includes('Lokasi terkirim')")
    others = [submit(client, make_user(conn, f"tetangga{i}")[1], point=east_of(LLBK, 200 + 150 * i),
                     description=f"Sampah menumpuk di gang {i}").get_json()["id"] for i in range(3)]
    run_jobs()  # busy with the task: these wait
    phone.clock.fast_forward("00:21")
    phone.locator(f"[data-task='{others[2]}']").wait_for()
    phone.locator(f"button[data-start='{rid}']").tap()
    wait_until(phone, f"{MSG} === 'Mulai dikerjakan: #{rid}. Ambil foto sesudah saat selesai.'")
    photo = tmp_path / "sesudah.jpg"
    photo.write_bytes(jpeg())
    phone.locator(f"input[data-photo='{rid}']").set_input_files(str(photo))
    phone.wait_for_selector(f"img[data-preview='{rid}']:not([hidden])")
    phone.tap(f"button[data-resolve='{rid}']")
    wait_until(phone, f"{MSG} === 'Laporan #{rid} selesai. Terima kasih.'")
    run_jobs()  # free again: the report waiting nearest is offered
    conn.commit()
    offered = conn.execute("SELECT report_id FROM assignments WHERE status = 'offered'").fetchall()
    assert [o["report_id"] for o in offered] == [others[0]]
    phone.clock.fast_forward("00:21")
    phone.locator("[data-accept]").wait_for(state="attached")
    jump = phone.locator("#offers-jump")
    jump.wait_for()
    assert jump.inner_text() == f"↑ Tawaran #{others[0]} menunggu — Lihat"
    assert not _on_screen(phone, "[data-accept]") and _on_screen(phone, "#offers-jump")
    # under the header, clear of the message at the foot ("Laporan … selesai")
    placed = phone.evaluate("""(() => { const j = document.getElementById('offers-jump').getBoundingClientRect();
        const h = document.querySelector('header').getBoundingClientRect();
        const m = document.getElementById('r-msg').getBoundingClientRect();
        return [j.top, j.bottom, h.bottom, m.height ? m.top : innerHeight]; })()""")
    assert placed[0] >= placed[2] and placed[1] <= placed[3], placed
    phone.screenshot(path=str(ARTIFACTS / "petugas-new-offer-out-of-sight.png"))
    jump.tap()
    wait_until(phone, "document.getElementById('offers-jump').hidden")
    wait_until(phone, "(() => { const r = document.querySelector('[data-accept]').getBoundingClientRect();"
                      " return r.top >= 0 && r.bottom <= innerHeight; })()")
    phone.screenshot(path=str(ARTIFACTS / "petugas-new-offer-in-sight.png"))
    # scrolled away again while it is open (it runs out in two minutes): pointed at again
    phone.mouse.wheel(0, 1500)
    jump.wait_for()
    jump.tap()
    wait_until(phone, "document.getElementById('offers-jump').hidden")
    phone.locator("[data-accept]").tap()
    wait_until(phone, f"{MSG} === 'Tugas #{others[0]} diterima: kini tugas Anda.'")
    assert phone.errors == []
