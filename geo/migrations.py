"""Apply numbered SQL migrations exactly once each, recorded in schema_migrations.

An advisory lock makes concurrent `sigap db upgrade` runs (api + worker starting
together) safe: the second waits, then finds nothing left to do. A migration that needs Python
(H3 is computed here, not in PostgreSQL) names a step in STEPS, run after its SQL in the same
transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from geo.db import REPO_ROOT, Conn, migration_files, one

_LOCK_KEY = 7_412_001  # arbitrary, fixed: "SIGAP migrations"


def _cells_hold_their_points(conn: Conn) -> None:
    from geo.reindex import cells_hold_their_points

    cells_hold_their_points(conn)


def _duplicates_follow_confidential(conn: Conn) -> None:
    """0057: reports merged into a confidential one before a move took them along (0055) move into
    its category, their public place coarsened as a move does. Its SQL is frozen in sql/steps/ (the
    named queries change with the code; an old database's upgrade must not)."""
    from geo.hexes import REPORT_RESOLUTIONS, register_cells
    from geo.privacy import public_point

    steps = REPO_ROOT / "sql" / "steps"
    moved = (steps / "0057_duplicate_moved.sql").read_text()
    for d in conn.execute((steps / "0057_duplicates.sql").read_text()).fetchall():
        plng, plat, cells = public_point(float(d["lng"]), float(d["lat"]), True, REPORT_RESOLUTIONS)
        conn.execute(moved, {"id": d["id"], "city_id": d["city_id"], "category_id": d["category_id"],
                             "agency_id": d["agency_id"], "public_lng": plng, "public_lat": plat,
                             **{f"h3_r{r}": c for r, c in cells.items()},
                             "note": f"{d['old_name_id']} → {d['name_id']} / {d['old_name_en']} → {d['name_en']}"})
        register_cells(conn, cells.values())


STEPS: dict[int, Callable[[Conn], None]] = {43: _cells_hold_their_points, 57: _duplicates_follow_confidential}


def upgrade(conn: Conn, *, files: list[Path] | None = None,
            on_apply: Callable[[str], None] | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction. Returns applied names."""
    files = files if files is not None else migration_files()
    applied_now: list[str] = []
    conn.autocommit = True
    conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {r["version"] if isinstance(r, dict) else r[0]
                for r in conn.execute("SELECT version FROM schema_migrations").fetchall()}
        for path in files:
            version = int(path.name[:4])
            if version in done:
                continue
            with conn.transaction():
                conn.execute(path.read_text())
                if version in STEPS:
                    STEPS[version](conn)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (version, path.stem),
                )
            applied_now.append(path.stem)
            if on_apply:
                on_apply(path.stem)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
        conn.autocommit = False
    return applied_now


def status(conn: Conn, files: list[Path] | None = None) -> tuple[int, list[str]]:
    """The schema version and the migrations `upgrade` would apply now, in order (all of them on
    an empty database): a deployer sees what an upgrade will do before taking a backup."""
    files = files if files is not None else migration_files()
    made = one(conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL AS made"))
    if not (made["made"] if isinstance(made, dict) else made[0]):
        return 0, [p.stem for p in files]
    done = {r["version"] if isinstance(r, dict) else r[0]
            for r in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    return max(done, default=0), [p.stem for p in files if int(p.name[:4]) not in done]


def current_version(conn: Conn) -> int:
    """Highest applied migration number, 0 on an empty database."""
    row = one(conn.execute("SELECT coalesce(max(version), 0) AS v FROM schema_migrations"))
    return int(row["v"] if isinstance(row, dict) else row[0])
