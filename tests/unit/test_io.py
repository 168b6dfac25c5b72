"""Reading uploads: encodings, delimiters, headers, quoted newlines, xlsx, GeoJSON, GPKG, limits."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from seawatch.errors import DataFormatError, InputError
from seawatch.io import Limits, decode, read_table, sniff_delimiter

UPLOAD = Path(__file__).parents[1] / "data" / "upload"


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "rows"),
    [
        ("bom_semicolon.csv", "utf-8-sig", ";", 3),
        ("utf16_tab.tsv", "utf-16", "\t", 2),
        ("cp1252_pipe.txt", "cp1252", "|", 3),
        ("asam_style.csv", "utf-8", ",", 3),
    ],
)
def test_encoding_and_delimiter_are_detected(
    name: str, encoding: str, delimiter: str, rows: int
) -> None:
    table = read_table(UPLOAD / name)
    assert (table.encoding, table.delimiter, len(table.frame), table.header) == (
        encoding,
        delimiter,
        rows,
        True,
    )


def test_bom_does_not_leak_into_the_first_header() -> None:
    assert read_table(UPLOAD / "bom_semicolon.csv").columns[0] == "incident_id"


def test_cp1252_text_is_decoded() -> None:
    frame = read_table(UPLOAD / "cp1252_pipe.txt").frame
    assert frame["Description"].iloc[0].endswith("touché — canon à eau")


def test_quoted_newlines_keep_original_line_numbers() -> None:
    table = read_table(UPLOAD / "dms_quoted_newlines.csv")
    assert table.lines.tolist() == [2, 4, 5, 8]
    assert table.frame["description"].iloc[2].count("\n") == 2
    original = table.original_rows([2])
    assert original.splitlines()[0].startswith("id,date,latitude")
    assert original.splitlines()[1:] == [
        'D-3,2024-08-31,9 40 12 N,116 12 36 E,collision_ramming,CHN;PHL,"Ramming at Sabina Shoal,',
        "reported by the coast guard,",
        'three lines long."',
    ]


def test_no_header_is_detected_and_columns_are_numbered() -> None:
    table = read_table(UPLOAD / "no_header.csv")
    assert not table.header
    assert table.columns == [f"column {i}" for i in range(1, 6)]
    assert table.lines.tolist() == [1, 2, 3]


def test_header_can_be_forced_off(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("date,latitude\n2023-01-01,9.7\n", encoding="utf-8")
    table = read_table(path, header=False)
    assert table.frame.iloc[0].tolist() == ["date", "latitude"]


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("date,latitude,longitude\n\n2023-01-01,9.7,115\n\n\n2023-01-02,9.8,115\n")
    assert read_table(path).lines.tolist() == [3, 6]


def test_rows_with_extra_fields_are_kept_for_the_report(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("date,latitude,longitude\n2023-01-01,9.7,115\n2023-01-02,9.8,115,extra\n")
    table = read_table(path)
    assert table.frame.shape == (2, 4) and table.lines.tolist() == [2, 3]


def test_truncated_file_is_flagged() -> None:
    table = read_table(UPLOAD / "truncated.csv")
    assert table.truncated and any("truncated" in n for n in table.notices)


def test_binary_junk_is_refused() -> None:
    junk = bytes(range(256)) * 8
    with pytest.raises(DataFormatError, match="binary content"):
        read_table(junk, "junk.csv")


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_empty_files_are_refused(content: bytes) -> None:
    with pytest.raises(DataFormatError, match="empty"):
        read_table(content, "empty.csv")


def test_header_only_is_refused() -> None:
    with pytest.raises(DataFormatError, match="no data rows"):
        read_table(b"date,latitude,longitude\n", "header.csv")


def test_size_limits_give_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("date,latitude,longitude\n" + "2023-01-01,9.7,115\n" * 20)
    with pytest.raises(InputError, match=r"big.csv: 404 bytes; the limit is 100 bytes"):
        read_table(path, limits=Limits(max_bytes=100))
    with pytest.raises(InputError, match="20 rows; the limit is 10"):
        read_table(path, limits=Limits(max_rows=10))


def test_limits_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAWATCH_MAX_UPLOAD_ROWS", "5")
    monkeypatch.setenv("SEAWATCH_MAX_UPLOAD_MB", "2")
    assert Limits.from_env() == Limits(2 * 1024 * 1024, 5)
    monkeypatch.setenv("SEAWATCH_MAX_UPLOAD_ROWS", "lots")
    with pytest.raises(InputError, match="SEAWATCH_MAX_UPLOAD_ROWS='lots': not a usable number"):
        Limits.from_env()
    monkeypatch.setenv("SEAWATCH_MAX_UPLOAD_ROWS", "2.5")
    with pytest.raises(InputError, match="give a whole number above 0"):
        Limits.from_env()
    monkeypatch.setenv("SEAWATCH_MAX_UPLOAD_ROWS", "5")
    monkeypatch.setenv("SEAWATCH_MAX_DESCRIPTION_CHARS", "200")
    assert Limits.from_env().field_chars("description") == 200


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_table(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        ("a,b\n".encode("utf-16-le"), "utf-16-le"),
        ("a,b\n".encode("utf-16-be"), "utf-16-be"),
        (b"caf\xe9", "cp1252"),
        (b"\x81\x8d", "cp949"),  # bytes cp1252 leaves undefined: still decoded
    ],
)
def test_decode_never_fails(data: bytes, codec: str) -> None:
    assert decode(data).encoding == codec


def test_sniffer_ignores_delimiters_inside_quotes() -> None:
    assert sniff_delimiter('a|b|c\n"x,y,z"|2|3\n') == "|"


# --- binary formats, generated here ----------------------------------------------------------


@pytest.fixture
def xlsx_path(tmp_path: Path) -> Path:
    """A workbook: header, a row with a real Excel date, a blank row, a row with a text date."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Lat", "Lon", "Type"])
    sheet.append([dt.datetime(2023, 8, 5), 9.73, 115.87, "water_cannon"])
    sheet.append([None, None, None, None])
    sheet.append(["17/06/2024", 9.72, 115.86, "boarding_seizure"])
    book.create_sheet("notes")
    path = tmp_path / "incidents.xlsx"
    book.save(path)
    return path


