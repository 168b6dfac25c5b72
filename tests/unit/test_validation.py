"""Validation of uploads row by row, and the column mapping it relies on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seawatch import schema
from seawatch.columns import (
    apply_overrides,
    detect_mapping,
    header_signature,
    recall_mapping,
    remember_mapping,
)
from seawatch.errors import DataFormatError, InputError
from seawatch.io import RawTable, read_table
from seawatch.validation import validate

UPLOAD = Path(__file__).parents[1] / "data" / "upload"
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Remembered mappings go to a throwaway folder."""
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def check(name: str, **kwargs: object):  # type: ignore[no-untyped-def]
    """Validate a fixture without the land check (tested on its own below)."""
    kwargs.setdefault("land", False)
    return validate(read_table(UPLOAD / name), today=TODAY, **kwargs)  # type: ignore[arg-type]


def problems(report) -> list[tuple[int, str, str, str]]:  # type: ignore[no-untyped-def]
    """(row, column, severity, first words of the problem) of every reported problem."""
    return [
        (int(r.row), r.column, r.severity, r.problem.split(":")[0])
        for r in report.problems.itertuples()
    ]


def test_clean_file_gives_the_typed_form() -> None:
    gdf, report = check("dms_quoted_newlines.csv")
    assert (report.accepted, report.suspect, report.rejected) == (4, 0, 0)
    assert report.all_valid
    assert list(gdf.columns) == [*schema.INCIDENT_COLUMNS, "geometry"]
    assert str(gdf.crs) == "EPSG:4326"
    assert gdf["incident_id"].tolist() == ["D-1", "D-2", "D-3", "D-4"]
    assert gdf["latitude"].round(4).tolist() == [9.73, 9.73, 9.67, 15.15]
    assert gdf.geometry.x.round(4).tolist() == [115.87, 115.87, 116.21, 117.76]
    assert gdf["countries"].iloc[0] == ["CHN", "PHL"]
    assert gdf["date"].dtype == np.dtype("datetime64[ns]")


def test_asam_layout_maps_position_and_free_text_types() -> None:
    gdf, report = check("asam_style.csv")
    assert report.mapping["position"] == ("Position",)
    assert report.mapping["incident_id"] == ("Reference",)
    assert gdf["incident_type"].unique().tolist() == ["piracy_armed_robbery"]
    assert gdf["latitude"].iloc[0] == pytest.approx(1 + 1 / 60)
    assert gdf["vessels"].iloc[0] == "Tanker"
    # recognised as the NGA ASAM format: the dataset is the source, its ids are prefixed
    assert report.preset is not None and report.preset.name == "asam"
    assert gdf["source"].iloc[0] == "NGA ASAM"
    assert gdf["incident_id"].iloc[0] == "ASAM-2019-101"


def test_cp1252_names_and_month_names() -> None:
    gdf, report = check("cp1252_pipe.txt")
    assert report.all_valid
    assert gdf["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-08-05",
        "2023-08-22",
        "2023-09-12",
    ]
    assert gdf["countries"].tolist() == [["CHN", "PHL"], ["CHN", "PHL"], ["VNM"]]
    assert gdf["incident_type"].tolist() == ["water_cannon", "blocking_obstruction", "other"]


def test_half_missing_coordinates_are_rejected_with_their_rows() -> None:
    gdf, report = check("half_missing_coords.csv")
    assert len(gdf) == 1 and report.rejected == 3
    assert problems(report) == [
        (3, "longitude", "rejected", "longitude missing while the latitude is given"),
        (4, "latitude", "rejected", "latitude missing while the longitude is given"),
        (5, "latitude/longitude", "rejected", "no position"),
    ]


def test_all_invalid_rows_and_their_untouched_export() -> None:
    gdf, report = check("all_invalid.csv")
    assert len(gdf) == 0 and report.rejected == 4 and not report.all_valid
    assert [p[3] for p in problems(report)] == [
        "not a date (expected e.g. 2024-03-05, 05/03/2024, 5 Mar 2024, Mar 2024)",
        "no such day in the calendar",
        "not a coordinate in decimal degrees, DMS or DMM",
        "date is in the future",
    ]
    original = (UPLOAD / "all_invalid.csv").read_text(encoding="utf-8")
    assert report.rejected_text() == original


