"""The Presence tab under AppTest, on an output the presence engine writes in the test.

The output: `seawatch.presence.synth` tracks (seed 17, 12 vessels over 3 days of 10-minute
positions: coast guard, militia, fishing and survey vessels around the real features, with gaps,
duplicates and bad rows) through `seawatch.presence.presence` against the built-in zones and
`seawatch.presence.writing.write_outputs`. Expected tables come from reading that folder with
the public functions (`seawatch.presence.tables`, unit-tested on hand-made frames).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from seawatch.export.data import to_csv
from seawatch.io import read_table
from seawatch.presence import PresenceOptions, outputs, presence, tables
from seawatch.presence.synth import SynthOptions, generate
from seawatch.presence.writing import write_outputs
from seawatch.ui.upload import plain
from seawatch.validation import validate
from seawatch.zones import load_zones

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 120


@pytest.fixture(scope="module")
def output_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A presence output folder from 12 synthetic vessels (seed 17, 3 days)."""
    folder = tmp_path_factory.mktemp("presence")
    positions = folder / "positions.parquet"
    generate(SynthOptions(n_vessels=12, days=3, seed=17)).to_parquet(positions, index=False)
    result = presence(positions, load_zones(), PresenceOptions())
    write_outputs(result, folder / "out", source="AIS positions: synthetic seed 17")
    return folder / "out"


def _tab() -> None:
    from seawatch.ui.presence import render_presence
    from seawatch.zones import load_zones

    render_presence(load_zones())


#: The first column of each table of the tab (AppTest does not expose a dataframe's key).
FIRST_COLUMN = {"ship_days": "month", "timeline": "target_label", "candidates": "incident_id"}


def _frame(at: AppTest, table: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if d.value.columns[0] == FIRST_COLUMN[table])


def test_dashboard_has_a_presence_tab_reading_the_folder_of_the_variable(
    output_dir, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv(outputs.ENV_VAR, str(output_dir))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["view_tab"] = "Presence"
    at.run()
    assert not at.exception
    assert at.text_input(key="presence_dir").value == str(output_dir)
    assert [s.value for s in at.subheader] == [
        "Ship-days by zone and month",
        "A vessel near a feature",
        "Entries as candidate incidents",
    ]
    expected = tables.ship_days_by_zone_month(outputs.read_output(output_dir).vessel_days)
    shown = _frame(at, "ship_days")
    assert shown[["month", "zone_id", "ship_days"]].values.tolist() == expected.values.tolist()
    [button] = at.get("download_button")
    assert button.label.endswith("candidate incidents (CSV, upload-ready)")


def test_a_vessel_class_narrows_ship_days_vessels_and_candidates(output_dir, monkeypatch) -> None:
    monkeypatch.setenv(outputs.ENV_VAR, str(output_dir))
    at = AppTest.from_function(_tab, default_timeout=TIMEOUT).run()
    assert not at.exception
    every = _frame(at, "ship_days")["ship_days"].sum()
    at.selectbox(key="presence_class").set_value("militia").run()
    assert not at.exception
    written = outputs.read_output(output_dir)
    militia = tables.ship_days_by_zone_month(written.vessel_days, "militia")
    shown = _frame(at, "ship_days")
    assert shown[["month", "zone_id", "ship_days"]].values.tolist() == militia.values.tolist()
    assert 0 < shown["ship_days"].sum() < every
    # zone ids are named from the zones (the nine-dash line claim has a name)
    assert (shown["zone"] != shown["zone_id"]).any()
    candidates = _frame(at, "candidates")
    assert len(candidates) > 0
    assert candidates["description"].str.contains("militia vessel").all()
    assert candidates["incident_type"].eq("other").all()


def test_a_vessels_timeline_near_a_feature(output_dir, monkeypatch) -> None:
    monkeypatch.setenv(outputs.ENV_VAR, str(output_dir))
    at = AppTest.from_function(_tab, default_timeout=TIMEOUT).run()
    at.selectbox(key="presence_class").set_value("coast_guard").run()
    feature = at.selectbox(key="presence_feature").value
    vessel = at.selectbox(key="presence_vessel").value
    written = outputs.read_output(output_dir)
    near = tables.vessels_near_feature(tables.of_class(written.events, "coast_guard"), feature)
    assert vessel == near["vessel_id"].iloc[0]  # the vessel with the most hours there first
    timeline = _frame(at, "timeline")
    expected = tables.vessel_events(written.events, vessel)
    assert timeline["target_label"].tolist() == expected["target_label"].tolist()
    assert f"Feature's 12 nm: {feature}" in set(timeline["target_label"])


def test_the_candidates_download_is_upload_ready(output_dir) -> None:
    """The bytes the button serves (`to_csv` of `tables.candidates`) validate with no rejected
    row and carry the incident schema's type and source."""
    written = outputs.read_output(output_dir)
    data = to_csv(tables.candidates(written, "militia"))
    frame = pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig")
    accepted, report = validate(read_table(data, "candidate_incidents.csv"))
    assert report.rejected == 0 and report.suspect == 0, report.rejected_text()
    assert len(accepted) == len(frame) > 0
    assert set(frame["incident_type"]) == {"other"}
    assert set(frame["source"]) == {"AIS positions: synthetic seed 17"}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "absent", "no such folder"),
        (lambda p: p, "not a presence output, it lacks"),
    ],
)
def test_a_folder_that_is_not_a_presence_output_is_named(tmp_path, monkeypatch, make, message):
    folder = make(tmp_path)
    monkeypatch.setenv(outputs.ENV_VAR, str(folder))
    at = AppTest.from_function(_tab, default_timeout=TIMEOUT).run()
    assert not at.exception
    [error] = at.error
    assert message in error.value
    assert plain(str(folder)) in error.value  # the path, markdown-escaped


def test_without_a_folder_the_tab_says_how_to_make_one(monkeypatch) -> None:
    monkeypatch.delenv(outputs.ENV_VAR, raising=False)
    at = AppTest.from_function(_tab, default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error
    assert "seawatch presence POSITIONS --out DIR" in at.info[0].value
