"""GIS staff's read-only PostGIS access: the gis views answer, everything else is refused,
and GDAL's PostgreSQL driver (what QGIS uses) reads the views."""
from __future__ import annotations

import subprocess
import uuid

import psycopg
import pytest
from click.testing import CliRunner

from api.cli import main
from geo.settings import Settings
from tests.helpers import LLBK, auth, east_of, make_user, submit


@pytest.fixture
def gis_login(clean: Settings, monkeypatch: pytest.MonkeyPatch):
    name = f"gis_{uuid.uuid4().hex[:6]}"
    monkeypatch.setenv("DATABASE_URL", clean.database_url)
    result = CliRunner().invoke(main, ["gis-user", name], input="peta-kupang-1\npeta-kupang-1\n")
    assert result.exit_code == 0, result.output
    base, db = clean.database_url.rsplit("/", 1)
    url = base.replace("//sigap@", f"//{name}:peta-kupang-1@") + "/" + db
    yield name, url
    with psycopg.connect(clean.database_url, autocommit=True) as c:
        c.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_views_readable_everything_else_refused(gis_login, client, conn) -> None:
    _, token = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    submit(client, token)
    spam = submit(client, token, point=east_of(LLBK, 3000), description="tes tes").get_json()["id"]  # its own hexagon
    assert client.post(f"/api/v1/reports/{spam}/transitions", json={"to": "rejected", "reason": "Spam"},
                       headers=auth(operator)).status_code == 200
    _, url = gis_login
    with psycopg.connect(url, autocommit=True) as gis:
        assert gis.execute("SELECT count(*) FROM gis.kelurahan").fetchone()[0] == 51
        assert gis.execute("SELECT count(*) FROM gis.reports").fetchone()[0] == 2
        # The hexagons count real problems, as the heat does (rejected spam drew a dark hexagon),
        # and every report received beside; none open is 0, not NULL.
        assert gis.execute("SELECT sum(reports), sum(received), sum(open) FROM gis.report_counts_h3_r8").fetchone() == (
            1, 2, 1)
        assert gis.execute("SELECT count(*) FROM gis.report_counts_h3_r8 WHERE open IS NULL").fetchone()[0] == 0
        cols = [r[0] for r in gis.execute("SELECT column_name FROM information_schema.columns"
                                          " WHERE table_schema = 'gis' AND table_name = 'reports'")]
        assert "reporter_id" not in cols and "description" not in cols
        assert {"street", "category_name_en", "updated_at"} <= set(cols)  # as OGC and the exports give them
        for forbidden in ("SELECT * FROM users", "SELECT * FROM reports", "SELECT * FROM api_tokens",
                          "CREATE TABLE gis.mine (id int)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                gis.execute(forbidden)
        # The views join (their rows name the city): nothing writes through them, privilege or not.
        for forbidden in ("DELETE FROM gis.kecamatan", "UPDATE gis.cameras SET active = false"):
            with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectNotInPrerequisiteState)):
                gis.execute(forbidden)
        assert gis.execute("SELECT DISTINCT city FROM gis.kelurahan").fetchall() == [("kupang",)]
        # Times in the city's zone, as the exports and OGC give them (QGIS showed UTC, 8 hours early).
        assert gis.execute("SELECT created_at::text FROM gis.reports").fetchone()[0].endswith("+08")


