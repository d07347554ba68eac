"""Reports merged into a report that was itself merged later. A chain (35 into 36, then 36 into 37)
left 35 pointing at 36: withholding 37, or moving it into a confidential category, followed only
36, and 35 kept its exact place and words on the map, the lists, OGC and Open311, 22 m from a
missing person's true point (a privacy review). A merge now points them at the kept report;
migration 0057 repairs the chains and the duplicates a move left behind."""
from __future__ import annotations

from pathlib import Path

from geo.migrations import STEPS
from tests.helpers import LLBK, auth, east_of, make_user, submit

MIGRATION = Path(__file__).parents[1] / "sql" / "migrations" / "0057_duplicates_one_level.sql"


def _public(client, rid: int) -> dict:
    return client.get(f"/api/v1/reports/{rid}").get_json()


def test_a_chain_of_merges_follows_the_report_kept(client, conn, run_jobs) -> None:
    _, operator = make_user(conn, "operator", "operator")
    people = [make_user(conn, f"warga{i}")[1] for i in range(3)]
    first, middle, kept = (submit(client, who, point=east_of(LLBK, 20 * i), description=f"Anak hilang {i}").get_json()["id"]
                           for i, who in enumerate(people))
    run_jobs()
    for dup, into in ((first, middle), (middle, kept)):
        r = client.post(f"/api/v1/reports/{dup}/merge", json={"into": into}, headers=auth(operator))
        assert r.status_code == 200, r.get_json()
    assert _public(client, first)["properties"]["duplicate_of"] == kept  # was the middle one
    # the first report's photo is the kept one's now, still linked from its own timeline (never
    # another report's photo: only its own)
    linked = [e["photo_url"] for e in _public(client, first)["properties"]["timeline"] if e["photo_url"]]
    first_photo = next(p["url"] for p in _public(client, kept)["properties"]["photos"] if p["from_report"] == first)
    assert linked == [first_photo]
    assert len(_public(client, kept)["properties"]["photos"]) == 3

    assert client.patch(f"/api/v1/reports/{kept}", json={"withheld": True}, headers=auth(operator)).status_code == 200
    for rid in (first, middle, kept):
        p = _public(client, rid)["properties"]
        assert (p["withheld"], p["description"]) == (True, None), rid
    assert client.patch(f"/api/v1/reports/{kept}", json={"withheld": False}, headers=auth(operator)).status_code == 200

    moved = client.patch(f"/api/v1/reports/{kept}", json={"category": "orang_hilang"}, headers=auth(operator))
    assert moved.status_code == 200, moved.get_json()
    for rid in (first, middle, kept):
        public = _public(client, rid)
        p = public["properties"]
        assert (p["category"], p["description"], p["photos"]) == ("orang_hilang", None, []), rid
        assert public["geometry"]["coordinates"] != list(LLBK), rid  # an r8 centre, not the point
    assert _public(client, first)["geometry"] == _public(client, kept)["geometry"]
    item = client.get(f"/ogc/collections/reports/items/{first}").get_json()
    centre = _public(client, kept)["geometry"]["coordinates"]
    assert item["properties"]["description"] is None
    assert [round(v, 6) for v in item["geometry"]["coordinates"]] == [round(v, 6) for v in centre]


