"""The HTTP surface of the foundation: health, reference layers, locate, errors, OpenAPI."""
from __future__ import annotations


def test_health_reports_schema_and_redis(client, conn, settings) -> None:
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["redis"] is True and body["schema_version"] == body["schema_expected"]
    assert body["model"] is True
    # a deployment without the detection model publishes no photo: said here (a deployer's walk)
    import dataclasses

    from api import create_app

    app = create_app(dataclasses.replace(settings, model_path=settings.model_path.with_name("missing.onnx")))
    try:
        without = app.test_client().get("/healthz")
        assert without.status_code == 200 and without.get_json()["model"] is False
    finally:
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
    # Code deployed without `sigap db upgrade`: not ready (it answered "ok" with 0050 pending: an admin walk)
    newest = conn.execute("SELECT max(version) AS v FROM schema_migrations").fetchone()["v"]
    conn.execute("UPDATE schema_migrations SET version = -1 WHERE version = %s", (newest,))
    conn.commit()
    try:
        behind = client.get("/healthz")
        assert behind.status_code == 503 and behind.get_json()["status"] == "migration_pending", behind.get_json()
        assert "sigap db upgrade" in behind.get_json()["message"]
    finally:
        conn.execute("UPDATE schema_migrations SET version = %s WHERE version = -1", (newest,))
        conn.commit()


def test_kelurahan_geojson(client) -> None:
    resp = client.get("/api/v1/kelurahan?simplify=0.00001")
    assert resp.status_code == 200 and resp.mimetype == "application/geo+json"
    fc = resp.get_json()
    assert len(fc["features"]) == 51
    names = {f["properties"]["name"] for f in fc["features"]}
    assert {"Oebobo", "Naioni", "Lahilai Bissi Kopan"} <= names
    lng, lat = fc["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 123.5 < lng < 123.7 and -10.3 < lat < -10.1  # (lng, lat) order
    only = client.get("/api/v1/kelurahan?kecamatan=Oebobo").get_json()
    assert len(only["features"]) == 7


def test_kecamatan_and_zones(client) -> None:
    assert len(client.get("/api/v1/kecamatan").get_json()["features"]) == 6
    zones = client.get("/api/v1/service_zones?agency=DAMKAR").get_json()["features"]
    assert len(zones) == 6 and all(z["properties"]["agency"] == "DAMKAR" for z in zones)


def test_categories_are_bilingual(client) -> None:
    cats = client.get("/api/v1/categories").get_json()["categories"]
    assert len(cats) == 14
    fire = next(c for c in cats if c["code"] == "kebakaran")
    assert (fire["name_id"], fire["name_en"], fire["agency"]) == ("Kebakaran", "Fire", "DAMKAR")


def test_locate_inside_and_outside(client) -> None:
    ok = client.get("/api/v1/locate?lng=123.5777664&lat=-10.1627254")
    assert ok.status_code == 200
    assert ok.get_json()["kecamatan"]["name"] == "Kota Lama"
    sea = client.get("/api/v1/locate?lng=123.6&lat=-10.1")
    assert sea.status_code == 422
    body = sea.get_json()
    assert body["code"] == "outside_city"
    assert "luar wilayah" in body["message"] and "outside" in body["message_en"]


def test_bad_inputs_are_clear_400s(client) -> None:
    for url, code in [("/api/v1/locate?lng=x&lat=1", "invalid_coordinates"),
                      ("/api/v1/locate?lng=123.6", "missing_coordinates"),
                      ("/api/v1/kelurahan?simplify=big", "invalid_parameter"),
                      ("/api/v1/kelurahan?simplify=5", "invalid_simplify")]:
        resp = client.get(url)
        assert resp.status_code == 400, url
        assert resp.get_json()["code"] == code, url
    missing = client.get("/api/v1/nope")
    assert missing.status_code == 404 and missing.get_json()["message"]


def test_openapi_documents_every_api_route(app, client) -> None:
    """Every /api/v1 route and method the app serves is in the OpenAPI document, and vice versa."""
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    served: set[tuple[str, str]] = set()
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if not path.startswith(("/api/v1/", "/healthz", "/tiles/", "/ogc/")) or path.endswith(("openapi.json", "/docs")):
            continue
        methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
        if "<any(" in path:  # one rule serves several documented paths
            head, rest = path.split("<any(", 1)
            options, tail = rest.split(")", 1)
            tail = tail.split(">", 1)[1]
            paths = [(head + o + tail).replace("<int:", "{").replace(">", "}") for o in options.split(", ")]
        else:
            paths = [path.replace("<int:", "{").replace("<", "{").replace(">", "}")]
        served |= {(p, m) for p in paths for m in methods}
    documented = {(p, m) for p, ops in doc["paths"].items() for m in ops}
    assert served - documented == set(), "served but not documented"
    assert documented - served == set(), "documented but not served"
    assert client.get("/api/v1/docs").status_code == 200


def test_openapi_document_is_valid_openapi_3(client) -> None:
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())


def test_input_postgres_cannot_take_is_a_400_not_a_500(client) -> None:
    """Found by schemathesis: a NUL byte in a filter used to reach PostgreSQL as a 500."""
    for url in ("/api/v1/exports/reports.geojson?category=%00W", "/api/v1/reports?agency=%00",
                "/api/v1/kelurahan?kecamatan=a%00b", "/api/v1/reports/99999999999999999999",
                "/ogc/collections/reports/items/99999999999999999999"):
        r = client.get(url)
        assert r.status_code in (400, 404), url
        assert r.get_json()["code"] != "internal_error", url


def test_openapi_declares_city_wherever_the_server_reads_it(client, conn) -> None:
    """A client generated from the document must be able to name the city: every GET that answers
    `?city=nope` with 404 city_not_found declares the `city` parameter, and only those do. Asked
    by an admin, so the staff views are probed too."""
    from tests.helpers import auth, make_user

    _, admin = make_user(conn, "admin", "admin")
    doc = client.get("/api/v1/openapi.json").get_json()
    filled = {"report_id": "1", "camera_id": "1", "layer": "reports", "z": "12", "x": "3454", "y": "2164",
              "cid": "reports", "tms": "WebMercatorQuad", "tileMatrix": "12", "tileRow": "2164", "tileCol": "3454",
              "fid": "1"}
    reads, declares = set(), set()
    for path, ops in doc["paths"].items():
        if "get" not in ops or path.endswith(("openapi.json", "/docs")):
            continue
        url = path
        for name, value in filled.items():
            url = url.replace("{" + name + "}", value)
        answer = client.get(url + "?city=nope", headers=auth(admin))
        if answer.status_code == 404 and (answer.get_json(silent=True) or {}).get("code") == "city_not_found":
            reads.add(path)
        if "city" in {p["name"] for p in ops["get"].get("parameters", [])}:
            declares.add(path)
    assert len(reads) > 20  # the probe really reaches the views
    assert sorted(reads - declares) == [], f"reads city but does not declare it: {sorted(reads - declares)}"
    assert sorted(declares - reads) == [], "declares city but ignores it"
