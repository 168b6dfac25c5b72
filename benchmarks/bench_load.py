"""Concurrent analysts: first map and filter change with N browser sessions at once (issue 18.11).

Target (issue 18): with 8 concurrent sessions on the 2-core reference machine, first map p50 <= 3x
and filter change p50 <= 3x the single-session figures.

Starts the dashboard as ``make run`` does (``python -m seawatch.ui.serve``, fresh store, free
port; the machinery of `bench_dashboard`), then for each N in ``--sessions`` runs ``--rounds``
rounds; in a round N sessions (one Chromium, one browser context each: no shared HTTP cache, so
each is a first-time visitor) start at the same moment and each

(a) opens the page and waits for the map's first incident marker to be drawn: the first map,
    timed inside the browser from the start of navigation (`bench_dashboard.PAINT_PROBE`);
(b) once the page is idle and the sidebar's filter controls are there, chooses the country
    with the most incidents and waits until the map holds that country's number of markers:
    the filter change, timed by the driver from the key press.

All sessions of a round do (b) together too (they wait for each other between (a) and (b)), so
the filter changes also run concurrently. Reported per N: p50 and p90 over all sessions of all
rounds, the server's CPU seconds (user + system, from ``/proc``) and the wall time of the
rounds, the CPU seconds of the browser and its driver (all N sessions), the load average; and the
ratio of the N-session p50 to the 1-session p50. ``--floor`` runs the same load against
`bench_dashboard.FLOOR_APP` (one metric, a one-marker map, plain ``streamlit run``): what N browsers
and Streamlit cost on this machine before seawatch does anything.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_dashboard import (  # noqa: E402
    CHROMIUM_ARGS,
    COUNT_JS,
    IDLE_JS,
    IFRAME,
    PAINT_PROBE,
    SIDEBAR_MULTISELECT,
    VIEWPORT,
    _server,
)

from seawatch import schema  # noqa: E402
from seawatch.filtering import IncidentFilter, apply_filter  # noqa: E402

TIMEOUT_MS = 300_000


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` and its reaped children (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return round(statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1], 2)


async def _session(
    browser: Any, url: str, code: str | None, expected: int, barrier: asyncio.Barrier
) -> tuple[float, float | None]:
    """One analyst: (first map seconds, filter change seconds; None without `code`)."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.add_init_script(PAINT_PROBE)
        await page.goto(url, timeout=TIMEOUT_MS)
        frame = page.frame_locator(IFRAME)
        await frame.locator("path.sw-incident, .marker-cluster").first.wait_for(timeout=TIMEOUT_MS)
        inner = await (await page.query_selector(IFRAME)).content_frame()
        await inner.wait_for_function("() => window.seawatchPainted", timeout=TIMEOUT_MS)
        painted_ms = await inner.evaluate("() => window.seawatchPainted")
        origin_ms = await page.evaluate("() => performance.timeOrigin")
        first_map = round((painted_ms - origin_ms) / 1000, 2)
        if code is None:  # the floor page has no filters
            return first_map, None
        await page.locator(SIDEBAR_MULTISELECT).first.wait_for(timeout=TIMEOUT_MS)
        await page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS)
        await barrier.wait()  # the filter changes of a round run together
        await page.locator(SIDEBAR_MULTISELECT).first.click()
        await page.keyboard.type(f"({code})")
        start = time.perf_counter()
        await page.keyboard.press("Enter")
        # the map may have been re-created by the rerun: find its frame again
        check = f"() => ({COUNT_JS})() === {expected}"
        while True:
            inner = await (await page.query_selector(IFRAME)).content_frame()
            try:
                await inner.wait_for_function(check, polling=50, timeout=TIMEOUT_MS)
                break
            except Exception as exc:  # noqa: BLE001 - a detached frame: look it up again
                if "detached" not in str(exc).lower():
                    raise
        return first_map, round(time.perf_counter() - start, 2)
    finally:
        await context.close()


async def _rounds(
    url: str, sessions: int, rounds: int, code: str | None, expected: int
) -> dict[str, list[float]]:
    from playwright.async_api import async_playwright

    first: list[float] = []
    change: list[float] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(rounds):
            await asyncio.sleep(2.0)  # the previous round's teardown settles
            barrier = asyncio.Barrier(sessions)
            results = await asyncio.gather(
                *(_session(browser, url, code, expected, barrier) for _ in range(sessions))
            )
            first += [r[0] for r in results]
            change += [r[1] for r in results if r[1] is not None]
        await browser.close()
    return {"first_map": first, "filter_change": change} if change else {"first_map": first}


