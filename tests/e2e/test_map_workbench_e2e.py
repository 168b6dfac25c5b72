"""The map as a workbench in a real Chromium at 1400 x 900: "What is here?" from any click.

Runs against the ``dashboard_server`` fixture (bundled seed data and zones in a fresh store).
The seed data holds several incidents at Scarborough Shoal (15.15 N, 117.76 E), so a marker or
a cluster sits exactly where the probe clicks.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

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
