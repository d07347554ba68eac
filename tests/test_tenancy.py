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
          "osm_road_edges", "osm_road_vertices", "spatial_ref_sys"}


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
JOINS_WITH_REFERENCE_TABLES = {("osm_replace", "kp"), ("responder_of_agency", "r"), ("staff_cities_of", "st")}
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
