"""Dashboard speed: first paint and filter change in a browser; the map at 100,000 incidents.

Targets (issue 6): with the bundled data, first paint of the map < 3 s after the server is ready
and a filter change < 1 s; with 100,000 synthetic incidents, a filter change < 2 s and the HTML
sent to the map component < 5 MB.

Browser part: starts the dashboard as ``make run`` does (``python -m seawatch.ui.serve``: data
loaded, then ``streamlit run dashboard.py``) on a free port with a fresh store, waits for
``/_stcore/health``, then in the system Chromium measures (a) the first page load until Leaflet
has drawn incident markers (timed inside the browser, see `_paint`; cold: the server's first run
of the page, the browser's first page)
and (b) `--repeat` more loads, each in a new page (warm server caches; each page is a new browser
context, so no HTTP cache: what a first-time visitor sees; median reported; also when the
sidebar's filter controls, which follow the drawn map, are there), (c) `--repeat` loads
in one browser context after a first one (Streamlit's JavaScript bundles in the HTTP cache: a
returning visitor), and (d) choosing a country in the sidebar until the map holds the new number
of markers.

Floor part: the same paint measurement on the smallest page of the stack (one metric and a
one-marker `st_folium` map with the local Leaflet assets, served by plain ``streamlit run``): what
Streamlit's front end, the map component and Chromium cost on this machine before seawatch adds
anything.

Python part (what one rerun of the page does for the map): 100,000 synthetic incidents, seeded,
uniform in the region, with zone attribution columns; time of `apply_filter` + building the
incident layer + rendering the map component's HTML for a country filter, and that HTML's size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from seawatch import schema  # noqa: E402
from seawatch.filtering import IncidentFilter, apply_filter  # noqa: E402

COUNT_JS = """() => { if (!window.seawatchIncidents) { return -1; } let n = 0;
  window.seawatchIncidents.eachLayer(l => { if (l.getLayers) { n += l.getLayers().length; } });
  return n; }"""
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SIDEBAR_MULTISELECT = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'


def synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    """`n` incidents uniform in the region with random types, countries and zone attribution."""
    rng = np.random.default_rng(seed)
    west, south, east, north = schema.REGION_BOUNDS
    claimants = np.array(schema.CLAIMANTS)
    pairs = [[a, b] for a in ("CHN",) for b in ("PHL", "VNM", "MYS", "IDN", "USA")]
    return pd.DataFrame(
        {
            schema.INCIDENT_ID: [f"SYN-{i}" for i in range(n)],
            schema.DATE: pd.Timestamp("2010-01-01")
            + pd.to_timedelta(rng.integers(0, 5800, n), unit="D"),
            schema.LATITUDE: rng.uniform(south, north, n).round(4),
            schema.LONGITUDE: rng.uniform(west, east, n).round(4),
            schema.INCIDENT_TYPE: rng.choice(schema.INCIDENT_TYPES, n),
            schema.COUNTRIES: [pairs[i] for i in rng.integers(0, len(pairs), n)],
            schema.DESCRIPTION: ["Synthetic incident for the dashboard benchmark."] * n,
            schema.SOURCE: ["https://example.org/report"] * n,
            schema.LOCATION_NAME: ["synthetic"] * n,
            schema.LOCATION_PRECISION: rng.choice(schema.PRECISIONS, n),
            schema.JOIN_CLAIMANTS: [list(rng.choice(claimants, 2)) for _ in range(n)],
            schema.JOIN_DISPUTED: rng.random(n) < 0.6,
            schema.JOIN_ZONE_IDS: [["synthetic"]] * n,
        }
    )


def component_payload(view: pd.DataFrame) -> tuple[int, float]:
    """Bytes of what st_folium sends for one rerun (base map + incident layer), and seconds."""
    import folium

    # measures exactly what the component sends, with its own serialisers
    import streamlit_folium as sf  # noqa: TID251

    from seawatch import load_zones, mapping

    zones = mapping.display_zones(load_zones("builtin"))
    # as in the dashboard: land and zones are static files the browser fetches once
    urls = {
        name: f"/app/static/layers/{i}.json"
        for i, name in enumerate(mapping.zone_layers_geojson(zones))
    }
    start = time.perf_counter()
    base = mapping.base_map(zones, simplify=False, layer_urls=urls)
    layer = mapping.incident_layer(view)
    base.get_root().render()
    html = sf._get_html(base) + sf._get_header(base) + sf.generate_leaflet_string(base)
    html += sf._get_feature_group_string(layer, map=base, idx=0)
    html += sf._get_layer_control_string(folium.LayerControl(), base)
    return len(html.encode()), time.perf_counter() - start


def python_part(n: int) -> dict[str, float]:
    frame = synthetic(n)
    out: dict[str, float] = {"incidents": n}
    for label, flt in (
        ("all", IncidentFilter()),
        ("country_VNM", IncidentFilter(countries=("VNM",))),
    ):
        start = time.perf_counter()
        view = apply_filter(frame, flt)
        filtered = time.perf_counter() - start
        size, built = component_payload(view)
        out[f"{label}_in_view"] = len(view)
        out[f"{label}_filter_s"] = round(filtered, 3)
        out[f"{label}_map_s"] = round(built, 3)
        out[f"{label}_total_s"] = round(filtered + built, 3)
        out[f"{label}_component_mb"] = round(size / 1e6, 3)
    return out


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


FLOOR_APP = """
import folium
import streamlit as st
from streamlit_folium import st_folium

