"""``seawatch join`` and ``seawatch claimants`` through `seawatch.cli.main`.

Zones: the fixture ``tests/data/zones/mini_zones.geojson`` (squares; see its README), passed
with ``--zones PATH``. Land: one square, 120..121°E x 12..13°N, patched in for
`seawatch.zones.loading.load_land` so that these tests do not depend on the built-in layers.
The input CSV written by `write_input` has four good rows and one without a position:

- ``A`` 9.73N 115.87E   inside every fixture zone (Second Thomas Shoal's square)
- ``B`` 12.5N 120.5E    on the land square, inside the PHL entitlement and EEZ only
- ``C`` 24.0N 123.0E    outside every zone
- ``D`` 5.0N 111.0E     only in the CHN;TWN dashed-line claim
- ``E`` no latitude     unreadable
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from seawatch import schema
from seawatch.cli import join_cmd, main

ZONES = Path(__file__).resolve().parents[1] / "data" / "zones" / "mini_zones.geojson"

HEADER = "incident_id,date,latitude,longitude,incident_type,countries,description,source\n"
ROWS = [
    "A,2024-03-05,9.73,115.87,water_cannon,PHL;CHN,shoal,https://example.org/a",
    "B,2024-03-06,12.5,120.5,other,PHL,on land,https://example.org/b",
    "C,2024-03-07,24.0,123.0,other,TWN,open sea,https://example.org/c",
    "D,2024-03-08,5.0,111.0,fishing_enforcement,MYS,south,https://example.org/d",
    "E,2024-03-09,,111.0,other,MYS,no latitude,https://example.org/e",
]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Throwaway cache and store; a one-square land layer instead of the built-in one."""
    monkeypatch.setenv("SEAWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    land = gpd.GeoDataFrame(geometry=[box(120, 12, 121, 13)], crs="EPSG:4326")
    monkeypatch.setattr("seawatch.zones.loading.load_land", lambda: land.copy())


def write_input(tmp_path: Path) -> Path:
    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_join_csv_prints_counts_and_writes_the_join(tmp_path, capsys):
    out = tmp_path / "joined.csv"
    code = main(["join", str(write_input(tmp_path)), "--out", str(out), "--zones", str(ZONES)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    lines = dict(line.split(":", 1) for line in printed.out.splitlines())
    assert lines["rows"].strip() == "5"
    assert lines["joined"].strip() == "4"
    assert lines["attributed"].strip().startswith("3 ")
    # A; not D, claimed through the dashed line alone (CHN+TWN: one claim family)
    assert lines["disputed"].strip() == "1"
    assert lines["on land"].strip() == "1"
    assert lines["unreadable"].strip().startswith("1 ")
    table = pd.read_csv(out, keep_default_na=False).set_index("incident_id")
    assert table.loc["A", "claimants"] == "CHN;PHL;TWN;VNM"
    assert table["on_land"].tolist() == [False, True, False, False]
    assert table.loc["B", "eez"] == ""
    assert table.loc["C", "claimants"] == ""
    assert table.loc["D", "claimants"] == "CHN;TWN"
    assert set(schema.JOIN_COLUMNS) <= set(table.columns)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".parquet"])
def test_join_writes_every_format(tmp_path, capsys, suffix):
    out = tmp_path / f"joined{suffix}"
    code = main(["join", str(write_input(tmp_path)), "--out", str(out), "--zones", str(ZONES)])
    assert code == 0, capsys.readouterr().err
    frame = gpd.read_parquet(out) if suffix == ".parquet" else gpd.read_file(out)
    assert len(frame) == 4
    # an empty cell may come back as missing, depending on the format
    assert sorted(frame["claimants"].fillna("")) == ["", "CHN;PHL;TWN;VNM", "CHN;TWN", "PHL"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "x.xlsx"], "unknown extension '.xlsx'; use one of .csv, .geojson"),
        (["--zones", "no_such_zones.gpkg", "--out", "x.csv"], "no_such_zones.gpkg"),
    ],
)
def test_join_bad_arguments_exit_2(tmp_path, capsys, args, message):
    code = main(["join", str(write_input(tmp_path)), *args])
    assert code == 2
    assert message in capsys.readouterr().err


