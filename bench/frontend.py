"""The citizen app's performance budget on a mid-range phone over a weak mobile link.

Debian's Chromium (Playwright) at 390x844 with touch, over a weak mobile link (bench/link.py:
1.6 Mbps down, 750 kbps up, 150 ms round trip, shared by every connection of the page, its
service worker and MapLibre's tile worker) with the page's main thread 4x slower (CDP), against
`sigap serve` (gunicorn) with Kupang loaded. (Until 2026-12-03 the link was CDP's network
emulation, which throttles the page only: the tile worker's requests went at loopback speed.)
Rounds, each in a fresh browser profile:
  - first visit: navigation to the first full map render (style, boundary and report tiles
    loaded), and the bytes that crossed the network;
  - repeat visit (same profile, service worker in control): the same measurement;
  - a report with a real-size ~4 MB phone photo: choosing the photo to the resized preview
    (in the browser, under the CPU slowdown), and tapping "Kirim" to the confirmation (upload).
Goals (issue 15): first visit < 4 s, repeat < 1.5 s, send < 3 s. Prints a table (medians over
rounds) and writes bench/out/frontend.json.

The map shows a year of Kupang's reports (30,000, clustered around kelurahan centres as the tile
bench's are), so its hexagons carry counts and their labels need glyphs. No OpenStreetMap extract
exists here, so the basemap tiles answer empty. Chromium composites in software (no GPU here), which
reads every frame of the WebGL canvas back to the CPU (~300 ms a frame at 4x in a trace);
`--gpu-compositing` composites on SwiftShader instead: no read-back, but SwiftShader then competes
with the page for the same cores, and the visits measured the same (bench/RESULTS.md).
`--baseline REF` serves a git revision's code from a worktree beside this one (same database) and
alternates rounds between the two: an interleaved A/B.

    .venv/bin/python -m bench.frontend --rounds 5 [--baseline HEAD~1]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from bench.common import api_server, services, table, write_json
from bench.link import Link, mobile_link
from bench.photos import phone_photo
from bench.tiles import load_reports
from geo.settings import REPO_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
SOFTWARE_COMPOSITING = ["--disable-gpu"]
GPU_COMPOSITING = ["--ignore-gpu-blocklist"]
KUPANG_POINT = (123.5777664, -10.1627254)  # Kel. Lahilai Bissi Kopan
LINK = {"down_bps": 1.6e6, "up_bps": 750e3, "rtt_ms": 150}
RATE_OFF = {"SIGAP_RATE_REGISTER_PER_HOUR": "0", "SIGAP_RATE_LOGIN_PER_MIN": "0", "SIGAP_RATE_SUBMIT_ADDRESS_PER_MIN": "0"}
GOALS = {"first_visit_ms": 4000, "repeat_visit_ms": 1500, "send_ms": 3000}


def poll(page: Any, expression: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        page.wait_for_timeout(25)


def prime(port: int) -> None:
    """Ask each server process for the app shell once, compressed as Chromium asks (Brotli, gzip),
    so the first round does not wait for the compression a server does once as it starts."""
    import http.client

    for _ in range(4):  # the requests land on either gunicorn process
        for path in ("/", "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs",
                     "/static/node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs", "/static/app.js"):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
            c.getresponse().read()
            c.close()


def slow_cpu(context: Any, page: Any) -> None:
    """The page's main thread 4x slower (CDP). Chromium applies this to the main thread only:
    MapLibre's worker, which decodes and lays out the tiles, runs at this machine's speed."""
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})


def visit(page: Any, url: str, link: Link, trace: bool) -> tuple[float, float]:
    """Navigation start to the map's first full render, as the page itself marks it (the app's
    "sigap:map-ready" mark on MapLibre's first idle), and the bytes that crossed the link (page,
    service worker and MapLibre's worker, headers included)."""
    before = link.counted()["down"]
    page.goto(url, wait_until="commit")
    poll(page, "performance.getEntriesByName('sigap:map-ready').length > 0")
    ms = page.evaluate("performance.getEntriesByName('sigap:map-ready')[0].startTime")
    if trace:  # where the time went: resources and long frames on the page's own clock
        for e in page.evaluate("""performance.getEntries().map(e => [e.entryType, e.name.replace(location.origin, ''),
            Math.round(e.startTime), Math.round(e.responseEnd || (e.startTime + e.duration)), e.transferSize || 0])"""):
            print(*e, sep="\t")
    return ms, (link.counted()["down"] - before) / 1024


