"""Exports at city scale: peak memory (RSS) and time of a whole GeoJSON, CSV and GeoPackage
export of N reports (default 1,000,000), streamed as the API does it, against the old way
(every row fetched into a list, the whole body built in memory), measured interleaved.

    python -m bench.exports [--reports 1000000] [--rounds 2]

Each measurement runs in a fresh Python process (create_app, one request through Flask's test
client, the body consumed and dropped), so ru_maxrss is that export's own peak.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import services, table, write_json
from bench.tiles import load_reports

CHILD = r"""
import dataclasses, json, resource, sys, time
from geo.settings import Settings
from api import create_app
db, redis, fmt, mode = sys.argv[1:5]
app = create_app(dataclasses.replace(Settings(), database_url=db, redis_url=redis, rate_export_per_min=0))
client = app.test_client()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
size = 0
if mode == "stream":
    resp = client.get(f"/api/v1/exports/reports.{fmt}", buffered=False)
    for chunk in resp.response:
        size += len(chunk)
    resp.close()
else:  # the old way: every row in a list, then the whole body in memory
    import io, csv
    from geo import exports
    from geo.db import query
    with app.extensions["sigap.pool"].connection() as conn:
        rows = conn.execute(query("export_reports"), {**exports._filters({}), "limit": exports.MAX_ROWS}).fetchall()
    if fmt == "geojson":
        size = len("".join(exports.geojson_chunks(rows, per_chunk=10**9)))
    elif fmt == "csv":
        size = len("".join(exports.csv_chunks(rows, per_chunk=10**9)))
    else:
        import tempfile, pathlib
        with tempfile.TemporaryDirectory() as tmp:
            size = len(exports.write_geopackage(rows, pathlib.Path(tmp) / "x.gpkg").read_bytes())
took = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_mb": peak / 1024, "app_mb": base / 1024, "s": took, "bytes": size}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    results: list[dict[str, object]] = []
    with services() as (db, redis):
        load_reports(db, a.reports)
        for rnd in range(a.rounds):
            for fmt in ("geojson", "csv", "gpkg"):
                for mode in ("stream", "in_memory"):  # interleaved
                    out = subprocess.run([sys.executable, "-c", CHILD, db, redis, fmt, mode],
                                         capture_output=True, text=True, check=True)
                    m = json.loads(out.stdout.strip().splitlines()[-1])
                    results.append({"round": rnd, "format": fmt, "mode": mode, **m})
                    print(f"round {rnd} {fmt:7s} {mode:9s} peak {m['peak_mb']:8.1f} MB"
                          f" (app {m['app_mb']:.1f}) {m['s']:7.1f} s {m['bytes'] / 1e6:8.1f} MB", flush=True)
    rows: list[dict[str, str]] = []
    for fmt in ("geojson", "csv", "gpkg"):
        for mode in ("stream", "in_memory"):
            got = [r for r in results if r["format"] == fmt and r["mode"] == mode]
            peak = sorted(float(r["peak_mb"]) for r in got)[len(got) // 2]  # type: ignore[arg-type]
            secs = sorted(float(r["s"]) for r in got)[len(got) // 2]  # type: ignore[arg-type]
            rows.append({"format": fmt, "mode": mode, "peak RSS MB": f"{peak:.0f}", "seconds": f"{secs:.1f}",
                         "body MB": f"{float(got[0]['bytes']) / 1e6:.0f}"})  # type: ignore[arg-type]
    print(table(rows, ["format", "mode", "peak RSS MB", "seconds", "body MB"]))
    write_json("exports", {"reports": a.reports, "rounds": a.rounds, "measured_at": time.time(),
                           "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
