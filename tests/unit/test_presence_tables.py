"""The Presence view's tables (`seawatch.presence.tables`) and reading an output folder back
(`seawatch.presence.outputs`), on hand-made frames whose counts are worked out in each test."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from seawatch.errors import InputError
from seawatch.presence import outputs, tables
from seawatch.presence.incidents import candidate_incidents


def _days() -> pd.DataFrame:
    """Two militia vessels and one fishing vessel.

    - militia 1: 2026-03-31 in zones a and b (two rows: with and without a feature), 2026-04-01
      in a;
    - militia 2: 2026-03-31 in a, and outside every zone (empty zone_ids) on 2026-04-02;
    - fishing 3: 2026-03-31 in b.
    """
    return pd.DataFrame(
        {
            "day": ["2026-03-31", "2026-03-31", "2026-04-01", "2026-03-31", "2026-04-02"]
            + ["2026-03-31"],
            "vessel_id": ["1", "1", "1", "2", "2", "3"],
            "vessel_class": ["militia"] * 5 + ["fishing"],
            "zone_ids": ["a;b", "a", "a", "a", "", "b"],
            "feature": ["", "Whitsun Reef", "", "", "", ""],
        }
    )


def test_ship_days_count_distinct_vessel_days_per_zone_and_month() -> None:
    counts = tables.ship_days_by_zone_month(_days(), "militia")
    # March: a = vessels 1 and 2 on the 31st (vessel 1's two rows count once), b = vessel 1;
    # April: a = vessel 1 on the 1st; vessel 2 outside every zone on the 2nd is not counted.
    assert counts.values.tolist() == [["2026-03", "a", 2], ["2026-03", "b", 1], ["2026-04", "a", 1]]


def test_ship_days_of_all_classes_and_of_an_absent_class() -> None:
    every = tables.ship_days_by_zone_month(_days(), tables.ALL_CLASSES)
    assert every.values.tolist() == [["2026-03", "a", 2], ["2026-03", "b", 2], ["2026-04", "a", 1]]
    assert tables.ship_days_by_zone_month(_days(), "navy").empty
    assert tables.vessel_classes(_days()) == ["fishing", "militia"]
    assert tables.vessel_classes(_days().drop(columns="vessel_class")) == []


def _events() -> pd.DataFrame:
    """Vessel 1 (militia, CHN) enters Whitsun Reef's 12 nm twice (2 h, then 3 h) and PHL's EEZ
    once; vessel 2 (fishing, VNM) enters Whitsun Reef once (1 h) and VNM's own EEZ once."""
    t = pd.Timestamp("2026-03-01T00:00:00Z")
    hour = pd.Timedelta(hours=1)
    rows = [
        ("1", "M 1", "CHN", "militia", "feature", "Whitsun Reef", t, t + 2 * hour, 2.0),
        ("1", "M 1", "CHN", "militia", "eez", "PHL", t - hour, t + 9 * hour, 10.0),
        ("1", "M 1", "CHN", "militia", "feature", "Whitsun Reef", t + 5 * hour, t + 8 * hour, 3.0),
        ("2", "F 2", "VNM", "fishing", "feature", "Whitsun Reef", t, t + hour, 1.0),
        ("2", "F 2", "VNM", "fishing", "eez", "VNM", t, t + hour, 1.0),
    ]
    columns = ["vessel_id", "name", "flag", "vessel_class", "target_kind", "target"]
    frame = pd.DataFrame(rows, columns=[*columns, "entry_time", "exit_time", "duration_h"])
    return frame.assign(
        positions=3,
        entry="entered",
        exit="left",
        entry_latitude=9.98,
        entry_longitude=114.66,
        exit_latitude=9.99,
        exit_longitude=114.67,
    )


def test_vessels_near_a_feature_sum_their_hours() -> None:
    near = tables.vessels_near_feature(_events(), "Whitsun Reef")
    assert near[["vessel_id", "entries", "hours"]].values.tolist() == [["1", 2, 5.0], ["2", 1, 1.0]]
    only = tables.vessels_near_feature(tables.of_class(_events(), "fishing"), "Whitsun Reef")
    assert only["vessel_id"].tolist() == ["2"]
    assert tables.presence_features(_events()) == ["Whitsun Reef"]


def test_a_vessels_timeline_is_in_time_order_with_labels() -> None:
    timeline = tables.vessel_events(_events(), "1")
    assert timeline["target_label"].tolist() == [
        "EEZ: Philippines (PHL)",
        "Feature's 12 nm: Whitsun Reef",
        "Feature's 12 nm: Whitsun Reef",
    ]


def test_candidates_of_a_class_keep_the_ids_of_the_whole_table() -> None:
    """Vessel 2's entry into its own flag state's EEZ is no candidate; the fishing subset's ids
    are those the whole events table gives (the row number in it)."""
    output = outputs.PresenceOutput(Path("x"), _days(), _events(), "AIS positions: test")
    whole = candidate_incidents(_events(), "AIS positions: test")
    fishing = tables.candidates(output, "fishing")
    assert whole["incident_id"].tolist() == [
        "presence-1-1",
        "presence-1-2",
        "presence-1-3",
        "presence-2-4",
    ]
    assert fishing["incident_id"].tolist() == ["presence-2-4"]
    assert fishing["source"].tolist() == ["AIS positions: test"]


def test_reading_a_folder_that_is_not_a_presence_output(tmp_path) -> None:
    (tmp_path / "vessel_days.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match=r"it lacks \['events.parquet'\]"):
        outputs.read_output(tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        outputs.read_output(tmp_path / "absent")
    with pytest.raises(InputError, match="not a folder"):
        outputs.read_output(tmp_path / "vessel_days.parquet")
    _events().to_parquet(tmp_path / "events.parquet")
    with pytest.raises(InputError, match="vessel_days.parquet' cannot be read"):
        outputs.read_output(tmp_path)
    _days().drop(columns="zone_ids").to_parquet(tmp_path / "vessel_days.parquet")
    with pytest.raises(InputError, match=r"lacks the columns \['zone_ids'\]"):
        outputs.read_output(tmp_path)