def test_rejected_export_keeps_multiline_records_whole(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        'date,latitude,longitude,description\n2023-01-01,9.7,115,"ok"\n'
        'bad,9.7,115,"two\nlines"\n2023-01-03,9.7,115,fine\n',
        encoding="utf-8",
    )
    _, report = validate(read_table(path), today=TODAY)
    assert (
        report.rejected_text() == 'date,latitude,longitude,description\nbad,9.7,115,"two\nlines"\n'
    )
    assert problems(report) == [
        (
            3,
            "date",
            "rejected",
            "not a date (expected e.g. 2024-03-05, 05/03/2024, 5 Mar 2024, Mar 2024)",
        )
    ]


def test_two_digit_years_and_the_reported_order() -> None:
    gdf, report = check("two_digit_years.csv")
    assert report.date_order == "DMY"
    assert any("D/M/Y" in n for n in report.notices)
    assert gdf["date"].dt.year.tolist() == [2019, 1998, 2023]


def test_ambiguous_dates_are_suspect_not_silent() -> None:
    gdf, report = check("ambiguous_dates.csv")
    assert len(gdf) == 2
    assert problems(report) == [(2, "date", "suspect", "day and month are ambiguous")]
    forced, report = check("ambiguous_dates.csv", date_order="MDY")
    assert forced["date"].iloc[0] == pd.Timestamp("2019-03-04") and report.suspect == 0


def test_date_from_year_month_day_columns() -> None:
    gdf, report = check("year_month_day_columns.csv")
    assert report.mapping["date"] == ("Year", "Month", "Day")
    assert gdf["date"].dt.strftime("%Y-%m-%d").tolist() == ["2021-03-07", "2021-04-01"]
    assert gdf["end_date"].iloc[1] == pd.Timestamp("2021-04-30")
    assert problems(report) == [
        (3, "Year+Month+Day", "suspect", "only the month is known"),
        (4, "Year+Month+Day", "rejected", "no such day in the calendar"),
    ]


def test_swapped_coordinates_are_offered_a_swap() -> None:
    gdf, report = check("swapped_and_outside.csv")
    assert report.swap_candidates == 1
    assert (2, "latitude/longitude", "rejected", "latitude and longitude look swapped") in problems(
        report
    )
    swapped, report2 = check("swapped_and_outside.csv", swap=True)
    assert report2.swapped == 1 and report2.rejected == 0
    assert (swapped["latitude"].iloc[0], swapped["longitude"].iloc[0]) == (9.73, 115.87)


def test_outside_region_and_bad_optional_values_are_suspect() -> None:
    gdf, report = check("swapped_and_outside.csv")
    assert problems(report)[1:] == [
        (
            3,
            "latitude/longitude",
            "suspect",
            "outside the region (latitude -3.0 to 26.0, longitude 99.0 to 125.0)",
        ),
        (4, "countries", "suspect", "unknown country left out"),
        (4, "initiator", "suspect", "not one known country"),
        (4, "location_precision", "suspect", "unknown location precision (allowed"),
        (4, "casualties", "suspect", "not a whole number of people"),
    ]
    row = gdf.iloc[1]
    assert row["countries"] == [] and pd.isna(row["initiator"]) and pd.isna(row["casualties"])
    assert row["incident_type"] == "laser_flare"


def test_excel_serials_and_headerless_files() -> None:
    gdf, _ = check("excel_serials.csv")
    assert gdf["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-08-05", "2024-06-17"]
    gdf, report = check("no_header.csv")
    assert report.mapping == {
        "date": ("column 1",),
        "latitude": ("column 2",),
        "longitude": ("column 3",),
        "description": ("column 5",),
    }
    # decided by the values, not by names: every role is a guess, with its confidence
    assert set(report.guessed) == set(report.mapping)
    assert all(0.5 <= c <= 1 for c in report.guessed.values())
    assert len(gdf) == 3


