"""Every city is a tenant: the schema could be distributed by city_id on Citus as it is.

Citus refuses create_distributed_table(t, 'city_id') when a primary key or unique constraint of
t lacks the distribution column, and co-located foreign keys must include it on both sides;
reference tables may be pointed at, never point at distributed ones. These tests read the
catalog, so a new table or key that breaks the rule fails here, not in production.
"""
from __future__ import annotations

import re

import psycopg

from geo.db import QUERY_DIR
from geo.settings import REPO_ROOT

# Tables every city shares (Citus reference tables, or local to the coordinator): see
# sql/migrations/0021_cities.sql and docs/scaling.md.
GLOBAL = {"cities", "users", "api_tokens", "push_subscriptions", "h3_cells", "job_outbox", "schema_migrations",
          "report_stats_state", "osm_import", "osm_roads", "osm_areas", "osm_waterways", "osm_places", "osm_search",
          "osm_road_edges", "osm_road_vertices", "spatial_ref_sys", "media_secret"}


def _tables(conn: psycopg.Connection) -> dict[str, bool]:
    """Base table -> has a city_id column."""
    rows = conn.execute(
        "SELECT c.relname AS t, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid"
        " AND a.attname = 'city_id' AND NOT a.attisdropped) AS tenant"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')").fetchall()
    return {r["t"]: r["tenant"] for r in rows}


def test_every_table_is_a_tenant_table_or_declared_global(conn: psycopg.Connection) -> None:
    tables = _tables(conn)
    undeclared = sorted(t for t, tenant in tables.items() if not tenant and t not in GLOBAL)
    assert undeclared == [], f"tables without city_id that are not declared global: {undeclared}"
    assert not [t for t in GLOBAL if tables.get(t)], "a global table has a city_id column"
    assert len([t for t, tenant in tables.items() if tenant]) >= 29


def test_city_id_is_required_and_never_defaulted(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "SELECT table_name, is_nullable, column_default FROM information_schema.columns"
        " WHERE table_schema = 'public' AND column_name = 'city_id'"
        " AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')"
    ).fetchall()
    bad = [(r["table_name"], r["is_nullable"], r["column_default"]) for r in rows
           if r["is_nullable"] != "NO" or r["column_default"] is not None]
    assert bad == []


def test_every_key_of_a_tenant_table_includes_city_id(conn: psycopg.Connection) -> None:
    """Primary keys, unique constraints and unique indexes (partial ones too)."""
    tenant = {t for t, is_tenant in _tables(conn).items() if is_tenant}
    rows = conn.execute(
        "SELECT c.relname AS t, i.indexrelid::regclass::text AS idx, i.indisprimary AS pk,"
        " EXISTS (SELECT 1 FROM unnest(i.indkey) k JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k"
        "         WHERE a.attname = 'city_id') AS has_city"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND i.indisunique").fetchall()
    bad = [(r["t"], r["idx"]) for r in rows if r["t"] in tenant and not r["has_city"]]
    assert bad == [], f"unique keys without city_id: {bad}"
    with_pk = {r["t"] for r in rows if r["pk"]}
    assert tenant - with_pk <= {"kelurahan_parts", "service_zone_parts"}  # derived rows, no key of their own


def test_foreign_keys_are_co_located(conn: psycopg.Connection) -> None:
    """Tenant -> tenant keys carry city_id on both sides; nothing global points at a tenant."""
    tables = _tables(conn)
    rows = conn.execute(
        "SELECT k.conname, k.conrelid::regclass::text AS src, k.confrelid::regclass::text AS dst,"
        " (SELECT array_agg(a.attname::text ORDER BY x.i) FROM unnest(k.conkey) WITH ORDINALITY x(n, i)"
        "    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n) AS cols,"
        " (SELECT array_agg(a.attname::text ORDER BY x.i) FROM unnest(k.confkey) WITH ORDINALITY x(n, i)"
        "    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.n) AS ref_cols"
        " FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace"
        " WHERE k.contype = 'f' AND n.nspname = 'public'").fetchall()
    assert rows
    for r in rows:
        src, dst = tables.get(r["src"], False), tables.get(r["dst"], False)
        if dst and not src:
            raise AssertionError(f"global table {r['src']} references tenant table {r['dst']} ({r['conname']})")
        if src and dst:
            assert "city_id" in r["cols"] and "city_id" in r["ref_cols"], (r["conname"], r["cols"], r["ref_cols"])
            assert r["cols"].index("city_id") == r["ref_cols"].index("city_id"), r["conname"]


# A citizen account works in every city, so these lookups come without a city_id: the account's
# reports (retries, resubmissions, "Laporan saya"), its events (Idempotency-Key replays) and its
# notifications (report_events' is partial, WHERE idempotency_key IS NOT NULL: so are its lookups).
# Each needs an index that starts with the account's column; keys that put
# city_id first (0021 did for reports) make every submission read the whole key.
CROSS_CITY_LOOKUPS = {("reports", "reporter_id"), ("report_events", "actor_id"), ("notifications", "user_id"),
                      ("push_subscriptions", "user_id"), ("staff", "user_id")}


def test_a_citizens_rows_are_found_without_knowing_the_city(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "SELECT c.relname AS t, a.attname AS first"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]"
        " WHERE n.nspname = 'public'").fetchall()
    leading = {(r["t"], r["first"]) for r in rows}
    assert CROSS_CITY_LOOKUPS - leading == set()


# Joins of a tenant table with a global (reference) table only: Citus joins those on any condition.
# cities_under_outline reads every city's kelurahan on purpose (`sigap city add`: is this ground taken?).
JOINS_WITH_REFERENCE_TABLES = {("osm_replace", "kp"), ("responder_of_agency", "r"), ("staff_cities_of", "st"),
                               ("cities_under_outline", "k")}
_JOIN = re.compile(r"\bJOIN\s+(\w+)\s+(?:AS\s+)?(\w+)\s+ON\b(.*?)"
                   r"(?=\bJOIN\b|\bWHERE\b|\bGROUP\b|\bORDER\b|\bLIMIT\b|\bUNION\b|\bFROM\b|\bSELECT\b|\)|;|,|\Z)", re.S)


def _tenant_tables() -> set[str]:
    made: set[str] = set()
    for m in sorted((REPO_ROOT / "sql" / "migrations").glob("*.sql")):
        made |= set(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", m.read_text()))
    return made - GLOBAL


def test_every_join_of_two_tenant_tables_matches_their_city() -> None:
    """Citus routes a statement to one node only when every distributed table in it is pinned to
    the same city; `JOIN categories c ON c.id = r.category_id` alone is a join across shards that
    Citus refuses (or repartitions). So each such join also says `c.city_id = r.city_id`."""
    tenant = _tenant_tables()
    assert {"reports", "categories", "kelurahan", "camera_zones"} <= tenant
    offenders = []
    for path in sorted(QUERY_DIR.glob("*.sql")):
        text = "\n".join(line.split("--")[0] for line in path.read_text().splitlines())
        text = re.sub(r"%\((\w+)\)s", r"$\1", text)  # bound values: no parentheses to confuse the scan
        for m in _JOIN.finditer(text):
            table, alias, on = m.groups()
            if table in tenant and f"{alias}.city_id" not in on and (path.stem, alias) not in JOINS_WITH_REFERENCE_TABLES:
                offenders.append(f"{path.name}: JOIN {table} {alias} ON {' '.join(on.split())}")
    assert offenders == []


# Statements that look rows of tenant tables up without naming one city, each for a reason;
# on Citus each is one indexed probe per shard (docs/scaling.md, "Which fan out").
FAN_OUT = {
    "report_city": "a report URL that names no city (an old link): its city, once, then one shard",
    "job_city": "a job queued before jobs named their city (migration 0027)",
    "report_replay_or_own": "a retry's Idempotency-Key is the reporter's, whichever city it went to",
    "report_by_idempotency_key": "the same, after a concurrent retry won the race",
    "event_by_idempotency_key": "the same, for a resubmission merged into the reporter's open report",
    "list_notifications": "one account's notifications from every city (the bell)",
    "mark_notification_read": "the app names the notification's city; an older client may not",
    "get_camera": "a camera URL that names no city; the frame job names it",
    "staff_cities_of": "a sign-in: which cities the login works for",
    "hand_over_resident": "a resident deleting their account: their rows in every city they reported in (rare)",
    "my_data": "a resident's own data from every city, asked by them (rare)",
    "set_staff_disabled": "switching an account off reaches every city it works for (rare)",
    "staff_offers_withdrawn": "a switched-off officer's open offers, in every city they work for (rare)",
    "staff_tasks_held": "what a switched-off officer held, in every city they work for, handed back (rare)",
    "staff_task_locks": "a switched-off officer's live assignments, in every city they work for (rare)",
    "staff_offers_skipped": "an offer made to a switched-off officer meanwhile, in every city (rare)",
    "staff_off_shift": "a switched-off officer off shift in every city they work for (rare)",
}
_WHERE = re.compile(r"\bWHERE\b(.*?)(?=\bORDER BY\b|\bGROUP BY\b|\bLIMIT\b|\bRETURNING\b|\bFOR UPDATE\b|\bUNION\b"
                    r"|\bON CONFLICT\b|\)\s*(?:,|SELECT|\)|AS\b|$)|;|\Z)", re.S)
_BY_ID = re.compile(r"\b(?:\w+\.)?\w*id\s*=\s*\$(?!city_id\b)\w+")
_PINNED = re.compile(r"\bcity_id\s*=\s*(?:\$city_id\b|\w+\.city_id\b)")


def test_every_lookup_by_id_names_its_city() -> None:
    """A row picked by its id, its report or its user, with a WHERE that does not also say which
    city, is a query of every shard on Citus. Requests name their city (`?city=`, `/<city>/`;
    "my reports" carry each report's) and jobs carry it, so statements say `city_id = $city_id`,
    not the optional `($city_id IS NULL OR …)`, which Citus is not known to prune on."""
    tenant = _tenant_tables()
    offenders = []
    for path in sorted(QUERY_DIR.glob("*.sql")):
        text = "\n".join(line.split("--")[0] for line in path.read_text().splitlines())
        text = re.sub(r"%\((\w+)\)s", r"$\1", text)
        used = set(re.findall(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)", text))
        if not used & tenant or path.stem in FAN_OUT:
            continue
        for m in _WHERE.finditer(text):
            clause = re.sub(r"\$city_id::int IS NULL OR (?:\w+\.)?city_id = \$city_id", "", m.group(1))
            if _BY_ID.search(clause) and not _PINNED.search(clause):
                offenders.append(f"{path.name}: WHERE {' '.join(m.group(1).split())[:100]}")
    assert offenders == []
    assert all((QUERY_DIR / f"{name}.sql").exists() for name in FAN_OUT), "a listed statement is gone"


_ALIAS = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b|LEFT\b|CROSS\b|USING\b)(\w+)")
_LINK = re.compile(r"\b(\w+)\.\w*id\s*=\s*(\w+)\.\w*id\b")


def _same_city(text: str) -> dict[str, str]:
    """Aliases whose city the statement equates (`a.city_id = b.city_id`, `a.city_id = $city_id`),
    each mapped to one representative."""
    root: dict[str, str] = {}

    def find(x: str) -> str:
        while root.get(x, x) != x:
            x = root[x]
        return x

    for a, b in re.findall(r"\b(\w+)\.city_id\s*=\s*(\$city_id|\w+\.city_id)\b", text):
        root[find(a)] = find(b.split(".")[0])
    return {x: find(x) for x in set(root) | set(root.values())}


def test_every_subquery_between_tenant_tables_matches_their_city() -> None:
    """The scan of JOINs above misses correlated subqueries (`SELECT … FROM photos p WHERE
    p.report_id = r.id`): their two rows must be of one city too (`p.city_id = r.city_id`, or
    both pinned to the same value), or the subquery reads every shard for each outer row."""
    tenant = _tenant_tables()
    offenders = []
    for path in sorted(QUERY_DIR.glob("*.sql")):
        text = "\n".join(line.split("--")[0] for line in path.read_text().splitlines())
        text = re.sub(r"%\((\w+)\)s", r"$\1", text)
        tables = {alias: table for table, alias in _ALIAS.findall(text)}
        same = _same_city(text)
        for m in _WHERE.finditer(text):
            for a, b in _LINK.findall(m.group(1).replace("city_id", "")):
                if a != b and tables.get(a) in tenant and tables.get(b) in tenant \
                        and (a not in same or same.get(a) != same.get(b)):
                    offenders.append(f"{path.name}: {a}.… = {b}.… in WHERE {' '.join(m.group(1).split())[:80]}")
    assert offenders == []
