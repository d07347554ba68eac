"""The public transparency figures per agency: the counts, shares and medians a resident reads
on /transparansi, exact against the reports planted; agencies by name, no personal data."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from tests.helpers import KUPANG_TZ, LLBK, east_of, plant_reports


def test_public_performance_per_agency(client, conn, env) -> None:
    import api.performance

    api.performance._cached.clear()
    now = datetime.now(KUPANG_TZ)
    made = now - timedelta(days=40)

    def at(i: int) -> tuple[float, float]:
        return east_of(LLBK, 60 * i)

    rows = [  # Dinas Lingkungan Hidup (sampah, SLA 48 h): 3 fixed in time, 1 overdue, 1 rejected
        *({"lng": at(i)[0], "lat": at(i)[1], "category": "sampah", "created": made, "resolved": made + timedelta(hours=h)}
          for i, h in ((1, 10), (2, 20), (3, 30))),
        {"lng": at(4)[0], "lat": at(4)[1], "category": "sampah", "created": made},
        {"lng": at(5)[0], "lat": at(5)[1], "category": "sampah", "created": made, "status": "rejected"},
        # Dinas Kebakaran (kebakaran, SLA 1 h): one fire, handled in 3 hours: late
        {"lng": at(6)[0], "lat": at(6)[1], "category": "kebakaran", "created": made, "resolved": made + timedelta(hours=3)},
        # Dinas Perhubungan: congestion (SLA 2 h) cleared in 1 h; two illegal parkings (4 h) never handled
        {"lng": at(7)[0], "lat": at(7)[1], "category": "kemacetan", "created": made, "resolved": made + timedelta(hours=1)},
        *({"lng": at(i)[0], "lat": at(i)[1], "category": "parkir_liar", "created": made} for i in (8, 9)),
    ]
    assert plant_reports(conn, rows) == 9
    resp = client.get("/api/v1/performance")
    assert resp.status_code == 200 and "public" in resp.headers["Cache-Control"]
    body = resp.get_json()
    assert len(body["months"]) == 12 and body["months"][-1] == now.strftime("%Y-%m")
    names = [a["name"] for a in body["agencies"]]
    assert names == sorted(names), "listed by name, not ranked"
    dlh = next(a for a in body["agencies"] if a["code"] == "DLH")
    assert dlh["total"] == 5 and dlh["resolved_share"] == 0.75 and dlh["sla_breach_rate"] == 0.25
    assert abs(dlh["median_resolution_h"] - 20) <= 2  # histogram medians: within ~10 %
    month = made.strftime("%Y-%m")
    assert next(t for t in dlh["trend"] if t["month"] == month)["total"] == 5
    assert sum(t["total"] for t in dlh["trend"]) == 5
    fire = next(a for a in body["agencies"] if a["code"] == "DAMKAR")
    assert fire["sla_breach_rate"] == 1.0 and fire["resolved_share"] == 1.0
    # Per category, as each has its own deadline; names in both languages.
    assert [(c["code"], c["total"], c["resolved_share"], c["sla_breach_rate"]) for c in dlh["categories"]] == [
        ("sampah", 5, 0.75, 0.25)]
    assert [(c["name"], c["name_en"], c["total"]) for c in fire["categories"]] == [("Kebakaran", "Fire", 1)]
    assert dlh["name_en"] == "Environment Agency"
    dishub = next(a for a in body["agencies"] if a["code"] == "DISHUB")  # its one rate hides which kind is late
    assert dishub["sla_breach_rate"] == round(2 / 3, 3)
    assert [(c["code"], c["total"], c["sla_breach_rate"]) for c in dishub["categories"]] == [
        ("parkir_liar", 2, 1.0), ("kemacetan", 1, 0.0)]  # busiest first
    assert len(body["caveats"]) >= 4 and all(c["id"] and c["en"] for c in body["caveats"])
    keys = set(json.dumps([sorted(a) + sorted(a["trend"][0]) + sorted(a["categories"][0]) for a in body["agencies"]])
               .lower().split('"'))
    assert not keys & {"reporter_id", "assignee_id", "responder", "email", "phone", "rank", "full_name"}


def test_a_residents_kecamatan(client, conn, env) -> None:
    """/transparansi for one kecamatan (a resident asks how the agencies serve where they live):
    only its reports count; the city's kecamatan are listed to choose from; another is a 400."""
    import api.performance

    api.performance._cached.clear()
    made = datetime.now(KUPANG_TZ) - timedelta(days=10)
    alak = conn.execute("SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p"
                        " FROM kecamatan WHERE name = 'Alak') s").fetchone()
    rows = [{"lng": LLBK[0], "lat": LLBK[1], "category": "sampah", "created": made},  # Kec. Kota Lama
            {"lng": alak["lng"], "lat": alak["lat"], "category": "sampah", "created": made},
            {"lng": alak["lng"], "lat": alak["lat"], "category": "kebakaran", "created": made}]
    assert plant_reports(conn, rows) == 3

    def totals(query: str = "") -> dict[str, int]:
        return {a["code"]: a["total"] for a in client.get(f"/api/v1/performance{query}").get_json()["agencies"]}

    assert totals() == {"DLH": 2, "DAMKAR": 1}
    body = client.get("/api/v1/performance?kecamatan=alak").get_json()
    assert {a["code"]: a["total"] for a in body["agencies"]} == {"DLH": 1, "DAMKAR": 1}
    assert body["kecamatan"]["name"] == "Alak" and len(body["areas"]) == 6
    assert totals(f"?kecamatan={body['kecamatan']['id']}") == {"DLH": 1, "DAMKAR": 1}  # by id, as the page asks
    assert totals("?kecamatan=Kota%20Lama") == {"DLH": 1}
    bad = client.get("/api/v1/performance?kecamatan=Atlantis")
    assert (bad.status_code, bad.get_json()["code"]) == (400, "unknown_kecamatan")
