"""The dashboard in a real Chromium: the map renders offline, filters change it, URLs restore it.

Runs against the server of the ``dashboard_server`` fixture (bundled seed data in a fresh store).
Expected counts are computed through the public functions (`seawatch.store.current_incidents`,
`seawatch.filtering.apply_filter`) on the same store, never hard-coded.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from seawatch import schema
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.store import current_incidents

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

COUNT_JS = """() => {
  if (!window.seawatchIncidents) { return -1; }
  let n = 0;
  window.seawatchIncidents.eachLayer(l => { if (l.getLayers) { n += l.getLayers().length; } });
  return n;
}"""


MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _frame(page: Any) -> Any:
    return page.query_selector(MAP_IFRAME).content_frame()


def _marker_count(page: Any) -> int:
    return int(_frame(page).evaluate(COUNT_JS))


def _expected(server: Any, flt: IncidentFilter) -> int:
    incidents, _ = current_incidents(server.store)
    return len(apply_filter(incidents, flt))


def _most_frequent_country(server: Any) -> str:
    incidents, _ = current_incidents(server.store)
    counts = incidents[schema.COUNTRIES].explode().value_counts()
    # a country that narrows the view: involved in some but not all incidents
    for code, n in counts.items():
        if 0 < n < len(incidents):
            return str(code)
    raise AssertionError("no country narrows the seed data")


def _wait_count(page: Any, expected: int) -> None:
    _frame(page).wait_for_function(
        f"() => ({COUNT_JS})() === {expected}", timeout=30_000, polling=200
    )


def test_map_renders_offline_with_zones_and_incidents(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    frame = e2e.open_dashboard(page, dashboard_server.url)
    iframe_box = page.locator(MAP_IFRAME).bounding_box()
    assert iframe_box is not None and iframe_box["height"] >= 300
    container_box = frame.locator(".leaflet-container").bounding_box()
    assert container_box is not None and container_box["height"] >= 300
    # markers (or clusters) and polygons are drawn
    drawn = frame.locator("path.sw-incident, .marker-cluster")
    assert drawn.count() > 0
    # zone polygons (fetched from the static layer files): SVG paths drawn with line segments
    _frame(page).wait_for_function(
        """() => [...document.querySelectorAll('.leaflet-map-pane path:not(.sw-incident)')]
                   .filter(p => (p.getAttribute('d') || '').includes('L')).length > 50""",
        timeout=30_000,
    )
    assert _marker_count(page) == _expected(dashboard_server, IncidentFilter())
    assert frame.locator(".sw-legend").count() == 1
    assert "nm" in frame.locator(".sw-nm-scale").inner_text()
    log = page.seawatch_log
    assert log.external_requests == []
    assert log.page_errors == []
    assert log.console_errors == []
    if os.environ.get(
        "SEAWATCH_SCREENSHOT"
    ):  # `SEAWATCH_SCREENSHOT=1 pytest tests/e2e` refreshes it
        page.screenshot(path=str(e2e.REPO / "docs" / "screenshot.png"))


def test_filter_controls_follow_the_drawn_map(page: Any, dashboard_server: Any, e2e: Any) -> None:
    """A visit's first page: while the zone layers are still loading (held here), the URL's
    incidents are drawn and the sidebar has no filter controls yet; once the layers arrive the
    controls appear by themselves, holding the URL's filter, and the map is not re-created."""
    held: list[Any] = []
    page.route("**/seawatch/layers/**", lambda route: held.append(route))
    code = _most_frequent_country(dashboard_server)
    expected = _expected(dashboard_server, IncidentFilter(countries=(code,)))
    page.goto(f"{dashboard_server.url}/?country={code}", wait_until="domcontentloaded")
    e2e.map_frame(page).locator("path.sw-incident, .marker-cluster").first.wait_for(timeout=60_000)
    _wait_count(page, expected)
    page.get_by_text("appear as soon as the map is drawn").wait_for(timeout=30_000)
    _frame(page).evaluate("() => { window.seawatchProbe = 'first map'; }")
    # the map's drawn signal is armed and waits for the held layers; the first run is over
    _frame(page).wait_for_function(
        "() => window.seawatchDrawnSent === true && (window.seawatchLayerLoads || []).length > 0",
        timeout=30_000,
    )
    e2e.wait_idle(page)
    controls = page.locator(e2e.SIDEBAR_MULTISELECT)
    assert controls.count() == 0
    assert held, "the zone layers were not requested"
    for route in held:
        route.continue_()
    countries = controls.filter(has_text="Countries involved")
    countries.wait_for(timeout=30_000)
    e2e.wait_idle(page)
    # the widgets stream in one by one: wait for the country control to hold the URL's value
    # (checking whichever multiselect happened to arrive first raced with the rerun)
    expect(countries).to_contain_text(f"({code})", timeout=30_000)
    assert _frame(page).evaluate("() => window.seawatchProbe") == "first map"
    assert _marker_count(page) == expected
    assert f"country={code}" in page.url
    assert page.seawatch_log.page_errors == []


