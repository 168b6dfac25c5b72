"""Concurrent analysts: first map and filter change with N sessions at once (issue 18.11).

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
rounds, the CPU seconds of the clients (browsers and driver), the load average; and the ratio of
the N-session p50 to the 1-session p50 (``--reference-rounds R``: the 1-session row runs R
rounds when R is more than ``--rounds``, a steadier reference for the ratios). ``--floor`` runs
the same load against `bench_dashboard.FLOOR_APP` (one metric, a one-marker map, plain
``streamlit run``): what N browsers and Streamlit cost on this machine before seawatch does
anything.

``--mode protocol`` runs each session as a websocket client speaking Streamlit's protobuf
messages instead of a browser (`_protocol_session`): the same visit without rendering, so what is
measured is the server's work per extra analyst. ``--distinct`` gives each session of a round its
own country. ``--upload-mb MB`` instead measures how one upload of MB slows other work in the
server's process, read in the process or in the upload worker (`run_upload_starvation`).
``--replicas N`` serves with N server processes sharing the store behind an nginx the benchmark
configures and starts (`replicas`), sticky per session (`--sticky cookie`, the default: a new
session goes to the least busy replica and a cookie keeps it there, as docs/deploy.md; or
`--sticky address`, protocol mode: by client address, each session from its own loopback address),
and reports each replica's CPU and websockets, checked to agree, and where the page files came
from (nginx's cache or a replica).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import replicas  # noqa: E402
from bench_dashboard import (  # noqa: E402
    CHROMIUM_ARGS,
    COUNT_JS,
    IDLE_JS,
    IFRAME,
    PAINT_PROBE,
    SIDEBAR_MULTISELECT,
    VIEWPORT,
    _free_port,
    _server,
)

# The protocol mode speaks Streamlit's messages; the banned-import rule guards the package.
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402, TID251
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402, TID251
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402, TID251

from seawatch import schema  # noqa: E402
from seawatch.filtering import IncidentFilter, apply_filter  # noqa: E402
from seawatch.mapping import DRAWN_KEY  # noqa: E402

TIMEOUT_MS = 300_000


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` and its reaped children (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    """The `q`-th percentile of `values` (ms precision: one session's filter change takes
    0.02-0.05 s in protocol mode, so the N-session ratio needs more than two decimals)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return round(statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1], 3)


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
    url: str,
    sessions: int,
    rounds: int,
    choices: list[tuple[str, int]] | None,
    mode: str,
    sources: list[str] | None = None,
) -> dict[str, list[float]]:
    """`rounds` rounds of `sessions` concurrent sessions; session i chooses ``choices[i]`` (as
    many as there are, then again from the first) and, in protocol mode, connects from the local
    address ``sources[i]`` (None: the system's choice)."""
    first: list[float] = []
    change: list[float] = []
    for _ in range(rounds):
        await asyncio.sleep(2.0)  # the previous round's teardown settles
        barrier = asyncio.Barrier(sessions)
        picks = [choices[i % len(choices)] if choices else None for i in range(sessions)]
        if mode == "protocol":
            results = await asyncio.gather(
                *(
                    _protocol_session(url, pick, barrier, sources[i] if sources else None)
                    for i, pick in enumerate(picks)
                    if pick is not None
                )
            )
        else:
            results = await _browser_round(url, picks, barrier)
        first += [r[0] for r in results]
        change += [r[1] for r in results if r[1] is not None]
    return {"first_map": first, "filter_change": change} if change else {"first_map": first}


