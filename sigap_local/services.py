"""Start and stop a private PostgreSQL cluster and Redis server.

PostgreSQL refuses to run as root, so when we are root the cluster runs as the
`postgres` system user (created by the Debian package).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bindir() -> Path:
    """The newest installed PostgreSQL server binaries (Debian layout)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found; run bin/sigap-dev to install them")
    return Path(found[-1]).parent


def _as_owner(cmd: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


def _wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@dataclass
class PostgresCluster:
    """A cluster in `datadir`, listening on 127.0.0.1:`port`, trust auth on loopback."""

    datadir: Path
    port: int
    user: str = "sigap"
    dbname: str = "sigap"

    @property
    def owner(self) -> str | None:
        return "postgres" if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{self.dbname}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(_as_owner([*args], self.owner), check=check,
                              capture_output=True, text=True)

    def init(self) -> None:
        if (self.datadir / "PG_VERSION").exists():
            return
        self._owned_dir(self.datadir)
        self._run(str(pg_bindir() / "initdb"), "-D", str(self.datadir), "-U", self.user,
                  "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        with open(self.datadir / "postgresql.conf", "a") as conf:
            conf.write("\n# SIGAP local cluster\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.datadir}'\n"
                       "max_connections = 200\nshared_buffers = 256MB\n"
                       "max_parallel_workers_per_gather = 0\njit = off\n")

    def _owned_dir(self, path: Path) -> None:
        """Make `path`, owned by the cluster's owner and reachable by it through its parents."""
        path.mkdir(parents=True, exist_ok=True)
        if self.owner:
            pw = pwd.getpwnam(self.owner)
            os.chown(path, pw.pw_uid, pw.pw_gid)
            for parent in path.parents:
                if parent == Path("/"):
                    break
                mode = parent.stat().st_mode
                if not mode & 0o001:
                    os.chmod(parent, mode | 0o001)

    def running(self) -> bool:
        return self._run(str(pg_bindir() / "pg_ctl"), "-D", str(self.datadir), "status",
                         check=False).returncode == 0

    def start(self, *, fast: bool = False) -> None:
        """Start (idempotent). `fast` trades durability for speed: tests only."""
        self.init()
        if self.running():
            return
        opts = f"-p {self.port}"
        if fast:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(pg_bindir() / "pg_ctl"), "-D", str(self.datadir), "-o", opts,
                  "-l", str(self.datadir / "server.log"), "-w", "-t", "60", "start")
        _wait_port(self.port)
        self._ensure_db()

    def _ensure_db(self) -> None:
        psql = [str(pg_bindir() / "psql"), "-h", "127.0.0.1", "-p", str(self.port),
                "-U", self.user, "-d", "postgres", "-tAc"]
        exists = subprocess.run([*psql, f"SELECT 1 FROM pg_database WHERE datname='{self.dbname}'"],
                                capture_output=True, text=True, check=True).stdout.strip()
        if exists != "1":
            subprocess.run([*psql, f'CREATE DATABASE "{self.dbname}"'], check=True,
                           capture_output=True, text=True)

    def make_replica(self, datadir: Path, port: int) -> PostgresCluster:
        """A streaming replica of this (running) cluster in `datadir`, started on `port`:
        pg_basebackup with its WAL streamed and standby.signal written (-R), as a deployer
        would make one (docs/operations.md). Only this cluster's port, user and database are
        used, so a PostgresCluster naming any directory stands for a running primary. The
        caller stops the replica."""
        replica = PostgresCluster(datadir, port, self.user, self.dbname)
        replica._owned_dir(datadir.parent)
        self._run(str(pg_bindir() / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
                  "-D", str(datadir), "-R", "-X", "stream", "-c", "fast")
        with open(datadir / "postgresql.conf", "a") as conf:
            conf.write(f"\n# streaming replica\nunix_socket_directories = '{datadir}'\nhot_standby = on\n")
        replica.start()
        return replica

    def stop(self, mode: str = "fast") -> None:
        if self.running():
            self._run(str(pg_bindir() / "pg_ctl"), "-D", str(self.datadir), "-m", mode,
                      "-w", "stop", check=False)


@dataclass
class RedisServer:
    """redis-server on 127.0.0.1:`port`, data in `datadir` (append-only file on)."""

    datadir: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, *, persist: bool = True) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.datadir.mkdir(parents=True, exist_ok=True)
        try:
            _wait_port(self.port, timeout=0.2)
            return  # already running (e.g. a previous `sigap-dev run`)
        except RuntimeError:
            pass
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.datadir),
                "--save", "", "--appendonly", "yes" if persist else "no",
                "--logfile", str(self.datadir / "redis.log")]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        _wait_port(self.port)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