def one_round(browser: Any, base: str, link: Link, photo: Path, n: int, trace: bool) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2, locale="id-ID", permissions=["geolocation"],
                                  geolocation={"longitude": KUPANG_POINT[0], "latitude": KUPANG_POINT[1], "accuracy": 20})
    page = context.new_page()
    slow_cpu(context, page)
    first_ms, first_kb = visit(page, base + "/", link, trace)
    poll(page, "!!(navigator.serviceWorker && navigator.serviceWorker.controller)", 60)  # installed, in control
    page.wait_for_timeout(500)
    repeat_ms, repeat_kb = visit(page, base + "/", link, trace)
    # A report: sign up, category, photo, GPS, send.
    page.tap("#report-open")
    page.locator("#f-login").fill(f"bench{n}@example.id")
    page.locator("#f-password").fill("kupang-2026")
    page.tap("#f-register-btn")
    page.locator("#f-password2").fill("kupang-2026")
    page.tap("#f-register-btn")
    page.wait_for_selector("#report-form", timeout=60000)
    page.select_option("#f-category", "sampah")
    t0 = time.perf_counter()
    page.locator("#f-photo").set_input_files(str(photo))
    poll(page, "!document.getElementById('f-preview').hidden")
    prepare_ms = (time.perf_counter() - t0) * 1000
    upload_kb = int(page.locator("#f-preview").get_attribute("data-bytes") or 0) / 1024
    page.tap("#f-locate")
    poll(page, "!document.getElementById('f-send').disabled")
    # The send is timed on the page's clock, from the tap's click event to the app's
    # "sigap:report-sent" mark (confirmation shown); Playwright's own tap (actionability checks
    # on a 4x-throttled page) and polling are not part of what a person waits for.
    page.evaluate("document.addEventListener('click', (e) => { window.__tapAt = e.timeStamp; }, {capture: true, once: true})")
    page.tap("#f-send")
    page.wait_for_selector("#form-msg.ok", timeout=60000)
    poll(page, "performance.getEntriesByName('sigap:report-sent').length > 0")
    send = page.evaluate("""(() => {
        const done = performance.getEntriesByName('sigap:report-sent')[0].startTime;
        const all = performance.getEntriesByType('resource');
        const r = all.filter(e => new URL(e.name).pathname === '/api/v1/reports' && e.initiatorType === 'fetch').pop();
        if (!r) throw new Error('no POST /api/v1/reports among ' + all.length + ' resources');
        return {send_ms: done - window.__tapAt, send_tap_to_request_ms: r.requestStart - window.__tapAt,
                send_request_to_answer_ms: r.responseEnd - r.requestStart, send_answer_to_shown_ms: done - r.responseEnd};
    })()""")
    context.close()
    return {"first_visit_ms": first_ms, "first_visit_kb": first_kb, "repeat_visit_ms": repeat_ms,
            "repeat_visit_kb": repeat_kb, "photo_prepare_ms": prepare_ms, "photo_upload_kb": upload_kb, **send}


@contextmanager
def worktree(ref: str) -> Iterator[Path]:
    """A detached checkout of `ref` beside this one, with this checkout's npm packages."""
    with tempfile.TemporaryDirectory(prefix="sigap-baseline-") as tmp:
        path = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(path), ref], cwd=REPO_ROOT, check=True)
        try:
            (path / "frontend" / "node_modules").symlink_to(REPO_ROOT / "frontend" / "node_modules")
            yield path
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=REPO_ROOT, check=False)