from seawatch import mapping

st.metric("Incidents in view", 1)
m = folium.Map(location=[12, 114], zoom_start=5, tiles=None)
folium.CircleMarker([12, 114], radius=5, class_name="sw-incident").add_to(m)
st_folium(mapping.apply_assets(m, "local"), key="m", height=500, returned_objects=[])
"""
VIEWPORT = {"width": 1400, "height": 1000}
#: True when Streamlit is not running the script (as tests/e2e/conftest.py's ``wait_idle``).
IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]')
  || !document.querySelector('[data-testid="stStatusWidget"]').innerText.includes('Running')"""
SETTLE_S = 2.0
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@contextlib.contextmanager
def _server(cmd: list[str], cwd: Path, env: dict[str, str]) -> Iterator[tuple[str, float]]:
    """Run `cmd` (a Streamlit server; a free port is appended); yield its URL and the seconds
    until ``/_stcore/health`` answered."""
    port = _free_port()
    cmd = [*cmd, "--server.headless", "true", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        t0 = time.perf_counter()
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[:4]} exited with {proc.returncode}")
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                pass
            try:  # a short blocking wait on the process: returns at once if it exits
                proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
        yield url, round(time.perf_counter() - t0, 2)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


#: Runs in the map's iframe: once an incident marker (or cluster) is in the page with a size,
#: waits for the frame that shows it to be drawn (two animation frames: the second callback runs
#: after the first frame was produced) and notes the time, as epoch ms.
PAINT_PROBE = """
(() => {
  if (window.top === window) { return; }
  const timer = setInterval(() => {
    const marker = document.querySelector('path.sw-incident, .marker-cluster, path.sw-aggregate');
    const box = marker && marker.getBoundingClientRect();
    if (!box || box.width <= 0 || box.height <= 0) { return; }
    clearInterval(timer);
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.seawatchPainted = performance.timeOrigin + performance.now();
    }));
  }, 10);
})();
"""


def _paint(browser: Any, url: str, controls: list[float] | None = None) -> tuple[Any, float, float]:
    """A new page opened at `url`: (page, first paint, seen by the driver) in seconds.

    First paint: from the start of navigation (the top page's ``performance.timeOrigin``) until
    the frame showing the map's first incident marker (or cluster, with a size) has been drawn,
    timed inside the browser (`PAINT_PROBE`). Seen by the driver: until Playwright reports the
    markers, which adds the driver's own polling and messaging delays (large while the browser
    is busy, e.g. drawing the filter controls that follow the map). `browser` is a Playwright
    browser (each page a new context: empty HTTP cache) or a browser context (pages share its
    HTTP cache: a returning visitor). With `controls`, the seconds until the sidebar's filter
    controls are there (as seen by the driver) are appended to it.
    """
    # each load starts on a settled machine: the browser and the server share its two cores, and
    # the previous page's teardown (renderer, server session) would otherwise run into this one
    time.sleep(SETTLE_S)
    page = browser.new_page(**({} if hasattr(browser, "browser") else {"viewport": VIEWPORT}))
    page.add_init_script(PAINT_PROBE)
    start = time.perf_counter()
    page.goto(url)
    frame = page.frame_locator(IFRAME)
    frame.locator("path.sw-incident, .marker-cluster, path.sw-aggregate").first.wait_for(
        timeout=120_000
    )
    seen = round(time.perf_counter() - start, 2)
    if controls is not None:
        page.locator(SIDEBAR_MULTISELECT).first.wait_for(timeout=120_000)
        controls.append(round(time.perf_counter() - start, 2))
    inner = page.query_selector(IFRAME).content_frame()
    inner.wait_for_function("() => window.seawatchPainted", timeout=120_000)
    painted_ms = inner.evaluate("() => window.seawatchPainted")
    origin_ms = page.evaluate("() => performance.timeOrigin")
    return page, round((painted_ms - origin_ms) / 1000, 2), seen


