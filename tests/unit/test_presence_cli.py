"""``seawatch presence``: the output folder, the printed counts and bad options.

Positions: ``tests/data/presence/days.csv``; zones: ``tests/data/zones/mini_zones.geojson``
(see the READMEs next to them).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from seawatch.cli import main
from seawatch.presence.writing import FILES

DATA = Path(__file__).resolve().parents[1] / "data"
DAYS = DATA / "presence" / "days.csv"
ZONES = DATA / "zones" / "mini_zones.geojson"


def test_presence_writes_every_output(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["presence", str(DAYS), "--out", str(out), "--zones", str(ZONES)])
    printed = capsys.readouterr().out
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)  # no staging folder left
    assert "rejected:     3 (see rejected.csv)" in printed
    assert "duplicates:   1" in printed
    events = gpd.read_parquet(out / "events.parquet")
    assert events.crs.to_epsg() == 4326 and len(events) > 0
    shoal = events[events["target"] == "Second Thomas Shoal"]
    assert shoal[["vessel_id", "entry", "exit"]].values.tolist() == [
        ["444000004", "first_position", "end_of_data"]
    ]
    days = pd.read_csv(out / "vessel_days.csv", dtype=str)
    assert days["first_time"].str.endswith("Z").all()
    assert set(pd.read_csv(out / "rejected.csv")["row"]) == {18, 19, 20}


def test_candidate_incidents_import_in_one_step(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["presence", str(DAYS), "--out", str(out), "--zones", str(ZONES)]) == 0
    capsys.readouterr()
    assert main(["validate", str(out / "candidate_incidents.csv")]) == 0
    printed = capsys.readouterr().out
    assert "rejected 0" in printed and "suspect (kept with a warning) 0" in printed


@pytest.mark.parametrize("rows", [1, 2, 5])
def test_csv_files_written_in_chunks_equal_one_write(tmp_path, capsys, monkeypatch, rows) -> None:
    """The CSV files are formatted and written a chunk of rows at a time (memory at 100M
    positions): any chunk size gives the same bytes as one chunk (one header and byte-order
    mark, the same incident ids)."""
    from seawatch.presence import writing

    whole, chunked = tmp_path / "whole", tmp_path / "chunked"
    assert main(["presence", str(DAYS), "--out", str(whole), "--zones", str(ZONES)]) == 0
    monkeypatch.setattr(writing, "CHUNK_ROWS", rows)
    assert main(["presence", str(DAYS), "--out", str(chunked), "--zones", str(ZONES)]) == 0
    capsys.readouterr()
    candidates = (whole / "candidate_incidents.csv").read_bytes()
    assert candidates.count(b"incident_id") == 1 and len(candidates.splitlines()) > 6
    for name in FILES:
        if name.endswith(".csv"):
            assert (chunked / name).read_bytes() == (whole / name).read_bytes(), name


def test_vessel_names_that_look_like_formulas_are_neutralised(tmp_path, capsys) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "MMSI,BaseDateTime,LAT,LON,VesselName\n1,2026-03-01T00:00:00,9.75,115.87,=HYPERLINK(1)\n"
    )
    assert main(["presence", str(path), "--out", str(tmp_path / "o"), "--zones", str(ZONES)]) == 0
    assert "'=HYPERLINK(1)" in (tmp_path / "o" / "vessels.csv").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-gap", "soon"], "--max-gap 'soon' is not a positive duration"),
        (["--max-gap=-1h"], "--max-gap '-1h' is not a positive duration"),
        (["--feature-nm=-3"], "--feature-nm -3.0 must be 0 or more"),
        (["--batch-size", "0"], "--batch-size 0 must be at least 1"),
    ],
)
def test_bad_options_exit_2(tmp_path, capsys, args, message) -> None:
    code = main(["presence", str(DAYS), "--out", str(tmp_path / "o"), *args])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_missing_input_exits_2(tmp_path, capsys) -> None:
    code = main(["presence", str(tmp_path / "none.parquet"), "--out", str(tmp_path / "o")])
    assert code == 2
    assert "no such file or folder" in capsys.readouterr().err
