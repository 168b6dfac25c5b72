"""`seawatch validate`, `import` and `store list|undo` through the CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from seawatch import store
from seawatch.cli import main

UPLOAD = Path(__file__).parents[1] / "data" / "upload"
#: A one-row seed (Second Thomas Shoal water cannon, 2023-08-05).
SEED = (
    "incident_id,date,latitude,longitude,incident_type,countries,description,source\n"
    "S-1,2023-08-05,9.73,115.87,water_cannon,CHN;PHL,Water cannon.,https://example.org/1\n"
)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-row seed, an empty store and an empty mapping memory under tmp_path."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


def test_validate_exit_0_when_every_row_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(UPLOAD / "bom_semicolon.csv")]) == 0
    out = capsys.readouterr().out
    assert "encoding utf-8-sig; delimiter ';'; header row" in out
    assert "numeric dates read as D/M/Y" in out
    assert "accepted 3, suspect (kept with a warning) 0, rejected 0" in out


def test_validate_exit_1_with_rejected_rows_written_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    errors, problems = tmp_path / "rejected.csv", tmp_path / "problems.csv"
    code = main(
        [
            "validate",
            str(UPLOAD / "half_missing_coords.csv"),
            "--errors",
            str(errors),
            "--problems",
            str(problems),
        ]
    )
    assert code == 1
    out = capsys.readouterr().out
    assert "row 3, column 'longitude', value '': longitude missing while the latitude" in out
    assert errors.read_text(encoding="utf-8").splitlines() == [
        "date,latitude,longitude,incident_type",
        "2023-01-02,9.73,,other",
        "2023-01-03,N/A,115.87,other",
        "2023-01-04,-,-,other",
    ]
    assert (
        problems.read_text(encoding="utf-8").splitlines()[0] == "row,column,value,problem,severity"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("wrong_delimiter.csv", "is the delimiter one of comma"),
        ("does_not_exist.csv", "no such file"),
    ],
)
def test_validate_exit_2_when_unreadable(
    name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(UPLOAD / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("seawatch validate: error: ") and message in err
    assert "Traceback" not in err


def test_validate_binary_junk_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 4)
    assert main(["validate", str(junk)]) == 2
    assert "binary content" in capsys.readouterr().err


def test_map_options_by_position_and_date_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "parts.csv"
    path.write_text("a,b,c,d,e\n2021,3,7,9.99,114.66\n", encoding="utf-8")
    args = ["validate", str(path), "--map", "date=a+b+c", "--map", "latitude=4"]
    assert main([*args, "--map", "longitude=e"]) == 0
    assert "date <- a+b+c, latitude <- d, longitude <- e" in capsys.readouterr().out
    assert main([*args, "--map", "colour=e"]) == 2
    assert "FIELD one of" in capsys.readouterr().err


def test_no_header_option(capsys: pytest.CaptureFixture[str]) -> None:
    path = UPLOAD / "no_header.csv"
    assert main(["validate", str(path), "--no-header", "--map", "incident_type=4"]) == 0
    assert "incident_type <- column 4" in capsys.readouterr().out


def test_import_then_reimport_then_undo(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(UPLOAD / "dms_quoted_newlines.csv")
    assert main(["import", path, "--user", "ana"]) == 0
    out = capsys.readouterr().out
    # D-1 lies at the seed's S-1 on the same day with the same type, but its text and source
    # differ: kept, and linked to S-1
    assert "batch 2: added 4 incident(s), skipped 0 already in the store" in out
    assert "1 added incident(s) lie within 1 nm of an incident of the same day and type" in out
    assert main(["import", path]) == 0
    assert "batch 3: added 0 incident(s), skipped 4" in capsys.readouterr().out
    assert len(store.current_incidents()[0]) == 5
    assert main(["store", "list"]) == 0
    listing = capsys.readouterr().out
    assert "seed" in listing and "ana" in listing and "dms_quoted_newlines.csv" in listing
    assert "linked" in listing
    assert main(["store", "undo", "3"]) == 0  # batch 2 still holds the same four incidents
    assert "removed 0 incident(s)" in capsys.readouterr().out
    assert main(["store", "undo", "2", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "would remove 4 incident(s); 0 stay" in dry and "dms_quoted_newlines.csv" in dry
    assert len(dry.splitlines()) == 5 and len(store.current_incidents()[0]) == 5
    assert main(["store", "undo", "2"]) == 0
    assert "removed 4 incident(s)" in capsys.readouterr().out
    assert len(store.current_incidents()[0]) == 1
    assert main(["store", "undo", "2"]) == 2
    assert "already undone" in capsys.readouterr().err


def test_import_remembers_the_mapping_to_propose_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "ana")
    path = str(UPLOAD / "year_month_day_columns.csv")
    assert main(["import", path, "--map", "description=Category"]) == 0
    capsys.readouterr()
    assert main(["validate", path]) == 1  # day 40 is still rejected
    out = capsys.readouterr().out
    assert "incident_type <- Category" in out.splitlines()[1]  # the detected mapping line
    assert "you used another column mapping for files with this header" in out
    assert "description <- Category (not applied; add --use-remembered" in out
    assert main(["validate", path, "--use-remembered"]) == 1
    out = capsys.readouterr().out
    assert "used the column mapping you remembered" in out
    assert "description <- Category" in out.splitlines()[1]
    monkeypatch.setenv("LOGNAME", "bob")  # another user's memory is not offered
    assert main(["validate", path]) == 1
    assert "remembered" not in capsys.readouterr().out


#: Canonical headers with an end date (one row of 2023-03-01 to 2023-03-04).
CANONICAL = (
    "incident_id,date,latitude,longitude,incident_type,countries,description,source,end_date\n"
    "{id},2023-03-01,10.5,113.5,other,VNM,Row {id}.,https://example.org/{id},2023-03-04\n"
)


def test_exact_schema_headers_win_over_a_remembered_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18.4: after `import x.csv --map date=end_date`, a file with the canonical header
    must keep its own date and end_date, with or without --use-remembered."""
    x, y = tmp_path / "x.csv", tmp_path / "y.csv"
    x.write_text(CANONICAL.format(id="X-1"), encoding="utf-8")
    y.write_text(CANONICAL.format(id="Y-1"), encoding="utf-8")
    assert main(["import", str(x), "--map", "date=end_date"]) == 0
    for extra in ([], ["--use-remembered"]):
        y.write_text(CANONICAL.format(id=f"Y-{len(extra)}"), encoding="utf-8")
        assert main(["import", str(y), *extra]) == 0
        out = capsys.readouterr().out
        assert "date <- date," in out and "end_date <- end_date" in out
    incidents = store.current_incidents()[0].set_index("incident_id")
    for row in ("Y-0", "Y-1"):
        assert str(incidents.loc[row, "date"].date()) == "2023-03-01"
        assert str(incidents.loc[row, "end_date"].date()) == "2023-03-04"


