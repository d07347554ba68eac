"""SLA escalation via a real RQ worker, privacy of public views, list filters, paging, stats."""
from __future__ import annotations

import psycopg
from redis import Redis
from rq import SimpleWorker

from geo.settings import Settings
from tests.helpers import LLBK, auth, east_of, make_user, submit
from workers.jobs import sla_sweep
from workers.run import queue


def test_overdue_report_escalates_once_to_camat_lurah_and_agency_admin(
        client, conn: psycopg.Connection, env: Settings) -> None:
    _, citizen = make_user(conn, "ani")
    camat_id, camat = make_user(conn, "camat", "operator", kecamatan="Kota Lama")
    lurah_id, _ = make_user(conn, "lurah", "operator", kelurahan="Lahilai Bissi Kopan")
    other_camat_id, _ = make_user(conn, "camatalak", "operator", kecamatan="Alak")
    admin_id, admin_token = make_user(conn, "kadis", "agency_admin", "DAMKAR")
    late = submit(client, citizen, category="kebakaran").get_json()["id"]
    on_time = submit(client, citizen, category="sampah", point=east_of(LLBK, 300)).get_json()["id"]
    conn.execute("UPDATE reports SET due_at = now() - interval '1 minute' WHERE id = %s", (late,))
    conn.commit()

    redis = Redis.from_url(env.redis_url)
    q = queue(env, redis)
    for _ in range(2):  # the sweep runs again: nothing happens twice
        q.enqueue(sla_sweep)
        assert SimpleWorker([q], connection=redis).work(burst=True)
    # (a fire is urgent: the same people were told of it as it came, notify_urgent_report.sql)
    notified = conn.execute("SELECT user_id, report_id, kind FROM notifications WHERE kind = 'sla_overdue'"
                            " ORDER BY user_id").fetchall()
    assert {(n["user_id"], n["report_id"]) for n in notified} == {
        (camat_id, late), (lurah_id, late), (admin_id, late)}
    assert other_camat_id not in {n["user_id"] for n in notified}
    events = conn.execute("SELECT report_id FROM report_events WHERE event = 'escalated'").fetchall()
    assert [e["report_id"] for e in events] == [late]
    assert on_time not in [n["report_id"] for n in notified]
    # The camat sees it through the API, bilingual, and can mark it read.
    box = client.get("/api/v1/notifications", headers=auth(camat)).get_json()["notifications"]
    assert [n["kind"] for n in box] == ["sla_overdue", "urgent_report"]  # newest first
    assert f"#{late}" in box[0]["message_id"] and "SLA" in box[0]["message_en"]
    assert client.post(f"/api/v1/notifications/{box[0]['id']}/read", headers=auth(camat)).status_code == 204
    assert [n["kind"] for n in client.get("/api/v1/notifications?unread=1", headers=auth(camat))
            .get_json()["notifications"]] == ["urgent_report"]
    # What and where each notice is about, and how many are unread in all (the list holds 200).
    seen = client.get("/api/v1/notifications", headers=auth(camat)).get_json()
    assert seen["unread"] == 1 and seen["notifications"][0]["category_name_id"] == "Kebakaran"
    assert seen["notifications"][0]["kelurahan"] == "Lahilai Bissi Kopan"
    kadis = admin_token
    assert client.get("/api/v1/notifications", headers=auth(kadis)).get_json()["unread"] == 2
    cleared = client.post("/api/v1/notifications/read?city=kupang", headers=auth(kadis))
    assert cleared.status_code == 200 and cleared.get_json()["marked"] == 2
    assert client.get("/api/v1/notifications", headers=auth(kadis)).get_json()["unread"] == 0
    view = client.get(f"/api/v1/reports/{late}").get_json()["properties"]
    assert view["overdue"] and view["escalated"]
    # The sweep keeps one future run scheduled.
    assert len(q.scheduled_job_registry) == 1


