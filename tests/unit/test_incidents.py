"""load_incidents: typed form, strictness on malformed files, the bundled dataset's schema."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from seawatch import datasets, load_incidents, schema
from seawatch.errors import DataFormatError

HEADER = ",".join(schema.INCIDENT_COLUMNS)
#: Two valid rows: a feature-precision water-cannon incident with an end date and casualties,
#: and a region-precision survey standoff with no optional values.
GOOD_ROWS = [
    "T-1,2023-08-05,9.73,115.87,water_cannon,PHL;CHN,Water cannon at a resupply boat.,"
    "https://example.org/a,Second Thomas Shoal,feature,CHN,Unaizah May 1,2,2023-08-06",
    "T-2,2014-05-02,15.5,111.2,survey_drilling_standoff,CHN;VNM,Oil rig standoff.,"
    "https://example.org/b,,,,,,",
]


def write(tmp_path: Path, lines: list[str], name: str = "incidents.csv") -> Path:
    """Write a header plus `lines` as a UTF-8 CSV file and return its path."""
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_typed_form_of_a_valid_file(tmp_path: Path) -> None:
    gdf = load_incidents(write(tmp_path, GOOD_ROWS))
    assert str(gdf.crs) == "EPSG:4326"
    assert list(gdf.columns) == [*schema.INCIDENT_COLUMNS, "geometry"]
    assert gdf["incident_id"].tolist() == ["T-1", "T-2"]
    assert gdf["date"].dtype == np.dtype("datetime64[ns]")
    assert gdf["end_date"].dtype == np.dtype("datetime64[ns]")
    assert gdf["date"].iloc[0] == pd.Timestamp("2023-08-05")
    assert gdf["end_date"].iloc[0] == pd.Timestamp("2023-08-06")
    assert pd.isna(gdf["end_date"].iloc[1])
    assert gdf["countries"].tolist() == [["CHN", "PHL"], ["CHN", "VNM"]]
    assert gdf["casualties"].dtype == "Int64"
    assert gdf["casualties"].iloc[0] == 2 and pd.isna(gdf["casualties"].iloc[1])
    assert pd.isna(gdf["location_name"].iloc[1])
    assert gdf["latitude"].tolist() == [9.73, 15.5]
    assert gdf.geometry.x.tolist() == [115.87, 111.2]
    assert gdf.geometry.y.tolist() == [9.73, 15.5]


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(
        ",".join(schema.REQUIRED_COLUMNS) + "\n"
        "T-9,2020-01-01,10,115,other,PHL,Something happened.,https://example.org\n",
        encoding="utf-8",
    )
    gdf = load_incidents(path)
    assert list(gdf.columns) == [*schema.INCIDENT_COLUMNS, "geometry"]
    assert pd.isna(gdf["location_precision"].iloc[0])


BAD_CELLS = [
    # (column, bad value, expected message fragment)
    ("date", "2024-02-30", "not a real calendar date"),
    ("date", "05/08/2023", "not a real calendar date"),
    ("date", "2999-01-01", "in the future"),
    ("latitude", "9,73", "not a number"),
    ("latitude", "9_73", "not a number"),  # Python's float() reads 973
    ("longitude", "11_5.87", "not a number"),  # ... and 115.87, inside the region
    ("latitude", "nan", "not a number"),
    ("latitude", "40.0", "outside the region"),
    ("longitude", "95.0", "outside the region"),
    ("incident_type", "ramming", "unknown incident type"),
    ("countries", "CHN;XXX", "unknown ISO 3166-1"),
    ("countries", "", "required value is missing"),
    ("source", "", "required value is missing"),
    ("location_precision", "precise", "unknown precision"),
    ("initiator", "China", "not a known ISO"),
    ("casualties", "-1", "not a whole number"),
    ("end_date", "2023-08-01", "end_date is before date"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_CELLS)
def test_a_bad_cell_fails_naming_file_line_column_value(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    cells = next(csv.reader([GOOD_ROWS[0]]))
    cells[schema.INCIDENT_COLUMNS.index(column)] = value
    row = ",".join(f'"{c}"' for c in cells)
    path = write(tmp_path, [GOOD_ROWS[1], row])
    with pytest.raises(DataFormatError, match=message) as info:
        load_incidents(path)
    err = info.value
    assert (err.path, err.row, err.column, err.value) == (str(path), 3, column, value)
    assert f"row 3, column {column!r}, value {value!r}" in str(err)


def test_line_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    multi = GOOD_ROWS[1].replace("Oil rig standoff.", '"Oil rig\nstandoff\nover weeks."')
    bad = GOOD_ROWS[0].replace("T-1,", "T-3,").replace("water_cannon", "splash")
    with pytest.raises(DataFormatError) as info:
        load_incidents(write(tmp_path, [multi, bad]))
    assert info.value.row == 5  # header 1, the multi-line record 2-4, the bad one 5


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="incident_id repeats") as info:
        load_incidents(write(tmp_path, [GOOD_ROWS[0], GOOD_ROWS[0]]))
    assert info.value.row == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("incident_id,date\nT-1,2020-01-01\n", r"missing required column\(s\)"),
        (HEADER + ",colour\n", r"unknown column\(s\) \['colour'\]"),
        (HEADER + "\nT-1,2020-01-01,10\n", "has 3 fields where the header has 14"),
    ],
)
def test_malformed_structure(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFormatError, match=message):
        load_incidents(path)


def test_non_utf8_and_missing_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\n" + GOOD_ROWS[1].replace("Oil", "Ölrig")).encode("cp1252"))
    with pytest.raises(DataFormatError, match="not UTF-8"):
        load_incidents(latin)
    with pytest.raises(DataFormatError, match="not found"):
        load_incidents(tmp_path / "nope.csv")


def test_a_folder_is_not_an_incident_file(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="cannot read the incident file") as info:
        load_incidents(tmp_path)
    assert info.value.path == str(tmp_path)


# --- the bundled dataset, checked independently of the loader ------------------------------


@pytest.fixture(scope="module")
def bundled_rows() -> list[dict[str, str]]:
    """The rows of data/incidents.csv as plain strings, read with the csv module."""
    with datasets.incidents_path().open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(schema.INCIDENT_COLUMNS)
        return list(reader)


def test_bundled_file_loads(bundled_rows: list[dict[str, str]]) -> None:
    gdf = load_incidents()
    assert len(gdf) == len(bundled_rows) > 0


def test_bundled_ids_unique_and_required_values_present(
    bundled_rows: list[dict[str, str]],
) -> None:
    ids = [r["incident_id"] for r in bundled_rows]
    assert len(ids) == len(set(ids))
    for row in bundled_rows:
        for column in schema.REQUIRED_COLUMNS:
            assert row[column].strip(), (row["incident_id"], column)


def test_bundled_dates_parse_and_are_not_in_the_future(
    bundled_rows: list[dict[str, str]],
) -> None:
    today = dt.date.today()
    for row in bundled_rows:
        day = dt.date.fromisoformat(row["date"])
        assert day <= today, row["incident_id"]
        if row["end_date"]:
            assert day <= dt.date.fromisoformat(row["end_date"]) <= today, row["incident_id"]


def test_bundled_values_respect_region_codes_and_taxonomy(
    bundled_rows: list[dict[str, str]],
) -> None:
    west, south, east, north = schema.REGION_BOUNDS
    for row in bundled_rows:
        assert south <= float(row["latitude"]) <= north, row["incident_id"]
        assert west <= float(row["longitude"]) <= east, row["incident_id"]
        codes = row["countries"].split(";")
        assert codes and set(codes) <= schema.ISO3_CODES, row["incident_id"]
        assert row["incident_type"] in schema.INCIDENT_TYPES, row["incident_id"]
        assert row["location_precision"] in (*schema.PRECISIONS, ""), row["incident_id"]
        assert row["initiator"] in (*schema.ISO3_CODES, ""), row["incident_id"]


def test_canonical_form_round_trips(tmp_path: Path) -> None:
    """typed -> canonical cells (as the store keeps them) -> typed gives the same frame."""
    from geopandas.testing import assert_geodataframe_equal

    from seawatch.incidents import to_canonical, typed_frame

    gdf = load_incidents(write(tmp_path, GOOD_ROWS))
    assert to_canonical(gdf).iloc[0].to_dict()["countries"] == "CHN;PHL"
    assert_geodataframe_equal(typed_frame(to_canonical(gdf)), gdf)
