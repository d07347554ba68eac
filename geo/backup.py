"""Backups a city can restore: `sigap backup DIR` writes the database (pg_dump's custom
format), the media files (report photos: originals and public copies) and a manifest with
every file's SHA-256 and the schema version; `sigap restore DIR` checks all of that before it
touches anything, then restores into an empty database and media folder.

The database is dumped first and the media copied after it, so every photo row in the dump
has its files (a photo stored in between is an extra file, harmless). Point-in-time recovery
(WAL archiving) is for those who need more: docs/operations.md."""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from geo.db import migration_files, one
from geo.errors import SigapError
from geo.settings import Settings

FORMAT = "sigap-backup/1"
log = logging.getLogger("sigap.backup")
DUMP = "database.dump"


class BackupError(SigapError):
    status = 409
    code = "backup_refused"
    message_id = "Cadangan ditolak."
    message_en = "Backup refused."


@dataclass(frozen=True)
class Summary:
    directory: Path
    schema_version: int
    reports: int
    photos: int
    media_files: int
    bytes: int


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore of the newest installed PostgreSQL (never older than the server)."""
    from glob import glob

    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parent.parent.name))
    return found[-1] if found else (shutil.which(name) or name)


def code_schema_version() -> int:
    return max(int(p.name[:4]) for p in migration_files())


def _private(path: Path, mode: int) -> None:
    """For the server's user only, where the file system allows it (NFS root_squash and CIFS keep
    their own modes: said, and the backup goes on)."""
    try:
        path.chmod(mode)
    except OSError:
        log.warning("backup: could not make %s private (%o); check who can read it", path, mode)


def backup(settings: Settings, directory: Path) -> Summary:
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"Folder {directory} tidak kosong.", f"Folder {directory} is not empty.", code="backup_dir_not_empty")
    directory.mkdir(parents=True, exist_ok=True)
    # The dump holds password hashes, reporters' phone numbers and exact points of confidential
    # reports: for the server's user only (it was readable by every account on the machine).
    _private(directory, 0o700)
    with psycopg.connect(settings.database_url) as conn:
        version = one(conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations"))[0]
        reports = one(conn.execute("SELECT count(*) FROM reports"))[0]
        photos = one(conn.execute("SELECT count(*) FROM photos"))[0]
    subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                    f"--file={directory / DUMP}", settings.database_url], check=True, capture_output=True)
    _private(directory / DUMP, 0o600)
    files: list[dict[str, Any]] = []
    media_root = settings.media_dir
    if media_root.is_dir():
        for src in sorted(p for p in media_root.rglob("*") if p.is_file() and not p.name.endswith(".tmp")):
            rel = src.relative_to(media_root)
            dst = directory / "media" / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            files.append({"path": rel.as_posix(), "sha256": _sha256(dst), "bytes": dst.stat().st_size})
    manifest: dict[str, Any] = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(), "schema_version": version,
                "database": {"file": DUMP, "sha256": _sha256(directory / DUMP),
                             "bytes": (directory / DUMP).stat().st_size},
                "counts": {"reports": reports, "photos": photos}, "media": files}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return Summary(directory, version, reports, photos, len(files),
                   manifest["database"]["bytes"] + sum(f["bytes"] for f in files))


def verify(directory: Path) -> dict[str, Any]:
    """The manifest, once every file matches it; a clear refusal otherwise."""
    try:
        manifest: dict[str, Any] = json.loads((directory / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError(f"{directory} bukan cadangan SIGAP (manifest.json tidak ada atau rusak).",
                          f"{directory} is not a SIGAP backup (manifest.json missing or damaged).",
                          code="backup_not_found") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Format cadangan tidak dikenal.", f"Unknown backup format {manifest.get('format')!r}.",
                          code="backup_format")
    if manifest["schema_version"] > code_schema_version():
        raise BackupError(
            f"Cadangan ini dari skema {manifest['schema_version']}, lebih baru dari SIGAP ini ({code_schema_version()}): "
            "pulihkan dengan versi SIGAP yang membuatnya.",
            f"This backup is at schema {manifest['schema_version']}, newer than this SIGAP ({code_schema_version()}): "
            "restore it with the release that made it.", code="backup_schema_mismatch")
    checks = [(directory / manifest["database"]["file"], manifest["database"]["sha256"])]
    checks += [(directory / "media" / f["path"], f["sha256"]) for f in manifest["media"]]
    for path, want in checks:
        if not path.is_file() or _sha256(path) != want:
            raise BackupError(f"Cadangan rusak: {path.name} tidak cocok dengan manifest.",
                              f"The backup is damaged: {path.relative_to(directory)} does not match its manifest.",
                              code="backup_corrupt")
    return manifest


# The postgis/postgis image (docker-compose.yml) makes these in every new database, and a backup
# of such a database makes their schemas again: a restore into a fresh container of the same image
# stopped at 'schema "tiger" already exists' (a deployer's walk). An empty target gets them from
# the backup, when its source had them.
IMAGE_EXTRAS = (("postgis_tiger_geocoder", "postgis_topology"), ("tiger", "tiger_data", "topology"))


def _clear_image_extras(url: str) -> None:
    """Drop the image's geocoder and topology from a target that holds no city yet, as long as
    they hold nothing but what their extensions made (a database of another application's,
    named by mistake, keeps its topology and loaded geocoder data: the restore is refused)."""
    extensions, schemas = IMAGE_EXTRAS
    with psycopg.connect(url, autocommit=True) as conn:
        kept = conn.execute("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            " WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p', 'v', 'm')"
                            " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                            " AND d.objid = c.oid AND d.deptype = 'e') LIMIT 1", (list(schemas),)).fetchone()
        if kept is not None:
            raise BackupError(f"Basis data tujuan berisi data lain ({kept[0]}): pulihkan ke basis data baru.",
                              f"The target database holds other data ({kept[0]}): restore into a new one.",
                              code="restore_target_not_empty")
        for name in extensions:
            conn.execute(sql.SQL("DROP EXTENSION IF EXISTS {} CASCADE").format(sql.Identifier(name)))
        for name in schemas:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def restore(settings: Settings, directory: Path) -> Summary:
    """Into an empty database and media folder; migrations newer than the backup run after."""
    manifest = verify(directory)
    with psycopg.connect(settings.database_url) as conn:
        used = one(conn.execute("SELECT to_regclass('public.reports') IS NOT NULL OR"
                                " to_regclass('public.schema_migrations') IS NOT NULL"))[0]
    if used:
        raise BackupError("Basis data tujuan tidak kosong: pulihkan ke basis data baru.",
                          "The target database is not empty: restore into a new one.", code="restore_target_not_empty")
    media_root = settings.media_dir
    clash = [f["path"] for f in manifest["media"] if (media_root / f["path"]).exists()]
    if clash:
        raise BackupError(f"Folder media sudah berisi {clash[0]}.", f"The media folder already holds {clash[0]}.",
                          code="restore_target_not_empty")
    _clear_image_extras(settings.database_url)
    done = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                           f"--dbname={settings.database_url}", str(directory / manifest["database"]["file"])],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError("pg_restore gagal: " + done.stderr.strip()[-300:], "pg_restore failed: " + done.stderr.strip()[-300:],
                          code="restore_failed")
    for f in manifest["media"]:
        dst = media_root / f["path"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(directory / "media" / f["path"], dst)
    counts = manifest["counts"]
    return Summary(directory, manifest["schema_version"], counts["reports"], counts["photos"], len(manifest["media"]),
                   manifest["database"]["bytes"] + sum(f["bytes"] for f in manifest["media"]))