def test_xlsx_rows_and_row_numbers(xlsx_path: Path) -> None:
    table = read_table(xlsx_path)
    assert table.format == "xlsx" and table.header
    assert table.frame["Date"].tolist() == ["2023-08-05", "17/06/2024"]
    assert table.frame["Lat"].tolist() == ["9.73", "9.72"]
    assert table.lines.tolist() == [2, 4]
    assert any("first sheet" in n for n in table.notices)
    assert table.original_rows([1]).splitlines() == [
        "Date,Lat,Lon,Type",
        "17/06/2024,9.72,115.86,boarding_seizure",
    ]


def test_broken_xlsx_is_refused() -> None:
    with pytest.raises(DataFormatError, match="not a readable .xlsx"):
        read_table(b"PK\x03\x04 but not a zip", "broken.xlsx")


def test_geojson_points() -> None:
    table = read_table(UPLOAD / "points.geojson")
    assert table.format == "geojson" and table.lines.tolist() == [1, 2, 3]
    assert table.frame["geometry longitude"].tolist() == ["115.87", "117.76", ""]
    assert any("not points" in n for n in table.notices)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{not json", "not valid GeoJSON"), (b'{"type": "Point"}', "without a 'features' list")],
)
def test_bad_geojson(content: bytes, message: str) -> None:
    with pytest.raises(DataFormatError, match=message):
        read_table(content, "bad.geojson")


def test_json_records_are_a_table() -> None:
    """The NGA ASAM web service answers {"asam": [{...}, ...]}: one row per object."""
    table = read_table(b'{"asam": [{"reference": "2022-1", "latitude": 1.5}]}', "asam.json")
    assert table.format == "json" and table.header
    assert table.frame.to_dict("records") == [{"reference": "2022-1", "latitude": "1.5"}]
    with pytest.raises(DataFormatError, match="not a list of records"):
        read_table(b'{"a": [1, 2]}', "numbers.json")


def test_geopackage_points_are_read_in_wgs84(tmp_path: Path) -> None:
    """A layer in Web Mercator with two points and a line: coordinates come back in degrees."""
    gdf = gpd.GeoDataFrame(
        {"date": ["2023-08-05", "2024-08-19", "2024-01-01"], "casualties": [1.0, np.nan, 0.0]},
        geometry=[Point(115.87, 9.73), Point(117.76, 15.15), LineString([(110, 10), (111, 11)])],
        crs="EPSG:4326",
    ).to_crs("EPSG:3857")
    path = tmp_path / "points.gpkg"
    gdf.to_file(path, driver="GPKG")
    table = read_table(path)
    assert table.format == "gpkg"
    lon = [float(v) if v else None for v in table.frame["geometry longitude"]]
    assert lon[:2] == [pytest.approx(115.87), pytest.approx(117.76)] and lon[2] is None
    assert table.frame["casualties"].tolist() == ["1", "", "0"]