def test_an_urgent_report_is_told_at_once_to_its_areas_coordinators(client, conn: psycopg.Connection) -> None:
    """A fire or a missing person reached a lurah's bell only once it was late, though the lurah
    coordinates there: an urgent report (the category's default, or raised by an operator) is
    told as it comes to those who would hear of it late (camat, lurah, the agency's admins), once."""
    _, citizen = make_user(conn, "ani")
    _, camat = make_user(conn, "camat", "operator", kecamatan="Kota Lama")
    _, lurah = make_user(conn, "lurah", "operator", kelurahan="Lahilai Bissi Kopan")
    _, other_camat = make_user(conn, "camatalak", "operator", kecamatan="Alak")
    _, damkar = make_user(conn, "kadis", "agency_admin", "DAMKAR")
    _, dlh = make_user(conn, "kadisdlh", "agency_admin", "DLH")
    _, operator = make_user(conn, "operator", "operator")

    def told(token: str) -> list[str]:
        return [n["message_id"] for n in client.get("/api/v1/notifications", headers=auth(token)).get_json()["notifications"]
                if n["kind"] == "urgent_report"]

    fire = submit(client, citizen, category="kebakaran").get_json()["id"]
    said = f"Laporan darurat #{fire} (Kebakaran) di Kel. Lahilai Bissi Kopan."
    assert [told(t) for t in (camat, lurah, damkar)] == [[said]] * 3
    assert [told(t) for t in (other_camat, dlh, operator, citizen)] == [[]] * 4  # the queue is the operators'
    rubbish = submit(client, citizen, category="sampah").get_json()["id"]
    assert told(lurah) == [said]  # a normal report: the queue, not the bell
    url = f"/api/v1/reports/{rubbish}"
    for priority in ("urgent", "high", "urgent"):  # raised, lowered, raised again: told once
        assert client.patch(url, json={"priority": priority}, headers=auth(operator)).status_code == 200
    # The others read who raised it: a garbage report told as urgent left the camat guessing why.
    raised = f"Laporan #{rubbish} (Sampah) di Kel. Lahilai Bissi Kopan dinaikkan ke Darurat oleh Operator."
    assert told(lurah) == [raised, said]
    assert told(dlh) == [raised] and told(damkar) == [said]
    # Who raises it is not told of their own doing (a lurah had it on their bell a minute later).
    lamp = submit(client, citizen, category="lampu_rambu").get_json()["id"]
    assert client.patch(f"/api/v1/reports/{lamp}", json={"priority": "urgent"}, headers=auth(lurah)).status_code == 200
    assert told(lurah) == [raised, said]
    assert told(camat)[0] == (f"Laporan #{lamp} (Lampu Jalan & Rambu Rusak) di Kel. Lahilai Bissi Kopan"
                              " dinaikkan ke Darurat oleh Lurah.")
    # A missing person's notice names no place, in its words or beside them: the public's blurred
    # kelurahan misled its own lurah (the report opens in /ops with the true one).
    missing = submit(client, citizen, category="orang_hilang", description="Anak hilang sejak pagi").get_json()["id"]
    note = next(n for n in client.get("/api/v1/notifications", headers=auth(lurah)).get_json()["notifications"]
                if n["report_id"] == missing)
    assert (note["message_id"], note["kelurahan"]) == (f"Laporan darurat #{missing} (Orang Hilang).", None)


def test_a_camat_and_a_lurah_are_told_their_area(client, conn: psycopg.Connection) -> None:
    """/ops opens a coordinator's queue on their area, as /api/v1/me names it; an area misspelt
    when the account is made is refused (it was stored as nothing: the lurah was made, and never
    heard of a late report of their kelurahan)."""
    _, camat = make_user(conn, "camat", "operator", kecamatan="kota lama")  # any case
    _, lurah = make_user(conn, "lurah", "operator", kelurahan="Lahilai Bissi Kopan")
    _, operator = make_user(conn, "operator", "operator")
    _, admin = make_user(conn, "admin", "admin")
    area = client.get("/api/v1/me", headers=auth(camat)).get_json()["area"]
    assert (area["level"], area["kecamatan"], area["kelurahan"]) == ("kecamatan", "Kota Lama", None)
    area = client.get("/api/v1/me", headers=auth(lurah)).get_json()["area"]
    assert (area["level"], area["kecamatan"], area["kelurahan"]) == ("kelurahan", "Kota Lama", "Lahilai Bissi Kopan")
    assert client.get("/api/v1/me", headers=auth(operator)).get_json()["area"]["level"] is None
    # A lurah named with their kecamatan too (a spreadsheet with both columns) is its lurah, not
    # camat of the whole kecamatan; a kelurahan not in the kecamatan named is refused.
    _, both = make_user(conn, "lurah2", "operator", kecamatan="Kota Lama", kelurahan="lahilai bissi kopan")
    area = client.get("/api/v1/me", headers=auth(both)).get_json()["area"]
    assert (area["level"], area["kecamatan"], area["kelurahan"]) == ("kelurahan", "Kota Lama", "Lahilai Bissi Kopan")
    elsewhere = client.post("/api/v1/users", headers=auth(admin), json={
        "email": "lurah3@example.id", "password": "rahasia-123", "role": "operator",
        "kecamatan": "Alak", "kelurahan": "Lahilai Bissi Kopan"})
    assert (elsewhere.status_code, elsewhere.get_json()["code"]) == (400, "unknown_kelurahan")
    assert "Kec. Alak" in elsewhere.get_json()["message"]
    for field, name in (("kelurahan", "Lahilai Bisi Kopan"), ("kecamatan", "Kota Lam")):
        made = client.post("/api/v1/users", headers=auth(admin), json={
            "email": f"{field}@example.id", "password": "rahasia-123", "role": "operator", field: name})
        assert made.status_code == 400 and made.get_json()["code"] == f"unknown_{field}", made.get_json()
        assert made.get_json()["message"] and made.get_json()["message_en"]
    assert conn.execute("SELECT count(*) AS n FROM users WHERE email LIKE 'ke%%@example.id'").fetchone()["n"] == 0


