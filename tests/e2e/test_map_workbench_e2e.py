"""The map as a workbench in a real Chromium at 1400 x 900: "What is here?" from any click.

Runs against the ``dashboard_server`` fixture (bundled seed data and zones in a fresh store).
The seed data holds several incidents at Scarborough Shoal (15.15 N, 117.76 E), so a marker or
a cluster sits exactly where the probe clicks.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from seawatch import schema
from seawatch.areas import DrawnArea
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.mapping import zone_name_lookup
from seawatch.store import current_incidents
from seawatch.zones.loading import load_zones

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

SCARBOROUGH = (15.15, 117.76)

#: Switch on every overlay of the layer control except the online basemaps (they would leave
#: the machine); resolves once the fetched layers have arrived.
_ALL_LAYERS_ON_JS = """async () => {
  const inputs = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
    .filter(l => !l.innerText.includes('(online)'))
    .map(l => l.querySelector('input'));
  inputs.forEach(i => { if (!i.checked) { i.click(); } });
  return inputs.every(i => i.checked);
}"""

#: Centre the map on a point at a zoom; resolves after the move has ended.
_SET_VIEW_JS = """([lat, lon, zoom]) => new Promise(done => {
  const m = window.seawatchIncidents._map;
  m.once('moveend', () => requestAnimationFrame(() => done(true)));
  m.setView([lat, lon], zoom, {animate: false});
})"""

#: Page coordinates of a point, and what is drawn there (the topmost element's classes).
_POINT_JS = """([lat, lon]) => {
  const m = window.seawatchIncidents._map;
  const p = m.latLngToContainerPoint([lat, lon]);
  const box = m.getContainer().getBoundingClientRect();
  const el = document.elementFromPoint(box.left + p.x, box.top + p.y);
  const hit = el && el.closest('.marker-cluster, .sw-incident');
  return {x: p.x, y: p.y, hit: hit ? String(hit.getAttribute('class')) : ''};
}"""


def _page_point(frame: Any, lat: float, lon: float) -> tuple[float, float, str]:
    """Page coordinates of (lat, lon) on the map and the classes of the marker drawn there."""
    spot = frame.evaluate(_POINT_JS, [lat, lon])
    # (Playwright gives boxes of elements inside the frame in page coordinates)
    container = frame.locator(".leaflet-container").bounding_box()
    assert container is not None
    return container["x"] + spot["x"], container["y"] + spot["y"], spot["hit"]


def test_probe_answers_on_a_cluster_at_scarborough_shoal(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    e2e.open_dashboard(page, dashboard_server.url)
    frame = page.query_selector(e2e.MAP_IFRAME).content_frame()
    assert frame.evaluate(_ALL_LAYERS_ON_JS)
    frame.evaluate(_SET_VIEW_JS, [*SCARBOROUGH, 9])
    page.locator(e2e.MAP_IFRAME).scroll_into_view_if_needed()
    x, y, hit = _page_point(frame, *SCARBOROUGH)
    # the precondition of the issue: the click lands on incidents (a cluster or a marker)
    assert "marker-cluster" in hit or "sw-incident" in hit, hit
    panel = page.get_by_text("Click the map to see who claims")
    assert panel.count() == 1  # nothing probed yet
    # the probe is a visible, named button on the map
    probe = page.frame_locator(e2e.MAP_IFRAME).get_by_role("button", name="What is here?")
    probe.click()
    assert probe.get_attribute("aria-pressed") == "true"
    page.mouse.click(x, y)
    claimed = page.get_by_text("Claimed by:").first
    claimed.wait_for(timeout=30_000)
    e2e.wait_idle(page)
    facts = page.locator('[data-testid="stMarkdownContainer"]', has_text="Claimed by:").first
    text = facts.inner_text()
    for name in ("China (CHN)", "Philippines (PHL)", "Taiwan (TWN)"):
        assert name in text, text
    where = page.get_by_text(re.compile(r"^\d+\.\d{4}°N, \d+\.\d{4}°E$")).first.inner_text()
    lat, lon = (float(v) for v in re.findall(r"\d+\.\d+", where))
    assert abs(lat - SCARBOROUGH[0]) < 0.01 and abs(lon - SCARBOROUGH[1]) < 0.01, where
    # the click did not zoom into the cluster (the probe took it)
    assert frame.evaluate("() => window.seawatchIncidents._map.getZoom()") == 9
    log = page.seawatch_log
    assert log.page_errors == [] and log.console_errors == []
    assert log.external_requests == []


#: Centre and zoom of the map.
_VIEW_JS = """() => { const m = window.seawatchIncidents._map;
  return [m.getCenter().lat, m.getCenter().lng, m.getZoom()]; }"""

#: The layer control's overlays: name (count left out) -> ticked.
_LAYERS_JS = """() => Object.fromEntries(
  [...document.querySelectorAll('.leaflet-control-layers-overlays label')].map(l =>
    [l.innerText.trim().replace(/ \\([\\d,]+\\)$/, ''), l.querySelector('input').checked]))"""

#: Tick (true) or untick (false) overlays by name, as a click in the layer control does.
_TOGGLE_JS = """(wanted) => {
  for (const l of document.querySelectorAll('.leaflet-control-layers-overlays label')) {
    const name = l.innerText.trim().replace(/ \\([\\d,]+\\)$/, '');
    const input = l.querySelector('input');
    if (name in wanted && input.checked !== wanted[name]) { input.click(); }
  }
}"""

#: Open the popup of the first incident drawn as a marker of its own (not inside a cluster) and
#: click its "Full details" link; returns the incident's id.
_OPEN_DETAILS_JS = """() => new Promise((done, fail) => {
  let target = null;
  window.seawatchIncidents.eachLayer(function walk(l) {
    if (target) { return; }
    if (l.feature && l.feature.properties && l.feature.properties.id && l._map) { target = l; }
    else if (l.eachLayer) { l.eachLayer(walk); }
  });
  if (!target) { fail(new Error('no incident marker outside the clusters')); return; }
  target.openPopup();
  requestAnimationFrame(() => {
    const link = document.querySelector('.leaflet-popup a.sw-details');
    if (!link) { fail(new Error('no details link')); return; }
    link.click();
    done(link.getAttribute('data-incident'));
  });
})"""


def _live_map(page: Any, e2e: Any) -> Any:
    """The map's frame, once its incident layer is there (a new map may be on its way: a
    place-name change replaces the map, and the old frame stays until the run is over)."""
    e2e.wait_idle(page)
    page.wait_for_function(
        "(sel) => document.querySelectorAll(sel).length === 1", arg=e2e.MAP_IFRAME, timeout=30_000
    )
    e2e.map_frame(page).locator(".leaflet-container").wait_for(timeout=60_000)
    frame = page.wait_for_selector(e2e.MAP_IFRAME, timeout=30_000).content_frame()
    frame.wait_for_function("() => !!window.seawatchIncidents", timeout=30_000)
    return frame


def _incident(server: Any, ident: str) -> Any:
    incidents, _ = current_incidents(server.store)
    rows = incidents[incidents[schema.INCIDENT_ID] == ident]
    assert len(rows) == 1, ident
    return rows.iloc[0]


def _detail(page: Any) -> Any:
    return page.locator(".st-key-incident_detail")


def test_incident_permalink_opens_the_map_on_it_with_its_details(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    ident = "SCS-2012-04-10-1"  # Scarborough Shoal, 2012: in the bundled seed data
    row = _incident(dashboard_server, ident)
    e2e.open_dashboard(page, f"{dashboard_server.url}/?incident={ident}")
    frame = page.query_selector(e2e.MAP_IFRAME).content_frame()
    frame.wait_for_function(
        f"""() => {{ const v = ({_VIEW_JS})();
              return Math.abs(v[0] - {row[schema.LATITUDE]}) < 0.01
                  && Math.abs(v[1] - {row[schema.LONGITUDE]}) < 0.01 && v[2] === 9; }}""",
        timeout=30_000,
    )
    detail = _detail(page)
    expect(detail).to_contain_text(f"Incident {ident}", timeout=30_000)
    text = detail.inner_text()
    assert str(row[schema.DESCRIPTION]).strip() in text  # the whole description
    assert detail.locator(f'a[href="{row[schema.SOURCE]}"]').count() == 1
    # zones by name, never by id
    names = zone_name_lookup(load_zones())
    assert "Scarborough Shoal 12-nm territorial sea" in text
    assert not [z for z in names if re.search(rf"\b{re.escape(z)}\b", text)], text
    assert f"incident={ident}" in page.url
    # closing the details takes the incident out of the URL
    detail.get_by_role("button", name="Close details").click()
    expect(detail).to_have_count(0, timeout=30_000)
    page.wait_for_url(lambda url: "incident=" not in url, timeout=30_000)
    assert page.seawatch_log.page_errors == [] and page.seawatch_log.external_requests == []


def test_unknown_incident_in_a_link_is_named_and_the_page_works(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    e2e.open_dashboard(page, f"{dashboard_server.url}/?incident=NO-SUCH-1")
    expect(page.get_by_text("incident='NO-SUCH-1' is not a known incident id")).to_be_visible()
    assert _detail(page).count() == 0
    assert page.locator(e2e.SIDEBAR_MULTISELECT).count() > 0  # the filters are there


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_the_whole_view_survives_a_copied_url(page: Any, dashboard_server: Any, e2e: Any) -> None:
    """Preset, place names, selected incident, map centre and zoom, layers and the open tab,
    set in one page, come back in a fresh page opened on its URL."""
    e2e.open_dashboard(page, dashboard_server.url)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("2023–2024", exact=True).click()
    page.wait_for_url(re.compile(r"period=2023-2024"), timeout=30_000)
    e2e.wait_idle(page)
    _live_map(page, e2e).evaluate("() => { window.seawatchOld = true; }")
    sidebar.locator('[data-testid="stSelectbox"]', has_text="Place names").click()
    page.get_by_role("option", name="Philippines (PHL) names").click()
    page.wait_for_url(re.compile(r"names=PHL"), timeout=30_000)
    # another naming is another map: wait for it to replace the old one
    page.wait_for_function(
        """(sel) => { const f = document.querySelectorAll(sel);
             return f.length === 1 && !!f[0].contentWindow
                 && !f[0].contentWindow.seawatchOld && !!f[0].contentWindow.seawatchIncidents; }""",
        arg=e2e.MAP_IFRAME,
        timeout=60_000,
    )
    frame = _live_map(page, e2e)
    frame.evaluate("() => { window.seawatchSame = 'this map'; }")
    ident = frame.evaluate(_OPEN_DETAILS_JS)
    assert ident in set(current_incidents(dashboard_server.store)[0][schema.INCIDENT_ID])
    expect(_detail(page)).to_contain_text(f"Incident {ident}", timeout=30_000)
    page.wait_for_url(re.compile(rf"incident={re.escape(ident)}"), timeout=30_000)
    e2e.wait_idle(page)
    frame = _live_map(page, e2e)
    assert frame.evaluate("() => window.seawatchSame") == "this map"  # not re-created
    frame.evaluate(_SET_VIEW_JS, [10.5, 114.25, 7])
    frame.evaluate(_TOGGLE_JS, {"EEZ claims (outline)": True, "Named features": False})
    page.wait_for_url(re.compile(r"map=10\.5,114\.25,7"), timeout=30_000)
    layers = frame.evaluate(_LAYERS_JS)
    assert layers["EEZ claims (outline)"] and not layers["Named features"]
    page.get_by_role("tab", name="Zone dossier").click()
    page.wait_for_url(re.compile(r"tab=dossier"), timeout=30_000)
    e2e.wait_idle(page)
    url = page.url
    wanted = _params(url)
    for key in ("period", "names", "incident", "map", "layers", "tab", "since", "until"):
        assert key in wanted, (key, url)

    fresh = page.context.new_page()
    fresh.goto(url, wait_until="domcontentloaded")
    tab = fresh.get_by_role("tab", name="Zone dossier")
    expect(tab).to_have_attribute("aria-selected", "true", timeout=60_000)
    side = fresh.locator('[data-testid="stSidebar"]')
    expect(side.get_by_role("radio", name="2023–2024")).to_be_checked(timeout=30_000)
    expect(side.get_by_role("combobox", name="Place names")).to_have_value(
        "Philippines (PHL) names"
    )
    fresh.get_by_role("tab", name="Map").click()
    inner = _live_map(fresh, e2e)
    expect(_detail(fresh)).to_contain_text(f"Incident {ident}", timeout=30_000)
    view = inner.evaluate(_VIEW_JS)
    # the same view, to the pixel (a map resized to its column may move by one)
    pixel = 360 / (256 * 2**7)
    assert abs(view[0] - 10.5) < 2 * pixel and abs(view[1] - 114.25) < 2 * pixel, view
    assert view[2] == 7
    assert inner.evaluate(_LAYERS_JS) == layers
    e2e.wait_idle(fresh)
    # the same URL, but for the tab now open (the map's, the default: left out)
    assert _params(fresh.url) == {k: v for k, v in wanted.items() if k != "tab"}
    assert fresh.get_by_text("Link parameter not used").count() == 0
    assert page.seawatch_log.page_errors == [] and page.seawatch_log.external_requests == []


#: A view (zoom 8) with Scarborough Shoal in the lower left of the map, clear of the legend.
_LOWER_LEFT = [SCARBOROUGH[0] + 0.5, SCARBOROUGH[1] + 0.9, 8]


def _count(frame: Any) -> int:
    return int(frame.evaluate("() => window.seawatchIncidentCount"))


def test_drawing_a_polygon_filters_the_incidents_and_goes_into_the_url(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    """Four clicks with the polygon tool around Scarborough Shoal (on its cluster too) and a
    click on the first corner: the count becomes the incidents inside, the URL holds the
    shape; a fresh page on that URL has the same filter; Clear brings all incidents back."""
    page.set_viewport_size({"width": 1400, "height": 900})
    e2e.open_dashboard(page, dashboard_server.url)
    frame = _live_map(page, e2e)
    everything = _count(frame)
    frame.evaluate(_SET_VIEW_JS, _LOWER_LEFT)
    page.locator(e2e.MAP_IFRAME).scroll_into_view_if_needed()
    draw = page.frame_locator(e2e.MAP_IFRAME).get_by_role("button", name="Draw an area to filter")
    draw.click()
    corners = [(15.6, 117.3), (15.6, 118.2), (14.7, 118.2), (14.7, 117.3)]
    for lat, lon in [*corners, corners[0]]:
        x, y, _ = _page_point(frame, lat, lon)
        page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"area=polygon"), timeout=30_000)
    e2e.wait_idle(page)
    area = _params(page.url)["area"][0]
    # the expected count: the same filter on the same store, through the public functions
    drawn = DrawnArea.parse(area)
    assert drawn.kind == "polygon" and len(drawn.points) == 4
    incidents, _ = current_incidents(dashboard_server.store)
    expected = len(apply_filter(incidents, IncidentFilter(area=drawn)))
    assert 0 < expected < everything
    frame = _live_map(page, e2e)
    frame.wait_for_function(f"() => window.seawatchIncidentCount === {expected}", timeout=30_000)
    metric = page.locator('[data-testid="stMetric"]', has_text="Incidents in view")
    expect(metric).to_contain_text(str(expected))
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Drawn area: polygon of 4")
    # a fresh page on the URL: the same area filters
    fresh = page.context.new_page()
    e2e.open_dashboard(fresh, page.url)
    expect(fresh.locator('[data-testid="stMetric"]', has_text="Incidents in view")).to_contain_text(
        str(expected)
    )
    fresh.close()
    # clearing the area (the map's ✕) brings every incident back
    page.frame_locator(e2e.MAP_IFRAME).get_by_role("button", name="Clear the drawn area").click()
    page.wait_for_url(lambda url: "area=" not in url, timeout=30_000)
    frame = _live_map(page, e2e)
    frame.wait_for_function(f"() => window.seawatchIncidentCount === {everything}", timeout=30_000)
    assert page.seawatch_log.page_errors == [] and page.seawatch_log.external_requests == []


def test_drawing_a_circle_measures_its_radius_in_nautical_miles(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    e2e.open_dashboard(page, dashboard_server.url)
    frame = _live_map(page, e2e)
    frame.evaluate(_SET_VIEW_JS, _LOWER_LEFT)
    page.locator(e2e.MAP_IFRAME).scroll_into_view_if_needed()
    page.frame_locator(e2e.MAP_IFRAME).get_by_role("button", name="Draw a circle").click()
    x, y, hit = _page_point(frame, *SCARBOROUGH)
    assert hit  # the centre is on incidents: the click is the tool's, not the cluster's
    page.mouse.click(x, y)
    ex, ey, _ = _page_point(frame, SCARBOROUGH[0], SCARBOROUGH[1] + 0.4)
    page.mouse.move(ex, ey)
    label = page.frame_locator(e2e.MAP_IFRAME).locator(".sw-measure")
    expect(label).to_contain_text("nm")
    page.mouse.click(ex, ey)
    page.wait_for_url(re.compile(r"area=circle"), timeout=30_000)
    circle = DrawnArea.parse(_params(page.url)["area"][0])
    # 0.4° of longitude at 15.15°N: about 23.2 nm
    assert circle.kind == "circle" and 22 < circle.radius_nm < 24.5, circle
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(
        f"circle of {circle.radius_nm:.1f} nm radius"
    )
    assert page.seawatch_log.page_errors == []


def test_switched_off_incidents_stay_off_when_a_filter_change_replaces_them(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    """st_folium re-creates the incident layer on every rerun; switched off in the layer
    control, it stays off (and out of the URL's layers) after a filter change."""
    e2e.open_dashboard(page, dashboard_server.url)
    frame = _live_map(page, e2e)
    frame.evaluate(_TOGGLE_JS, {"Incidents": False})
    page.wait_for_url(re.compile(r"layers="), timeout=30_000)
    assert "incidents" not in _params(page.url)["layers"][0].split(",")
    page.locator('[data-testid="stSidebar"]').get_by_text("2023–2024", exact=True).click()
    page.wait_for_url(re.compile(r"period=2023-2024"), timeout=30_000)
    incidents, _ = current_incidents(dashboard_server.store)
    expected = len(
        apply_filter(
            incidents, IncidentFilter(since=dt.date(2023, 1, 1), until=dt.date(2024, 12, 31))
        )
    )
    frame = _live_map(page, e2e)
    # the new layer (its count) has arrived and has taken itself off the map
    frame.wait_for_function(
        f"() => window.seawatchIncidentCount === {expected} && !window.seawatchIncidents._map",
        timeout=30_000,
    )
    assert frame.evaluate(_LAYERS_JS)["Incidents"] is False
    assert "incidents" not in _params(page.url)["layers"][0].split(",")
