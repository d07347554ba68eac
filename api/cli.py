"""The `sigap` command line: database, reference data, serving, workers, local dev."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import click

from api.cli_errors import Commands, fail
from geo.db import connect
from geo.errors import SigapError
from geo.settings import REPO_ROOT, Settings


def _forget_reference_tiles(settings: Settings) -> None:
    from redis import Redis
    from redis.exceptions import RedisError

    from geo.db import wal_position
    from tiles.cache import invalidate_reference

    position = 0
    if settings.database_read_url:  # after the change committed: replicas must reach this far
        with connect(settings) as conn:
            position = wal_position(conn, settings)
    try:
        invalidate_reference(Redis.from_url(settings.redis_url, socket_timeout=2), position)
    except RedisError:
        click.echo("peringatan: Redis tak terjangkau, petak batas tersimpan kedaluwarsa dalam satu jam / "
                   "warning: Redis unreachable, cached boundary tiles expire within an hour", err=True)


@click.group(cls=Commands)
def main() -> None:
    """SIGAP — Sistem Informasi Geospasial Aduan Publik."""


@main.group()
def db() -> None:
    """Skema basis data / database schema."""


@db.command("status")
@click.option("--check", is_flag=True, help="exit status 1 when a migration is pending (for scripts)")
def db_status(check: bool) -> None:
    """Versi skema dan migrasi yang belum diterapkan / schema version and pending migrations."""
    from geo.migrations import status

    with connect(Settings.from_env()) as conn:
        version, waiting = status(conn)
    state = f"{len(waiting)} belum diterapkan / pending: {', '.join(waiting)}" if waiting else "mutakhir / up to date"
    click.echo(f"versi skema / schema version {version}; {state}")
    if check and waiting:
        sys.exit(1)


@db.command("upgrade")
def db_upgrade() -> None:
    """Terapkan migrasi SQL bernomor / apply numbered SQL migrations (re-runnable)."""
    from geo.migrations import current_version, upgrade

    s = Settings.from_env()
    with connect(s) as conn:
        applied = upgrade(conn, on_apply=lambda n: click.echo(f"  diterapkan / applied {n}"))
        click.echo(f"versi skema / schema version {current_version(conn)} "
                   f"({len(applied)} migrasi diterapkan sekarang / migration(s) applied now)")
    if applied:  # a migration may change what tiles show (0040 did): none cached before it is true
        _forget_tiles(s)


def _forget_tiles(s: Settings) -> None:
    from redis import Redis
    from redis.exceptions import RedisError

    from tiles.cache import forget_all

    try:
        forget_all(Redis.from_url(s.redis_url, socket_timeout=5))
    except RedisError:
        click.echo("Redis tidak terjangkau: jalankan `sigap tiles-forget` setelah Redis hidup / "
                   "Redis unreachable: run `sigap tiles-forget` once it is up, or tiles cached before "
                   "this change may be served until they change", err=True)


@main.command("load-reference")
@click.option("--dir", "directory", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with the reference files (default data/reference).")
@click.option("--once", is_flag=True,
              help="Hanya bila Kupang belum dimuat / only when Kupang is not loaded yet (the install step: a "
                   "category's hours a city changed were set back to the shipped ones at every upgrade).")
def load_reference_cmd(directory: Path | None, once: bool) -> None:
    """Muat kecamatan, kelurahan, OPD, kategori, zona / load reference data."""
    from geo import cities
    from geo.reference import load_reference, reference_counts

    settings = Settings.from_env()
    if once:
        with connect(settings) as conn:
            had = reference_counts(conn, cities.resolve(conn, "kupang").id)
        if had["kelurahan"]:
            click.echo("sudah dimuat / already loaded: " + ", ".join(f"{k}: {v}" for k, v in had.items()))
            return

    def progress(items, label):
        items = list(items)
        with click.progressbar(items, label=f"{label:<12}") as bar:
            yield from bar

    try:
        with connect(settings) as conn:
            counts = load_reference(conn, directory or settings.reference_dir, progress)
            conn.commit()
        _forget_reference_tiles(settings)
    except SigapError as err:
        fail(err)
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@main.command("load-osm")
@click.argument("osm_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_osm_cmd(osm_file: Path) -> None:
    """Muat jalan, bangunan, tempat dari ekstrak OpenStreetMap / load streets, buildings and places
    from an OpenStreetMap extract (.osm.pbf), clipped to the city; replaces the previous import.
    Data © OpenStreetMap contributors, ODbL 1.0 (docs/osm.md: how to get a city's extract)."""
    from geo import osm

    settings = Settings.from_env()
    click.echo(f"reading {osm_file.name} ({osm_file.stat().st_size / 1e6:.1f} MB)")
    with click.progressbar(length=osm_file.stat().st_size, label="OSM objects",
                           show_pos=False, show_percent=False) as bar:
        def progress(objects: int) -> None:
            bar.label = f"OSM objects: {objects:,}"
            bar.render_progress()

        try:
            extract = osm.read(osm_file, progress)
        except SigapError as err:
            fail(err)
        bar.update(osm_file.stat().st_size)
    click.echo(f"{extract.objects:,} objek dibaca; dipotong ke kota, menggantikan impor sebelumnya… / "
               f"read {extract.objects:,} objects; clipping to the city and replacing the previous import…")
    with connect(settings) as conn:
        counts = osm.load(conn, osm_file, extract)
        conn.commit()
        missing = osm.cities_without_roads(conn)
    _forget_reference_tiles(settings)
    click.echo(", ".join(f"{k} {v:,}" for k, v in counts.items()))
    for city in missing:
        click.echo(f"peringatan / warning: {city} — tidak ada jalan dalam ekstrak ini / no road of this city "
                   "in this extract; one import serves every city: merge the cities' extracts "
                   "(osmium merge, docs/osm.md) and load that file", err=True)
    if counts["broken_geometries"]:
        click.echo(f"catatan: {counts['broken_geometries']} objek punya titik di luar ekstrak dan tidak digambar / "
                   f"note: {counts['broken_geometries']} object(s) had nodes outside the extract and were not drawn",
                   err=True)


@main.command("load-zones")
@click.argument("agency")
@click.argument("geojson", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name-property", default="name", show_default=True)
@click.option("--city", help="The agency's city (slug or BPS code; default: the default city)")
def load_zones(agency: str, geojson: Path, name_property: str, city: str | None) -> None:
    """Ganti zona layanan satu OPD dari GeoJSON / replace one agency's service zones."""
    from geo import cities
    from geo.reference import replace_service_zones

    try:
        with connect(Settings.from_env()) as conn:
            n = replace_service_zones(conn, agency, geojson, name_property, cities.resolve(conn, city).id)
            conn.commit()
        _forget_reference_tiles(Settings.from_env())
    except SigapError as err:
        fail(err)
    click.echo(f"{agency}: {n} zona dimuat, laporan dirutekan ulang / {n} zone(s) loaded, reports re-routed")


@main.command("camera-add")
@click.argument("name")
@click.option("--lng", type=float, required=True)
@click.option("--lat", type=float, required=True)
@click.option("--source", required=True, help="rtsp://, http:// or https:// URL (snapshot, MJPEG, video); a file only "
                                                  "inside SIGAP_CAMERA_FILES_DIR")
@click.option("--heading", type=float, default=None, help="degrees from north")
@click.option("--control-points", "cp_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='JSON: [{"px": [x, y], "lnglat": [lng, lat]}, ...] (at least 4)')
def camera_add(name: str, lng: float, lat: float, source: str, heading: float | None, cp_file: Path | None) -> None:
    """Daftarkan kamera CCTV / register a CCTV camera (with calibration)."""

    from geo import cameras

    settings = Settings.from_env()
    try:
        points = cameras.parse_control_points(json.loads(cp_file.read_text())) if cp_file else []
        with connect(settings) as conn:
            cam = cameras.register(conn, settings, name=name, lng=lng, lat=lat, source=source,
                                   heading_deg=heading, control_points=points)
            conn.commit()
    except SigapError as err:
        fail(err)
    err_m = cam["reprojection_error_m"]
    click.echo(f"kamera / camera {cam['id']} '{name}' di / in {cam['kelurahan']}"
               + (f", galat RMS homografi / homography RMS error {err_m:.2f} m" if err_m is not None
                  else ", belum dikalibrasi / uncalibrated"))


@main.command("stats-refresh")
def stats_refresh() -> None:
    """Perbarui rekap statistik / bring the statistics rollup up to date (the worker does this
    every minute; run it after a bulk import to have the first answers fast at once)."""
    from geo import stats

    with connect(Settings.from_env()) as conn:
        done = stats.refresh_all(conn)
    click.echo(f"statistik / statistics: {done['days']} hari / day(s), {done['months']} bulan / month(s) "
               "dihitung ulang / recomputed")


@main.command("tiles-forget")
def tiles_forget() -> None:
    """Lupakan petak tersimpan / drop every cached tile: after reports were changed outside the app
    (a bulk import), which the cache cannot know of; without it the map shows the old counts for up
    to an hour."""
    from redis import Redis

    from tiles.cache import forget_all

    n = forget_all(Redis.from_url(Settings.from_env().redis_url, socket_timeout=5))
    click.echo(f"petak / tiles: {n} kunci cache petak dihapus / cached key(s) dropped")


@main.command("analyse")
def analyse() -> None:
    """Hitung titik panas sekarang / compute hot spots and emerging hot spots now (the worker
    does this every SIGAP_ANALYSIS_EVERY_H hours; docs/analytics.md)."""
    from geo import analytics

    with connect(Settings.from_env()) as conn:
        done = analytics.analyse(conn, Settings.from_env())
        conn.commit()
    hot = sum(int(v.get("hot", 0)) for k, v in done.items() if "/hotspots/" in k and isinstance(v, dict))  # city/hotspots/…
    click.echo(f"analisis / analysis: {len(done)} hasil disimpan / run(s) stored, {hot} sel panas di semua analisis "
               "titik panas / hot cell(s) over all hot spot runs")


@main.command("vapid-keys")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the private key (PEM); set SIGAP_VAPID_PRIVATE_KEY_FILE to it.")
def vapid_keys(out: Path) -> None:
    """Buat kunci VAPID untuk Web Push / make the VAPID key pair for Web Push."""
    from geo.push import new_vapid_key

    if out.exists():
        raise click.ClickException(f"{out} sudah ada: simpan (browser berlangganan dengan kunci publiknya) / "
                                   f"{out} exists: keep it (browsers are subscribed with its public key)")
    public = new_vapid_key(out)
    click.echo(f"kunci privat / private key: {out} (SIGAP_VAPID_PRIVATE_KEY_FILE)\napplicationServerKey: {public}")


@main.command()
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes")
@click.option("--threads", default=8, show_default=True, help="threads per worker")
def serve(workers: int, threads: int) -> None:
    """Jalankan API + peta web / run the API and web map (gunicorn)."""
    s = Settings.from_env()
    # Prometheus counters summed over gunicorn's processes (api/metrics.py): a fresh directory.
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="sigap-metrics-")
    os.execvp(sys.executable, [
        sys.executable, "-m", "gunicorn", "--bind", f"{s.host}:{s.port}",
        "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
        "--graceful-timeout", "10", "api.wsgi:app"])


@main.command()
def relay() -> None:
    """Teruskan pekerjaan dari outbox ke Redis / relay outbox jobs to Redis (also inside every worker)."""
    import signal
    import threading

    from api.observe import log_to_stderr
    from workers.relay import relay_forever

    log_to_stderr()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        relay_forever(Settings.from_env(), stop)
    except KeyboardInterrupt:
        pass


@main.command()
@click.option("--burst", is_flag=True, help="Process what is queued, then exit.")
@click.option("--vision", is_flag=True, help="Only camera frames and photos, model loaded once (no fork).")
def worker(burst: bool, vision: bool) -> None:
    """Jalankan pekerja RQ / run an RQ worker."""
    from api.observe import log_to_stderr
    from workers.run import run_worker

    log_to_stderr()
    run_worker(Settings.from_env(), burst=burst, vision=vision)


@main.command()
def dev() -> None:
    """Semua di satu mesin / everything locally: PostGIS, Redis, migrations, data, API, worker."""
    from sigap_local.services import PostgresCluster, RedisServer

    local = REPO_ROOT / ".local"
    started: list[PostgresCluster | RedisServer] = []  # stopped again on the way out
    if not os.environ.get("DATABASE_URL"):
        pg = PostgresCluster(local / "pg", port=54329)
        pg.start()
        started.append(pg)
        os.environ["DATABASE_URL"] = pg.url
    if not os.environ.get("REDIS_URL"):
        rd = RedisServer(local / "redis", port=63799)
        rd.start()
        started.append(rd)
        os.environ["REDIS_URL"] = rd.url
    sigap = [sys.executable, "-m", "api.cli"]
    procs: list[subprocess.Popen[bytes]] = []

    def stop(*_: object) -> None:
        for p in procs:
            p.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        subprocess.run([*sigap, "db", "upgrade"], check=True)
        subprocess.run([*sigap, "load-reference"], check=True)
        procs += [subprocess.Popen([*sigap, "worker"]), subprocess.Popen([*sigap, "worker", "--vision"]),
                  subprocess.Popen([*sigap, "serve"])]
        s = Settings.from_env()
        click.echo(f"\nSIGAP berjalan / running: http://{s.host}:{s.port}/  (Ctrl-C untuk berhenti / to stop)\n")
        for p in procs:
            p.wait()
    except KeyboardInterrupt:
        stop()
        for p in procs:
            p.wait()
    finally:
        for service in reversed(started):
            service.stop()
        if started:
            click.echo("PostgreSQL dan Redis lokal dihentikan; data tetap di .local/ / "
                       "local PostgreSQL and Redis stopped; their data stays in .local/")


def _register() -> None:
    from api.cli_cities import city
    from api.cli_ops import COMMANDS as OPS
    from api.cli_staff import COMMANDS

    main.add_command(city)
    for command in (*COMMANDS, *OPS):
        main.add_command(command)


_register()


if __name__ == "__main__":
    main()
