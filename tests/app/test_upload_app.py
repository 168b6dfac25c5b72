"""The Upload tab of dashboard.py with Streamlit's AppTest: mapping, preview, report, commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch import store

REPO = Path(__file__).resolve().parents[2]
UPLOAD = REPO / "tests" / "data" / "upload"
TIMEOUT = 180


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """dashboard.py on its Upload tab, with a fresh store (bundled seed only) and an empty
    mapping memory."""
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    at.session_state["view_tab"] = "Upload"  # the tabs are lazy: only the open one runs
    at.run()
    assert not at.exception
    return at


def upload(at: AppTest, name: str) -> AppTest:
    data = (UPLOAD / name).read_bytes()
    at.file_uploader(key="seawatch_upload_file").set_value((name, data, "text/csv"))
    return at.run()


def texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def test_upload_shows_mapping_preview_and_report(app: AppTest) -> None:
    at = upload(app, "half_missing_coords.csv")
    assert not at.exception
    sha = store.file_sha256(UPLOAD / "half_missing_coords.csv")[:12]
    assert at.selectbox(key=f"upload_map_{sha}_latitude").value == "latitude"
    assert at.selectbox(key=f"upload_map_{sha}_longitude").value == "longitude"
    assert "accepted 1, suspect (kept with a warning) 0, rejected 3" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rejected"] == "3" and metrics["Accepted"] == "1"
    frames = [d.value for d in at.dataframe]
    preview = next(f for f in frames if "incident_id" in f.columns)
    assert preview["date"].tolist() == ["2023-01-01"]
    problems = next(f for f in frames if "problem" in f.columns)
    assert problems["row"].tolist() == [3, 4, 5]
    assert at.button(key="upload_commit").label == (
        "Add to the store: 1 row, 1 without a description, 1 typed other"
    )


def test_adjusting_the_mapping_changes_the_report(app: AppTest) -> None:
    at = upload(app, "half_missing_coords.csv")
    sha = store.file_sha256(UPLOAD / "half_missing_coords.csv")[:12]
    at.selectbox(key=f"upload_map_{sha}_longitude").set_value("(none)").run()
    assert not at.exception
    assert any("cannot tell which column holds" in w.value for w in at.warning)


def test_swap_offer(app: AppTest) -> None:
    at = upload(app, "swapped_and_outside.csv")
    assert any("look like latitude and longitude are swapped" in w.value for w in at.warning)
    sha = store.file_sha256(UPLOAD / "swapped_and_outside.csv")[:12]
    at.checkbox(key=f"upload_swap_{sha}").check().run()
    assert "rejected 0" in texts(at)


#: Three made-up incidents of type 'other' in open water, on days no curated incident shares.
NEW_ROWS = b"""id;date;lat;lon;type;countries;description
APP-1;01/02/2010;12,5;113,5;other;VNM;App test row one
APP-2;13/02/2010;12,6;113,6;other;VNM;App test row two
APP-3;14/02/2010;12,7;113,7;other;PHL;<b>App</b> test row three
"""


def test_commit_adds_a_batch_and_the_page_shows_it(app: AppTest) -> None:
    before = len(store.current_incidents()[0])
    app.file_uploader(key="seawatch_upload_file").set_value(("new.csv", NEW_ROWS, "text/csv"))
    at = app.run()
    at.text_input(key="upload_user").input("ana").run()
    at.button(key="upload_commit").click().run()
    assert not at.exception
    assert any("added 3 incident(s)" in s.value for s in at.success)
    incidents = store.current_incidents()[0]
    assert len(incidents) == before + 3
    assert {"APP-1", "APP-2", "APP-3"} <= set(incidents["incident_id"])
    assert store.list_batches()[-1].user == "ana"
    # the page was rerun after the commit: the metrics now count the new incidents
    assert any(str(before + 3) in str(m.value) for m in at.metric)


def test_reuploading_adds_nothing(app: AppTest) -> None:
    for _ in range(2):
        app.file_uploader(key="seawatch_upload_file").set_value(("new.csv", NEW_ROWS, "text/csv"))
        at = app.run()
        at.button(key="upload_commit").click().run()
    assert any("added 0 incident(s)" in s.value and "3 were already" in s.value for s in at.success)


def test_unreadable_file_shows_an_error_not_a_traceback(app: AppTest) -> None:
    app.file_uploader(key="seawatch_upload_file").set_value(
        ("junk.csv", bytes(range(256)) * 4, "text/csv")
    )
    at = app.run()
    assert not at.exception
    assert any("binary content" in e.value for e in at.error)


def test_guessed_mapping_opens_the_panel_and_needs_a_confirmation(app: AppTest) -> None:
    """Issue 14: a headerless file's roles are guessed; the panel shows them with a sample
    per column, and nothing can be stored until the analyst confirms."""
    at = upload(app, "headerless_parts.csv")
    assert not at.exception
    sha = store.file_sha256(UPLOAD / "headerless_parts.csv")[:12]
    panel = next(e for e in at.expander if "Column mapping" in e.label)
    assert "guessed from the values" in panel.label
    proposal = next(d.value for d in at.dataframe if "sample" in d.value.columns)
    assert proposal["sample"].tolist()[:3] == ["CN/VN", "2019", "7"]
    assert proposal["field"].tolist()[:5] == [
        "countries",
        "date: year",
        "date: month",
        "date: day",
        "latitude",
    ]
    button = at.button(key="upload_commit")
    assert button.disabled
    assert button.label == (
        "Add to the store: 8 rows, 8 typed other, date, positions, countries and description "
        "guessed"
    )
    before = len(store.current_incidents()[0])
    at.checkbox(key=f"upload_confirm_{sha}").check().run()
    assert not at.button(key="upload_commit").disabled
    at.button(key="upload_commit").click().run()
    assert not at.exception
    incidents = store.current_incidents()[0]
    assert len(incidents) == before + 8
    assert incidents["latitude"].min() > -3  # nothing at month numbers: all in the region


def test_rows_outside_the_region_are_offered_to_be_left_out(app: AppTest) -> None:
    at = upload(app, "presets/crime_at_sea.csv")
    assert not at.exception
    sha = store.file_sha256(UPLOAD / "presets" / "crime_at_sea.csv")[:12]
    clip = at.checkbox(key=f"upload_clip_{sha}")
    assert clip.value and clip.label.startswith("Import only the 5 rows in the region")
    assert at.button(key="upload_commit").label.startswith("Add to the store: 5 rows")
    clip.uncheck().run()
    label = at.button(key="upload_commit").label
    assert label.startswith("Add to the store: 6 rows") and "1 outside the region" in label


def test_recognised_preset_is_named(app: AppTest) -> None:
    at = upload(app, "presets/asam_2014.csv")
    assert not at.exception
    # markdown-escaped (plain): "Recognised format\\: NGA ASAM \\(2014\\+ ..."
    assert any("Recognised format" in c.value and "NGA ASAM" in c.value for c in at.caption)