def test_gis_user_refuses_a_bad_name_and_an_existing_login(gis_login) -> None:
    name, _ = gis_login
    for bad in ('x"; DROP TABLE reports; --', "9lives"):
        out = CliRunner().invoke(main, ["gis-user", bad], input="peta-kupang-1\npeta-kupang-1\n")
        assert out.exit_code != 0 and "letters, digits, underscore" in out.output
    again = CliRunner().invoke(main, ["gis-user", name], input="peta-kupang-1\npeta-kupang-1\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_gdal_postgis_driver_reads_the_views(gis_login) -> None:
    name, url = gis_login
    info = psycopg.conninfo.conninfo_to_dict(url)
    conn_str = (f"PG:host={info['host']} port={info['port']} dbname={info['dbname']} user={name} "
                f"password=peta-kupang-1 schemas=gis")
    out = subprocess.run(["ogrinfo", "-ro", "-so", conn_str, "kelurahan"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Feature Count: 51" in out.stdout and "Multi Polygon" in out.stdout


def test_qgis_project_points_at_what_exists(conn) -> None:
    import re
    import xml.etree.ElementTree as ET
    from pathlib import Path

    qgs = Path(__file__).resolve().parents[1] / "docs" / "qgis" / "sigap.qgs"
    root = ET.parse(qgs).getroot()
    layers = root.findall("./projectlayers/maplayer")
    providers = {m.findtext("provider") for m in layers}
    assert providers == {"postgres", "OAPIF", "vectortile"}
    views = {r["table_name"] for r in conn.execute(
        "SELECT table_name FROM information_schema.views WHERE table_schema = 'gis'")}
    for m in layers:
        if m.findtext("provider") == "postgres":
            table = re.search(r'table="gis"\."([a-z0-9_]+)"', m.findtext("datasource") or "")
            assert table and table.group(1) in views, m.findtext("layername")
    tree_ids = {e.get("id") for e in root.iter("layer-tree-layer")}
    assert tree_ids == {m.findtext("id") for m in layers}


def test_qgis_opens_the_project_styled_with_every_layer_valid(gis_login, live: str, client, conn, env,
                                                               tmp_path) -> None:
    """Debian's QGIS (headless) opens docs/qgis/sigap.qgs as GIS staff would: PostGIS layers through
    the read-only login in a pg_service file, OGC API Features and vector tiles from our server.
    It renders the project's default view to a PNG and the picture is checked: the kelurahan
    are filled and not hidden by the service zones, the kecamatan outlined in green, the
    planted hot spot drawn in the hot colours, labels on."""
    import json
    import os
    from datetime import datetime, timedelta
    from pathlib import Path

    import h3
    import numpy as np
    from PIL import Image

    from geo import analytics
    from tests.helpers import KUPANG_TZ, plant_reports
    from tests.test_analytics import cluster_rows

    if not Path("/usr/bin/python3").exists() or subprocess.run(
            ["/usr/bin/python3", "-c", "import qgis.core"], capture_output=True).returncode != 0:
        pytest.fail("python3-qgis is part of the set-up (bin/sigap-dev) but is missing")
    _, citizen = make_user(conn, "warga")
    for i in range(2):
        submit(client, citizen, point=(123.5777664 + 0.004 * i, -10.1627254))
    now = datetime.now(KUPANG_TZ)
    centre, rows = cluster_rows(2, days_ago=(9, 9))
    planted = plant_reports(conn, [{**r, "resolved": now - timedelta(days=8)} for r in rows])
    analytics.hotspots(conn, env, "", "12m", 8)
    conn.commit()
    name, url = gis_login
    info = psycopg.conninfo.conninfo_to_dict(url)
    (tmp_path / "pg_service.conf").write_text(
        f"[sigap]\nhost={info['host']}\nport={info['port']}\ndbname={info['dbname']}\nuser={name}\n"
        "password=peta-kupang-1\n")
    repo = Path(__file__).resolve().parents[1]
    project = tmp_path / "sigap.qgs"  # the shipped project, pointed at this test's server
    project.write_text((repo / "docs/qgis/sigap.qgs").read_text().replace("http://127.0.0.1:8080", live))
    png = repo / "test-artifacts" / "qgis-project.png"
    closer = repo / "test-artifacts" / "qgis-project-1-20000.png"
    png.parent.mkdir(exist_ok=True)
    lat, lng = h3.cell_to_latlng(h3.int_to_str(centre))
    out = subprocess.run(["/usr/bin/python3", str(repo / "tests/qgis/render_project.py"), str(project), str(png),
                          f"{lng},{lat},20000", str(closer)],
                         capture_output=True, text=True, timeout=180,
                         env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "QT_QPA_PLATFORM": "offscreen",
                              "PGSERVICEFILE": str(tmp_path / "pg_service.conf"), "HOME": str(tmp_path),
                              "XDG_RUNTIME_DIR": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    rows_out = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert rows_out[0] == {"read": True} and rows_out[-1]["crs"] == "EPSG:32751"
    city_view, zoomed = rows_out[-2:]
    assert city_view["scale"] > 40_000 > zoomed["scale"], (city_view, zoomed)
    layers = {r["name"]: r for r in rows_out[1:-2]}
    assert [n for n, r in layers.items() if not r["valid"]] == []
    assert layers["kelurahan"]["features"] == 51 and layers["kecamatan"]["features"] == 6
    assert layers["reports"]["features"] == 2 + planted and layers["reports"]["provider"] == "postgres"
    assert layers["reports (OGC API Features)"]["features"] == 2 + planted
    assert layers["reports (vector tiles)"]["provider"] == "vectortile"
    hot = layers["hotspots (Gi*, semua kategori, 12 bulan)"]
    assert hot["renderer"] == "categorizedSymbol" and hot["visible"] and hot["features"] > 200
    assert layers["reports"]["renderer"] == "categorizedSymbol"
    assert layers["kelurahan"]["labels"] and layers["kecamatan"]["labels"]
    assert not layers["service_zones"]["visible"], "zones would hide the kelurahan"

    def near(path: Path, color: str, tol: int = 18) -> int:
        rgb = np.asarray(Image.open(path).convert("RGB")).astype(int)
        c = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
        return int((np.abs(rgb - c) <= tol).all(axis=-1).sum())

    assert near(png, "#f4f1e8", 10) > 0.15 * 1000 * 1000, city_view
    assert near(png, "#0b5d3b", 25) > 2000, "kecamatan outlines"
    rgb = np.asarray(Image.open(png).convert("RGB")).astype(int)
    assert ((rgb[..., 0] > 200) & (rgb[..., 1] < 160) & (rgb[..., 2] < 130)).sum() > 5000, "the hot spot in hot colours"
    # At the city's scale the report dots would cover the analysis: they come in when one zooms in.
    assert near(png, "#2ca02c", 25) < 50, "report dots drawn over the city view"
    assert near(closer, "#2ca02c", 25) > 200, "resolved reports in green, zoomed in"
