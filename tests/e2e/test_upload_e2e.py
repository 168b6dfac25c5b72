"""Uploading a file in a real Chromium: the new incidents appear on the map.

Uses the ``dashboard_server``, ``page`` and ``e2e`` fixtures of tests/e2e/conftest.py (a fresh
store with the bundled seed). The expected marker count is read from the store through
`seawatch.store.current_incidents`, never hard-coded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seawatch.store import current_incidents

pytestmark = pytest.mark.e2e

COUNT_JS = """() => {
  if (!window.seawatchIncidents) { return -1; }
  let n = 0;
  window.seawatchIncidents.eachLayer(l => { if (l.getLayers) { n += l.getLayers().length; } });
  return n;
}"""

#: Three made-up incidents on days and places no curated incident shares; the third carries
#: markup in its description, which must stay text (no script runs, no element is created).
ROWS = """date;lat;lon;type;countries;description
02/03/2011;12°30'N;113°30'E;other;VNM;E2E upload row one
16/03/2011;12-36N;113-36E;other;VNM;E2E upload row two
17/03/2011;12.7;113.7;other;PHL;<img src=x onerror="window.sw_pwned=1"> E2E row three
"""


def _count(page: Any, e2e: Any) -> int:
    frame = page.query_selector(e2e.MAP_IFRAME).content_frame()
    return int(frame.evaluate(COUNT_JS))


def test_uploaded_incidents_appear_on_the_map(
    page: Any, dashboard_server: Any, e2e: Any, tmp_path: Path
) -> None:
    e2e.open_dashboard(page, dashboard_server.url)
    before = len(current_incidents(dashboard_server.store)[0])
    assert _count(page, e2e) == before
    upload = tmp_path / "e2e_upload.csv"
    upload.write_text(ROWS, encoding="utf-8")

    page.get_by_role("tab", name="Upload").click()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    button = page.get_by_role("button", name="Add to the store: 3 rows, 3 typed other")
    button.wait_for(state="visible", timeout=60_000)
    e2e.wait_idle(page)
    assert page.get_by_text("accepted 3, suspect (kept with a warning) 0, rejected 0").count() == 1
    button.click()

    page.get_by_text("added 3 incident(s)").first.wait_for(timeout=60_000)
    assert len(current_incidents(dashboard_server.store)[0]) == before + 3
    page.get_by_role("tab", name="Map").click()  # the tabs are lazy: the map is drawn again
    page.locator(e2e.MAP_IFRAME).wait_for(timeout=60_000)
    frame = page.query_selector(e2e.MAP_IFRAME).content_frame()
    frame.wait_for_function(f"() => ({COUNT_JS})() === {before + 3}", timeout=60_000)
    # the markup in the uploaded description never became an element or ran
    assert frame.evaluate("() => window.sw_pwned === undefined")
    assert page.evaluate("() => window.sw_pwned === undefined")
    assert page.locator('img[src="x"]').count() == 0
    assert not page.seawatch_log.page_errors


def test_leaving_the_upload_tab_keeps_the_file(
    page: Any, dashboard_server: Any, e2e: Any, tmp_path: Path
) -> None:
    """The tabs are lazy and a hidden tab's widgets lose their state in the browser: the file
    being checked survives a visit to the map (nothing is stored meanwhile) until the analyst
    forgets it. (AppTest keeps an uploader's file on its own, so only a browser shows this.)"""
    e2e.open_dashboard(page, dashboard_server.url)
    before = len(current_incidents(dashboard_server.store)[0])
    upload = tmp_path / "e2e_kept.csv"
    upload.write_text(ROWS.replace("E2E", "Kept"), encoding="utf-8")
    page.get_by_role("tab", name="Upload").click()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    report = "accepted 3, suspect (kept with a warning) 0, rejected 0"
    page.get_by_text(report).wait_for(timeout=60_000)
    e2e.wait_idle(page)
    page.get_by_role("tab", name="Map").click()
    page.locator(e2e.MAP_IFRAME).wait_for(timeout=60_000)
    e2e.wait_idle(page)
    page.get_by_role("tab", name="Upload").click()
    page.get_by_text("Still working on").wait_for(timeout=60_000)
    page.get_by_text(report).wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Add to the store: 3 rows, 3 typed other").count() == 1
    assert len(current_incidents(dashboard_server.store)[0]) == before
    page.get_by_role("button", name="Forget this file").click()
    page.get_by_text(report).wait_for(state="detached", timeout=60_000)
    e2e.wait_idle(page)
    assert page.get_by_text("Still working on").count() == 0
    assert len(current_incidents(dashboard_server.store)[0]) == before
    assert not page.seawatch_log.page_errors
