"""The Dask engine gives the in-process engine's outputs, on a LocalCluster the test starts.

The cluster has 2 workers as threads of this process (``processes=False``): starting worker
processes costs several seconds per test run on the shared test machine, and the code path
(scatter the zones, one task per fragment, fold in fragment order) is the same. The benchmark
(``benchmarks/bench_presence.py``) runs worker processes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from shapely import box

from seawatch.errors import InputError
from seawatch.presence import PresenceOptions, presence
from seawatch.presence.dask_engine import presence_dask
from seawatch.presence.synth import SynthOptions, write_parquet

distributed = pytest.importorskip("distributed")

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A LocalCluster of 2 single-threaded workers (threads of this process)."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as made,
    ):
        yield made


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    """Two overlapping squares over the Spratlys (PHL EEZ claim, CHN claim)."""
    return gpd.GeoDataFrame(
        {
            "zone_id": ["eez-a", "claim-b"],
            "kind": ["eez_provisional", "claim"],
            "claimants": ["PHL", "CHN"],
        },
        geometry=[box(112, 8, 116, 12), box(114, 9, 118, 13)],
        crs="EPSG:4326",
    )


def _assert_same(one, other) -> None:
    pd.testing.assert_frame_equal(one.vessel_days, other.vessel_days)
    pd.testing.assert_frame_equal(one.events, other.events)
    pd.testing.assert_frame_equal(one.summary, other.summary)
    pd.testing.assert_frame_equal(one.vessels, other.vessels)
    pd.testing.assert_frame_equal(one.rejected, other.rejected)
    assert one.counts == other.counts


def test_dask_equals_in_process_on_synthetic_tracks(tmp_path, client, zones) -> None:
    """12 vessels over 2 days in 4 files, small batches: stitched across batches and files."""
    write_parquet(tmp_path, SynthOptions(n_vessels=12, days=2), vessels_per_file=3)
    options = PresenceOptions(batch_size=700)
    local = presence(tmp_path, zones, options)
    remote = presence_dask(tmp_path, zones, options, client=client)
    assert len(local.events) > 50 and local.counts.duplicates > 0  # not a trivial input
    _assert_same(local, remote)


def test_dask_equals_in_process_on_the_hand_checked_days(client) -> None:
    zones_small = gpd.GeoDataFrame(
        {
            "zone_id": ["eez-a", "claim-b"],
            "kind": ["eez_provisional", "claim"],
            "claimants": ["PHL", "CHN"],
        },
        geometry=[box(114, 12, 115, 13), box(114.5, 12, 115.5, 13)],
        crs="EPSG:4326",
    )
    path = DATA / "presence" / "days.csv"
    options = PresenceOptions(batch_size=4)
    _assert_same(
        presence(path, zones_small, options),
        presence_dask(path, zones_small, options, client=client),
    )


def test_a_vessel_split_across_files_is_stitched(tmp_path, client, zones) -> None:
    """One patrol cut into two files at 12:00: one event, not two, in both engines."""
    times = pd.date_range("2026-03-01T06:00", "2026-03-01T18:00", freq="1h", tz="UTC")
    frame = pd.DataFrame({"vessel_id": "7", "time": times, "latitude": 10.0, "longitude": 113.0})
    frame[frame["time"] < "2026-03-01T12:00Z"].to_parquet(tmp_path / "a.parquet")
    frame[frame["time"] >= "2026-03-01T12:00Z"].to_parquet(tmp_path / "b.parquet")
    for result in (presence(tmp_path, zones), presence_dask(tmp_path, zones, client=client)):
        assert result.events[
            ["target", "entry", "exit", "duration_h", "positions"]
        ].values.tolist() == [
            ["PHL", "first_position", "end_of_data", 12.0, 13],
            ["PHL", "first_position", "end_of_data", 12.0, 13],
        ]
        assert result.events["target_kind"].tolist() == ["claim", "eez"]


def test_order_violation_across_files_is_the_same_error(tmp_path, client, zones) -> None:
    early = pd.DataFrame(
        {
            "vessel_id": ["7"],
            "time": [pd.Timestamp("2026-03-01T06:00Z")],
            "latitude": [10.0],
            "longitude": [113.0],
        }
    )
    early.assign(time=pd.Timestamp("2026-03-02T06:00Z")).to_parquet(tmp_path / "a.parquet")
    early.to_parquet(tmp_path / "b.parquet")
    for run in (
        lambda: presence(tmp_path, zones),
        lambda: presence_dask(tmp_path, zones, client=client),
    ):
        with pytest.raises(InputError, match=r"vessel '7' are not in time order"):
            run()


def test_workers_must_be_positive(zones) -> None:
    with pytest.raises(InputError, match=r"--workers must be a positive number of workers, got 0"):
        presence_dask(DATA / "presence" / "days.csv", zones, workers=0)
