"""The status layer, the boundary lines and the legend in a real Chromium at 1400 x 900.

Runs against the ``dashboard_server`` fixture (bundled seed data and zones in a fresh store).
"""

from __future__ import annotations

from typing import Any

import pytest

from seawatch.presentation import LINE_STYLE, STATUS_STYLE

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def test_status_fill_lines_and_legend_visible_without_scrolling(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    e2e.open_dashboard(page, dashboard_server.url)
    frame = page.query_selector(e2e.MAP_IFRAME).content_frame()
    # disputed waters are filled with the hatch pattern, which is in the document
    frame.wait_for_function(
        """() => document.getElementById('sw-pattern-disputed') !== null
              && document.querySelectorAll('path[fill="url(#sw-pattern-disputed)"]').length > 0
              && document.querySelectorAll('path[fill="url(#sw-pattern-joint)"]').length > 0""",
        timeout=30_000,
    )
    # agreed boundaries are drawn as solid lines in their colour, claim lines dashed
    agreed = LINE_STYLE["agreed_boundary"].color
    frame.wait_for_function(
        f"""() => [...document.querySelectorAll('path[stroke="{agreed}"]')]
                   .some(p => !p.getAttribute('stroke-dasharray'))""",
        timeout=30_000,
    )
    assert frame.locator("path[stroke-dasharray='8 4 2 4']").count() > 0
    # the legend: every status and line style, inside the map and the window, not scrolled
    page.evaluate("window.scrollTo(0, 0)")
    legend = frame.locator(".sw-legend")
    for status in STATUS_STYLE:
        assert legend.locator(f".sw-status-{status}").count() == 1
    text = legend.inner_text()
    for look in LINE_STYLE.values():
        assert look.label in text
    iframe_box = page.locator(e2e.MAP_IFRAME).bounding_box()
    box = legend.bounding_box()
    assert iframe_box is not None and box is not None
    # (Playwright gives the boxes of elements inside the frame in page coordinates)
    inside = iframe_box["y"] <= box["y"] and box["y"] + box["height"] <= (
        iframe_box["y"] + iframe_box["height"]
    )
    assert inside, (iframe_box, box)
    assert box["y"] + box["height"] <= 900, (iframe_box, box)
    assert legend.evaluate("d => d.scrollHeight <= d.clientHeight + 1")
    # collapsible: a click on its summary folds it
    legend.locator("summary").click()
    assert legend.evaluate("d => !d.open")
    log = page.seawatch_log
    assert log.page_errors == [] and log.console_errors == []


def test_feature_labels_do_not_overprint(page: Any, dashboard_server: Any, e2e: Any) -> None:
    """Issue 15.2: at the opening zoom the Spratly names would pile up; the labels left visible
    do not overlap one another, some are hidden, and zooming in shows more of them."""
    e2e.open_dashboard(page, dashboard_server.url)
    frame = page.query_selector(e2e.MAP_IFRAME).content_frame()
    visible_js = """() => Array.from(document.querySelectorAll('.leaflet-tooltip.sw-label'))
        .filter(el => el.style.visibility !== 'hidden')
        .map(el => { const r = el.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; })"""
    frame.wait_for_function(
        "() => document.querySelectorAll('.leaflet-tooltip.sw-label[style*=hidden]').length > 0",
        timeout=30_000,
    )
    shown = frame.evaluate(visible_js)
    total = frame.evaluate("() => document.querySelectorAll('.leaflet-tooltip.sw-label').length")
    assert 0 < len(shown) < total
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    frame.evaluate(
        "() => { const m = Object.values(window).find(v => v && v._leaflet_id && v.setView);"
        " m.setView([10.0, 114.5], 9); }"
    )
    frame.wait_for_function(
        f"() => ({visible_js})().length > {len(shown)}", timeout=30_000, polling=200
    )
