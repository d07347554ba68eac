"""/api/v1/stats from the rollup (migration 0013): the same answer as the full scan it replaced,
always current (a change to an old report shows at once), and never stale after a refresh
that races with a change."""
from __future__ import annotations

import random
import threading
import time
from datetime import timedelta
from typing import Any

import psycopg
from psycopg.rows import dict_row

from geo import stats
from geo.settings import Settings
from tests.helpers import LLBK, east_of, make_user, submit
from workers.jobs import refresh_report_stats

# The statement /api/v1/stats ran before the rollup: the oracle for every count and median.
EXACT = """
SELECT CASE %(group)s WHEN 'agency' THEN a.code WHEN 'category' THEN c.code WHEN 'kecamatan' THEN k.kecamatan_id::text
            ELSE k.id::text END AS key,
       count(*) AS total,
       count(*) FILTER (WHERE r.status = 'resolved') AS resolved,
       count(*) FILTER (WHERE r.status = 'submitted') AS submitted,
       percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM r.first_response_at - r.created_at) / 3600.0) AS first_h,
       percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM r.resolved_at - r.created_at) / 3600.0) AS resolution_h,
       (count(*) FILTER (WHERE r.status NOT IN ('rejected','duplicate')
                           AND coalesce(r.resolved_at, now()) > r.due_at))::float8
         / nullif(count(*) FILTER (WHERE r.status NOT IN ('rejected','duplicate')), 0) AS breach
FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN kelurahan k ON k.id = r.public_kelurahan_id
JOIN categories c ON c.id = r.category_id
WHERE (%(d0)s::date IS NULL OR r.created_at >= sigap_city_day_start(r.city_id, %(d0)s::date))
  AND (%(d1)s::date IS NULL OR r.created_at < sigap_city_day_start(r.city_id, %(d1)s::date))
  AND (%(kecamatan)s::int IS NULL OR k.kecamatan_id = %(kecamatan)s)
  AND (%(kelurahan)s::int IS NULL OR k.id = %(kelurahan)s)
  AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
  AND (%(category)s::text[] IS NULL OR c.code = ANY(%(category)s))
GROUP BY 1 ORDER BY 1
"""
STATUSES = ["submitted", "verified", "assigned", "in_progress", "resolved", "closed", "rejected", "duplicate"]