def summary(rounds: list[dict[str, float]]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for key in rounds[0]:
        values = [r[key] for r in rounds]
        goal = GOALS.get(key)
        med = statistics.median(values)
        rows.append({"what": key, "median": round(med), "min": round(min(values)), "max": round(max(values)),
                     "goal": goal or "", "met": ("yes" if med < goal else "NO") if goal else ""})
    return rows


def main() -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--trace", action="store_true", help="print each visit's resource and long-frame timeline")
    ap.add_argument("--reports", type=int, default=30_000, help="reports on the map (default: a year of Kupang)")
    ap.add_argument("--gpu-compositing", action="store_true", help="composite on SwiftShader (default: in software)")
    ap.add_argument("--baseline", metavar="REF", help="alternate rounds with this git revision's code (A/B)")
    args = ap.parse_args()
    versions = ["current"] + (["baseline"] if args.baseline else [])
    rounds: dict[str, list[dict[str, float]]] = {v: [] for v in versions}
    with tempfile.TemporaryDirectory() as tmp, services() as (db_url, redis_url), ExitStack() as stack:
        if args.reports:
            print(f"{args.reports} reports loaded in {load_reports(db_url, args.reports):.0f} s", flush=True)
        servers = {"current": stack.enter_context(api_server(db_url, redis_url, env=RATE_OFF))}
        if args.baseline:
            old = stack.enter_context(worktree(args.baseline))
            servers["baseline"] = stack.enter_context(api_server(db_url, redis_url, env=RATE_OFF, root=old))
        for port in servers.values():
            prime(port)
        links = {v: stack.enter_context(mobile_link(port, **LINK)) for v, port in servers.items()}
        p = stack.enter_context(sync_playwright())
        photo = phone_photo(Path(tmp) / "IMG_4000x3000.jpg", KUPANG_POINT)
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=ARGS + (GPU_COMPOSITING if args.gpu_compositing else SOFTWARE_COMPOSITING))
        for n in range(args.rounds):
            for v in versions if n % 2 == 0 else versions[::-1]:
                port, link = links[v]
                got = one_round(browser, f"http://127.0.0.1:{port}", link, photo, len(versions) * n + versions.index(v),
                                args.trace)
                rounds[v].append(got)
                print(f"round {n + 1} {v}: " + ", ".join(f"{k} {val:.0f}" for k, val in got.items()), flush=True)
        browser.close()
        photo_mb = photo.stat().st_size / 1e6
    rows = {v: summary(r) for v, r in rounds.items()}
    for v in versions:
        print(f"{v}:" if args.baseline else "")
        print(table(rows[v], ["what", "median", "min", "max", "goal", "met"]))
    if args.baseline:
        print("current / baseline, medians: " + ", ".join(
            f"{a['what']} {a['median'] / b['median']:.2f}" for a, b in zip(rows["current"], rows["baseline"])
            if isinstance(a["median"], int) and isinstance(b["median"], int) and b["median"]))
    print(f"photo: {photo_mb:.1f} MB at 4000x3000; link {LINK}; main thread 4x slower; {args.reports} reports;"
          f" {'GPU (SwiftShader)' if args.gpu_compositing else 'software'} compositing")
    out = write_json("frontend", {"link": LINK, "cpu_slowdown": 4, "cpu_slowdown_applies_to": "main thread",
                                  "photo_mb": round(photo_mb, 2),
                                  "reports": args.reports, "gpu_compositing": args.gpu_compositing,
                                  "baseline": args.baseline, "rounds": rounds["current"], "summary": rows["current"],
                                  **({"baseline_rounds": rounds["baseline"], "baseline_summary": rows["baseline"]}
                                     if args.baseline else {})})
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
