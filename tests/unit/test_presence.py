"""Presence: positions -> vessel-days and entries/exits, checked against hand-computed values.

The fixture ``tests/data/presence/days.csv`` and the two zones below are described in
``tests/data/presence/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely import box

from seawatch.errors import InputError
from seawatch.presence import PresenceOptions, presence
from seawatch.presence.incidents import candidate_incidents
from seawatch.presence.positions import resolve_columns
from seawatch.presence.synth import SynthOptions, generate, write_parquet

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    """`eez-a` (PHL EEZ claim, lon 114-115), `claim-b` (CHN claim, lon 114.5-115.5), lat 12-13."""
    return gpd.GeoDataFrame(
        {
            "zone_id": ["eez-a", "claim-b"],
            "kind": ["eez_provisional", "claim"],
            "claimants": ["PHL", "CHN"],
        },
        geometry=[box(114, 12, 115, 13), box(114.5, 12, 115.5, 13)],
        crs="EPSG:4326",
    )


@pytest.fixture(scope="module")
def days_result(zones: gpd.GeoDataFrame):
    return presence(DATA / "presence" / "days.csv", zones)


def _days(result, vessel: str) -> list[tuple[str, str, str, int]]:
    table = result.vessel_days[result.vessel_days["vessel_id"] == vessel]
    return sorted(
        (r.day, r.claimants, r.status, r.positions) for r in table.itertuples(index=False)
    )


def _events(result, vessel: str) -> list[tuple[str, str, str, str, float, int, str]]:
    table = result.events[result.events["vessel_id"] == vessel]
    return [
        (
            f"{r.target_kind}:{r.target}",
            f"{r.entry_time:%d %H:%M}",
            f"{r.exit_time:%d %H:%M}",
            r.entry,
            r.duration_h,
            r.positions,
            r.exit,
        )
        for r in table.itertuples(index=False)
    ]


def test_days_cross_midnight_utc(days_result) -> None:
    """22:00, 23:30 count on 1 March; 00:30, 02:00 (overlap) and 03:00 (outside) on 2 March."""
    assert _days(days_result, "111000001") == [
        ("2026-03-01", "PHL", "single", 2),
        ("2026-03-02", "", "none", 1),
        ("2026-03-02", "CHN;PHL", "disputed", 1),
        ("2026-03-02", "PHL", "single", 1),
    ]


def test_times_with_an_offset_count_on_their_utc_day(days_result) -> None:
    """07:30+08:00 is 23:30 UTC on 1 March; 08:30+08:00 is 00:30 UTC on 2 March."""
    assert _days(days_result, "555000005") == [
        ("2026-03-01", "PHL", "single", 1),
        ("2026-03-02", "PHL", "single", 1),
    ]


def test_a_gap_day_is_not_counted(days_result) -> None:
    """No position on 2 March: the vessel is not counted there, though present before and after."""
    assert _days(days_result, "222000002") == [
        ("2026-03-01", "PHL", "single", 4),
        ("2026-03-03", "PHL", "single", 1),
    ]


def test_a_position_on_a_boundary_counts_for_the_zone(days_result) -> None:
    """lon 115.0 is eez-a's east edge (covered-by): PHL and CHN; B's corner counts for CHN."""
    assert _days(days_result, "333000003") == [
        ("2026-03-01", "CHN", "single", 1),
        ("2026-03-01", "CHN;PHL", "disputed", 1),
    ]


def test_feature_days_within_the_radius(days_result, zones) -> None:
    table = days_result.vessel_days
    assert table.loc[table["vessel_id"] == "444000004", "feature"].tolist() == [
        "Second Thomas Shoal"
    ]
    assert set(table.loc[table["vessel_id"] != "444000004", "feature"]) == {""}
    near = presence(
        DATA / "presence" / "days.csv", zones, PresenceOptions(feature_nm=0.5)
    ).vessel_days
    assert set(near["feature"]) == {""}  # the shoal is ~1.2 nm away


def test_entries_and_exits(days_result) -> None:
    assert _events(days_result, "111000001") == [
        ("claim:PHL", "01 22:00", "02 02:00", "first_position", 4.0, 4, "left"),
        ("eez:PHL", "01 22:00", "02 02:00", "first_position", 4.0, 4, "left"),
        ("claim:CHN", "02 02:00", "02 02:00", "entered", 0.0, 1, "left"),
    ]


def test_gaps_end_events_and_are_not_interpolated(days_result) -> None:
    assert _events(days_result, "222000002") == [
        ("claim:PHL", "01 10:00", "01 12:00", "first_position", 2.0, 2, "gap"),
        ("eez:PHL", "01 10:00", "01 12:00", "first_position", 2.0, 2, "gap"),
        ("claim:PHL", "01 20:00", "01 21:00", "after_gap", 1.0, 2, "gap"),
        ("eez:PHL", "01 20:00", "01 21:00", "after_gap", 1.0, 2, "gap"),
        ("claim:PHL", "03 01:00", "03 01:00", "after_gap", 0.0, 1, "end_of_data"),
        ("eez:PHL", "03 01:00", "03 01:00", "after_gap", 0.0, 1, "end_of_data"),
    ]


def test_boundary_and_feature_events(days_result) -> None:
    assert _events(days_result, "333000003") == [
        ("claim:CHN", "01 05:00", "01 06:00", "first_position", 1.0, 2, "end_of_data"),
        ("claim:PHL", "01 05:00", "01 05:00", "first_position", 0.0, 1, "left"),
        ("eez:PHL", "01 05:00", "01 05:00", "first_position", 0.0, 1, "left"),
    ]
    assert _events(days_result, "444000004") == [
        (
            "feature:Second Thomas Shoal",
            "01 08:00",
            "01 09:00",
            "first_position",
            1.0,
            2,
            "end_of_data",
        ),
    ]


def test_bad_rows_are_reported_and_duplicates_counted(days_result) -> None:
    counts = days_result.counts
    assert (counts.rows, counts.kept, counts.rejected, counts.duplicates) == (20, 16, 3, 1)
    rejected = days_result.rejected.sort_values("row")
    assert rejected[["row", "column", "value"]].values.tolist() == [
        [18, "vessel_id", ""],
        [19, "latitude", "91"],
        [20, "time", "not a time"],
    ]
    assert rejected["batch"].str.startswith("days.csv rows 1-20").all()


def test_vessel_names_come_from_the_ais_columns(days_result) -> None:
    vessels = days_result.vessels.set_index("vessel_id")
    assert vessels.loc["111000001", "name"] == "CROSSER"
    assert vessels.loc["444000004", "vessel_type"] == "militia"


def test_summary_counts_distinct_vessel_days(days_result) -> None:
    summary = days_result.summary.set_index(["area_kind", "area"])
    # PHL: 111 on 1 and 2 March, 222 on 1 and 3 March, 333 and 555 on their days
    assert summary.loc[("claimant", "PHL"), "vessel_days"] == 7
    assert summary.loc[("claimant", "PHL"), "vessels"] == 4
    assert summary.loc[("claimant", "CHN"), "vessel_days"] == 2
    assert summary.loc[("claimant", "PHL"), "entries"] == 6


def test_candidate_incidents_skip_own_waters(days_result) -> None:
    events = days_result.events.assign(flag=["PHL"] * len(days_result.events))
    table = candidate_incidents(events, "AIS test")
    assert set(table["incident_type"]) == {"other"}
    assert table["description"].str.startswith("Candidate incursion").all()
    # a PHL-flagged vessel in PHL's claim or EEZ is not an incursion: only CHN and the shoal
    targets = set(
        table["description"].str.extract(r"in (?:waters claimed by|12 nm of) (.+?) from")[0]
    )
    assert targets == {"CHN", "Second Thomas Shoal"}


@pytest.mark.parametrize("batch_size", [1, 3, 7])
def test_batch_size_does_not_change_the_outputs(days_result, zones, batch_size: int) -> None:
    """Runs are stitched across batches: any batching gives the same tables."""
    other = presence(DATA / "presence" / "days.csv", zones, PresenceOptions(batch_size=batch_size))
    pd.testing.assert_frame_equal(other.vessel_days, days_result.vessel_days)
    pd.testing.assert_frame_equal(other.events, days_result.events)
    pd.testing.assert_frame_equal(other.summary, days_result.summary)


@pytest.mark.parametrize("chunk", [1, 2, 5])
def test_events_packed_in_chunks_give_the_same_table(days_result, zones, monkeypatch, chunk):
    """Closed events are packed into typed frames every `_CHUNK` events (memory at 100M
    positions): any chunk size gives the same events table, sorted by vessel, entry time and
    target."""
    from seawatch.presence import events

    monkeypatch.setattr(events, "_CHUNK", chunk)
    other = presence(DATA / "presence" / "days.csv", zones)
    assert len(days_result.events) > 5
    pd.testing.assert_frame_equal(other.events, days_result.events)
    keys = ["vessel_id", "entry_time", "target_kind", "target"]
    resorted = other.events.sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(other.events, resorted)


@pytest.mark.parametrize("compact_at", [1, 3])
def test_vessel_days_compacted_often_give_the_same_table(
    days_result, zones, monkeypatch, compact_at
) -> None:
    """The vessel-day accumulator merges the parts added since its last merge when they pass a
    threshold, and all merged groups at the end: batches of 2 positions and any threshold give
    the same vessel-days."""
    from seawatch.presence import days

    monkeypatch.setattr(days, "_COMPACT_AT", compact_at)
    other = presence(DATA / "presence" / "days.csv", zones, PresenceOptions(batch_size=2))
    pd.testing.assert_frame_equal(other.vessel_days, days_result.vessel_days)
    pd.testing.assert_frame_equal(other.summary, days_result.summary)


def test_vessel_days_are_sorted_as_text_with_typed_columns(tmp_path, zones) -> None:
    """The accumulator numbers vessels and areas in order of first appearance (9, 10, b, B;
    disputed before single) and turns them into text only at the end: the table is still sorted
    by day, then vessel id and area as text ("10" < "9" < "B" < "b"; "disputed" < "single"),
    with text keys, integer positions and UTC times."""
    path = tmp_path / "positions.csv"
    path.write_text(
        "vessel_id,time,latitude,longitude\n"
        "9,2026-03-02T10:00:00,12.5,114.8\n"  # both zones: disputed, CHN;PHL
        "9,2026-03-02T11:00:00,12.5,114.2\n"  # eez-a only: single, PHL
        "10,2026-03-02T09:00:00,12.5,115.2\n"  # claim-b only: single, CHN
        "10,2026-03-01T09:00:00,12.5,114.2\n"
        "b,2026-03-01T08:00:00,14.0,116.0\n"  # outside both: none
        "B,2026-03-01T08:00:00,12.5,114.2\n"
    )
    days = presence(path, zones).vessel_days
    assert [(r.day, r.vessel_id, r.status, r.claimants) for r in days.itertuples()] == [
        ("2026-03-01", "10", "single", "PHL"),
        ("2026-03-01", "B", "single", "PHL"),
        ("2026-03-01", "b", "none", ""),
        ("2026-03-02", "10", "single", "CHN"),
        ("2026-03-02", "9", "disputed", "CHN;PHL"),
        ("2026-03-02", "9", "single", "PHL"),
    ]
    assert list(days.index) == list(range(6))
    keys = ["day", "vessel_id", "status", "claimants", "eez", "zone_ids", "feature"]
    assert all(days[c].dtype == "str" for c in keys)
    assert days["positions"].dtype == "int64"
    assert str(days["first_time"].dtype) == str(days["last_time"].dtype) == "datetime64[ns, UTC]"
    assert days["first_time"].iloc[0] == pd.Timestamp("2026-03-01T09:00:00Z")


def test_positions_out_of_time_order_across_batches_are_an_error(tmp_path, zones) -> None:
    path = tmp_path / "unsorted.csv"
    path.write_text(
        "vessel_id,time,latitude,longitude\n"
        "1,2026-03-01T10:00:00,12.5,114.2\n"
        "1,2026-03-01T09:00:00,12.5,114.2\n"
    )
    assert presence(path, zones).counts.kept == 2  # sorted within a batch
    with pytest.raises(
        InputError, match=r"vessel '1' are not in time order: unsorted.csv rows 2-2"
    ):
        presence(path, zones, PresenceOptions(batch_size=1))


def test_missing_columns_are_named(tmp_path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("MMSI,LAT,LON\n1,12,114\n")
    with pytest.raises(InputError, match=r"no column for time .*basedatetime"):
        presence(path)


def test_noaa_column_names_are_recognised() -> None:
    found = resolve_columns(["MMSI", "BaseDateTime", "LAT", "LON", "SOG", "VesselName", "Status"])
    assert found == {
        "vessel_id": "MMSI",
        "time": "BaseDateTime",
        "latitude": "LAT",
        "longitude": "LON",
        "name": "VesselName",
    }


def test_no_such_input() -> None:
    with pytest.raises(InputError, match=r"positions 'nowhere.parquet': no such file"):
        presence("nowhere.parquet")


def test_synthetic_tracks_are_reproducible_and_realistic() -> None:
    options = SynthOptions(n_vessels=12, days=2)
    frame = generate(options)
    assert frame.equals(generate(options))
    assert not frame.equals(generate(SynthOptions(n_vessels=12, days=2, seed=18)))
    assert frame.duplicated(["vessel_id", "time"]).any()
    assert (
        (frame["latitude"] == 91) | (frame["longitude"] == 181) | frame["latitude"].isna()
    ).any()
    steps = frame.sort_values(["vessel_id", "time"]).groupby("vessel_id")["time"].diff()
    assert (steps > pd.Timedelta(hours=6)).any()  # at least one gap
    assert set(frame["vessel_class"]) <= {
        "coast_guard",
        "navy",
        "militia",
        "fishing",
        "survey",
        "cargo",
    }


def test_parquet_folder_equals_one_file(tmp_path, zones) -> None:
    """A folder of Parquet files gives the same result as the same rows in one file."""
    options = SynthOptions(n_vessels=6, days=1)
    write_parquet(tmp_path / "parts", options, vessels_per_file=2)
    generate(options).to_parquet(tmp_path / "one.parquet", index=False)
    parts = presence(tmp_path / "parts", zones, PresenceOptions(batch_size=50))
    one = presence(tmp_path / "one.parquet", zones)
    pd.testing.assert_frame_equal(parts.vessel_days, one.vessel_days)
    pd.testing.assert_frame_equal(parts.events, one.events)


def test_hive_partitioned_daily_files_equal_one_file(tmp_path, zones) -> None:
    """Daily partitions (``day=YYYY-MM-DD/``): vessels continue from one day's file to the next;
    files are read in path order, and a ``_``-prefixed file is skipped."""
    frame = generate(SynthOptions(n_vessels=5, days=3))
    day = frame["time"].dt.strftime("%Y-%m-%d")
    for value, part in frame.groupby(day):
        folder = tmp_path / "parts" / f"day={value}"
        folder.mkdir(parents=True)
        part.to_parquet(folder / "positions.parquet", index=False)
    (tmp_path / "parts" / "_SUCCESS.parquet").write_text("not data")
    frame.to_parquet(tmp_path / "one.parquet", index=False)
    parts = presence(tmp_path / "parts", zones)
    one = presence(tmp_path / "one.parquet", zones)
    assert parts.counts.rows == len(frame)
    pd.testing.assert_frame_equal(parts.vessel_days, one.vessel_days)
    pd.testing.assert_frame_equal(parts.events, one.events)