async def _browser_round(
    url: str, picks: list[tuple[str, int] | None], barrier: asyncio.Barrier
) -> list[tuple[float, float | None]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        results = await asyncio.gather(
            *(
                _session(
                    browser, url, None if p is None else p[0], 0 if p is None else p[1], barrier
                )
                for p in picks
            )
        )
        await browser.close()
    return list(results)


#: Label of the sidebar control the filter change sets (`seawatch.ui.filters`).
COUNTRY_LABEL = "Countries involved"
_INCIDENT_COUNT = re.compile(r"seawatchIncidentCount = (\d+)")
_ASSET = re.compile(r'(?:src|href)="(?!https?:)([^"]+\.(?:js|css))"')


class _Protocol:
    """One analyst as a protocol-level client: Streamlit's websocket (``/_stcore/stream``) and
    its protobuf messages, as the browser exchanges them, without rendering anything."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.map_id = ""
        self.countries: tuple[str, list[str]] | None = None  # (widget id, options)

    async def run(self, states: list[Any]) -> tuple[float, int | None]:
        """Ask for a rerun with `states` (WidgetState protos); read until the script finished.

        Returns the time the map's delta arrived (``perf_counter``; the script's end when no map
        came) and the number of incidents the map holds (None: no map in this run).
        """
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.widget_states.widgets.extend(states)
        await self.ws.send(back.SerializeToString())
        map_at, count = None, None
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                return (map_at if map_at is not None else time.perf_counter()), count
            if kind != "delta" or msg.delta.WhichOneof("type") != "new_element":
                continue
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            component = element.component_instance
            if which == "component_instance" and "st_folium" in component.component_name:
                map_at = time.perf_counter()
                self.map_id = element.component_instance.id
                # the count is read from the arguments' text: decoding their ~0.4 MB of JSON
                # (~3 ms) in this one driver process would delay the other sessions' clocks
                raw = element.component_instance.json_args
                found = _INCIDENT_COUNT.search(raw)
                if found:
                    count = int(found.group(1))
                else:
                    script = json.loads(raw).get("feature_group") or ""
                    count = script.count('"Feature"')
            elif which == "multiselect" and element.multiselect.label == COUNTRY_LABEL:
                self.countries = (element.multiselect.id, list(element.multiselect.options))

    def drawn_state(self) -> Any:
        """The value the map sends once drawn (`seawatch.mapping.drawn_signal_layer`)."""
        state = WidgetState(id=self.map_id)
        state.json_value = json.dumps({"last_clicked": None, DRAWN_KEY: True})
        return state

    def country_state(self, code: str) -> Any:
        """The countries control holding `code` alone (its option label ends in ``(CODE)``)."""
        if self.countries is None:
            raise RuntimeError("the page sent no countries control")
        ident, options = self.countries
        (label,) = [o for o in options if o.endswith(f"({code})")]
        state = WidgetState(id=ident)
        state.string_array_value.data.append(label)
        return state


def _fetch(
    url: str, source: str | None = None, gzip: bool = True, cookie: str = ""
) -> tuple[bytes, str]:
    """GET `url` as a browser would (`gzip` accepted, its `cookie` sent) from the local address
    `source` (None: any); the bytes received and the cookies the answer set (``name=value``
    pairs joined as a ``Cookie`` header sends them)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1",
        parts.port,
        timeout=TIMEOUT_MS / 1000,
        source_address=None if source is None else (source, 0),
    )
    try:
        headers = {"Accept-Encoding": "gzip"} if gzip else {}
        if cookie:
            headers["Cookie"] = cookie
        conn.request("GET", parts.path or "/", headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {url} answered {response.status}")
        pairs = [v.split(";", 1)[0].strip() for v in response.headers.get_all("Set-Cookie") or []]
        return body, "; ".join(pairs)
    finally:
        conn.close()


async def _page_files(url: str, html: str, source: str | None, cookie: str) -> None:
    """The scripts and stylesheets the page's `html` names, as a first-time browser asks for
    them (the bundles those load later are not followed); from the local address `source`, as
    the session's websocket, with the page's `cookie`."""
    names = {m.lstrip("./") for m in _ASSET.findall(html)}
    await asyncio.gather(
        *(asyncio.to_thread(_fetch, f"{url}/{n}", source, True, cookie) for n in names)
    )


async def _protocol_session(
    url: str, choice: tuple[str, int], barrier: asyncio.Barrier, source: str | None = None
) -> tuple[float, float]:
    """One analyst over the protocol: (first map seconds, filter change seconds), connecting
    from the local address `source` (None: the system's choice; behind a proxy that routes by
    client address, each analyst's own address).

    As a browser: the page (``/``) first, whose answer may set cookies (behind the proxy with
    cookie routing, the replica this analyst stays on); then the page's files; then the
    websocket (a browser opens it from the page's script), all sending those cookies. First map:
    from opening the websocket until the map's delta arrived and the run finished (the later of
    the two); the page and its files are not timed (fetched alongside the websocket, their
    reading in this one driver process delayed the sessions' clocks by ~40 ms in some rounds).
    The map then reports it was drawn (the rerun that brings the sidebar's controls). Filter
    change: from sending the rerun with the country chosen until the new map's delta arrived,
    checked to hold `choice`'s number of incidents.
    """
    import websockets

    code, expected = choice
    page, cookie = await asyncio.to_thread(_fetch, url + "/", source, False)
    # a browser opens the websocket from the page's script: after the files
    await _page_files(url, page.decode("utf-8", "replace"), source, cookie)
    start = time.perf_counter()
    ws_url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    bind: dict[str, Any] = {} if source is None else {"local_addr": (source, 0)}
    headers = {"Cookie": cookie} if cookie else None
    async with websockets.connect(
        ws_url,
        subprotocols=["streamlit"],
        max_size=None,
        proxy=None,
        additional_headers=headers,
        **bind,
    ) as ws:
        client = _Protocol(ws)
        await client.run([])
        first_map = time.perf_counter() - start
        if not client.map_id:
            raise RuntimeError("the first page sent no map")
        await client.run([client.drawn_state()])
        await barrier.wait()  # the filter changes of a round run together
        sent = time.perf_counter()
        map_at, count = await client.run([client.drawn_state(), client.country_state(code)])
        if count != expected:
            raise RuntimeError(f"the map holds {count} incidents, expected {expected} ({code})")
        return round(first_map, 3), round(map_at - sent, 3)


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


@dataclasses.dataclass
class _Proxy:
    """The replicas behind nginx (``--replicas``): what `_measure` reads besides the timings."""

    replica_urls: list[str]
    nginx_pid: int
    access_log: Path
    sources: list[str] | None  # protocol mode: one local address per session


def _measure(
    url: str,
    pids: list[int],
    session_counts: list[int],
    rounds: int,
    choices: list[tuple[str, int]] | None,
    mode: str,
    proxy: _Proxy | None = None,
    reference_rounds: int = 0,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # the server's first run of the page (cold caches of the rerun) is not measured; behind the
    # proxy, each replica's, directly
    warm_urls = proxy.replica_urls if proxy else [url]
    out["unmeasured_first_visit"] = [
        asyncio.run(_rounds(u, 1, 1, choices, mode)) for u in warm_urls
    ]
    for n in session_counts:
        n_rounds = max(rounds, reference_rounds) if n == 1 else rounds
        cpus0 = [_cpu_seconds(pid) for pid in pids]
        proxy_cpu0 = replicas.tree_cpu_seconds(proxy.nginx_pid) if proxy else 0.0
        log0 = proxy.access_log.stat().st_size if proxy else 0
        wall0, load0 = time.perf_counter(), os.getloadavg()[0]
        # the browser (and its driver) exits at the end of each round: reaped children's CPU
        children0 = os.times().children_user + os.times().children_system
        driver0 = time.process_time()
        sources = proxy.sources if proxy else None
        times = asyncio.run(_rounds(url, n, n_rounds, choices, mode, sources))
        children = os.times().children_user + os.times().children_system - children0
        cpus = [round(_cpu_seconds(pid) - c0, 2) for pid, c0 in zip(pids, cpus0, strict=True)]
        row: dict[str, Any] = {
            "sessions": n,
            "rounds": n_rounds,
            "load_average_before": round(load0, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
            "wall_s": round(time.perf_counter() - wall0, 1),
            "server_cpu_s": round(sum(cpus), 2),
            "client_cpu_s": round(children + time.process_time() - driver0, 1),
        }
        if proxy is not None:
            row.update(_spread(proxy, cpus, log0, n * n_rounds))
            row["proxy_cpu_s"] = round(replicas.tree_cpu_seconds(proxy.nginx_pid) - proxy_cpu0, 1)
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


def _spread(proxy: _Proxy, cpus: list[float], log_offset: int, sessions: int) -> dict[str, Any]:
    """Where the sessions of one N landed: websockets per replica (nginx's access log since
    `log_offset`), each replica's CPU seconds, and a check that they agree — every replica
    that served a websocket did work, and the proxy saw every session."""
    with proxy.access_log.open("rb") as log:
        log.seek(log_offset)
        text = log.read().decode("utf-8", "replace")
    counts = replicas.upstream_counts(text)
    files = replicas.page_file_sources(text)
    ports = [u.rsplit(":", 1)[1] for u in proxy.replica_urls]
    per_replica = [counts.get(f"127.0.0.1:{p}", 0) for p in ports]
    busy = [i for i, c in enumerate(per_replica) if c]
    problems = []
    if sum(per_replica) != sessions:
        problems.append(f"{sum(per_replica)} websockets through the proxy for {sessions} sessions")
    # a replica that served sessions spent CPU on them (at least 0.05 s each: ~0.2 s measured)
    problems += [
        f"replica {i} served {per_replica[i]} but its CPU did not grow"
        for i in busy
        if cpus[i] < 0.05 * per_replica[i]
    ]
    return {
        "replica_cpu_s": cpus,
        "websockets_per_replica": per_replica,
        "replicas_used": len(busy),
        "page_files_from_nginx_cache": files["cache"],
        "page_files_from_replicas": files["replica"],
        "spread_check": "; ".join(problems) or "ok",
    }


def run(
    session_counts: list[int],
    rounds: int,
    mode: str,
    distinct: bool,
    replica_count: int = 0,
    sticky: str = "cookie",
    reference_rounds: int = 0,
) -> dict[str, Any]:
    """The dashboard under load: first map and filter change for each N.

    Every session chooses the country with the most incidents, or with `distinct` session i
    the i-th most frequent country (no two sessions of a round of up to 8 share a filter).
    With `replica_count` >= 1, that many servers share the store behind nginx (`replicas`) and
    the sessions go through the proxy, kept on their replica by `sticky` (`replicas`):
    ``"cookie"`` (a new browser goes to the least busy replica, a cookie keeps it there; each
    browser context, each protocol session keeps its own cookies) or ``"address"`` (protocol
    mode only: session i connects from its own loopback address; all Chromiums share
    127.0.0.1). 0: one server, no proxy.
    """
    if sticky not in replicas.STICKY:
        raise ValueError(f"sticky: {sticky!r} is not one of {replicas.STICKY!r}")
    if sticky == "address" and mode == "browser" and replica_count:
        raise ValueError("sticky: 'address' needs --mode protocol (the browsers share 127.0.0.1)")
    from seawatch.store import current_incidents

    tmp = Path(tempfile.mkdtemp(prefix="seawatch-load-"))
    store = tmp / "store.sqlite"
    env = {**os.environ, "SEAWATCH_STORE": str(store)}
    launcher = [sys.executable, "-m", "seawatch.ui.serve"]
    with contextlib.ExitStack() as stack:
        # one after the other: the first server creates the store, the others find it
        started = [
            stack.enter_context(_server(launcher, REPO, env)) for _ in range(max(replica_count, 1))
        ]
        urls = [url for url, _ in started]
        incidents, _ = current_incidents(store)
        ranked = incidents[schema.COUNTRIES].explode().value_counts().index
        codes = [str(c) for c in ranked[: max(session_counts) if distinct else 1]]
        choices = [
            (code, len(apply_filter(incidents, IncidentFilter(countries=(code,)))))
            for code in codes
        ]
        pids = [_server_pid(url) for url in urls]
        proxy = None
        url = urls[0]
        if replica_count:
            listen = _free_port()
            ports = [int(u.rsplit(":", 1)[1]) for u in urls]
            nginx = stack.enter_context(replicas.nginx(ports, listen, tmp / "nginx", sticky=sticky))
            sources = (
                replicas.client_addresses(max(session_counts)) if sticky == "address" else None
            )
            proxy = _Proxy(urls, nginx.pid, tmp / "nginx" / "access.log", sources)
            url = f"http://127.0.0.1:{listen}"
        out = _measure(url, pids, session_counts, rounds, choices, mode, proxy, reference_rounds)
    setup: dict[str, Any] = {"replicas": replica_count}
    if proxy is not None:
        setup["sticky"] = sticky
    return {
        "mode": mode,
        "distinct_filters": distinct,
        **setup,
        "server_ready_s": [ready for _, ready in started],
        **out,
    }


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
        return _measure(url, [_server_pid(url)], session_counts, rounds, None, "browser")


def _big_csv(megabytes: float) -> bytes:
    """A CSV of about `megabytes` MB: valid incidents in the region, 180-character descriptions."""
    head = "id,date,latitude,longitude,type,countries,description,source\n"
    text = "Vessel reported harassment by a patrol craft near the shoal; crew safe. " * 3
    rows = []
    size, i = len(head), 0
    while size < megabytes * 1_000_000:
        row = (
            f"U-{i},2024-{1 + i % 12:02d}-{1 + i % 28:02d},{9 + (i % 900) / 100:.2f},"
            f"{112 + (i % 700) / 100:.2f},other,VNM;CHN,{text[:180]},https://example.org/{i}\n"
        )
        rows.append(row)
        size += len(row)
        i += 1
    return (head + "".join(rows)).encode("utf-8")


def run_upload_starvation(megabytes: float, probes: int = 40) -> dict[str, Any]:
    """How much one large upload slows another session's work in the same server process.

    The other session's work is a page-sized piece of Python (the metrics of a country filter:
    `apply_filter` and `summary.period_change` on the seed, ~10-20 ms), timed again and again (at
    least `probes` times, and for as long as the upload runs): alone, then while a thread reads
    and validates a `megabytes` MB CSV in this process (as the Upload tab did), then while the
    thread waits for the same work in the upload worker (`seawatch.upload.worker`, as it does
    now). Reported: the probe's p50/p90 in each case and the upload's seconds; and, from a run of
    the upload without the probes, its wall time and the CPU it costs this process (the server's).
    """
    import threading

    from seawatch import summary
    from seawatch.io import read_table
    from seawatch.store import current_incidents
    from seawatch.upload import worker
    from seawatch.validation import validate

    tmp = Path(tempfile.mkdtemp(prefix="seawatch-upload-load-"))
    os.environ["SEAWATCH_STORE"] = str(tmp / "store.sqlite")
    incidents, _ = current_incidents()
    flt = IncidentFilter(countries=("PHL",))
    data = _big_csv(megabytes)

    def probe() -> float:
        start = time.perf_counter()
        summary.period_change(incidents, flt)
        apply_filter(incidents, flt)
        return time.perf_counter() - start

    def in_process() -> None:
        table = read_table(data, "big.csv")
        validate(table, land=False)

    def in_worker() -> None:
        table = worker.read_job(data, "big.csv").result()
        worker.submit(validate, table, land=False).result()

    worker.start()
    worker.submit(sum, []).result()  # the worker is up, as after the server's start
    out: dict[str, Any] = {"upload_mb": round(len(data) / 1e6, 1)}
    for name, work in (
        ("alone", None),
        ("upload_in_process", in_process),
        ("upload_in_worker", in_worker),
    ):
        done = threading.Event()
        seconds: list[float] = []

        def upload(
            work: Any = work, done: threading.Event = done, seconds: list[float] = seconds
        ) -> None:
            start = time.perf_counter()
            work()
            seconds.append(time.perf_counter() - start)
            done.set()

        alone: dict[str, float] = {}
        if work is not None:  # first without the probes: the upload's CPU in this process
            cpu, wall = time.process_time(), time.perf_counter()
            work()
            alone = {
                "upload_alone_s": round(time.perf_counter() - wall, 1),
                "upload_alone_cpu_here_s": round(time.process_time() - cpu, 1),
            }
        thread = threading.Thread(target=upload) if work is not None else None
        load0 = os.getloadavg()[0]
        if thread is not None:
            thread.start()
        times: list[float] = []
        while len(times) < probes or (thread is not None and not done.is_set()):
            times.append(probe())  # for as long as the upload runs
        if thread is not None:
            thread.join()
        ms = sorted(1000 * t for t in times)
        out[name] = {
            "probes": len(ms),
            "probe_p50_ms": round(statistics.median(ms), 1),
            "probe_p90_ms": round(statistics.quantiles(ms, n=10, method="inclusive")[-1], 1),
            "upload_s": round(seconds[0], 1) if seconds else None,
            "load_average": round(load0, 2),
            **alone,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions", type=int, nargs="+", default=[1, 8], help="concurrent sessions (each N)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="rounds per N")
    parser.add_argument(
        "--reference-rounds",
        type=int,
        default=0,
        help="rounds for N=1 when more than --rounds: the reference of every ratio (one "
        "session's 0.02-0.03 s filter change varies by a third between rounds)",
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument(
        "--floor", action="store_true", help="also load the smallest page of the stack"
    )
    parser.add_argument(
        "--mode",
        choices=("browser", "protocol"),
        default="browser",
        help="sessions as Chromium pages (browser) or as websocket clients without rendering "
        "(protocol: what the server does per session)",
    )
    parser.add_argument(
        "--distinct", action="store_true", help="each session of a round filters another country"
    )
    parser.add_argument(
        "--upload-mb",
        type=float,
        default=0,
        help="instead: how a CSV upload of this many MB slows other work in the server process",
    )
    parser.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="serve with this many server processes behind nginx (sticky routing; 0: one "
        "server, no proxy)",
    )
    parser.add_argument(
        "--sticky",
        choices=replicas.STICKY,
        default="cookie",
        help="with --replicas: keep a session on its replica by a cookie (new sessions to the "
        "least busy replica; default) or by client address (protocol mode)",
    )
    args = parser.parse_args(argv)
    if args.replicas and not Path("/usr/sbin/nginx").exists():
        print("bench_load: --replicas needs nginx (apt-get install nginx): nothing measured")
        return 0
    if args.upload_mb:
        print(json.dumps(run_upload_starvation(args.upload_mb), indent=2))
        return 0
    if args.mode == "browser" and not Path("/usr/bin/chromium").exists():
        print("bench_load: /usr/bin/chromium not found: nothing measured")
        return 0
    results = {
        "dashboard": run(
            args.sessions,
            args.rounds,
            args.mode,
            args.distinct,
            args.replicas,
            args.sticky,
            args.reference_rounds,
        )
    }
    if args.floor and args.mode == "browser":
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
