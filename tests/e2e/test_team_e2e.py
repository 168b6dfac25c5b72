"""The team server in a real browser (issue 16): two replicas on one PostgreSQL store, and roles.

Fixtures: ``postgres_url`` (tests/conftest.py: a fresh database on a throwaway PostgreSQL +
PostGIS server), ``browser`` and ``e2e.start_server`` (tests/e2e/conftest.py).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from playwright.sync_api import expect

from seawatch import auth, store
from seawatch.filtering import IncidentFilter, apply_filter

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

METRIC = '[data-testid="stMetric"]'


def _in_view(location: str) -> int:
    """How many stored incidents the dashboard's default view shows."""
    return len(apply_filter(store.current_incidents(location)[0], IncidentFilter()))


def _expect_count(page: Any, n: int) -> None:
    """Wait until the 'Incidents in view' metric says `n`."""
    metric = page.locator(METRIC).filter(has_text="Incidents in view")
    expect(metric).to_contain_text(re.compile(rf"Incidents in view\s*{n:,}\b"), timeout=60_000)


def _three_new_incidents(location: str) -> pd.DataFrame:
    """Three seed rows moved to new ids, recent days and other places (no duplicates)."""
    seed = store.current_incidents(location)[0]
    rows = seed.iloc[:3].copy()
    rows["incident_id"] = ["TEAM-1", "TEAM-2", "TEAM-3"]
    latest = seed["date"].max()
    rows["date"] = [latest, latest, latest]
    rows["latitude"] = [8.1, 8.2, 8.3]
    rows["longitude"] = [113.1, 113.2, 113.3]
    rows["description"] = ["team upload one", "team upload two", "team upload three"]
    return rows


def test_two_replicas_on_one_postgresql_store_see_each_others_uploads(
    browser: Any, postgres_url: str, e2e: Any
) -> None:
    """Two app processes on one PostgreSQL store, each with its view cached; an upload by
    another process (the CLI's import, a third writer) appears in both on their next run:
    their caches are keyed by the store's version, not by process memory."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    with e2e.start_server(postgres_url) as a, e2e.start_server(postgres_url) as b:
        pages = [context.new_page(), context.new_page()]
        before = _in_view(postgres_url)
        for page, server in zip(pages, (a, b), strict=True):
            page.goto(server.url, wait_until="domcontentloaded")
            _expect_count(page, before)
        added = store.import_incidents(
            _three_new_incidents(postgres_url), "team.csv", "7" * 64, path=postgres_url
        )
        assert added.added == 3 and _in_view(postgres_url) == before + 3
        for page in pages:
            page.reload(wait_until="domcontentloaded")
            _expect_count(page, before + 3)
    context.close()


@pytest.fixture(scope="module")
def team_secrets() -> Path:
    """A secrets file with built-in users: vic (viewer), ana and ben (editors)."""
    lines = ["[seawatch_auth]", 'mode = "password"']
    for name, role in (("vic", "viewer"), ("ana", "editor"), ("ben", "editor")):
        lines += [
            f"[seawatch_auth.users.{name}]",
            f'password_hash = "{auth.hash_password(name + "-pw")}"',
            f'role = "{role}"',
        ]
    path = Path(tempfile.mkdtemp(prefix="seawatch-secrets-")) / "secrets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sign_in(page: Any, name: str) -> None:
    """Sign in once the page has loaded (open_dashboard waited for the map and an idle script:
    a click that lands while the first run is still redrawing the sidebar can be lost)."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("User name").fill(name)
    sidebar.get_by_label("Password", exact=True).fill(f"{name}-pw")
    sidebar.get_by_role("button", name="Sign in").click()
    expect(sidebar).to_contain_text(f"Signed in as {name}", timeout=60_000)


def test_roles_in_the_browser(browser: Any, team_secrets: Path, e2e: Any, tmp_path: Path) -> None:
    """A viewer has no Upload tab; an editor has it, and may undo only its own batches."""
    location = tmp_path / "store.sqlite"
    store.current_incidents(location)  # the seed, so the batches below are 2 and 3
    ben = auth.import_as(
        auth.User("ben", "editor", "password"),
        _three_new_incidents(str(location)),
        "ben.csv",
        "b" * 64,
        path=location,
    )
    ana_rows = _three_new_incidents(str(location))
    ana_rows["incident_id"] = ["ANA-1", "ANA-2", "ANA-3"]
    ana_rows["latitude"] = [9.1, 9.2, 9.3]
    ana = auth.import_as(
        auth.User("ana", "editor", "password"), ana_rows, "ana.csv", "a" * 64, path=location
    )
    with e2e.start_server(location, secrets=team_secrets) as server:
        viewer = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        e2e.open_dashboard(viewer, server.url)
        _sign_in(viewer, "vic")
        tabs = viewer.get_by_role("tab")
        expect(tabs.filter(has_text="About")).to_have_count(1, timeout=60_000)
        expect(tabs.filter(has_text="Upload")).to_have_count(0)

        editor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        e2e.open_dashboard(editor, server.url)
        _sign_in(editor, "ana")
        editor.get_by_role("tab", name="Upload").click()
        editor.get_by_text("Uploaded batches").click()
        undo = editor.get_by_role("combobox", name="Batch to undo")
        expect(undo).to_have_value(str(ana.batch_id), timeout=60_000)
        undo.click()
        options = editor.get_by_role("option")
        expect(options.first).to_be_visible()
        assert options.all_inner_texts() == [str(ana.batch_id)]
        assert str(ben.batch_id) != str(ana.batch_id)