def test_resolved_reports_auto_close(conn: psycopg.Connection, client, env: Settings) -> None:
    _, citizen = make_user(conn, "ani")
    rid = submit(client, citizen).get_json()["id"]
    conn.execute("UPDATE reports SET status = 'resolved', resolved_at = now() - interval '8 days'"
                 " WHERE id = %s", (rid,))
    conn.commit()
    assert sla_sweep()["auto_closed"] == 1
    assert client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["status"] == "closed"


def test_public_views_hide_reporter_and_coarsen_confidential(client, conn: psycopg.Connection) -> None:
    _, citizen = make_user(conn, "ani")
    _, op = make_user(conn, "op", "operator")
    _, stranger = make_user(conn, "budi")
    normal = submit(client, citizen).get_json()["id"]
    secret = submit(client, citizen, category="orang_hilang", description="Anak 7 tahun, baju merah",
                    point=east_of(LLBK, 200)).get_json()["id"]
    for token in (None, stranger):
        headers = auth(token) if token else {}
        fc = client.get("/api/v1/reports", headers=headers).get_json()
        for f in fc["features"]:
            assert "reporter_id" not in f["properties"] and "reporter" not in f["properties"]
        hidden = next(f for f in fc["features"] if f["id"] == secret)
        assert hidden["properties"]["location_coarsened"] and hidden["properties"]["description"] is None
        assert hidden["geometry"]["coordinates"] != list(east_of(LLBK, 200))
        one = client.get(f"/api/v1/reports/{secret}", headers=headers).get_json()["properties"]
        assert one["photos"] == [] and all(e["note"] == "" for e in one["timeline"])
        assert "ani" not in str(client.get(f"/api/v1/reports/{normal}", headers=headers).get_json()).lower()
    staff = client.get(f"/api/v1/reports/{secret}", headers=auth(op)).get_json()
    assert staff["properties"]["description"] == "Anak 7 tahun, baju merah"
    assert staff["properties"]["reporter"]["email"] == "ani@example.id"
    own = client.get(f"/api/v1/reports/{secret}", headers=auth(citizen)).get_json()
    assert own["geometry"]["coordinates"] == list(east_of(LLBK, 200))