def test_geojson_non_points_are_rejected() -> None:
    gdf, report = check("points.geojson")
    assert len(gdf) == 2 and problems(report) == [
        (3, "geometry latitude/geometry longitude", "rejected", "no position")
    ]


def test_truncated_file_rejects_its_last_row() -> None:
    gdf, report = check("truncated.csv")
    assert len(gdf) == 1
    assert problems(report)[-1][:3] == (3, "description", "rejected")


def test_formula_cells_are_neutralised_in_the_problem_csv() -> None:
    _, report = check("formula_injection.csv")
    lines = report.problems_csv().splitlines()
    assert lines[1].startswith("2,date,\"'=HYPERLINK(")


def test_generated_ids_are_stable_and_distinct() -> None:
    a, _ = check("no_header.csv")
    b, _ = check("no_header.csv")
    assert a["incident_id"].tolist() == b["incident_id"].tolist()
    assert a["incident_id"].is_unique and a["incident_id"].str.startswith("U-").all()


def test_missing_date_or_position_mapping_is_a_clear_error() -> None:
    with pytest.raises(DataFormatError, match=r"is the delimiter one of comma"):
        check("wrong_delimiter.csv")
    table = read_table(b"when,where\n2023-01-01,somewhere\n", "x.csv")
    with pytest.raises(DataFormatError, match=r"latitude/longitude .* 1='when', 2='where'"):
        validate(table, today=TODAY)


# --- mapping --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field", "column"),
    [
        ("LATITUDE", "latitude", "LATITUDE"),
        ("Lat", "latitude", "Lat"),
        ("Y", "latitude", "Y"),
        ("lng", "longitude", "lng"),
        ("X", "longitude", "X"),
        ("DateOfOcc", "date", "DateOfOcc"),
        ("event_date", "date", "event_date"),
        ("Incident Date", "date", "Incident Date"),
    ],
)
def test_common_header_names(header: str, field: str, column: str) -> None:
    assert detect_mapping([header, "other"])[field] == (column,)


def test_overrides_by_name_position_and_parts() -> None:
    columns = ["Yr", "Mo", "Dy", "A", "B"]
    mapping = apply_overrides({}, ["date=Yr+Mo+Dy", "latitude=4", "longitude=b"], columns)
    assert mapping == {"date": ("Yr", "Mo", "Dy"), "latitude": ("A",), "longitude": ("B",)}


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("colour=1", "expected FIELD=COLUMN with FIELD one of"),
        ("latitude", "expected FIELD=COLUMN"),
        ("latitude=9", r"no column '9'; the columns are 1='A'"),
        ("latitude=A+B", "only date, description, .* can join"),
    ],
)
def test_bad_overrides(option: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        apply_overrides({}, [option], ["A", "B"])


def test_mapping_is_remembered_per_header(config_dir: Path) -> None:
    columns = ["When", "Where N", "Where E"]
    assert recall_mapping(columns) is None
    mapping = {"date": ("When",), "latitude": ("Where N",), "longitude": ("Where E",)}
    remember_mapping(columns, mapping)
    assert recall_mapping(columns) == mapping
    assert recall_mapping(["When", "Other"]) is None
    assert header_signature(columns) != header_signature(list(reversed(columns)))
    assert recall_mapping(columns, user="someone else") is None  # per user
    table = read_table(b"When,Where N,Where E\n2023-01-01,9.7,115.8\n", "f.csv")
    # only proposed, never applied: the columns' roles are guessed from their values instead,
    # which the CLI and the dashboard refuse to store until the analyst confirms them
    _, report = validate(table, today=TODAY)
    assert {"latitude", "longitude"} <= set(report.guessed)
    gdf, _ = validate(table, recall_mapping(columns), today=TODAY)
    assert len(gdf) == 1


def test_points_on_land_are_suspect() -> None:
    """A one-degree 'island' around (10.5 N, 115.5 E): the point inside it is flagged."""
    import geopandas as gpd
    from shapely.geometry import box

    island = gpd.GeoDataFrame(geometry=[box(115, 10, 116, 11)], crs="EPSG:4326")
    table = read_table(b"date,lat,lon\n2023-01-01,10.5,115.5\n2023-01-01,9.73,115.87\n", "x.csv")
    gdf, report = validate(table, today=TODAY, land=island)
    assert len(gdf) == 2
    assert problems(report) == [
        (2, "lat/lon", "suspect", "on land (per the land layer of the zones)")
    ]
    _, unchecked = validate(table, today=TODAY, land=False)
    assert unchecked.suspect == 0


def test_the_built_in_land_layer_is_used_by_default() -> None:
    """Manila (14.6 N, 121.0 E) is on land; Second Thomas Shoal's lagoon is not."""
    table = read_table(b"date,lat,lon\n2023-01-01,14.6,121.0\n2023-01-01,9.73,115.87\n", "x.csv")
    _, report = validate(table, today=TODAY)
    assert [p[0] for p in problems(report)] == [2]


CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "NA",
            "-",
            "9.73",
            "115.87",
            "9°43'48\"N",
            "09-43.8N",
            "2023-08-05",
            "31/02/2023",
            "05/08/2023",
            "Aug 2023",
            "45143",
            "water cannon",
            "CHN;PHL",
            "Narnia",
            "=1+1",
        ]
    ),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CELLS, CELLS, CELLS, CELLS), min_size=1, max_size=12))