def browser_part(repeat: int = 3, stored: int = 0) -> dict[str, float]:
    """First paint (cold, first-time visitor, returning) and a filter change in Chromium, on a
    fresh store with the bundled seed and, with `stored`, that many synthetic incidents imported
    as one upload before the server starts (the filter change is then not timed: above
    `mapping.MAX_POINTS` the map draws aggregated cells, not one marker per incident)."""
    from playwright.sync_api import sync_playwright

    from seawatch import store as store_module
    from seawatch.store import current_incidents

    tmp = Path(tempfile.mkdtemp(prefix="seawatch-bench-"))
    store = tmp / "store.sqlite"
    if stored:
        rows = synthetic(stored)[list(schema.INCIDENT_COLUMNS[:10])]
        for column in schema.INCIDENT_COLUMNS[10:]:
            rows[column] = None
        store_module.import_incidents(rows, "synthetic.csv", "0" * 64, path=store)
    env = {**os.environ, "SEAWATCH_STORE": str(store)}
    out: dict[str, float] = {}
    launcher = [sys.executable, "-m", "seawatch.ui.serve"]
    with sync_playwright() as pw, _server(launcher, REPO, env) as (url, ready):
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        out["server_ready_s"] = ready
        page, out["first_paint_cold_s"], out["first_paint_cold_driver_s"] = _paint(browser, url)
        page.close()
        warm: list[float] = []
        warm_seen: list[float] = []
        controls: list[float] = []
        for i in range(repeat):
            page, seconds, seen = _paint(browser, url, controls)
            warm.append(seconds)
            warm_seen.append(seen)
            if i < repeat - 1:  # the last page stays open for the filter change
                page.close()
        out["first_paint_warm_median_s"] = round(statistics.median(warm), 2)
        out["first_paint_warm_runs"] = warm  # type: ignore[assignment]
        out["first_paint_warm_driver_median_s"] = round(statistics.median(warm_seen), 2)
        out["filter_controls_warm_median_s"] = round(statistics.median(controls), 2)
        context = browser.new_context(viewport=VIEWPORT)
        _paint(context, url)[0].close()  # fills the context's HTTP cache
        returning = []
        for _ in range(repeat):
            cached_page, seconds, _ = _paint(context, url)
            returning.append(seconds)
            cached_page.close()
        out["first_paint_returning_median_s"] = round(statistics.median(returning), 2)
        out["first_paint_returning_runs"] = returning  # type: ignore[assignment]
        context.close()
        out["incidents_stored"] = len(current_incidents(store)[0])
        if stored:
            browser.close()
            return out
        incidents, _ = current_incidents(store)
        code = str(incidents[schema.COUNTRIES].explode().value_counts().index[0])
        expected = len(apply_filter(incidents, IncidentFilter(countries=(code,))))
        page.wait_for_function(IDLE_JS, timeout=60_000)  # the controls' run is over
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        box.click()
        page.keyboard.type(f"({code})")
        start = time.perf_counter()
        page.keyboard.press("Enter")
        inner = page.query_selector(IFRAME).content_frame()
        inner.wait_for_function(f"() => ({COUNT_JS})() === {expected}", polling=50, timeout=60_000)
        out["filter_change_s"] = round(time.perf_counter() - start, 2)
        browser.close()
    return out


def floor_part(repeat: int = 3) -> dict[str, float]:
    """The same paint measurement on the smallest page of this stack: one metric and a
    one-marker `st_folium` map with the local Leaflet assets. What Streamlit, the component and
    Chromium cost on this machine before seawatch does anything."""
    from playwright.sync_api import sync_playwright

    from seawatch.assets import install_static

    tmp = Path(tempfile.mkdtemp(prefix="seawatch-floor-"))
    (tmp / "app.py").write_text(FLOOR_APP, encoding="utf-8")
    install_static(tmp / "static")
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py"]
    # the dashboard's own settings that apply to any page: static files, no file watcher
    cmd += ["--server.enableStaticServing", "true", "--server.fileWatcherType", "none"]
    with sync_playwright() as pw, _server(cmd, tmp, dict(os.environ)) as (url, _):
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page, _, _ = _paint(browser, url)  # the server's first run of the page
        page.close()
        runs = []
        seen = []
        for _ in range(repeat):
            page, seconds, driver = _paint(browser, url)
            runs.append(seconds)
            seen.append(driver)
            page.close()
        browser.close()
    return {
        "floor_paint_median_s": round(statistics.median(runs), 2),
        "floor_paint_runs": runs,  # type: ignore[dict-item]
        "floor_paint_driver_median_s": round(statistics.median(seen), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000, help="synthetic incidents")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument(
        "--repeat", type=int, default=3, help="warm page loads to take the median of"
    )
    parser.add_argument(
        "--browser-incidents",
        type=int,
        default=0,
        help="also time first paint in the browser with this many synthetic incidents stored",
    )
    args = parser.parse_args(argv)
    results: dict[str, object] = {"load_average": round(os.getloadavg()[0], 2)}
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        results["browser"] = browser_part(args.repeat)
        results["floor"] = floor_part(args.repeat)
        if args.browser_incidents:
            results["browser_stored"] = browser_part(args.repeat, args.browser_incidents)
    results["python"] = python_part(args.incidents)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for part, numbers in results.items():
            print(f"{part}: {numbers}")
        print("targets: first paint < 3 s, filter change < 1 s (bundled data);")
        print("         100k: filter change < 2 s, component HTML < 5 MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
