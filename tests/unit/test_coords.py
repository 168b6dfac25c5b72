"""Coordinate spellings -> decimal degrees, and the reasons for refusing the rest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from seawatch.coords import parse_coordinate, parse_coordinates, parse_positions

GOOD_LATITUDES = [
    ("9.73", 9.73),
    ("-9.73", -9.73),
    ("+9.73", 9.73),
    ("9,73", 9.73),
    ("N 9.73", 9.73),
    ("9.73N", 9.73),
    ("9.73 n", 9.73),
    ("9.73° N", 9.73),
    ("S 2.5", -2.5),
    ("9°43'48\"N", 9.73),
    ("9° 43' 48\" N", 9.73),
    ("9°43′48″N", 9.73),
    ("9 43 48 N", 9.73),
    ("09-43-48N", 9.73),
    ("9:43:48 N", 9.73),
    ("9° 43.8' N", 9.73),
    ("09-43.8N", 9.73),
    ("9 43,8 N", 9.73),
    ("01-01N", 1 + 1 / 60),
    ("2-30S", -2.5),
    ("9°N", 9.0),
]


@pytest.mark.parametrize(("text", "expected"), GOOD_LATITUDES)
def test_latitude_spellings(text: str, expected: float) -> None:
    assert parse_coordinate(text, "latitude") == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("115° 52.2' E", 115.87), ("115-52.2E", 115.87), ("W 80.5", -80.5), ("104-01E", 104 + 1 / 60)],
)
def test_longitude_spellings(text: str, expected: float) -> None:
    assert parse_coordinate(text, "longitude") == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "axis", "reason"),
    [
        ("91", "latitude", "between -90 and 90"),
        ("181", "longitude", "between -180 and 180"),
        ("9-60N", "latitude", "minutes must be below 60"),
        ("9 59 60 N", "latitude", "seconds must be below 60"),
        ("9.5-30N", "latitude", "fraction cannot be followed by minutes"),
        ("9 E", "latitude", "does not belong to a latitude"),
        ("115 N", "longitude", "does not belong to a longitude"),
        ("N -3", "latitude", "both a sign and a hemisphere"),
        ("N 3 S", "latitude", "two hemisphere letters"),
        ("ninety", "latitude", "not a coordinate"),
        ("", "latitude", "empty"),
    ],
)
def test_refused_coordinates_say_why(text: str, axis: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_coordinate(text, axis)  # type: ignore[arg-type]


def test_missing_markers_are_missing_not_zero() -> None:
    parsed = parse_coordinates(pd.Series(["NA", "N/A", "-", "", None, "0"]), "latitude")
    assert parsed.missing.tolist() == [True, True, True, True, True, False]
    assert np.isnan(parsed.values[:5]).all() and parsed.values[5] == 0.0
    assert parsed.problem.isna().all()


def test_out_of_range_keeps_the_raw_number_for_swap_detection() -> None:
    parsed = parse_coordinates(pd.Series(["115.87"]), "latitude")
    assert np.isnan(parsed.values[0])
    assert parsed.raw is not None and parsed.raw[0] == 115.87


@pytest.mark.parametrize(
    ("cell", "lat", "lon"),
    [
        ("01-01N 104-01E", 1 + 1 / 60, 104 + 1 / 60),
        ("104.5E, 1.5N", 1.5, 104.5),
        ("9.73, 115.87", 9.73, 115.87),
        ("9.73;115.87", 9.73, 115.87),
        ("9°43'48\"N 115°52'12\"E", 9.73, 115.87),
        ("2.5S 106W", -2.5, -106.0),
    ],
)
def test_positions_in_one_cell(cell: str, lat: float, lon: float) -> None:
    la, lo = parse_positions(pd.Series([cell]))
    assert (la.values[0], lo.values[0]) == (pytest.approx(lat), pytest.approx(lon))


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("1N 2S", "same kind of hemisphere"), ("somewhere", "not a position")],
)
def test_bad_positions(cell: str, reason: str) -> None:
    la, lo = parse_positions(pd.Series([cell]))
    assert reason in la.problem.iloc[0] and np.isnan(la.values[0]) and np.isnan(lo.values[0])


@given(
    st.integers(0, 89),
    st.integers(0, 59),
    st.floats(0, 59.999, allow_nan=False),
    st.sampled_from("NS"),
)
def test_dms_text_reads_back(d: int, m: int, sec: float, hemi: str) -> None:
    """Any D° M' S" latitude with a hemisphere letter reads as ±(d + m/60 + s/3600)."""
    text = f"{d}°{m:02d}'{sec:.3f}\"{hemi}"
    expected = (d + m / 60 + float(f"{sec:.3f}") / 3600) * (-1 if hemi == "S" else 1)
    assert parse_coordinate(text, "latitude") == pytest.approx(expected, abs=1e-9)