def test_no_row_is_ever_lost(rows: list[tuple[str, str, str, str]]) -> None:
    """Whatever the cells, every row is counted once and every kept row comes out typed."""
    frame = pd.DataFrame(rows, columns=["date", "latitude", "longitude", "type"], dtype=str)
    table = RawTable("h.csv", "csv", frame, np.arange(2, len(rows) + 2), True, "", 0)
    gdf, report = validate(table, today=TODAY, land=False)
    assert report.accepted + report.suspect + report.rejected == len(rows)
    assert len(gdf) == report.accepted + report.suspect
    rejected_rows = set(report.problems.loc[report.problems.severity == "rejected", "row"])
    assert len(rejected_rows) == report.rejected
    assert gdf["latitude"].between(-90, 90).all() and gdf["longitude"].between(-180, 180).all()
    assert gdf["date"].notna().all()


def test_country_names_holding_and_are_not_split(tmp_path: Path) -> None:
    """'and' splits a list of countries, never a name such as Trinidad and Tobago."""
    path = tmp_path / "and.csv"
    path.write_text(
        "date,latitude,longitude,type,countries\n"
        "2023-08-05,9.73,115.87,other,China and Philippines\n"
        "2023-08-06,9.73,115.87,other,Trinidad and Tobago\n"
        "2023-08-07,9.73,115.87,other,Bosnia and Herzegovina; Vietnam\n"
        "2023-08-08,9.73,115.87,other,China & Antigua and Barbuda\n",
        encoding="utf-8",
    )
    gdf, report = validate(read_table(path), today=TODAY)
    assert gdf["countries"].tolist() == [["CHN", "PHL"], [], ["VNM"], ["CHN"]]
    unknown = report.problems.set_index("row")["problem"]
    assert unknown[3] == "unknown country left out: Trinidad and Tobago"
    assert unknown[4] == "unknown country left out: Bosnia and Herzegovina"
    assert unknown[5] == "unknown country left out: Antigua and Barbuda"


def test_a_point_on_the_coastline_is_on_land() -> None:
    """Covered-by, as the join's on_land: a point exactly on the island's edge counts."""
    from shapely.geometry import box

    from seawatch.validation import points_on_land

    island = gpd.GeoDataFrame(geometry=[box(115, 10, 116, 11)], crs="EPSG:4326")
    x, y = np.array([115.0, 115.5, 114.9]), np.array([10.5, 11.0, 10.5])
    assert points_on_land(x, y, island).tolist() == [True, True, False]


def test_land_that_is_not_a_geodataframe_is_an_input_error() -> None:
    table = read_table(b"date,lat,lon\n2023-01-01,10.5,115.5\n", "x.csv")
    with pytest.raises(InputError, match=r"land: expected a GeoDataFrame.*got list"):
        validate(table, today=TODAY, land=[1, 2])  # type: ignore[arg-type]
