"""The dashboard's Exports tab in a real Chromium: each download button delivers its file.

Uses the ``dashboard_server``, ``page`` and ``e2e`` fixtures of tests/e2e/conftest.py (bundled
seed data in a fresh store, external requests blocked). The expected rows are computed through
the public functions on the same store, never hard-coded.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.store import current_incidents

pytestmark = pytest.mark.e2e

CDN = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)


def _open_exports(page: Any, url: str, e2e: Any) -> None:
    e2e.open_dashboard(page, url)
    page.get_by_role("tab", name="Exports").click()
    page.locator('[data-testid="stDownloadButton"]').first.wait_for(state="visible", timeout=30_000)


def _download(page: Any, label: str) -> tuple[str, bytes]:
    button = page.locator('[data-testid="stDownloadButton"] button', has_text=label).first
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_download_buttons_deliver_the_filtered_view(
    page: Any, dashboard_server: Any, e2e: Any
) -> None:
    _open_exports(page, f"{dashboard_server.url}/?country=PHL", e2e)
    incidents, _ = current_incidents(dashboard_server.store)
    expected = apply_filter(incidents, IncidentFilter(countries=("PHL",)))["incident_id"]
    assert 0 < len(expected) < len(incidents)

    name, data = _download(page, "CSV")
    assert name.endswith(".csv")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert sorted(table["incident_id"]) == sorted(expected)

    name, data = _download(page, "GeoJSON")
    features = json.loads(data)["features"]
    assert sorted(f["properties"]["incident_id"] for f in features) == sorted(expected)

    name, data = _download(page, "Map image (PNG")
    assert name.endswith(".png") and data.startswith(b"\x89PNG\r\n\x1a\n")

    name, data = _download(page, "Report pack")
    assert name.endswith(".pdf") and data.startswith(b"%PDF-")

    name, data = _download(page, "Interactive map")
    page_text = data.decode("utf-8")
    assert name.endswith(".html") and "L.map(" in page_text
    assert not CDN.search(page_text)
    assert page.seawatch_log.page_errors == []