def seed_history(client: Any, conn: psycopg.Connection, n: int = 400) -> None:
    """A few real submissions, then n copies spread over the last 100 days with every status
    and realistic durations (data preparation: no API creates reports in the past)."""
    _, token = make_user(conn, "ani")
    for i, cat in enumerate(["sampah", "kebakaran", "orang_hilang", "parkir_liar", "kesehatan"]):
        assert submit(client, token, category=cat, point=east_of(LLBK, 400 * i)).status_code == 201
    cols = [r["column_name"] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'reports'"
        " AND column_name NOT IN ('id', 'idempotency_key') ORDER BY ordinal_position")]
    ids = [r["id"] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
    rnd = random.Random(14)
    for _ in range(n):
        src = rnd.choice(ids)
        conn.execute(f"INSERT INTO reports ({', '.join(cols)}) SELECT {', '.join(cols)} FROM reports WHERE id = %s",
                     (src,))
    # A category later moved to another agency: its old reports stay with the agency they were
    # routed to (so neither column stands for the other in the rollup).
    conn.execute("UPDATE reports SET agency_id = (SELECT id FROM agencies WHERE code = 'DLH')"
                 " WHERE category_id = (SELECT id FROM categories WHERE code = 'parkir_liar') AND id % 2 = 0")
    for rid in [r["id"] for r in conn.execute("SELECT id FROM reports ORDER BY id")]:
        age_h = rnd.uniform(0, 100 * 24)
        status = rnd.choice(STATUSES)
        first = rnd.choice([None, rnd.lognormvariate(1, 1.5)])
        done = rnd.lognormvariate(3, 1.2) if status in ("resolved", "closed") else None
        conn.execute(
            "UPDATE reports SET created_at = now() - make_interval(secs => %(age)s),"
            " due_at = now() - make_interval(secs => %(age)s) + make_interval(hours => %(sla)s),"
            " status = %(status)s,"
            " first_response_at = now() - make_interval(secs => %(age)s) + make_interval(secs => %(first)s),"
            " resolved_at = now() - make_interval(secs => %(age)s) + make_interval(secs => %(done)s)"
            " WHERE id = %(id)s",
            {"age": age_h * 3600, "sla": rnd.choice([2, 24, 48, 168]), "status": status, "id": rid,
             "first": None if first is None else first * 3600, "done": None if done is None else done * 3600})
    conn.commit()


def scalar(conn: psycopg.Connection, sql: str, params: Any = None) -> Any:
    row = conn.execute(sql, params).fetchone()
    assert row is not None
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def exact(conn: psycopg.Connection, group: str, d0: Any = None, d1: Any = None,
          only: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    conn.commit()  # now() of a fresh transaction
    params = {"group": group, "d0": d0, "d1": d1, "kecamatan": None, "kelurahan": None, "agency": None, "category": None,
              **(only or {})}
    with conn.cursor(row_factory=dict_row) as cur:
        return {r["key"]: r for r in cur.execute(EXACT, params)}


def assert_matches(client: Any, conn: psycopg.Connection, query: str = "", d0: Any = None, d1: Any = None,
                   only: dict[str, Any] | None = None) -> None:
    """Every group of /api/v1/stats (with `query`) equals the full scan over [d0, d1) and the
    filters `only` (kecamatan id, kelurahan id, agency or category code)."""
    for group in ("agency", "kelurahan", "kecamatan", "category"):  # a kecamatan's medians are its own, not of its kelurahan
        got = {s["key"]: s for s in client.get(f"/api/v1/stats?group={group}{query}").get_json()["stats"]}
        want = exact(conn, group, d0, d1, only)
        assert set(got) == set(want), group
        for key, w in want.items():
            g = got[key]
            assert (g["total"], g["by_status"]["resolved"], g["by_status"]["submitted"]) == (
                w["total"], w["resolved"], w["submitted"]), (group, key)
            assert g["sla_breach_rate"] == (None if w["breach"] is None else round(w["breach"], 3)), (group, key)
            for mine, theirs in (("median_first_response_h", "first_h"), ("median_resolution_h", "resolution_h")):
                if w[theirs] is None:
                    assert g[mine] is None
                else:  # a histogram median: within the width of a bucket (19 %) of the exact one
                    assert abs(g[mine] - w[theirs]) <= 0.2 * w[theirs] + 0.01, (group, key, mine, g[mine], w[theirs])


def test_rollup_answers_like_the_full_scan_and_stays_current(client, conn: psycopg.Connection) -> None:
    seed_history(client, conn)
    assert_matches(client, conn)  # nothing rolled up yet: every day counted from reports

    # A first build goes a bounded number of days at a time (at 10M reports it outlived the job's
    # timeout, and each attempt was lost); in between, answers are exact all the same.
    part = stats.refresh(conn, max_days=40)
    conn.commit()
    assert (part["days"], part["behind"]) == (40, 1)
    assert_matches(client, conn)
    assert_matches(client, conn, "&category=sampah", only={"category": ["sampah"]})
    done = stats.refresh_all(conn, max_days=40)
    assert done["days"] >= 40 and done["months"] >= 1 and done["behind"] == 0
    assert len(done["runs_s"]) >= 2  # the 100 days took more than one run of 40
    assert stats.refresh(conn)["behind"] == 0
    conn.commit()
    rows = scalar(conn, "SELECT count(*) FROM report_stats WHERE period = 'm'")
    assert rows > 0
    assert_matches(client, conn)
    # A window of local days, given as dates or as times with a zone.
    assert_matches(client, conn, "&since=2026-01-01&until=2099-01-01", "2026-01-01", "2099-01-01")
    day = scalar(conn, "SELECT sigap_city_day(1, now() - interval '40 days')")
    assert_matches(client, conn, f"&since={day}T00:00:00%2B08:00", day, None)
    assert_matches(client, conn, f"&until={day}T12:00:00%2B08:00", None, day.fromordinal(day.toordinal() + 1))
    # A time inside a day counts the whole day, and the answer says which instants it counted.
    got = client.get(f"/api/v1/stats?since={day}T23:00:00%2B08:00&until={day}T23:30:00%2B08:00").get_json()
    after = day.fromordinal(day.toordinal() + 1)
    assert got["counted"] == {"since": f"{day}T00:00:00+08:00", "until": f"{after}T00:00:00+08:00"}
    assert client.get("/api/v1/stats").get_json()["counted"] == {"since": None, "until": None}

    # An operator resolves a report from two months ago: the statistics say so at once.
    old = scalar(conn, "SELECT id FROM reports WHERE status = 'submitted' AND created_at < now() - interval '60 days'"
                       " ORDER BY id LIMIT 1")
    conn.execute("UPDATE reports SET status = 'resolved', resolved_at = created_at + interval '3 hours',"
                 " first_response_at = created_at + interval '1 hour' WHERE id = %s", (old,))
    conn.commit()
    assert scalar(conn, "SELECT count(*) FROM report_stats_delta") == 2  # minus the old, plus the new
    assert_matches(client, conn)
    refresh_report_stats_now(conn)
    assert scalar(conn, "SELECT count(*) FROM report_stats_delta") == 0
    assert_matches(client, conn)


def test_a_camats_lurahs_and_agencys_statistics_are_their_own(client, conn: psycopg.Connection) -> None:
    """A camat's Statistik counts their kecamatan only, a lurah's their kelurahan, an agency
    admin's their agency (they saw the city's totals), and a planner's one category, from the
    rollup as from today's reports and the deltas of a change to an old report."""
    seed_history(client, conn)
    kel = conn.execute("SELECT public_kelurahan_id AS id FROM reports GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()
    assert kel is not None
    area = conn.execute("SELECT k.id, k.name, kc.id AS kec_id, kc.name AS kec_name FROM kelurahan k"
                        " JOIN kecamatan kc ON kc.id = k.kecamatan_id WHERE k.id = %s", (kel["id"],)).fetchone()
    assert area is not None
    agency = scalar(conn, "SELECT a.code FROM reports r JOIN agencies a ON a.id = r.agency_id"
                          " WHERE r.public_kelurahan_id = %s GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", (area["id"],))
    category = scalar(conn, "SELECT c.code FROM reports r JOIN categories c ON c.id = r.category_id"
                            " WHERE r.public_kelurahan_id = %s GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", (area["id"],))
    everything = sum(s["total"] for s in client.get("/api/v1/stats?group=agency").get_json()["stats"])
    cases = [  # (query, filters of the full scan)
        (f"&kecamatan={area['kec_name'].lower()}", {"kecamatan": area["kec_id"]}),
        (f"&kelurahan={area['id']}", {"kelurahan": area["id"]}),
        (f"&agency={agency}", {"agency": agency}),
        (f"&kecamatan={area['kec_id']}&agency={agency}", {"kecamatan": area["kec_id"], "agency": agency}),
        (f"&category={category}", {"category": [category]}),
        (f"&kelurahan={area['id']}&category={category}", {"kelurahan": area["id"], "category": [category]}),
        ("&category=sampah,parkir_liar", {"category": ["sampah", "parkir_liar"]}),  # a list, as the list takes
        ("&agency=DLH&category=parkir_liar", {"agency": "DLH", "category": ["parkir_liar"]}),  # the moved ones
    ]
    for stage in ("live", "rolled up", "with deltas"):
        if stage == "rolled up":
            refresh_report_stats_now(conn)
            assert scalar(conn, "SELECT count(*) FROM report_stats WHERE dim = 'x'") > 0
        if stage == "with deltas":  # an operator resolves an old report of the kelurahan
            old = scalar(conn, "SELECT id FROM reports WHERE status = 'submitted' AND public_kelurahan_id = %s"
                               " AND created_at < now() - interval '2 days' ORDER BY id LIMIT 1", (area["id"],))
            conn.execute("UPDATE reports SET status = 'resolved', resolved_at = created_at + interval '3 hours',"
                         " first_response_at = created_at + interval '1 hour' WHERE id = %s", (old,))
            # and another's category is corrected (no API does it yet; the rollup must follow)
            conn.execute("UPDATE reports SET category_id = (SELECT id FROM categories WHERE code = 'sampah')"
                         " WHERE id = (SELECT min(id) FROM reports WHERE category_id <> (SELECT id FROM categories"
                         " WHERE code = 'sampah') AND public_kelurahan_id = %s AND created_at < now() - interval '2 days')",
                         (area["id"],))
            conn.commit()
            assert scalar(conn, "SELECT count(*) FROM report_stats_delta") == 4
        for query, only in cases:
            assert_matches(client, conn, query, only=only)
        mine = sum(s["total"] for s in client.get(f"/api/v1/stats?group=agency&kelurahan={area['id']}").get_json()["stats"])
        assert 0 < mine < everything, stage
    # A name the city does not have is a 400 that names the city's (it counted nothing, a 200: a
    # journalist could publish "0 reports" from a typo); a code in another case is the code.
    for query, code, known in (("group=agency&kecamatan=Atlantis", "invalid_kecamatan", "Oebobo"),
                               ("group=kelurahan&agency=NOPE", "invalid_agency", "DLH"),
                               ("group=category&category=sampah,nope", "invalid_category", "sampah")):
        refused = client.get(f"/api/v1/stats?{query}")
        assert (refused.status_code, refused.get_json()["code"]) == (400, code), query
        assert known in refused.get_json()["details"]["allowed"] and "tidak dikenal" in refused.get_json()["message"]
    assert client.get("/api/v1/stats?group=agency&agency=dlh").get_json()["stats"] == \
        client.get("/api/v1/stats?group=agency&agency=DLH").get_json()["stats"] != []


def refresh_report_stats_now(conn: psycopg.Connection) -> None:
    stats.refresh(conn)
    conn.commit()


def test_a_change_racing_the_refresh_is_not_lost(client, conn: psycopg.Connection, settings: Settings) -> None:
    seed_history(client, conn, n=60)
    # A report from yesterday, still open, already past due: its day gets settled by the refresh.
    rid = scalar(conn, "SELECT id FROM reports ORDER BY id LIMIT 1")
    conn.execute("UPDATE reports SET status = 'submitted', resolved_at = NULL,"
                 " created_at = now() - interval '1 day', due_at = now() - interval '1 hour' WHERE id = %s", (rid,))
    conn.execute("UPDATE reports SET status = 'resolved', resolved_at = created_at + interval '1 hour',"
                 " due_at = created_at + interval '2 hours' WHERE due_at > now()")
    conn.commit()
    refresher = psycopg.connect(settings.database_url, row_factory=dict_row)
    stats.refresh(refresher)  # settles yesterday; the state row stays locked until commit
    finished = threading.Event()

    def resolve() -> None:  # an operator resolves the report meanwhile
        with psycopg.connect(settings.database_url) as c:
            c.execute("UPDATE reports SET status = 'resolved', resolved_at = now(), first_response_at = now()"
                      " WHERE id = %s", (rid,))
            c.commit()
        finished.set()

    t = threading.Thread(target=resolve)
    t.start()
    time.sleep(0.3)
    assert not finished.is_set(), "the change waits for the refresh that is settling its day"
    refresher.commit()
    t.join(5)
    refresher.close()
    assert finished.is_set()
    assert_matches(client, conn)
    refresh_report_stats_now(conn)
    assert_matches(client, conn)


def test_the_worker_job_refreshes_and_reschedules(client, conn: psycopg.Connection, env: Settings) -> None:
    seed_history(client, conn, n=30)
    done = refresh_report_stats()
    assert done["days"] > 0
    assert scalar(conn, "SELECT settled_before FROM report_stats_state") is not None
    assert_matches(client, conn)
    assert refresh_report_stats()["days"] == 0  # nothing new: nothing recomputed


def test_open_reports_falling_due_after_the_refresh_count_as_breached(client, conn: psycopg.Connection) -> None:
    seed_history(client, conn, n=40)
    # Yesterday's report, still open, due in two seconds: not breached when rolled up.
    rid = scalar(conn, "SELECT id FROM reports ORDER BY id LIMIT 1")
    conn.execute("UPDATE reports SET status = 'assigned', resolved_at = NULL, created_at = now() - interval '1 day',"
                 " due_at = now() + interval '2 seconds' WHERE id = %s", (rid,))
    conn.commit()
    stats.refresh(conn)
    conn.commit()
    before = {s["key"]: s["sla_breach_rate"] for s in client.get("/api/v1/stats?group=agency").get_json()["stats"]}
    assert_matches(client, conn)
    time.sleep(2.5)
    after = {s["key"]: s["sla_breach_rate"] for s in client.get("/api/v1/stats?group=agency").get_json()["stats"]}
    assert after != before, "the report fell due: its agency's breach rate went up"
    assert_matches(client, conn)
    # So do its kelurahan's and its agency's own statistics (a lurah's, an agency admin's).
    place = conn.execute("SELECT r.public_kelurahan_id AS kel, a.code, c.code AS cat FROM reports r JOIN agencies a"
                         " ON a.id = r.agency_id JOIN categories c ON c.id = r.category_id WHERE r.id = %s",
                         (rid,)).fetchone()
    assert place is not None
    assert_matches(client, conn, f"&kelurahan={place['kel']}", only={"kelurahan": place["kel"]})
    assert_matches(client, conn, f"&agency={place['code']}", only={"agency": place["code"]})
    assert_matches(client, conn, f"&category={place['cat']}", only={"category": [place["cat"]]})
    stats.refresh(conn, full_every=timedelta(0))  # the next full refresh recomputes its day
    conn.commit()
    assert_matches(client, conn)