def test_swap_option(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(UPLOAD / "swapped_and_outside.csv")
    assert main(["validate", path]) == 1
    assert main(["validate", path, "--swap-latlon"]) == 0
    assert "were swapped, as requested" in capsys.readouterr().out


@pytest.mark.parametrize("option", ["--errors", "--problems"])
def test_validate_output_into_a_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    out = tmp_path / "no such folder" / "out.csv"
    assert main(["validate", str(UPLOAD / "half_missing_coords.csv"), option, str(out)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {str(out)!r}" in err and "Traceback" not in err


def test_unknown_columns_and_links_come_back_in_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14 item 3: columns the schema does not know are kept per row (``extra``) and come
    back as columns in CSV and GeoPackage exports; a near-duplicate is kept and linked."""
    assert main(["import", str(UPLOAD / "extra_columns.csv")]) == 0
    assert "1 added incident(s) lie within 1 nm" in capsys.readouterr().out
    incidents = store.current_incidents()[0].set_index("incident_id")
    assert json.loads(incidents.loc["E-1", "extra"]) == {
        "Flag": "PH",
        "Attack no.": "117",
        "Centre": "PCG",
    }
    assert json.loads(incidents.loc["E-2", "extra"]) == {"Attack no.": "=118"}
    assert incidents.loc["S-1", "possibly_same_as"] == "E-1"
    assert incidents.loc["E-1", "possibly_same_as"] == "S-1"
    csv_out, gpkg_out = tmp_path / "view.csv", tmp_path / "view.gpkg"
    (tmp_path / "data" / "eez").symlink_to(UPLOAD.parents[2] / "data" / "eez")  # built-in zones
    assert main(["export", "data", "--out", str(csv_out)]) == 0
    assert main(["export", "data", "--out", str(gpkg_out)]) == 0
    table = pd.read_csv(csv_out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    gpkg = gpd.read_file(gpkg_out)
    for frame in (table, gpkg):
        rows = frame.set_index("incident_id")
        assert rows.loc["E-1", ["Flag", "Attack no.", "Centre"]].tolist() == ["PH", "117", "PCG"]
        assert rows.loc["E-1", "possibly_same_as"] == "S-1"
    assert table.set_index("incident_id").loc["E-2", "Attack no."] == "'=118"  # formula guard
    assert "extra" not in table.columns