def _unique_place(server: Any) -> tuple[str, Any]:
    """A location name that selects exactly one incident well inside the default view."""
    incidents, _ = current_incidents(server.store)
    for name in incidents[schema.LOCATION_NAME].dropna().unique():
        view = apply_filter(incidents, IncidentFilter(search=str(name)))
        row = view.iloc[0] if len(view) == 1 else None
        if row is not None and 8 < row[schema.LATITUDE] < 17 and 110 < row[schema.LONGITUDE] < 118:
            return str(name), row
    raise AssertionError("no location name selects a single incident")


def test_popup_shows_source_link(page: Any, dashboard_server: Any, e2e: Any) -> None:
    name, row = _unique_place(dashboard_server)
    frame = e2e.open_dashboard(page, f"{dashboard_server.url}/?{urlencode({'q': name})}")
    _wait_count(page, 1)
    marker = frame.locator("path.sw-incident")
    assert marker.count() == 1
    marker.click()  # a real mouse click (the map is fully inside the 1200-px-high viewport)
    link = frame.locator(".leaflet-popup-content a[href^='http']").first
    link.wait_for(state="visible", timeout=10_000)
    assert link.get_attribute("href") == row[schema.SOURCE]
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert str(row[schema.DATE].date()) in frame.locator(".leaflet-popup-content").inner_text()


def test_country_filter_changes_markers_and_url_and_reload_restores(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    e2e.open_dashboard(page, dashboard_server.url)
    code = _most_frequent_country(dashboard_server)
    expected = _expected(dashboard_server, IncidentFilter(countries=(code,)))
    assert expected != _marker_count(page)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    page.keyboard.type(f"({code})")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(rf"country={code}"), timeout=30_000)
    e2e.wait_idle(page)
    _wait_count(page, expected)
    # a new browser tab with the same URL reproduces the view
    url = page.url
    page.goto("about:blank")
    e2e.open_dashboard(page, url)
    _wait_count(page, expected)
    assert f"country={code}" in page.url


def _text(payload: str | bytes) -> str:
    """A websocket frame as text (Streamlit's frames are protobuf; component values are JSON)."""
    return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload


def _is_map_click(payload: str | bytes) -> bool:
    return '"last_clicked":{"lat"' in _text(payload).replace(" ", "")


def test_panning_does_not_rerun(page: Any, dashboard_server: Any, e2e: Any) -> None:
    """Panning and zooming send nothing to the server: after them, a map click (the positive
    control, proving the counter sees reruns) is the one message sent, and it carries the click
    alone (no bounds, centre or zoom that a pan could change); it reruns the script."""
    sockets: list[Any] = []
    sent: list[Any] = []

    def watch(ws: Any) -> None:
        sockets.append(ws)
        ws.on("framesent", lambda payload: sent.append(payload))

    page.on("websocket", watch)
    frame = e2e.open_dashboard(page, dashboard_server.url)
    assert sent, "the page's own first messages were not seen"  # the drawn signal's rerun
    seen = len(sent)
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx in (120, -200):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + dx, y + 40, steps=8)
        page.mouse.up()
    page.mouse.wheel(0, -300)
    moved = _frame(page).evaluate("() => window.seawatchIncidents._map.getCenter().lng")
    assert abs(moved - 114.0) > 0.01  # the map really panned
    # a map click reruns the script ("What is here?"): the counter must see that message
    with sockets[-1].expect_event("framesent", predicate=_is_map_click, timeout=30_000) as click:
        _frame(page).evaluate(
            "() => { const m = window.seawatchIncidents._map;"
            " m.fire('click', {latlng: m.getCenter()}); }"
        )
    page.get_by_text("Claimed by:").first.wait_for(timeout=30_000)
    e2e.wait_idle(page)
    after = sent[seen:]
    assert after == [click.value], f"{len(after)} messages after panning and one click (expected 1)"
    for key in ("bounds", "center", "zoom"):
        assert f'"{key}"' not in _text(click.value)


#: In the map's frame: resolves once the message `token` arrives, two animation frames later.
_BARRIER_JS = """(token) => { window.seawatchBarrier = new Promise(done => {
  window.addEventListener('message', function on(e) {
    if (e.data !== token) { return; }
    window.removeEventListener('message', on);
    requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
  });
}); }"""


