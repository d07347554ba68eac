"""Schemathesis against our own OpenAPI document, over real HTTP: generated requests (valid
and invalid) for every documented operation, as an admin. No server error, and every
response must match the document (status codes, content types, schemas)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import make_user

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"



def test_schemathesis_finds_no_server_error_and_no_schema_violation(live: str, conn, tmp_path: Path) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or "st"
    _, token = make_user(conn, "fuzz", "admin")
    out = subprocess.run(
        [st, "run", f"{live}/api/v1/openapi.json", "--checks", CHECKS, "--max-examples", "10",
         "--header", f"Authorization: Bearer {token}", "--phases", "examples,coverage,fuzzing",
         "--suppress-health-check", "all", "--no-color",
         # A fixed seed keeps CI deterministic; this one found the NUL-byte 500 (now a 400).
         "--seed", "133718077384217603133364505615396903515"],
        capture_output=True, text=True, timeout=1200, cwd=tmp_path)
    tail = (out.stdout + out.stderr)[-6000:]
    assert out.returncode == 0, tail
    import re

    selected = re.search(r"Selected: (\d+)/(\d+)", out.stdout)
    tested = re.search(r"Tested: (\d+)", out.stdout)
    cases = re.search(r"(\d+) generated, (\d+) passed", out.stdout)
    assert selected and tested and cases, tail
    assert int(tested.group(1)) == int(selected.group(2)) >= 40  # every documented operation ran
    assert int(cases.group(1)) == int(cases.group(2)) >= 500
