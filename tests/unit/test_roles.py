"""Column roles decided by content (issue 14, item 2): headerless or unknown headers are
read by their values, every such role is a guess with a confidence, and month numbers never
become latitudes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from seawatch.columns import detect
from seawatch.io import read_table
from seawatch.upload.roles import infer_roles
from seawatch.validation import validate

UPLOAD = Path(__file__).parents[1] / "data" / "upload"


def frame(**columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({k.replace("_", " "): v for k, v in columns.items()})


def test_headerless_parts_file_is_read_by_content_not_position() -> None:
    """The reported bug: countries, year, month, day, lat, lon, level, notes was read as
    date <- year, latitude <- month. Fails before issue 14."""
    table = read_table(UPLOAD / "headerless_parts.csv")
    assert not table.header
    gdf, report = validate(table, land=False)
    assert report.mapping == {
        "date": ("column 2", "column 3", "column 4"),
        "latitude": ("column 5",),
        "longitude": ("column 6",),
        "countries": ("column 1",),
        "description": ("column 8",),
    }
    assert set(report.guessed) == set(report.mapping)
    assert gdf["latitude"].tolist() == [8.25, 9.95, 9.73, 6.6, 4.1, 15.5, 20.7, 5.0]
    assert gdf["date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2019-07-03", "2021-03-07"]
    assert gdf["countries"].tolist()[:2] == [["CHN", "VNM"], ["PHL"]]
    assert gdf["countries"].tolist()[5] == ["CHN", "VNM"]  # "CN;VN"


def test_integer_columns_are_never_coordinates() -> None:
    guess = infer_roles(frame(column_1=["2019", "2020"], column_2=["3", "11"], column_3=["7", "9"]))
    assert "latitude" not in guess.mapping and "longitude" not in guess.mapping


@pytest.mark.parametrize(
    ("lat", "lon", "confidence"),
    [
        (["9.5", "10.25"], ["115.75", "116.5"], 0.95),  # |lon| > 90 decides
        (["9.5", "10.25"], ["45.5", "60.25"], 0.5),  # both could be either: a weak guess
    ],
)
def test_coordinates_need_decimals_and_are_told_apart_by_range(
    lat: list[str], lon: list[str], confidence: float
) -> None:
    guess = infer_roles(frame(a=lat, b=lon))
    assert guess.mapping["latitude"] == ("a",) and guess.mapping["longitude"] == ("b",)
    assert guess.confidence["latitude"] == pytest.approx(confidence)


def test_two_month_like_columns_not_next_to_the_year_give_no_date() -> None:
    guess = infer_roles(
        frame(y=["2019", "2020"], note=["a b c d e f g h i j k", "x"], m=["3", "4"], d=["5", "6"])
    )
    assert "date" not in guess.mapping  # refused rather than guessed wrong


def test_a_day_column_is_recognised_by_values_above_12() -> None:
    guess = infer_roles(frame(d=["14", "3"], y=["2019", "2020"], m=["3", "11"]))
    assert guess.mapping["date"] == ("y", "m", "d")
    assert guess.confidence["date"] == pytest.approx(0.95)


def test_named_columns_are_not_guesses_but_unknown_ones_are() -> None:
    sample = pd.DataFrame(
        {"When": ["2023-08-05"], "Col A": ["9.73"], "Col B": ["115.87"], "Col C": ["CN/PH"]}
    )
    found = detect(list(sample.columns), sample)
    assert found.mapping["date"] == ("When",) and "date" not in found.guessed
    assert found.mapping["latitude"] == ("Col A",) and "latitude" in found.guessed
    assert found.roles["Col C"] == "countries"