def test_list_filters_and_cursor_paging(client, conn: psycopg.Connection) -> None:
    _, a = make_user(conn, "ani")
    _, b = make_user(conn, "budi")
    ids = [submit(client, a, point=east_of(LLBK, 100 * i)).get_json()["id"] for i in range(5)]
    fire = submit(client, b, category="kebakaran").get_json()["id"]
    seen, cursor = [], None
    while True:
        url = "/api/v1/reports?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url).get_json()
        seen += [f["id"] for f in page["features"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(ids + [fire], reverse=True)
    # The operators' queue: the most urgent first, by priority and then deadline, paged the same
    # way (the oldest late report of a busy area was left out of the 200 newest; a fire due within
    # the hour sat behind every late report, and a priority an operator raised changed nothing).
    for rank, rid in enumerate([ids[3], ids[0], ids[4], ids[1], ids[2], fire]):  # the fire's deadline is the latest
        conn.execute("UPDATE reports SET due_at = now() - interval '1 day' + %s * interval '1 hour' WHERE id = %s",
                     (rank, rid))
    conn.commit()
    _, operator = make_user(conn, "operator", "operator")
    raised = client.patch(f"/api/v1/reports/{ids[1]}", json={"priority": "high"}, headers=auth(operator))
    assert raised.status_code == 200, raised.get_json()
    due = [fire, ids[1], ids[3], ids[0], ids[4], ids[2]]  # Darurat, Tinggi, then Normal by deadline
    urgent, cursor = [], None
    while True:
        page = client.get("/api/v1/reports?order=due&limit=4" + (f"&cursor={cursor}" if cursor else "")).get_json()
        urgent += [f["id"] for f in page["features"]]
        if not (cursor := page["next_cursor"]):
            break
    assert urgent == due
    conn.execute("UPDATE reports SET status = 'resolved', resolved_at = now() WHERE id = %s", (ids[2],))
    conn.commit()  # by deadline means the open ones: a resolved report has no deadline left
    assert [f["id"] for f in client.get("/api/v1/reports?order=due").get_json()["features"]] == due[:-1]
    assert client.get("/api/v1/reports?order=oldest").get_json()["code"] == "invalid_order"
    only_fire = client.get("/api/v1/reports?category=kebakaran").get_json()["features"]
    assert [f["id"] for f in only_fire] == [fire]
    assert [f["id"] for f in client.get("/api/v1/reports?agency=DAMKAR").get_json()["features"]] == [fire]
    lng, lat = LLBK
    box = f"{lng - 0.0005},{lat - 0.0005},{lng + 0.0005},{lat + 0.0005}"
    in_box = {f["id"] for f in client.get(f"/api/v1/reports?bbox={box}").get_json()["features"]}
    assert in_box == {ids[0], fire}
    mine = client.get("/api/v1/reports?mine=1", headers=auth(b)).get_json()["features"]
    assert [f["id"] for f in mine] == [fire]
    assert len(client.get("/api/v1/reports?kelurahan=Lahilai%20Bissi%20Kopan").get_json()["features"]) >= 2
    in_kota_lama = client.get("/api/v1/reports?kecamatan=Kota%20Lama").get_json()["features"]
    assert len(in_kota_lama) >= 2 and {f["properties"]["kecamatan"] for f in in_kota_lama} == {"Kota Lama"}
    assert client.get("/api/v1/reports?kecamatan=Alak").get_json()["features"] == []
    assert client.get("/api/v1/reports?since=2000-01-01T00:00:00Z&status=submitted").status_code == 200
    assert client.get("/api/v1/reports?until=2000-01-01T00:00:00%2B08:00").get_json()["features"] == []
    for bad, code in [("status=nope", "invalid_status"), ("bbox=1,2,3", "invalid_bbox"),
                      ("since=yesterday", "invalid_since"), ("limit=0", "invalid_limit"),
                      ("cursor=@@@", "invalid_cursor")]:
        r = client.get(f"/api/v1/reports?{bad}")
        assert (r.status_code, r.get_json()["code"]) == (400, code), bad


def test_a_late_report_moves_up_one_level_in_the_queue(client, conn: psycopg.Connection, env: Settings) -> None:
    """A Normal report two days late ranked below every Tinggi one with time left (a staff walk).
    Once the SLA sweep has escalated it, it ranks with the Tinggi ones, before them (it is due
    earlier); a late Rendah one ranks with the Normal ones; nothing late passes a Darurat one."""
    _, a = make_user(conn, "ani")
    fire = submit(client, a, category="kebakaran", point=east_of(LLBK, 500)).get_json()["id"]  # Darurat
    high, normal, late_normal, late_low = (submit(client, a, point=east_of(LLBK, 100 * i)).get_json()["id"]
                                           for i in range(4))
    for rid, priority, due in ((fire, "urgent", "1 hour"), (high, "high", "1 day"), (normal, "normal", "2 days"),
                               (late_normal, "normal", "-2 days"), (late_low, "low", "-3 days")):
        conn.execute("UPDATE reports SET priority = %s, due_at = now() + %s::interval WHERE id = %s", (priority, due, rid))
    conn.commit()
    queue = [f["id"] for f in client.get("/api/v1/reports?order=due").get_json()["features"]]
    assert queue == [fire, high, late_normal, normal, late_low]  # before the sweep: by priority, then deadline
    assert sla_sweep()["escalated"] == 2
    paged, cursor = [], None
    while True:  # the cursor pages by the same rank
        page = client.get("/api/v1/reports?order=due&limit=2" + (f"&cursor={cursor}" if cursor else "")).get_json()
        paged += [f["id"] for f in page["features"]]
        if not (cursor := page["next_cursor"]):
            break
    assert paged == [fire, late_normal, high, late_low, normal]


def test_a_plain_date_is_the_citys_day_in_the_list_and_the_exports(client, conn: psycopg.Connection) -> None:
    """since=2026-11-02 is that day in Kupang (WITA, +08:00), as in the statistics: the list and
    the exports refused a date without a zone, and a planner's day is a local one."""
    from datetime import UTC, datetime

    from tests.helpers import plant_reports
    late = datetime(2026, 11, 1, 15, 30, tzinfo=UTC)   # 23:30 WITA on 1 November
    early = datetime(2026, 11, 1, 16, 30, tzinfo=UTC)  # 00:30 WITA on 2 November
    assert plant_reports(conn, [{"lng": LLBK[0], "lat": LLBK[1], "category": "sampah", "created": t}
                                for t in (late, early)]) == 2
    ids = {r["created_at"]: r["id"] for r in conn.execute("SELECT id, created_at FROM reports")}

    def listed(query: str) -> list[int]:
        return [f["id"] for f in client.get(f"/api/v1/reports?{query}").get_json()["features"]]

    assert listed("since=2026-11-02") == [ids[early]]
    assert listed("until=2026-11-02") == [ids[late]]
    assert listed("since=2026-11-01&until=2026-11-02") == [ids[late]]
    assert listed("since=2026-11-02T00:00:00%2B08:00") == [ids[early]]  # the same day, with its zone
    assert listed("since=20261102") == [ids[early]]  # ISO's basic form of the day (was "needs a zone")
    exported = client.get("/api/v1/exports/reports.csv?since=2026-11-02").get_data(as_text=True).splitlines()
    assert len(exported) == 2 and exported[1].startswith(f"{ids[early]},")
    # Swapped ends are a 400, not an empty answer read as "nothing happened" (list, export, statistics).
    for url in ("/api/v1/reports", "/api/v1/exports/reports.csv", "/api/v1/stats"):
        r = client.get(f"{url}?since=2026-11-02&until=2026-11-01")
        assert (r.status_code, r.get_json()["code"]) == (400, "invalid_until"), url
    for bad in ("since=2026-11-31", "since=2026-11-02T00:00:00"):  # no such day; a time without a zone
        r = client.get(f"/api/v1/reports?{bad}")
        assert (r.status_code, r.get_json()["code"]) == (400, "invalid_since"), bad
        assert "2026-11-01" in r.get_json()["message_en"], r.get_json()


def test_statistics_per_agency_and_kelurahan(client, conn: psycopg.Connection) -> None:
    _, a = make_user(conn, "ani")
    r1 = submit(client, a).get_json()["id"]
    submit(client, a, point=east_of(LLBK, 300))
    submit(client, a, category="kebakaran", point=east_of(LLBK, 600))
    conn.execute("UPDATE reports SET first_response_at = created_at + interval '2 hours',"
                 " resolved_at = created_at + interval '10 hours', status = 'resolved' WHERE id = %s", (r1,))
    conn.execute("UPDATE reports SET due_at = now() - interval '1 hour' WHERE category_id ="
                 " (SELECT id FROM categories WHERE code = 'kebakaran')")
    conn.commit()
    by_agency = {s["key"]: s for s in client.get("/api/v1/stats?group=agency").get_json()["stats"]}
    dlh = by_agency["DLH"]
    assert dlh["total"] == 2 and dlh["by_status"]["resolved"] == 1 and dlh["by_status"]["submitted"] == 1
    # Medians come from the rollup's histograms (buckets 19 % wide): close to 2 h and 10 h.
    assert abs(dlh["median_first_response_h"] - 2.0) < 0.2 and abs(dlh["median_resolution_h"] - 10.0) < 1.0
    assert dlh["sla_breach_rate"] == 0.0 and by_agency["DAMKAR"]["sla_breach_rate"] == 1.0
    by_kel = client.get("/api/v1/stats?group=kelurahan").get_json()["stats"]
    assert sum(s["total"] for s in by_kel) == 3
    assert client.get("/api/v1/stats?group=planet").status_code == 400
