"""Browser fixtures: Debian's Chromium driven by Playwright, with console errors collected."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# --disable-gpu (software compositing) is what these tests have always run with; note that it
# captures a WebGL map under an open bottom sheet as the bare background in screenshots (with
# ANGLE compositing the map shows, as on a phone: checked 2026-12-05, but the deployer-style
# test then never sees its style applied, so the suite stays as it was).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run", "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader"]


def wait_until(page, expression: str, timeout_s: float = 20.0) -> None:
    """Poll a JS expression. (wait_for_function uses eval, which our CSP forbids, as it should.)
    A page that navigates meanwhile (a redirect the test waits for) is asked again on arrival."""
    import time

    from playwright.sync_api import Error

    def holds() -> bool:
        try:
            return bool(page.evaluate(expression))
        except Error as err:
            if "context was destroyed" not in str(err) and "navigat" not in str(err):
                raise
            return False

    deadline = time.monotonic() + timeout_s
    while not holds():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(100)



# The opened report's marker is drawn where the operator can see it: inside the visible part of
# the map, below the sticky header, above the detail and the map's credits (they covered it).
PICKED_IN_SIGHT = """(() => { const m = window.sigapMap; if (!m || m.isMoving()) return false;
  const hit = m.queryRenderedFeatures({layers: ['picked-point']})[0]; if (!hit) return false;
  const box = document.getElementById('map').getBoundingClientRect();
  const y = box.top + m.project(hit.geometry.coordinates).y, x = box.left + m.project(hit.geometry.coordinates).x;
  const below = (sel) => document.querySelector(sel).getBoundingClientRect();
  const d = below('#detail'), under = x >= d.left && x <= d.right;  // a detail beside the map (a laptop) covers none of it
  return x > box.left && x < Math.min(box.right, under ? Infinity : d.left) && y > Math.max(below('header').bottom, box.top) + 8
    && y < Math.min(box.bottom, under ? d.top : Infinity, below('.maplibregl-ctrl-attrib').top, innerHeight) - 8; })()"""


def watch_errors(pg):
    """Collect the page's console errors and uncaught exceptions in pg.errors."""
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return pg


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is part of the set-up (bin/sigap-dev) but is missing")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield watch_errors(browser.new_page(viewport={"width": 1000, "height": 750}))
        browser.close()