def _server_pid(port_url: str) -> int:
    """The pid of the process listening on the URL's port (the dashboard server)."""
    port = int(port_url.rsplit(":", 1)[1])
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "0A":
                inode = cols[9]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) == f"socket:[{inode}]":
                    return int(proc.name)
        except OSError:
            continue
    raise RuntimeError(f"no process listens on {port_url}")


def _measure(
    url: str, pid: int, session_counts: list[int], rounds: int, code: str | None, expected: int
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # the server's first run of the page (cold caches of the rerun) is not measured
    asyncio.run(_rounds(url, 1, 1, code, expected))
    for n in session_counts:
        cpu0, wall0, load0 = _cpu_seconds(pid), time.perf_counter(), os.getloadavg()[0]
        # the browser (and its driver) exits at the end of `_rounds`: reaped children's CPU
        children0 = os.times().children_user + os.times().children_system
        times = asyncio.run(_rounds(url, n, rounds, code, expected))
        children = os.times().children_user + os.times().children_system - children0
        row: dict[str, Any] = {
            "sessions": n,
            "rounds": rounds,
            "load_average_before": round(load0, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
            "wall_s": round(time.perf_counter() - wall0, 1),
            "server_cpu_s": round(_cpu_seconds(pid) - cpu0, 1),
            "browser_cpu_s": round(children, 1),
        }
        for name, values in times.items():
            row[f"{name}_p50_s"] = _percentile(values, 50)
            row[f"{name}_p90_s"] = _percentile(values, 90)
            row[f"{name}_runs"] = values
        out[f"n{n}"] = row
    if len(session_counts) > 1:
        one, most = out[f"n{session_counts[0]}"], out[f"n{session_counts[-1]}"]
        for name in ("first_map", "filter_change"):
            if f"{name}_p50_s" in one:
                out[f"{name}_p50_ratio"] = round(most[f"{name}_p50_s"] / one[f"{name}_p50_s"], 2)
    return out


def run(session_counts: list[int], rounds: int) -> dict[str, Any]:
    """The dashboard under load: first map and filter change for each N."""
    from seawatch.store import current_incidents

    tmp = Path(tempfile.mkdtemp(prefix="seawatch-load-"))
    store = tmp / "store.sqlite"
    env = {**os.environ, "SEAWATCH_STORE": str(store)}
    launcher = [sys.executable, "-m", "seawatch.ui.serve"]
    with _server(launcher, REPO, env) as (url, ready):
        incidents, _ = current_incidents(store)
        code = str(incidents[schema.COUNTRIES].explode().value_counts().index[0])
        expected = len(apply_filter(incidents, IncidentFilter(countries=(code,))))
        out = _measure(url, _server_pid(url), session_counts, rounds, code, expected)
    return {"server_ready_s": ready, **out}


def run_floor(session_counts: list[int], rounds: int) -> dict[str, Any]:
    """The same load on `bench_dashboard.FLOOR_APP` (one metric, a one-marker map): what N
    browsers and Streamlit cost on this machine before seawatch does anything."""
    from bench_dashboard import FLOOR_APP

    from seawatch.assets import install_static

    tmp = Path(tempfile.mkdtemp(prefix="seawatch-load-floor-"))
    (tmp / "app.py").write_text(FLOOR_APP, encoding="utf-8")
    install_static(tmp / "static")
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py"]
    cmd += ["--server.enableStaticServing", "true", "--server.fileWatcherType", "none"]
    with _server(cmd, tmp, dict(os.environ)) as (url, _):
        return _measure(url, _server_pid(url), session_counts, rounds, None, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions", type=int, nargs="+", default=[1, 8], help="concurrent sessions (each N)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="rounds per N")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument(
        "--floor", action="store_true", help="also load the smallest page of the stack"
    )
    args = parser.parse_args(argv)
    if not Path("/usr/bin/chromium").exists():
        print("bench_load: /usr/bin/chromium not found: nothing measured")
        return 0
    results = {"dashboard": run(args.sessions, args.rounds)}
    if args.floor:
        results["floor"] = run_floor(args.sessions, args.rounds)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for part, numbers in results.items():
            print(f"{part}: {numbers}")
        print("target: 8 sessions, first map p50 <= 3x and filter change p50 <= 3x one session's")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
