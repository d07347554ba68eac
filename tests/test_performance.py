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
    ]
    assert plant_reports(conn, rows) == 6
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
    assert len(body["caveats"]) >= 4 and all(c["id"] and c["en"] for c in body["caveats"])
    keys = set(json.dumps([sorted(a) + sorted(a["trend"][0]) for a in body["agencies"]]).lower().split('"'))
    assert not keys & {"reporter_id", "assignee_id", "responder", "email", "phone", "rank", "full_name"}
