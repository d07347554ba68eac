"""The layering rules of the developers' guide, checked on the source so a slip fails CI:
geo/ (the domain) imports nothing from the entrypoints, api/ holds no SQL, and every named
query the code asks for exists as a file in sql/queries/."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from geo.db import QUERY_DIR
from geo.settings import REPO_ROOT

_SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP)\s")  # keywords are upper case here


def _modules(package: str) -> list[Path]:
    return sorted((REPO_ROOT / package).rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def test_the_domain_imports_no_entrypoint() -> None:
    offenders = []
    for path in _modules("geo"):
        for node in ast.walk(_tree(path)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("api", "tiles", "workers")]
    assert offenders == []


def test_the_http_layer_holds_no_sql() -> None:
    offenders = [f"{path.name}:{node.lineno}" for path in _modules("api") for node in ast.walk(_tree(path))
                 if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL.match(node.value)]
    assert offenders == []


def test_every_named_query_asked_for_exists() -> None:
    files = {p.stem for p in QUERY_DIR.glob("*.sql")}
    asked = set()
    for package in ("geo", "api", "tiles", "workers", "vision"):
        for path in _modules(package):
            for node in ast.walk(_tree(path)):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "query"
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    asked.add(node.args[0].value)
    assert len(asked) > 50  # the scan really sees the code
    assert sorted(asked - files) == []


def test_every_tile_statement_stays_in_psycopgs_parsed_query_cache() -> None:
    """psycopg re-parses a statement longer than its cache limit on every execute; a tile is one
    statement, so each tile would pay it. The loader drops whole-line comments to stay under."""
    from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH

    from geo.db import query

    tiles = [p.stem for p in QUERY_DIR.glob("tile_*.sql")]
    assert len(tiles) > 10
    assert [t for t in tiles if len(query(t)) > MAX_CACHED_STATEMENT_LENGTH] == []
    assert "-- " not in query("tile_reports") and "ST_AsMVT" in query("tile_reports")
