"""The production compose file as a city's IT team gets it: `docker-compose config` (Debian's
docker-compose, no daemon needed) accepts it with the documented .env, and the services,
volumes and settings the app needs are all there; Caddy's file validates; every .env line is
documented in docs/operations.md."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from geo.settings import REPO_ROOT

APP = ("migrate", "api", "worker", "vision-worker", "relay")
DEPLOY_ONLY = {"SIGAP_DOMAIN", "SIGAP_ACME_EMAIL", "SIGAP_MODEL_FILE", "SIGAP_API_PROCESSES", "SIGAP_WORKERS",
               "SIGAP_VISION_WORKERS", "SIGAP_LOAD_KUPANG",
               "POSTGRES_PASSWORD"}


def compose_config(tmp: Path, env_text: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(REPO_ROOT / "docker-compose.yml", tmp / "docker-compose.yml")
    (tmp / ".env").write_text(env_text)
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "POSTGRES_"))}
    return subprocess.run(["docker-compose", "config"], cwd=tmp, capture_output=True, text=True, env=clean_env, timeout=120)


def mounts(service: dict) -> dict[str, tuple[str, str]]:
    """target -> (source, mode), from the short or long volume syntax."""
    out = {}
    for v in service.get("volumes", []):
        if isinstance(v, dict):
            out[v["target"]] = (v["source"], "ro" if v.get("read_only") else "rw")
        else:
            source, target, *mode = v.split(":")
            out[target] = (source, mode[0] if mode else "rw")
    return out


def env_vars_read_by_the_app() -> set[str]:
    text = (REPO_ROOT / "geo" / "settings.py").read_text()
    return set(re.findall(r'"((?:SIGAP_[A-Z0-9_]+)|DATABASE_URL|REDIS_URL)"', text))


def test_compose_file_is_a_complete_city_install(tmp_path: Path) -> None:
    out = compose_config(tmp_path, (REPO_ROOT / ".env.example").read_text())
    assert out.returncode == 0, out.stderr
    cfg = yaml.safe_load(out.stdout)
    services = cfg["services"]
    assert set(services) == {"postgis", "redis", "migrate", "api", "worker", "vision-worker", "relay", "caddy"}
    assert services["vision-worker"]["command"] == ["sigap", "worker", "--vision"]
    # Only the proxy is reachable from outside.
    assert [name for name, s in services.items() if s.get("ports")] == ["caddy"]
    assert {str(p["published"]) for p in services["caddy"]["ports"]} == {"80", "443"}
    assert mounts(services["caddy"])["/etc/caddy/Caddyfile"][0].endswith("deploy/Caddyfile")
    # Redis keeps its queue across restarts; data lives on named volumes.
    assert "--appendonly" in services["redis"]["command"] and "yes" in services["redis"]["command"]
    assert {"pgdata", "redisdata", "media", "caddy_data"} <= set(cfg["volumes"])
    known = env_vars_read_by_the_app()
    for name in APP:
        s = services[name]
        env = s["environment"]
        assert "@postgis:5432/" in env["DATABASE_URL"] and env["REDIS_URL"].startswith("redis://redis:")
        assert env["SIGAP_MODEL_PATH"] == "/models/yolo11n_int8_dynamic.onnx", name
        targets = mounts(s)
        assert targets["/models"][1] == "ro" and targets[env["SIGAP_MEDIA_DIR"]][0] == "media", name
        # No typo'd setting: every SIGAP_* variable given to the app is one it reads.
        assert {k for k in env if k.startswith("SIGAP_")} - known - DEPLOY_ONLY == set(), name
        if name != "migrate":
            assert s["restart"] == "unless-stopped", name
            assert s["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["api"]["environment"]["SIGAP_PROXY_HOPS"] == "1"
    # every container's log is rotated (the default json-file grew without end)
    assert all(s["logging"]["options"]["max-size"] for s in services.values())
    assert services["postgis"]["command"] == ["postgres", "-c", "max_connections=200"]
    assert services["worker"]["deploy"]["replicas"] == 2
    for name in ("postgis", "redis", "api", "worker"):
        assert services[name]["healthcheck"]["test"], name
    assert services["caddy"]["depends_on"]["api"]["condition"] == "service_healthy"
    # `docker compose exec api sigap backup` (docs/operations.md) needs pg_dump/pg_restore in the image,
    # of the server's major version (bookworm's postgresql-client is 15, as postgis/postgis:15-3.4).
    assert services["postgis"]["image"].startswith("postgis/postgis:15-")
    assert "postgresql-client" in (REPO_ROOT / "Dockerfile").read_text()


def test_any_password_and_a_second_proxy_reach_the_app_as_written(tmp_path: Path) -> None:
    """A base64 password ('/', '@', '%') pasted into DATABASE_URL named another host, and
    SIGAP_PROXY_HOPS=2 in .env (a gateway in front) was overridden by the compose file's 1 (a
    deployer's walk)."""
    from psycopg.conninfo import conninfo_to_dict

    password = "Xy7/ab@c%zz+de="
    env = (REPO_ROOT / ".env.example").read_text().replace("POSTGRES_PASSWORD=change-me-to-a-long-random-string",
                                                           f"POSTGRES_PASSWORD={password}")
    out = compose_config(tmp_path, env + "SIGAP_PROXY_HOPS=2\n")
    assert out.returncode == 0, out.stderr
    services = yaml.safe_load(out.stdout)["services"]
    assert services["postgis"]["environment"]["POSTGRES_PASSWORD"] == password
    for name in APP:
        app_env = services[name]["environment"]
        assert app_env["PGPASSWORD"] == password, name  # libpq, pg_dump and pg_restore read it
        assert conninfo_to_dict(app_env["DATABASE_URL"]) == {"user": "sigap", "host": "postgis", "port": "5432",
                                                             "dbname": "sigap"}, name
    assert services["api"]["environment"]["SIGAP_PROXY_HOPS"] == "2"


