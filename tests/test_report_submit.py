"""Submitting a report: routing in one transaction, photos, EXIF, idempotency, bad input."""
from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from PIL import Image

from geo.hexes import AGGREGATE_RESOLUTIONS, cell_int
from tests.helpers import LLBK, auth, east_of, jpeg, make_user, submit


@pytest.fixture
def citizen(conn: psycopg.Connection, client) -> str:
    return make_user(conn, "warga")[1]


def test_submit_routes_and_indexes_the_report(client, citizen: str, conn: psycopg.Connection) -> None:
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
    # The Location names the report's city: following it reads one city's data.
    assert r.headers["Location"] == f"http://localhost/api/v1/reports/{body['id']}?city=kupang"
    assert props["city"] == "kupang"


def test_photo_public_copy_has_no_exif_and_a_thumbnail(client, citizen: str, run_jobs) -> None:
    big = jpeg(size=(2400, 1800), gps=LLBK)
    body = submit(client, citizen, photo=big).get_json()
    pending = body["report"]["properties"]
    assert pending["photo_url"] is None and pending["photos_pending"] == 1  # nothing shown before it is safe
    run_jobs()
    props = client.get(f"/api/v1/reports/{body['id']}").get_json()["properties"]
    assert props["photos_pending"] == 0
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


def test_exif_gps_used_when_location_missing(client, citizen: str) -> None:
    r = submit(client, citizen, point=None, photo=jpeg(gps=LLBK))
    assert r.status_code == 201, r.get_json()
    lng, lat = r.get_json()["report"]["geometry"]["coordinates"]
    assert abs(lng - LLBK[0]) < 1e-5 and abs(lat - LLBK[1]) < 1e-5
    none = submit(client, citizen, point=None, photo=jpeg())
    assert none.status_code == 400 and none.get_json()["code"] == "missing_location"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_accepted(client, citizen: str, fmt: str) -> None:
    assert submit(client, citizen, photo=jpeg(fmt=fmt)).status_code == 201


def _noisy_jpeg(size: tuple[int, int] = (1200, 900)) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


def test_bad_inputs_get_clear_errors_and_store_nothing(client, citizen: str, conn: psycopg.Connection) -> None:
    cases = [
        (dict(point=(123.6, -10.1)), 422, "outside_city"),
        (dict(category="bukan_kategori"), 422, "unknown_category"),
        (dict(photo=b"%PDF-1.4 not an image"), 415, "not_an_image"),
        (dict(photo=jpeg()[:200]), 415, "not_an_image"),
        (dict(photo=_noisy_jpeg()[:30_000]), 415, "not_an_image"),  # cut inside the pixel data
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


def test_decompression_bomb_is_refused(client, citizen: str) -> None:
    bomb = io.BytesIO()
    Image.new("1", (8000, 6000)).save(bomb, "PNG")  # 48 MP, a few KB on the wire
    r = submit(client, citizen, photo=bomb.getvalue())
    assert (r.status_code, r.get_json()["code"]) == (413, "photo_too_many_pixels")


def test_idempotency_key_makes_retries_safe(client, citizen: str, conn: psycopg.Connection) -> None:
    first = submit(client, citizen, key="hp-123-attempt")
    retry = submit(client, citizen, key="hp-123-attempt")
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.get_json()["id"] == first.get_json()["id"]
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1


def test_concurrent_retries_with_one_key_make_one_row(app, citizen: str, conn: psycopg.Connection) -> None:
    far = east_of(LLBK, 500)  # away from other tests' points: no auto-merge involved

    def send(_: int) -> int:
        return submit(app.test_client(), citizen, key="flaky-net", point=far).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(send, range(6)))
    assert sorted(codes) == [200] * 5 + [201]
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1


def test_people_in_citizen_photos_are_blurred(client, citizen: str, run_jobs, conn) -> None:
    """bus.jpg (shipped with Ultralytics) has four people: their boxes lose their detail."""
    import importlib.util
    from pathlib import Path

    import numpy as np

    assets = Path(importlib.util.find_spec("ultralytics").submodule_search_locations[0]) / "assets"  # type: ignore[union-attr,index]
    original = (assets / "bus.jpg").read_bytes()
    rid = submit(client, citizen, photo=original).get_json()["id"]
    run_jobs()
    props = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]
    public = np.asarray(Image.open(io.BytesIO(client.get(props["photo_url"]).data)).convert("L"), dtype=float)
    source = np.asarray(Image.open(io.BytesIO(original)).convert("L"), dtype=float)
    assert public.shape == source.shape  # 810x1080 stays below the 1600 px cap

    def detail(img: np.ndarray, box: tuple[int, int, int, int]) -> float:
        x1, y1, x2, y2 = box
        patch = img[y1:y2, x1:x2]
        return float(np.abs(np.diff(patch, axis=0)).mean() + np.abs(np.diff(patch, axis=1)).mean())

    person = (60, 420, 230, 880)      # the man on the left (reference box 46,401,243,903)
    background = (300, 250, 700, 380)  # the bus's windows, not a person
    assert detail(public, person) < 0.35 * detail(source, person)
    assert detail(public, background) > 0.7 * detail(source, background)
    row = conn.execute("SELECT blurred_regions FROM photos WHERE report_id = %s", (rid,)).fetchone()
    assert row["blurred_regions"] >= 4


def _browser_body(fields: dict[str, str], photo: bytes, boundary: str) -> bytes:
    """multipart/form-data as browsers and phone HTTP stacks write it (RFC 7578)."""
    out = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode()
                   + v.encode() + b"\r\n" for k, v in fields.items())
    out += (f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="foto.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n").encode() + photo + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


