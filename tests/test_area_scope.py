"""A camat acts within their kecamatan and a lurah within their kelurahan. Two walks found a lurah
of Fatululi changing the priority of a report in Liliba (200), a camat of Oebobo one in Kota Lama,
and every lurah reading every reporter's phone number and every missing person's exact point in
the city. Outside their area they read a report as other staff of the city without it do (as the
public, for a confidential one), and acting there is 403 other_area; the city's operators and
admins act everywhere."""
from __future__ import annotations

import psycopg

from tests.helpers import LLBK, auth, make_user, submit

MERDEKA = (123.58619, -10.16095)  # Kota Lama, the next kelurahan to Lahilai Bissi Kopan (LLBK)
NAMOSAIN = (123.55466, -10.17591)  # Alak, another kecamatan


def test_camat_and_lurah_act_within_their_area_only(client, conn: psycopg.Connection) -> None:
    _, citizen = make_user(conn, "warga")
    _, lurah = make_user(conn, "lurah", "operator", kelurahan="Lahilai Bissi Kopan")
    _, camat = make_user(conn, "camat", "operator", kecamatan="Kota Lama")
    _, city = make_user(conn, "operator", "operator")
    own = submit(client, citizen, point=LLBK).get_json()["id"]
    next_door = submit(client, make_user(conn, "warga2")[1], point=MERDEKA).get_json()["id"]
    missing = submit(client, make_user(conn, "keluarga")[1], category="orang_hilang", point=NAMOSAIN).get_json()["id"]

    def priority(token: str, rid: int) -> tuple[int, str | None]:
        r = client.patch(f"/api/v1/reports/{rid}", json={"priority": "high"}, headers=auth(token))
        return r.status_code, (r.get_json() or {}).get("code")

    assert priority(lurah, own)[0] == 200
    assert priority(lurah, next_door) == (403, "other_area")
    assert priority(camat, next_door)[0] == 200  # the kecamatan's, another kelurahan
    assert priority(camat, missing) == (403, "other_area")
    assert priority(city, missing)[0] == 200
    for url, body in ((f"/api/v1/reports/{next_door}/transitions", {"to": "verified"}),
                      (f"/api/v1/reports/{own}/merge", {"into": next_door})):
        r = client.post(url, json=body, headers=auth(lurah))
        assert (r.status_code, r.get_json()["code"]) == (403, "other_area"), url
    for url in (f"/api/v1/reports/{next_door}/nearest-responders", f"/api/v1/reports/{next_door}/similar"):
        r = client.get(url, headers=auth(lurah))
        assert (r.status_code, r.get_json()["code"]) == (403, "other_area"), url
    conn.rollback()
    assert conn.execute("SELECT status FROM reports WHERE id = %s", (next_door,)).fetchone()["status"] == "submitted"

    # Reading: their own area's reports in full; elsewhere as the city's other staff read them.
    mine = client.get(f"/api/v1/reports/{own}", headers=auth(lurah)).get_json()["properties"]
    assert mine["handled"] is True and mine["reporter"]["email"] == "warga@example.id"
    theirs = client.get(f"/api/v1/reports/{missing}", headers=auth(lurah)).get_json()
    assert theirs["properties"]["handled"] is False and "reporter" not in theirs["properties"]
    assert theirs["properties"]["location_coarsened"] is True and theirs["properties"]["description"] is None
    assert theirs["geometry"]["coordinates"] != list(NAMOSAIN)
    listed = {f["id"]: f for f in client.get("/api/v1/reports?limit=10", headers=auth(lurah)).get_json()["features"]}
    assert "reporter_id" in listed[own]["properties"] and "reporter_id" not in listed[missing]["properties"]
    assert listed[missing]["properties"]["location_coarsened"] is True
    # the city's operator: in full everywhere
    full = client.get(f"/api/v1/reports/{missing}", headers=auth(city)).get_json()
    assert full["properties"]["handled"] is True and full["geometry"]["coordinates"] == list(NAMOSAIN)


def test_a_lurah_s_merge_suggestions_stay_in_their_kelurahan(client, conn: psycopg.Connection) -> None:
    """Two piles 22 m apart across the Lahilai Bissi Kopan / Fatufeto line: the city's operator is
    offered the other as a possible duplicate; the lurah was too (a merge then refused, and an
    exact distance to a report they may not read in full), and now is not."""
    ours, theirs = (123.575814, -10.162977), (123.575614, -10.162977)  # Kota Lama | Alak
    _, lurah = make_user(conn, "lurah", "operator", kelurahan="Lahilai Bissi Kopan")
    _, city = make_user(conn, "operator", "operator")
    own = submit(client, make_user(conn, "warga")[1], point=ours).get_json()["id"]
    other = submit(client, make_user(conn, "warga2")[1], point=theirs).get_json()["id"]
    offered = lambda token: [r["id"] for r in client.get(  # noqa: E731
        f"/api/v1/reports/{own}/similar", headers=auth(token)).get_json()["reports"]]
    assert offered(city) == [other]
    assert offered(lurah) == []


def test_an_operator_working_for_one_agency_asks_nothing_of_anothers_reports(client, conn: psycopg.Connection) -> None:
    """An operator account tied to DLH read exact distances around a DINSOS missing-person report
    through "Mungkin sama" (only agency admins were held to their agency; a privacy review)."""
    _, warga = make_user(conn, "warga")
    _, dlh_operator = make_user(conn, "operator.dlh", "operator", "DLH")
    child = submit(client, warga, category="orang_hilang", point=LLBK).get_json()["id"]
    garbage = submit(client, warga, point=LLBK).get_json()["id"]
    refused = client.get(f"/api/v1/reports/{child}/similar", headers=auth(dlh_operator))
    assert (refused.status_code, refused.get_json()["code"]) == (403, "other_agency")
    assert client.get(f"/api/v1/reports/{garbage}/similar", headers=auth(dlh_operator)).status_code == 200