def test_a_missing_secret_stops_the_install_with_its_name(tmp_path: Path) -> None:
    env = "\n".join(line for line in (REPO_ROOT / ".env.example").read_text().splitlines()
                    if not line.startswith("POSTGRES_PASSWORD="))
    out = compose_config(tmp_path, env)
    assert out.returncode != 0 and "set POSTGRES_PASSWORD in .env" in out.stderr


def test_every_env_line_is_documented_and_the_caddyfile_validates(tmp_path: Path) -> None:
    doc = (REPO_ROOT / "docs" / "operations.md").read_text()
    keys = [line.split("=", 1)[0] for line in (REPO_ROOT / ".env.example").read_text().splitlines()
            if line and not line.startswith("#")]
    assert keys and [k for k in keys if f"| `{k}` |" not in doc] == []
    readme = (REPO_ROOT / "README.md").read_text()
    assert [k for k in env_vars_read_by_the_app() if k not in readme] == []  # the settings table is complete
    out = subprocess.run(["caddy", "validate", "--config", str(REPO_ROOT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "SIGAP_DOMAIN": "sigap.kupangkota.go.id", "SIGAP_ACME_EMAIL": "ops@kupangkota.go.id",
                              "HOME": str(tmp_path)})
    assert out.returncode == 0 and "Valid configuration" in out.stdout + out.stderr, out.stderr


def test_the_install_step_loads_kupang_unless_told_not_to(tmp_path: Path) -> None:
    """A platform for Jakarta alone (SIGAP_LOAD_KUPANG=no) has no Kupang as its first city; the
    migrate service's own shell line, run with a `sigap` that only says what it was asked."""
    out = compose_config(tmp_path, (REPO_ROOT / ".env.example").read_text())
    assert out.returncode == 0, out.stderr
    shell, flag, line = yaml.safe_load(out.stdout)["services"]["migrate"]["command"]
    assert (shell, flag) == ("sh", "-c")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "sigap").write_text('#!/bin/sh\necho "sigap $*"\n')
    (bin_dir / "sigap").chmod(0o755)
    ran = {}
    for value in ("yes", "no", "No", "false", "0", None):
        env = {"PATH": f"{bin_dir}:/usr/bin:/bin", **({"SIGAP_LOAD_KUPANG": value} if value else {})}
        done = subprocess.run(["sh", "-c", line.replace("$$", "$")], env=env, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        ran[value] = done.stdout.splitlines()
    assert ran["yes"] == ran[None] == ["sigap db upgrade", "sigap load-reference --once"]
    assert ran["no"] == ran["No"] == ran["false"] == ran["0"] == ["sigap db upgrade"]


def test_caddys_log_keeps_no_password_reset_link(tmp_path: Path) -> None:
    """A reset link (…/?reset=TOKEN, good for an hour) was in Caddy's access log, and again in the
    Referer of every request its page made: whoever reads `docker compose logs` could take the
    account (a deployer's walk). The shipped Caddyfile, served on a local port, logs neither."""
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    text = (REPO_ROOT / "deploy" / "Caddyfile").read_text()
    text = text.replace("{$SIGAP_DOMAIN} {", f"http://127.0.0.1:{port} {{").replace("api:8080", "127.0.0.1:9")
    text = text.replace("\temail {$SIGAP_ACME_EMAIL}\n", "\tadmin off\n")
    (tmp_path / "Caddyfile").write_text(text)
    log = (tmp_path / "caddy.log").open("w")
    caddy = subprocess.Popen(["caddy", "run", "--config", str(tmp_path / "Caddyfile"), "--adapter", "caddyfile"],
                             stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HOME": str(tmp_path)})
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(urllib.request.Request(
                    f"http://127.0.0.1:{port}/kupang/?reset=42.RAHASIA-TOKEN&lang=id",
                    headers={"Referer": f"http://127.0.0.1:{port}/kupang/?reset=42.RAHASIA-TOKEN"}), timeout=2)
            except urllib.error.HTTPError:
                break  # 502: no app behind it, and the request is logged
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)
    finally:
        caddy.terminate()
        caddy.wait(10)
        log.close()
    lines = [line for line in (tmp_path / "caddy.log").read_text().splitlines() if '"uri"' in line]
    assert lines and "lang=id" in lines[-1], lines  # the request is logged, with its other parameters
    assert "RAHASIA" not in "\n".join(lines)


def test_the_image_installs_the_versions_the_tests_ran_with() -> None:
    """pyproject.toml has only lower bounds: an image built next year pulled untested major versions
    (a deployer's walk). The Dockerfile and bin/sigap-dev install with constraints.txt, which pins
    every dependency (and theirs) to the tested version."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    assert "-c constraints.txt" in (REPO_ROOT / "Dockerfile").read_text()
    assert "-c constraints.txt" in (REPO_ROOT / "bin" / "sigap-dev").read_text()
    pinned = {canonicalize_name(line.split("==")[0]) for line in (REPO_ROOT / "constraints.txt").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]
    assert [str(r) for r in wanted if canonicalize_name(r.name) not in pinned] == []