def test_migration_0057_mends_chains_and_duplicates_a_move_left_behind(client, conn, run_jobs) -> None:
    """As the dev database had them: a missing child's report moved into a confidential category
    before moves took duplicates along (one merged into it kept its exact point and words), and a
    chain made before merges pointed at the report kept."""
    _, operator = make_user(conn, "operator", "operator")
    people = [make_user(conn, f"warga{i}")[1] for i in range(3)]
    first, middle, kept = (submit(client, who, point=east_of(LLBK, 30 * i)).get_json()["id"]
                           for i, who in enumerate(people))
    for dup in (first, middle):
        assert client.post(f"/api/v1/reports/{dup}/merge", json={"into": kept}, headers=auth(operator)).status_code == 200
    assert client.patch(f"/api/v1/reports/{kept}", json={"category": "orang_hilang"},
                        headers=auth(operator)).status_code == 200
    # the old state, made by hand: a chain through the middle one, a duplicate left in its category,
    # and a withholding that reached only the middle one
    conn.execute("UPDATE reports SET duplicate_of = %s WHERE id = %s", (middle, first))
    conn.execute("UPDATE reports r SET category_id = c.id, public_geom = r.geom FROM categories c "
                 "WHERE c.code = 'sampah' AND c.city_id = r.city_id AND r.id = %s", (first,))
    conn.execute("UPDATE reports SET withheld_at = now() WHERE id IN (%s, %s)", (kept, middle))
    conn.commit()
    leak = _public(client, first)
    assert leak["properties"]["category"] == "sampah" and leak["geometry"]["coordinates"] == list(LLBK)

    conn.execute(MIGRATION.read_text())
    STEPS[57](conn)  # its Python half, as `sigap db upgrade` runs it after the file
    conn.commit()
    public = _public(client, first)
    p = public["properties"]
    assert (p["duplicate_of"], p["category"], p["withheld"], p["description"]) == (kept, "orang_hilang", True, None)
    assert public["geometry"] == _public(client, kept)["geometry"]
    timeline = client.get(f"/api/v1/reports/{first}", headers=auth(operator)).get_json()["properties"]["timeline"]
    assert timeline[-1]["event"] == "category" and "Orang Hilang" in timeline[-1]["note"]
    before = conn.execute("SELECT count(*) AS n FROM report_events").fetchone()["n"]
    STEPS[57](conn)  # again: nothing left to move
    assert conn.execute("SELECT count(*) AS n FROM report_events").fetchone()["n"] == before


def test_a_confidential_reports_reporter_sees_their_own_photos_not_those_merged_in(client, conn, run_jobs) -> None:
    """A missing child reported by the family and by a stranger at the terminal, merged: the
    family saw the stranger's photo by a signed link (a privacy review). Staff see both."""
    _, operator = make_user(conn, "operator", "operator")
    _, family = make_user(conn, "keluarga")
    _, stranger = make_user(conn, "orang.lain")
    # the stranger's first: their photo comes first by number
    dup = submit(client, stranger, category="orang_hilang", point=east_of(LLBK, 40)).get_json()["id"]
    kept = submit(client, family, category="orang_hilang", point=LLBK).get_json()["id"]
    run_jobs()
    assert client.post(f"/api/v1/reports/{dup}/merge", json={"into": kept}, headers=auth(operator)).status_code == 200
    own = client.get(f"/api/v1/reports/{kept}", headers=auth(family)).get_json()["properties"]
    assert [p["from_report"] for p in own["photos"]] == [None] and own["photos_pending"] == 0, own["photos"]
    assert own["photo_url"] == own["photos"][0]["url"]
    staff = client.get(f"/api/v1/reports/{kept}", headers=auth(operator)).get_json()["properties"]
    assert sorted(p["from_report"] or 0 for p in staff["photos"]) == [0, dup]
    # the stranger's report says where it went; its photo is the kept one's now, seen by staff only
    theirs = client.get(f"/api/v1/reports/{dup}", headers=auth(stranger)).get_json()["properties"]
    assert theirs["duplicate_of"] == kept and theirs["photos"] == []
    assert [e["photo_url"] for e in theirs["timeline"] if e["photo_url"]][0].count("&sig=") == 1  # their own, signed
    # the family's list ("Laporan saya") shows their own photo, not the stranger's (first by number)
    mine = client.get("/api/v1/reports?mine=true", headers=auth(family)).get_json()["features"]
    assert next(f for f in mine if f["id"] == kept)["properties"]["photo_url"].split("?")[0] == own["photo_url"].split("?")[0]
