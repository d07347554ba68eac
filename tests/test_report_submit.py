"""Submitting a report: routing in one transaction, photos, EXIF, idempotency, bad input."""
from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from PIL import Image

from geo.hexes import cell_int
from tests.helpers import LLBK, auth, east_of, jpeg, make_user, submit


@pytest.fixture
def citizen(conn: psycopg.Connection, client) -> str:  # type: ignore[no-untyped-def]
    return make_user(conn, "warga")[1]


def test_submit_routes_and_indexes_the_report(client, citizen: str, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    r = submit(client, citizen, category="kebakaran", description="Api di gudang")
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    props = body["report"]["properties"]
    assert (props["status"], props["priority"], props["agency"]) == ("submitted", "urgent", "DAMKAR")
    assert (props["kelurahan"], props["kecamatan"], props["zone"]) == (
        "Lahilai Bissi Kopan", "Kota Lama", "DAMKAR Kota Lama")
    assert body["report"]["geometry"]["coordinates"] == list(LLBK)
    row = conn.execute("SELECT h3_r8, h3_r11, due_at - created_at AS sla FROM reports WHERE id = %s",
                       (body["id"],)).fetchone()
    assert row["h3_r8"] == cell_int(*LLBK, 8) and row["h3_r11"] == cell_int(*LLBK, 11)
    assert row["sla"].total_seconds() == 3600  # kebakaran: 1 hour
    events = [e["event"] for e in props["timeline"]]
    assert events == ["created"] and "DAMKAR" in props["timeline"][0]["note"]
    assert r.headers["Location"] == f"/api/v1/reports/{body['id']}"


def test_photo_public_copy_has_no_exif_and_a_thumbnail(client, citizen: str) -> None:  # type: ignore[no-untyped-def]
    big = jpeg(size=(2400, 1800), gps=LLBK)
    props = submit(client, citizen, photo=big).get_json()["report"]["properties"]
    public = client.get(props["photo_url"])
    thumb = client.get(props["thumb_url"])
    assert public.status_code == 200 and public.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(public.data)) as img:
        assert len(img.getexif()) == 0 and max(img.size) == 1600
    with Image.open(io.BytesIO(thumb.data)) as img:
        assert max(img.size) == 320
    assert b"SIGAP-TestCam" not in public.data
    original = props["photo_url"].replace("public.jpg", "original.jpg")
    assert client.get(original).status_code == 404  # originals are never served


def test_exif_gps_used_when_location_missing(client, citizen: str) -> None:  # type: ignore[no-untyped-def]
    r = submit(client, citizen, point=None, photo=jpeg(gps=LLBK))
    assert r.status_code == 201, r.get_json()
    lng, lat = r.get_json()["report"]["geometry"]["coordinates"]
    assert abs(lng - LLBK[0]) < 1e-5 and abs(lat - LLBK[1]) < 1e-5
    none = submit(client, citizen, point=None, photo=jpeg())
    assert none.status_code == 400 and none.get_json()["code"] == "missing_location"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_accepted(client, citizen: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    assert submit(client, citizen, photo=jpeg(fmt=fmt)).status_code == 201


def test_bad_inputs_get_clear_errors_and_store_nothing(client, citizen: str, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    cases = [
        (dict(point=(123.6, -10.1)), 422, "outside_city"),
        (dict(category="bukan_kategori"), 422, "unknown_category"),
        (dict(photo=b"%PDF-1.4 not an image"), 415, "not_an_image"),
        (dict(photo=jpeg()[:200]), 415, "not_an_image"),
        (dict(photo=b"\xff" * (10 * 1024 * 1024 + 10)), 413, "photo_too_large"),
        (dict(category=""), 400, "category_required"),
        (dict(point=("x", "y")), 400, "invalid_coordinates"),
    ]
    for kwargs, status, code in cases:
        r = submit(client, citizen, **kwargs)
        assert (r.status_code, r.get_json()["code"]) == (status, code), kwargs.keys()
        assert r.get_json()["message"] and r.get_json()["message_en"]
    no_photo = client.post("/api/v1/reports", data={"category": "sampah", "lng": "123.57", "lat": "-10.16"},
                           headers=auth(citizen))
    assert no_photo.get_json()["code"] == "photo_required"
    anon = client.post("/api/v1/reports", data={"category": "sampah"})
    assert anon.status_code == 401
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 0


def test_decompression_bomb_is_refused(client, citizen: str) -> None:  # type: ignore[no-untyped-def]
    bomb = io.BytesIO()
    Image.new("1", (8000, 6000)).save(bomb, "PNG")  # 48 MP, a few KB on the wire
    r = submit(client, citizen, photo=bomb.getvalue())
    assert (r.status_code, r.get_json()["code"]) == (413, "photo_too_many_pixels")


def test_idempotency_key_makes_retries_safe(client, citizen: str, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    first = submit(client, citizen, key="hp-123-attempt")
    retry = submit(client, citizen, key="hp-123-attempt")
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.get_json()["id"] == first.get_json()["id"]
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1


def test_concurrent_retries_with_one_key_make_one_row(app, citizen: str, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    far = east_of(LLBK, 500)  # away from other tests' points: no auto-merge involved

    def send(_: int) -> int:
        return submit(app.test_client(), citizen, key="flaky-net", point=far).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(send, range(6)))
    assert sorted(codes) == [200] * 5 + [201]
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1