def _map_caught_up(page: Any) -> None:
    """Wait until the map has handled every message the page posted to it so far.

    The page posts each run's new map arguments (feature groups) to the component iframe; a
    message posted after them from the same window arrives after them (postMessage keeps order
    between two windows), and the map has redrawn two animation frames later.
    """
    token = f"seawatch-barrier-{uuid.uuid4().hex}"
    _frame(page).evaluate(_BARRIER_JS, token)
    page.evaluate(
        """([selector, token]) => new Promise(done => requestAnimationFrame(() => setTimeout(() => {
             document.querySelector(selector).contentWindow.postMessage(token, '*'); done(true);
           }, 0)))""",
        [MAP_IFRAME, token],
    )
    _frame(page).evaluate("() => window.seawatchBarrier")


def test_table_selection_rings_the_incident_on_the_map(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    """Selecting a table row (in the "Timeline & table" tab) rings that incident on the map:
    the selection outlives the switch back to the lazy "Map" tab."""
    sockets: list[Any] = []
    page.on("websocket", lambda ws: sockets.append(ws))
    e2e.open_dashboard(page, dashboard_server.url)
    assert _frame(page).locator("path.sw-selected").count() == 0
    page.get_by_role("tab", name="Timeline & table").click()
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.wait_for(timeout=60_000)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    e2e.wait_idle(page)
    box = grid.bounding_box()
    assert box is not None
    # glide-data-grid draws on a canvas: the first column holds the row checkboxes, below a
    # header row; rows are 35 px high. Click the first data row's checkbox.
    with sockets[-1].expect_event("framesent", timeout=30_000):  # the selection, sent
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    e2e.wait_idle(page)
    page.get_by_role("tab", name="Map").click()
    page.locator(MAP_IFRAME).wait_for(timeout=60_000)
    _frame(page).locator("path.sw-selected").first.wait_for(state="attached", timeout=60_000)
    assert _frame(page).locator("path.sw-selected").count() == 1
    # another run without the table (a map click: "What is here?") keeps the ring
    _frame(page).evaluate(
        "() => { const m = window.seawatchIncidents._map;"
        " m.fire('click', {latlng: m.getCenter()}); }"
    )
    page.get_by_text("Claimed by:").first.wait_for(timeout=30_000)
    e2e.wait_idle(page)
    _map_caught_up(page)  # the click's run has reached the map
    assert _frame(page).locator("path.sw-selected").count() == 1
    assert not page.seawatch_log.page_errors


def test_brushing_the_timeline_sets_the_date_filter(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    """Dragging across the timeline narrows the date filter to the months covered: the URL gets
    since/until (first and last day of a month) and the count is the filter's count."""
    e2e.open_dashboard(page, dashboard_server.url)
    page.get_by_role("tab", name="Timeline & table").click()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=60_000)
    e2e.wait_idle(page)
    box = page.locator(
        '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
    )
    area = box.first.bounding_box()
    assert area is not None
    y = area["y"] + area["height"] * 0.45
    page.mouse.move(area["x"] + area["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * 0.75, y, steps=10)
    page.mouse.up()
    page.wait_for_url(re.compile(r"since=\d{4}-\d{2}-01.*until=\d{4}-\d{2}-\d{2}"), timeout=30_000)
    e2e.wait_idle(page)
    query = dict(p.split("=", 1) for p in page.url.split("?", 1)[1].split("&"))
    since, until = (dt.date.fromisoformat(query[k]) for k in ("since", "until"))
    assert since.day == 1 and (until + dt.timedelta(days=1)).day == 1 and since < until
    expected = _expected(dashboard_server, IncidentFilter(since=since, until=until))
    metric = page.locator('[data-testid="stMetricValue"]').first
    page.wait_for_function(
        "(n) => document.querySelector('[data-testid=\"stMetricValue\"]').innerText"
        ".replace(/,/g, '') === String(n)",
        arg=expected,
        timeout=30_000,
    )
    assert metric.inner_text().replace(",", "") == str(expected)
    everything = len(current_incidents(dashboard_server.store)[0])
    assert expected < everything
    # "All dates" widens again: the chart's kept brush does not narrow the filter by itself
    page.locator('[data-testid="stSidebar"]').get_by_text("All dates", exact=True).click()
    page.wait_for_function(
        "(n) => document.querySelector('[data-testid=\"stMetricValue\"]').innerText"
        ".replace(/,/g, '') === String(n)",
        arg=everything,
        timeout=30_000,
    )
    page.wait_for_url(lambda url: "since=" not in url, timeout=30_000)
    e2e.wait_idle(page)
    assert metric.inner_text().replace(",", "") == str(everything)
    assert not page.seawatch_log.page_errors