def test_join_missing_input_exits_2(tmp_path, capsys):
    code = main(["join", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")])
    assert code == 2
    assert "nope.csv' : no such file".replace(" :", ":") in capsys.readouterr().err


def test_join_unreadable_input_exits_2_with_a_message(tmp_path, capsys):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 8)
    code = main(["join", str(junk), "--out", str(tmp_path / "o.csv"), "--zones", str(ZONES)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("seawatch join: error:") and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


def test_join_file_without_positions_exits_2(tmp_path, capsys):
    path = tmp_path / "nopos.csv"
    path.write_text("date,description\n2024-01-01,something\n", encoding="utf-8")
    code = main(["join", str(path), "--out", str(tmp_path / "o.csv"), "--zones", str(ZONES)])
    assert code == 2
    assert "seawatch join: error:" in capsys.readouterr().err


def test_join_map_option(tmp_path, capsys):
    path = tmp_path / "odd.csv"
    path.write_text("when,y,x\n2024-03-05,9.73,115.87\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    code = main(
        ["join", str(path), "--out", str(out), "--zones", str(ZONES)]
        + ["--map", "date=when", "--map", "latitude=y", "--map", "longitude=x"]
    )
    assert code == 0, capsys.readouterr().err
    assert pd.read_csv(out)["claimants"].tolist() == ["CHN;PHL;TWN;VNM"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_bar_only_on_a_terminal(tmp_path, capsys, monkeypatch, terminal):
    monkeypatch.setattr(join_cmd, "CHUNK", 2)  # 4 rows -> 2 chunks
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    out = tmp_path / "o.csv"
    code = main(["join", str(write_input(tmp_path)), "--out", str(out), "--zones", str(ZONES)])
    assert code == 0
    assert ("joining [" in stream.getvalue()) is terminal
    assert "100%" in stream.getvalue() if terminal else stream.getvalue() == ""
    assert len(pd.read_csv(out)) == 4  # chunks are put back together


def test_claimants_prints_claimants_zones_and_nearest_feature(capsys):
    code = main(["claimants", "9.73", "115.87", "--zones", str(ZONES)])
    out = capsys.readouterr().out
    assert code == 0
    assert "claimants:  CHN, PHL, TWN, VNM  [disputed]" in out
    assert "eez:        PHL" in out
    assert "nearest:    Second Thomas Shoal (0.0 nm)" in out
    assert "feature_ts-second_thomas_shoal  [feature_ts, CHN;PHL;TWN;VNM]" in out


def test_claimants_negative_latitude_and_high_seas(capsys):
    code = main(["claimants", "-2.5", "100.5", "--zones", str(ZONES)])
    out = capsys.readouterr().out
    assert code == 0
    assert "point:      2.5000°S 100.5000°E" in out
    assert "claimants:  none (high seas or unclaimed)" in out
    assert "zones:      0" in out


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("north", "115", "LAT 'north' is not a number"),
        ("95", "115", "latitude must be between -90 and 90 degrees"),
    ],
)
def test_claimants_bad_point_exits_2(capsys, lat, lon, message):
    assert main(["claimants", lat, lon, "--zones", str(ZONES)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("command", ["join", "claimants"])
def test_help_has_examples(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert f"examples:\n  seawatch {command} " in capsys.readouterr().out


UPLOAD = Path(__file__).resolve().parents[1] / "data" / "upload"


def test_join_date_order_option(tmp_path, capsys):
    """ambiguous_dates.csv: 03/04/2019 is 4 March with --date-order MDY (D/M/Y by default)."""
    out = tmp_path / "o.csv"
    args = ["join", str(UPLOAD / "ambiguous_dates.csv"), "--out", str(out), "--zones", str(ZONES)]
    assert main([*args, "--date-order", "MDY"]) == 0, capsys.readouterr().err
    assert pd.read_csv(out)["date"].tolist()[0] == "2019-03-04"


def test_join_swap_latlon_option(tmp_path, capsys):
    """Swapped columns are rejected, unless --swap-latlon is given (as for `import`)."""
    path = tmp_path / "swapped.csv"
    path.write_text("date,latitude,longitude\n2024-03-05,115.87,9.73\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    args = ["join", str(path), "--out", str(out), "--zones", str(ZONES)]
    assert main([*args, "--swap-latlon"]) == 0, capsys.readouterr().err
    assert pd.read_csv(out)["latitude"].tolist() == [9.73]
