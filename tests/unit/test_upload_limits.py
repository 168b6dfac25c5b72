"""Bounded cost per upload and no traceback for hostile files (issue 18.5 and 18.6).

Each test builds its hostile file in a few lines (the files would be megabytes on disk); the
limits are lowered where the default would need a large file to reach.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from seawatch.errors import DataFormatError, InputError
from seawatch.io import Limits, read_table


def _workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook `data` with its first sheet's XML passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                part = change(part)
            dst.writestr(item, part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


GOOD_ROWS = [["date", "lat", "lon"], ["2023-08-05", 9.73, 115.87], ["2023-08-06", 9.8, 115.9]]


def test_csv_with_too_many_columns_is_refused_before_parsing() -> None:
    data = ("c," * 100_000 + "date\n" + "x," * 100_000 + "2023-01-01\n").encode()
    with pytest.raises(InputError, match=r"wide.csv: 100,001 columns; the limit is 500"):
        read_table(data, "wide.csv")


def test_csv_whose_later_row_is_too_wide_is_refused() -> None:
    data = ("date,lat,lon\n2023-01-01,9,115\n" + "x," * 1000 + "\n").encode()
    with pytest.raises(InputError, match=r"1,001 columns; the limit is 500"):
        read_table(data, "ragged.csv")


def test_xlsx_expanding_beyond_the_limit_is_refused_before_parsing() -> None:
    filler = [["2023-08-05", 9.73, 115.87, "same text " * 50]] * 2000
    data = _workbook(GOOD_ROWS + filler)
    assert len(data) < 100_000  # compresses well: a small upload that expands
    with pytest.raises(
        InputError, match=r"bomb.xlsx: the workbook expands to 1\.\d+ MB; the limit"
    ):
        read_table(data, "bomb.xlsx", limits=Limits(max_xlsx_bytes=1024 * 1024))


def test_xlsx_declaring_millions_of_rows_is_refused_before_streaming() -> None:
    def declare(xml: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:C30000000"', xml)

    data = _rewrite_sheet(_workbook(GOOD_ROWS), declare)
    with pytest.raises(InputError, match=r"declares 30,000,000 rows \(A1:C30000000\)"):
        read_table(data, "tall.xlsx")


def test_xlsx_rows_beyond_the_limit_stop_the_stream_without_a_dimension() -> None:
    def undeclare(xml: bytes) -> bytes:
        return re.sub(rb"<dimension [^>]*/>", b"", xml)

    data = _rewrite_sheet(_workbook(GOOD_ROWS * 10), undeclare)
    with pytest.raises(InputError, match=r"more than 5 rows; the limit is 5"):
        read_table(data, "tall.xlsx", limits=Limits(max_rows=5))


def test_xlsx_with_a_cell_beyond_the_column_limit_is_refused() -> None:
    def undeclare(xml: bytes) -> bytes:
        return re.sub(rb"<dimension [^>]*/>", b"", xml)

    wide = [*GOOD_ROWS, ["2023-08-07", 9.9, 116.0] + [None] * 20 + ["far right"]]
    data = _workbook(wide)
    with pytest.raises(InputError, match=r"wide.xlsx: 24 columns; the limit is 10"):
        read_table(data, "wide.xlsx", limits=Limits(max_columns=10))
    with pytest.raises(InputError, match=r"wide.xlsx: 24 columns; the limit is 10"):
        read_table(_rewrite_sheet(data, undeclare), "wide.xlsx", limits=Limits(max_columns=10))


def test_xlsx_within_the_limits_reads_as_before() -> None:
    table = read_table(_workbook(GOOD_ROWS), "ok.xlsx")
    assert table.columns == ["date", "lat", "lon"]
    assert table.frame["lat"].tolist() == ["9.73", "9.8"]


def test_deeply_nested_geojson_is_a_message_not_a_recursion_error() -> None:
    data = b'{"type": "FeatureCollection", "features": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    with pytest.raises(DataFormatError, match="nested too deeply"):
        read_table(data, "deep.geojson")


def test_deep_geometry_inside_a_feature_is_a_message_too(tmp_path: Path) -> None:
    coords = b"[" * 10_000 + b"]" * 10_000
    data = (
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
        b' "geometry": {"type": "Point", "coordinates": ' + coords + b"}}]}"
    )
    path = tmp_path / "deep.geojson"
    path.write_bytes(data)
    with pytest.raises(DataFormatError, match="nested too deeply"):
        read_table(path)
