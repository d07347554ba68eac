"""Behind a real reverse proxy (nginx from Debian, TLS on loopback) with SIGAP_PROXY_HOPS=1:
rate limits key on each real client's address (clients connect from 127.0.0.2 and 127.0.0.3),
a client's own X-Forwarded-For changes nothing, and every generated link (TileJSON, OGC,
Open311, the Location of a new report) is the public https URL people reach."""
from __future__ import annotations

import dataclasses
import http.client
import json
import os
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from api import create_app
from geo.settings import Settings
from sigap_local.services import free_port
from tests.helpers import LLBK, jpeg, make_user

HOST = "sigap.test"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclasses.dataclass
class Proxy:
    port: int

    def request(self, method: str, path: str, *, client: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """One HTTPS request through nginx from the loopback address `client`."""
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, source_address=(client, 0),
                                           context=ssl._create_unverified_context())
        conn.request(method, path, body=body, headers={"Host": f"{HOST}:{self.port}", **(headers or {})})
        resp = conn.getresponse()
        out = resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        conn.close()
        return out


@pytest.fixture
def proxy(clean: Settings, tmp_path: Path) -> Iterator[Proxy]:
    app = create_app(dataclasses.replace(clean, proxy_hops=1, rate_login_per_min=2, rate_login_account_per_min=100,
                                         tile_shared_max_age_s=5))
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    port = free_port()
    temp = "\n".join(f"  {kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(f"""
daemon off;
{"user root;" if os.geteuid() == 0 else ""}
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
  access_log off;
{temp}
  client_max_body_size 12m;
  proxy_cache_path {tmp_path}/tiles keys_zone=tiles:10m;
  server {{
    listen 127.0.0.1:{port} ssl;
    server_name {HOST};
    ssl_certificate {tmp_path}/cert.pem;
    ssl_certificate_key {tmp_path}/key.pem;
    location /tiles/ {{  # docs/operations.md: a micro-cache for public tiles (SIGAP_TILE_SHARED_MAX_AGE)
      proxy_pass http://127.0.0.1:{server.server_port};
      proxy_cache tiles;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      add_header X-Cache-Status $upstream_cache_status;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
    }}
    location / {{
      proxy_pass http://127.0.0.1:{server.server_port};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
    }}
  }}
}}
""")
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    p = Proxy(port)
    deadline = time.monotonic() + 10
    while True:
        try:
            p.request("GET", "/healthz", client="127.0.0.1")
            break
        except OSError:
            if time.monotonic() > deadline or nginx.poll() is not None:
                raise RuntimeError(f"nginx did not start: {(tmp_path / 'error.log').read_text()}") from None
            time.sleep(0.1)
    try:
        yield p
    finally:
        nginx.terminate()
        nginx.wait(10)
        server.shutdown()
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()


def _login(proxy: Proxy, client: str, **headers: str) -> int:
    body = json.dumps({"login": "nobody@example.id", "password": "salah-salah"}).encode()
    return proxy.request("POST", "/api/v1/auth/login", client=client, body=body,
                         headers={"Content-Type": "application/json", **headers})[0]


def test_rate_limits_key_on_the_real_client_behind_nginx(proxy: Proxy) -> None:
    # 127.0.0.2 guesses passwords: after 2 a minute it is slowed down, however it dresses up.
    assert [_login(proxy, "127.0.0.2") for _ in range(2)] == [401, 401]
    assert _login(proxy, "127.0.0.2") == 429
    assert _login(proxy, "127.0.0.2", **{"X-Forwarded-For": "203.0.113.9"}) == 429
    # Another person behind the same proxy is not punished for it.
    assert _login(proxy, "127.0.0.3") == 401


def test_generated_links_use_the_public_https_url(proxy: Proxy, conn) -> None:
    public = f"https://{HOST}:{proxy.port}"
    tj = json.loads(proxy.request("GET", "/tiles/reports.json", client="127.0.0.2")[2])
    assert tj["tiles"][0] == f"{public}/tiles/reports/{{z}}/{{x}}/{{y}}.mvt?city=kupang"
    landing = json.loads(proxy.request("GET", "/ogc/", client="127.0.0.2")[2])
    assert landing["links"] and all(link["href"].startswith(public + "/") for link in landing["links"])
    # a client's own prefix or port (nginx and Caddy pass them on untouched) is not believed
    dressed = json.loads(proxy.request("GET", "/ogc/", client="127.0.0.2",
                                       headers={"X-Forwarded-Prefix": "/evil", "X-Forwarded-Port": "9999"})[2])
    assert [link["href"] for link in dressed["links"]] == [link["href"] for link in landing["links"]]
    discovery = json.loads(proxy.request("GET", "/open311/v2/discovery.json", client="127.0.0.2")[2])
    assert discovery["endpoints"][0]["url"] == f"{public}/open311/v2"
    # A new report's Location is where the citizen's app will find it.
    token = make_user(conn, "warga-proxy")[1]
    boundary = "sigapboundary"
    fields = {"category": "sampah", "description": "Sampah di jalan", "lng": str(LLBK[0]), "lat": str(LLBK[1])}
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                    for k, v in fields.items())
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="f.jpg"\r\n'
             "Content-Type: image/jpeg\r\n\r\n").encode() + jpeg() + f"\r\n--{boundary}--\r\n".encode()
    status, headers, answer = proxy.request(
        "POST", "/api/v1/reports", client="127.0.0.2", body=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Authorization": f"Bearer {token}"})
    assert status == 201, answer
    assert headers["location"] == f"{public}/api/v1/reports/{json.loads(answer)['id']}?city=kupang"


def test_a_caching_proxy_serves_public_tiles_for_the_shared_max_age_only(proxy: Proxy, conn) -> None:
    """SIGAP_TILE_SHARED_MAX_AGE=5: nginx answers repeated public tiles from its own copy (the
    app is not asked) for 5 s; staff-only tiles are never kept by it."""
    from tiles.tilemath import tile_of

    x, y = tile_of(*LLBK, 14)
    path = f"/tiles/reports/14/{x}/{y}.mvt"
    first = proxy.request("GET", path, client="127.0.0.2")
    assert first[0] == 200 and "s-maxage=5" in first[1]["cache-control"]
    assert first[1]["x-cache-status"] == "MISS"
    assert proxy.request("GET", path, client="127.0.0.3")[1]["x-cache-status"] == "HIT"
    staff = make_user(conn, "op-proxy", "operator")[1]
    private = proxy.request("GET", f"/tiles/responders/14/{x}/{y}.mvt", client="127.0.0.2",
                            headers={"Authorization": f"Bearer {staff}"})
    assert private[0] == 200 and private[1]["cache-control"] == "private, no-store"
    again = proxy.request("GET", f"/tiles/responders/14/{x}/{y}.mvt", client="127.0.0.2",
                          headers={"Authorization": f"Bearer {staff}"})
    assert again[1]["x-cache-status"] != "HIT"


def test_behind_a_gateway_and_caddy_links_stay_https(settings) -> None:
    """SIGAP_PROXY_HOPS=2 (a gateway or CDN in front of Caddy, as docs/operations.md says): Caddy
    passes one X-Forwarded-Proto and -Host on and adds none, and with 2 hops they were read as
    missing: every OGC, TileJSON and Open311 link said http:// (a review)."""
    import dataclasses

    from api import create_app

    app = create_app(dataclasses.replace(settings, proxy_hops=2))
    try:
        landing = app.test_client().get("/ogc/", headers={
            "X-Forwarded-For": "203.0.113.9, 10.0.0.2", "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "sigap.kupangkota.go.id"}, environ_base={"REMOTE_ADDR": "172.18.0.5"}).get_json()
        assert landing["links"] and all(link["href"].startswith("https://sigap.kupangkota.go.id/") for link in landing["links"])
    finally:
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
