"""Fixtures for browser tests: a real Streamlit server and the system Chromium via Playwright.

Reusable fixtures (other e2e test files may use them):

``dashboard_server`` (session)
    Starts ``python -m seawatch.ui.serve --server.headless true --server.port <free port>
    --server.address 127.0.0.1`` (what ``make run`` runs: data loaded, then ``streamlit run
    dashboard.py``) from the repository root with ``SEAWATCH_STORE`` pointing at a
    fresh temporary SQLite file (the bundled seed only, no user uploads), waits by polling
    ``/_stcore/health`` (no sleeps) and stops the server afterwards. Yields a `Server` with
    ``url`` (``http://127.0.0.1:<port>``) and ``store`` (the store file).
``browser`` (session)
    Playwright's chromium launched from ``/usr/bin/chromium`` (never ``playwright install``)
    with the flags that work headless in CI. Missing browser: the test is skipped with the
    reason, unless ``SEAWATCH_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns it into a
    failure.
``page`` (function)
    A fresh page whose console errors, page errors and every request to a host other than
    127.0.0.1 / localhost are recorded (``page.seawatch_log``: `BrowserLog`). External requests
    are aborted, so a test sees exactly what an air-gapped analyst sees. On a test failure a
    full-page screenshot is saved to ``test-artifacts/<test name>.png``.

``e2e`` (session)
    Helpers as attributes (test files cannot import conftest under ``--import-mode=importlib``);
    ``e2e.start_server(store, secrets=...)`` starts another dashboard (e.g. a second replica on
    the same PostgreSQL store) as a context manager;
    ``e2e.open_dashboard(page, url)`` loads the app and returns the map's frame locator once
    Leaflet has drawn; ``e2e.map_frame(page)`` is the frame locator of
    ``iframe[title="streamlit_folium.st_folium"]``; ``e2e.wait_idle(page)`` waits until the
    script is not running; ``e2e.MAP_IFRAME`` and ``e2e.REPO`` are the selector and repo root.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts"
SERVER_START_TIMEOUT_S = 90.0
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = ("127.0.0.1", "localhost")


@dataclass
class Server:
    """A running dashboard."""

    url: str
    store: Path | str  # a SQLite file or a postgresql:// URL
    process: subprocess.Popen[bytes]


@dataclass
class BrowserLog:
    """What the page reported: console errors, uncaught errors, blocked external requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll ``/_stcore/health`` until it answers ``ok`` (or the server dies / times out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        # a short blocking wait on the process, not a fixed sleep: returns at once if it exits
        try:
            process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            pass
    raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s")


@contextlib.contextmanager
def start_server(
    store: str | Path, *, secrets: Path | None = None, tmp: Path | None = None
) -> Iterator[Server]:
    """Start the dashboard as ``make run`` does on a free port with `store` (a SQLite path or a
    ``postgresql://`` URL) and, when given, a secrets file; stop it on exit."""
    tmp = tmp or Path(tempfile.mkdtemp(prefix="seawatch-e2e-"))
    port = _free_port()
    env = {**os.environ, "SEAWATCH_STORE": str(store), "SEAWATCH_CACHE_DIR": str(tmp / "cache")}
    env.pop("SEAWATCH_MAP_ASSETS", None)
    log_path = tmp / f"streamlit-{port}.log"
    log = log_path.open("wb")
    # the README's command (`make run`): the launcher loads the data, then runs streamlit
    cmd = [sys.executable, "-m", "seawatch.ui.serve", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    cmd += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    if secrets is not None:
        cmd += ["--secrets.files", str(secrets)]
    process = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, SERVER_START_TIMEOUT_S)
    except RuntimeError as exc:
        process.kill()
        log.close()
        pytest.fail(f"{exc}; server log:\n{log_path.read_text()[-3000:]}")
    try:
        yield Server(url=url, store=store, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def dashboard_server() -> Iterator[Server]:
    """The dashboard served on a free local port with a fresh incident store."""
    tmp = Path(tempfile.mkdtemp(prefix="seawatch-e2e-"))
    with start_server(tmp / "store.sqlite", tmp=tmp) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """System Chromium driven by Playwright (skip, or fail in CI, when it is missing)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: install Debian's chromium to run the browser tests"
        if os.environ.get("SEAWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (SEAWATCH_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _is_local(url: str) -> bool:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return (parsed.hostname or "") in LOCAL_HOSTS


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page that records errors and blocks (and records) every external request."""
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    pg = context.new_page()
    log = BrowserLog()
    pg.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: log.page_errors.append(str(e)))
    pg.on("requestfailed", lambda r: log.failed_requests.append(r.url))

    def route(r: Any) -> None:
        if _is_local(r.request.url):
            r.continue_()
        else:
            log.external_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg.seawatch_log = log
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the item so `page` can screenshot failed tests."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def map_frame(page: Any) -> Any:
    """The frame inside the streamlit-folium component iframe."""
    page.wait_for_selector(MAP_IFRAME, state="attached", timeout=60_000)
    return page.frame_locator(MAP_IFRAME)


SIDEBAR_MULTISELECT = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'


def open_dashboard(page: Any, url: str) -> Any:
    """Open `url`; wait until Leaflet has drawn inside the map iframe and the sidebar's filter
    controls (which follow the drawn map) are there; return the frame."""
    page.goto(url, wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.locator(".leaflet-container").wait_for(state="visible", timeout=60_000)
    frame.locator(".leaflet-overlay-pane path").first.wait_for(state="attached", timeout=60_000)
    page.locator(SIDEBAR_MULTISELECT).first.wait_for(timeout=60_000)
    wait_idle(page)
    return frame


def wait_idle(page: Any, timeout: float = 30_000) -> None:
    """Wait until Streamlit is not running the script (no status widget saying Running)."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
               || !document.querySelector('[data-testid="stStatusWidget"]').innerText
                    .includes('Running')""",
        timeout=timeout,
    )


class E2EHelpers:
    """The helper functions above, handed to tests through the ``e2e`` fixture."""

    MAP_IFRAME = MAP_IFRAME
    SIDEBAR_MULTISELECT = SIDEBAR_MULTISELECT
    REPO = REPO
    open_dashboard = staticmethod(open_dashboard)
    map_frame = staticmethod(map_frame)
    wait_idle = staticmethod(wait_idle)
    start_server = staticmethod(start_server)


@pytest.fixture(scope="session")
def e2e() -> E2EHelpers:
    """Helpers for browser tests (see the module docstring)."""
    return E2EHelpers()