def test_broken_geopackage_is_refused() -> None:
    with pytest.raises(DataFormatError, match="not a readable GeoPackage"):
        read_table(b"SQLite format 3\x00" + b"\x00" * 100, "broken.gpkg")


def test_an_unquoted_seconds_mark_is_not_a_truncated_file() -> None:
    """dms_unquoted_seconds.csv holds one `"` (9°43'48"N) unquoted: an odd count, no open quote."""
    table = read_table(UPLOAD / "dms_unquoted_seconds.csv")
    assert not table.truncated
    assert not any("truncated" in n for n in table.notices)
    assert table.frame["latitude"].tolist() == ["9.73", "9°43'48\"N"]


def test_a_truncated_file_with_ragged_rows_is_still_flagged(tmp_path: Path) -> None:
    """The slow (ragged) reader also sees a quote left open at the end."""
    path = tmp_path / "ragged_truncated.csv"
    path.write_text('date,latitude\n2023-01-01,9.7,extra\n2023-01-02,"9.8\n')
    assert read_table(path).truncated


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-5"])
def test_unusable_size_limits_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SEAWATCH_MAX_UPLOAD_MB", value)
    with pytest.raises(InputError, match=rf"SEAWATCH_MAX_UPLOAD_MB={value!r}.*finite"):
        Limits.from_env()


def test_unusable_row_limit_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAWATCH_MAX_UPLOAD_ROWS", "0")
    with pytest.raises(InputError, match=r"SEAWATCH_MAX_UPLOAD_ROWS='0'.*above 0"):
        Limits.from_env()


@pytest.mark.parametrize("props", ['["a", "b"]', '"text"', "5"])
def test_geojson_properties_that_are_not_an_object(props: str) -> None:
    doc = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1},'
        ' "geometry": null}, {"type": "Feature", "properties": ' + props + ', "geometry": null}]}'
    )
    with pytest.raises(DataFormatError, match="feature 2: 'properties' must be an object"):
        read_table(doc.encode(), "props.geojson")


def test_geopackage_attribute_table_without_geometry(tmp_path: Path) -> None:
    """A GeoPackage table with no geometry column is read as a table with lat/lon columns."""
    import pyogrio

    frame = pd.DataFrame({"date": ["2023-08-05"], "lat": [9.73], "lon": [115.87]})
    path = tmp_path / "table.gpkg"
    pyogrio.write_dataframe(frame, path, driver="GPKG")
    table = read_table(path)
    assert table.format == "gpkg"
    assert table.columns == ["date", "lat", "lon"]
    assert table.frame.iloc[0].tolist() == ["2023-08-05", "9.73", "115.87"]


def _xlsx_with_broken_rows(tmp_path: Path, good_rows: int) -> Path:
    """A workbook whose sheet XML breaks off after `good_rows` data rows (a damaged file)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["date", "lat", "lon"])
    for _ in range(good_rows):
        sheet.append(["2023-08-05", 9.73, 115.87])
    whole = tmp_path / "whole.xlsx"
    book.save(whole)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row r='9999'><c r='A9999' t='n'><v>424242")
                data = data[: data.index(b"<v>424242") + 6]
            dst.writestr(item, data)
    return damaged


def test_xlsx_damaged_while_reading_rows_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="not a readable .xlsx"):
        read_table(_xlsx_with_broken_rows(tmp_path, 3))


def test_xlsx_row_limit_is_checked_while_reading(tmp_path: Path) -> None:
    """Over the row limit before the damaged part: the limit stops the read first (here the
    sheet's declared dimension already says so)."""
    with pytest.raises(InputError, match="declares 3,001 rows .*; the limit is 5"):
        read_table(_xlsx_with_broken_rows(tmp_path, 3000), limits=Limits(max_rows=5))


def test_original_rows_split_only_on_real_line_ends(tmp_path: Path) -> None:
    """A U+2028 line separator or a form feed inside a cell is text, not a line end."""
    path = tmp_path / "separators.csv"
    path.write_text(
        "date,latitude,description\r\n"
        "2023-01-01,9.7,one\u2028two\x0cthree\r\n"
        "not a date,9.8,last\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.lines.tolist() == [2, 3]
    assert table.original_rows([1]) == "date,latitude,description\nnot a date,9.8,last\n"
    assert table.original_rows([0]).split("\n")[1] == "2023-01-01,9.7,one\u2028two\x0cthree"