@pytest.mark.parametrize("photo_size", [(640, 480), (3000, 2000)])  # under and over the fast-parser limit
def test_browser_multipart_small_and_large(client, citizen: str, conn: psycopg.Connection,
                                           photo_size: tuple[int, int]) -> None:
    photo = _noisy_jpeg(photo_size)  # noise: a large file
    boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    description = "Sampah menumpuk — dekat pasar\r\nbaris kedua"
    body = _browser_body({"category": "sampah", "description": description, "accuracy": "",
                          "lng": str(LLBK[0]), "lat": str(LLBK[1])}, photo, boundary)
    r = client.post("/api/v1/reports", data=body, headers={
        **auth(citizen), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 201, r.get_json()
    row = conn.execute("SELECT r.description, p.width, p.height FROM reports r JOIN photos p ON p.report_id = r.id "
                       "WHERE r.id = %s", (r.get_json()["id"],)).fetchone()
    assert (row["description"], row["width"], row["height"]) == (description, *photo_size)
    assert (len(body) > 1024 * 1024) == (photo_size[0] > 1000)  # the large one takes Werkzeug's path


def test_cells_without_a_hexagon_are_registered_on_submit(client, citizen: str,
                                                          conn: psycopg.Connection) -> None:
    """Reference loading registers the city's hexagons; a cell it missed (here: removed) is
    added by the submission that first needs it, with the same polygon h3 gives."""
    point = east_of(LLBK, 900)
    cells = [cell_int(*point, r) for r in AGGREGATE_RESOLUTIONS]
    conn.execute("DELETE FROM h3_cells WHERE cell = ANY(%s)", (cells[-2:],))
    conn.commit()
    assert submit(client, citizen, point=point).status_code == 201
    rows = conn.execute("SELECT cell, res, ST_Contains(geom, ST_SetSRID(ST_MakePoint(%s, %s), 4326)) AS holds"
                        " FROM h3_cells WHERE cell = ANY(%s) ORDER BY res", (*point, cells)).fetchall()
    assert [(r["cell"], r["res"], r["holds"]) for r in rows] == [(c, r, True) for c, r in zip(cells, AGGREGATE_RESOLUTIONS)]


def test_wrong_types_and_bad_text_are_clear_400s_and_store_nothing(client, conn) -> None:
    """A JSON body with numbers where text belongs, text where numbers belong, or bytes that
    are not UTF-8 in a form field: each a 400 naming the problem, never a 500, nothing stored."""
    import io

    from tests.helpers import LLBK, auth, jpeg, make_user

    _, token = make_user(conn, "warga")
    h = auth(token)
    cases = [
        ({"category": "sampah", "lng": 123.57, "lat": -10.16}, "photo_required"),
        ({"category": "sampah", "lng": True, "lat": -10.16}, "invalid_coordinates"),
        ({"category": "sampah", "lng": [1], "lat": -10.16}, "invalid_coordinates"),
        ({"category": 7, "lng": 123.57, "lat": -10.16}, "invalid_category"),
        ({"category": "sampah", "description": {"a": 1}}, "invalid_description"),
        ({"category": "sampah", "accuracy": "jauh"}, "invalid_accuracy"),
    ]
    for body, code in cases:
        r = client.post("/api/v1/reports", json=body, headers=h)
        assert (r.status_code, r.get_json()["code"]) == (400, code), body
    for body, code in [({"to": 5}, "invalid_to"), ({"to": "closed", "rating": 4.5}, "invalid_number"),
                       ({"to": "closed", "rating": True}, "invalid_number"), ({"to": "closed", "note": []}, "invalid_note")]:
        r = client.post("/api/v1/reports/1/transitions", json=body, headers=h)
        assert (r.status_code, r.get_json()["code"]) == (400, code), body
    # Latin-1 bytes where UTF-8 belongs, through both multipart parsers (small and large bodies)
    import os

    from PIL import Image

    noisy = io.BytesIO()
    Image.frombytes("RGB", (1200, 900), os.urandom(1200 * 900 * 3)).save(noisy, "JPEG", quality=95)
    assert len(noisy.getvalue()) > 1024 * 1024  # past the fast parser: Werkzeug's path
    for photo in (jpeg(), noisy.getvalue()):
        boundary = "sigapboundary"
        parts = [(b'Content-Disposition: form-data; name="category"', b"sampah"),
                 (b'Content-Disposition: form-data; name="lng"', str(LLBK[0]).encode()),
                 (b'Content-Disposition: form-data; name="lat"', str(LLBK[1]).encode()),
                 (b'Content-Disposition: form-data; name="description"',
                  "Sampah di depan rumah Bu Sri \u2014 caf\xe9".encode("latin-1", "replace")),
                 (b'Content-Disposition: form-data; name="photo"; filename="f.jpg"\r\nContent-Type: image/jpeg', photo)]
        body = b"".join(b"--" + boundary.encode() + b"\r\n" + head + b"\r\n\r\n" + value + b"\r\n"
                        for head, value in parts) + b"--" + boundary.encode() + b"--\r\n"
        r = client.post("/api/v1/reports", data=io.BytesIO(body), headers=h,
                        content_type=f"multipart/form-data; boundary={boundary}", content_length=len(body))
        assert (r.status_code, r.get_json()["code"]) == (400, "invalid_utf8"), (len(photo), r.get_json())
        assert "description" in r.get_json()["message_en"]
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 0
