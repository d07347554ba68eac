"""`sigap` commands for running a city's install: backups and their restore, and the health check
of a worker container."""
from __future__ import annotations

from pathlib import Path

import click

from api.cli_errors import fail
from geo.db import connect
from geo.errors import SigapError
from geo.settings import Settings


@click.command("worker-check")
def worker_check() -> None:
    """Apakah pekerja RQ mesin ini hidup / whether this machine's (container's) RQ worker is alive:
    registered in Redis, which forgets a worker that stops beating. The compose health check (it
    only pinged Redis, so a dead worker looked healthy: a deployer's walk)."""
    import socket

    from rq import Worker

    from workers.relay import redis_client

    here = socket.gethostname()
    mine = [w for w in Worker.all(connection=redis_client(Settings.from_env().redis_url)) if w.hostname == here]
    if not mine:
        raise click.ClickException(f"tidak ada pekerja hidup di {here} / no live worker on {here}")
    click.echo(", ".join(f"{w.name} ({w.get_state()})" for w in mine))


@click.command("backup")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def backup_cmd(directory: Path) -> None:
    """Cadangkan basis data + foto / back up the database and photos into an empty DIRECTORY."""
    from geo import backup

    try:
        done = backup.backup(Settings.from_env(), directory)
    except SigapError as err:
        fail(err)
    click.echo(f"Cadangan / backup: {done.directory} — skema {done.schema_version}, {done.reports} laporan/reports, "
               f"{done.photos} foto/photos, {done.media_files} berkas media/media files, {done.bytes / 1e6:.1f} MB")


@click.command("restore")
@click.argument("directory", type=click.Path(path_type=Path, exists=True, file_okay=False))
def restore_cmd(directory: Path) -> None:
    """Pulihkan cadangan ke basis data kosong / restore a backup into an empty database."""
    from geo import backup
    from geo.migrations import upgrade

    s = Settings.from_env()
    try:
        done = backup.restore(s, directory)
    except SigapError as err:
        fail(err)
    with connect(s) as conn:
        newer = upgrade(conn)  # a backup from an older release: bring it to this one
    from api.cli import _forget_tiles

    _forget_tiles(s)
    click.echo(f"Dipulihkan / restored: skema {done.schema_version}"
               + (f" + {len(newer)} migrasi / migrations" if newer else "")
               + f", {done.reports} laporan/reports, {done.photos} foto/photos, {done.media_files} berkas media/media files")


COMMANDS = (worker_check, backup_cmd, restore_cmd)
