"""OGC API – Tiles: tile matrix set, tileset lists and metadata, tiles, read by GDAL's OGCAPI driver."""
from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import urlsplit

import mapbox_vector_tile
import pytest

from tests.helpers import LLBK, east_of, make_user, submit
from tiles.tilemath import tile_of


def test_tileset_documents_lead_to_the_same_tiles(client, conn) -> None:
    _, citizen = make_user(conn, "warga")
    rid = submit(client, citizen).get_json()["id"]
    conformance = client.get("/ogc/conformance").get_json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt" in conformance
    tms = client.get("/ogc/tileMatrixSets/WebMercatorQuad").get_json()
    z16 = tms["tileMatrices"][16]
    assert z16["matrixWidth"] == 65536 and abs(z16["cellSize"] - 2.388657133911758) < 1e-9
    assert client.get("/ogc/tileMatrixSets/WorldCRS84Quad").status_code == 404
    coll = client.get("/ogc/collections/reports").get_json()
    vt = [lk for lk in coll["links"] if lk["rel"].endswith("tilesets-vector")]
    assert vt and vt[0]["href"].endswith("/ogc/collections/reports/tiles")
    sets = client.get("/ogc/collections/reports/tiles").get_json()["tilesets"]
    assert [s["dataType"] for s in sets] == ["vector"]
    ts = client.get("/ogc/collections/reports/tiles/WebMercatorQuad").get_json()
    item = next(lk for lk in ts["links"] if lk["rel"] == "item")
    assert item["type"] == "application/vnd.mapbox-vector-tile" and item["templated"]
    x, y = tile_of(*LLBK, 16)
    limits = next(m for m in ts["tileMatrixSetLimits"] if m["tileMatrix"] == "16")
    assert limits["minTileCol"] <= x <= limits["maxTileCol"] and limits["minTileRow"] <= y <= limits["maxTileRow"]
    url = item["href"].replace("{tileMatrix}", "16").replace("{tileRow}", str(y)).replace("{tileCol}", str(x))
    ogc = client.get(urlsplit(url).path)
    xyz = client.get(f"/tiles/reports/16/{x}/{y}.mvt")
    assert ogc.status_code == 200 and ogc.data == xyz.data and ogc.headers["ETag"] == xyz.headers["ETag"]
    decoded = mapbox_vector_tile.decode(ogc.data)
    assert [f["id"] for f in decoded["reports"]["features"]] == [rid]
    # The declared types are the tile's: created_at is epoch seconds (it was declared a string), and
    # every property of a tile's feature is declared, "cat_sampah" by its pattern.
    schema = ts["layers"][0]["propertiesSchema"]
    assert schema["properties"]["created_at"] == {"type": "number", "description": "epoch s"}
    assert schema["properties"]["aggregated"]["type"] == "boolean" and "cat_<category>" not in schema["properties"]
    z12 = mapbox_vector_tile.decode(client.get("/tiles/reports/12/{}/{}.mvt".format(*tile_of(*LLBK, 12))).data)
    for props in [f["properties"] for f in decoded["reports"]["features"] + z12["reports"]["features"]]:
        for k, v in props.items():
            declared = schema["properties"].get(k) or next(
                d for p, d in schema["patternProperties"].items() if re.match(p, k))
            assert declared["type"] == {bool: "boolean", int: "number", float: "number", str: "string"}[type(v)], k
    assert client.get(f"/ogc/collections/reports/tiles/WebMercatorQuad/16/{x}/999999999").status_code == 400


def test_a_client_following_the_links_gets_tiles_gdal_can_read(live: str, client, conn, tmp_path) -> None:
    """Landing page -> collection -> tilesets-vector -> tileset -> item template -> tile, over real
    HTTP, and GDAL's MVT driver decodes that tile. (GDAL 3.6's experimental OGCAPI driver, in
    Debian 12, fetches these documents but opens no layer from them; newer GDAL reads TMS 2.0.)"""
    import json
    import urllib.request

    if shutil.which("ogrinfo") is None:
        pytest.fail("gdal-bin is part of the set-up (bin/sigap-dev); ogrinfo is missing")
    _, citizen = make_user(conn, "warga")
    for i in range(3):
        submit(client, citizen, point=east_of(LLBK, 400 * i))

    def get(url: str) -> dict:
        with urllib.request.urlopen(url, timeout=30) as r:
            return json.loads(r.read())

    def link(doc: dict, rel: str) -> dict:
        return next(lk for lk in doc["links"] if lk["rel"] == rel)

    landing = get(f"{live}/ogc/")
    assert get(link(landing, "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes")["href"])["tileMatrixSets"]
    coll = next(c for c in get(link(landing, "data")["href"])["collections"] if c["id"] == "kelurahan")
    sets = get(link(coll, "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector")["href"])
    tileset = get(link(sets["tilesets"][0], "self")["href"])
    tms = get(link(tileset, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme")["href"])
    assert tms["id"] == "WebMercatorQuad" and tms["crs"].endswith("EPSG/0/3857")
    x, y = tile_of(*LLBK, 14)
    url = (link(tileset, "item")["href"].replace("{tileMatrix}", "14").replace("{tileRow}", str(y))
           .replace("{tileCol}", str(x)))
    path = tmp_path / "tile.mvt"
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.headers["Content-Type"] == "application/vnd.mapbox-vector-tile"
        path.write_bytes(r.read())
    out = subprocess.run(["ogrinfo", "-ro", "-al", "-q", "-oo", f"X={x}", "-oo", f"Y={y}", "-oo", "Z=14",
                          f"MVT:{path}"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "OGRFeature(kelurahan)" in out.stdout and "name (String) = Lahilai Bissi Kopan" in out.stdout
