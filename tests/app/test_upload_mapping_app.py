"""The Upload tab's remembered column mappings (issue 18.4): per analyst, proposed, confirmed.

Fixture: ``tests/data/upload/year_month_day_columns.csv`` (headers Year, Month, Day, Lat, Lon,
Category; detected as date <- Year+Month+Day, incident_type <- Category).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch import store
from seawatch.columns import recall_mapping, remember_mapping

REPO = Path(__file__).resolve().parents[2]
FILE = REPO / "tests" / "data" / "upload" / "year_month_day_columns.csv"
COLUMNS = ["Year", "Month", "Day", "Lat", "Lon", "Category"]
TIMEOUT = 180


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The Upload tab with FILE chosen, a fresh store, and ana's remembered mapping that sends
    Category to the description."""
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    ana = {
        "date": ("Year", "Month", "Day"),
        "latitude": ("Lat",),
        "longitude": ("Lon",),
        "description": ("Category",),
    }
    remember_mapping(COLUMNS, ana, user="ana")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    at.session_state["view_tab"] = "Upload"
    at.run()
    at.file_uploader(key="seawatch_upload_file").set_value(
        (FILE.name, FILE.read_bytes(), "text/csv")
    )
    at.run()
    assert not at.exception
    return at


def proposals(at: AppTest) -> list[str]:
    return [i.value for i in at.info if "You used another mapping" in i.value]


def test_a_remembered_mapping_is_only_proposed_to_its_analyst(app: AppTest) -> None:
    sha = store.file_sha256(FILE)[:12]
    assert proposals(app) == []  # no name given: nobody's memory
    assert app.selectbox(key=f"upload_map_{sha}_incident_type").value == "Category"
    app.text_input(key="upload_user").input("bob").run()
    assert proposals(app) == []  # bob has none
    at = app.text_input(key="upload_user").input("ana").run()
    assert len(proposals(at)) == 1 and "description ← Category" in proposals(at)[0]
    # shown, not applied
    assert at.selectbox(key=f"upload_map_{sha}_description").value == "(none)"
    at = at.checkbox(key=f"upload_remembered_{sha}").check().run()
    assert not at.exception
    assert at.selectbox(key=f"upload_map_{sha}_description_remembered").value == "Category"
    assert "description <- Category" in "\n".join(t.value for t in at.text)


def test_a_commit_remembers_the_mapping_for_the_analyst_who_made_it(app: AppTest) -> None:
    sha = store.file_sha256(FILE)[:12]
    at = app.text_input(key="upload_user").input("cem").run()
    at.selectbox(key=f"upload_map_{sha}_vessels").set_value("Category").run()
    at.button(key="upload_commit").click().run()
    assert not at.exception
    assert recall_mapping(COLUMNS, "cem") == {
        "date": ("Year", "Month", "Day"),
        "latitude": ("Lat",),
        "longitude": ("Lon",),
        "incident_type": ("Category",),
        "vessels": ("Category",),
    }
    assert recall_mapping(COLUMNS, "ana") != recall_mapping(COLUMNS, "cem")
