"""Drawn areas (`seawatch.areas.DrawnArea`) and the area filter: text, validation with messages
naming the value, inside/outside (edges included, circles geodesic), measures in nautical
miles, the URL and the CLI."""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
import pytest

from seawatch import schema
from seawatch.areas import DrawnArea
from seawatch.cli.common import add_filter_arguments, filter_from_args
from seawatch.errors import FilterError
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.zones.geodesic import destination

SQUARE = DrawnArea("polygon", ((117.0, 15.0), (118.0, 15.0), (118.0, 16.0), (117.0, 16.0)))


@pytest.fixture
def incidents() -> pd.DataFrame:
    """Four incidents: inside the square 117-118 E, 15-16 N; on its western edge; on its
    corner; outside it (east); one more without coordinates would be refused by validation,
    so the frame has none."""
    return pd.DataFrame(
        {
            schema.INCIDENT_ID: ["in", "edge", "corner", "out"],
            schema.LATITUDE: [15.5, 15.5, 16.0, 15.5],
            schema.LONGITUDE: [117.5, 117.0, 118.0, 118.5],
            schema.DATE: pd.to_datetime(["2024-01-01"] * 4),
            schema.DESCRIPTION: ["a", "b", "c", "d"],
        }
    )


@pytest.mark.parametrize(
    "text",
    [
        "circle:117.76,15.15,12",
        "polygon:117,15;118,15;118,16;117,16",
        "circle:-0.5,-10.25,0.5",
    ],
)
def test_text_round_trips(text: str) -> None:
    assert DrawnArea.parse(text).to_param() == text


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("square:1,2,3", "is not an area: use circle:"),
        ("circle:117,15", "is not an area"),
        ("circle:117,15,0", "radius 0.0 nm must be above 0"),
        ("circle:117,15,5000", "at most 3000 nm"),
        ("circle:117,95,10", r"\(117.0, 95.0\) is not a longitude, latitude pair"),
        ("polygon:117,15;118,15", "needs 3 to 200 distinct corners, not 2"),
        ("polygon:117,15;118,15;119,15", "enclose no area"),
        ("polygon:117,15;118,x;119,16", "is not an area"),
        ("polygon:" + ";".join(f"{100 + i / 10},{i % 7}" for i in range(201)), "not 201"),
    ],
)
def test_bad_text_is_refused_naming_the_value(text: str, match: str) -> None:
    with pytest.raises(FilterError, match=match) as err:
        DrawnArea.parse(text)
    assert text[:20] in str(err.value)


def test_polygon_keeps_incidents_inside_and_on_its_edge(incidents) -> None:
    """Covered, not contained: a point on the line the analyst drew must not vanish."""
    view = apply_filter(incidents, IncidentFilter(area=SQUARE))
    assert view[schema.INCIDENT_ID].tolist() == ["in", "edge", "corner"]


def test_circle_is_geodesic_in_nautical_miles() -> None:
    """Points 11.99 and 12.01 nm from the centre, due east and due north (where a circle in
    degrees would differ by the cosine of the latitude)."""
    circle = DrawnArea("circle", ((117.76, 15.15),), 12.0)
    ends = [destination(117.76, 15.15, az, d * 1852) for az in (90, 0) for d in (11.99, 12.01)]
    lon, lat = np.array(ends).T
    assert circle.contains(lon, lat).tolist() == [True, False, True, False]
    assert not circle.contains([np.nan], [15.15])[0]  # no coordinates: outside


def test_measures_are_geodesic() -> None:
    m = SQUARE.measures()
    # 1° of latitude is ~59.7 nm here; 1° of longitude ~57.7 nm at 15-16°N
    assert 234 < m["perimeter_nm"] < 236 and 3400 < m["area_nm2"] < 3470
    assert "polygon of 4 corners (perimeter 235 nm" in SQUARE.describe()
    circle = DrawnArea("circle", ((117.76, 15.15),), 12.0)
    assert circle.describe().startswith("circle of 12.0 nm radius around 15.150°N, 117.760°E")


def test_drawings_from_the_map() -> None:
    circle = DrawnArea.from_drawing({"kind": "circle", "center": [117.76, 15.15], "radius_nm": 9})
    assert circle.to_param() == "circle:117.76,15.15,9"
    polygon = DrawnArea.from_drawing(
        {"kind": "polygon", "points": [[117.123456, 15], [118, 15], [118, 16]]}
    )
    assert polygon.points[0] == (117.1235, 15.0)
    for bad in ({"kind": "line"}, {"kind": "circle", "center": [1]}, "circle", None):
        with pytest.raises(FilterError, match="is not a polygon or a circle|is a mapping"):
            DrawnArea.from_drawing(bad)


def test_area_in_the_url_and_back(incidents) -> None:
    flt = IncidentFilter(countries=("PHL",), area=SQUARE)
    params = flt.to_query_params()
    assert params["area"] == "polygon:117,15;118,15;118,16;117,16"
    assert IncidentFilter.from_query_params(params) == (flt, [])
    assert "drawn area: polygon of 4 corners" in "; ".join(flt.describe())


def test_bad_area_in_the_url_is_a_notice() -> None:
    flt, notices = IncidentFilter.from_query_params({"area": "circle:117,15,-1", "q": "x"})
    assert flt == IncidentFilter(search="x")
    assert notices == [
        "Ignored area: area 'circle:117,15,-1': circle radius -1.0 nm must be above 0 and at "
        "most 3000 nm"
    ]


def test_cli_honours_the_area(incidents) -> None:
    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    flt = filter_from_args(parser.parse_args(["--area", "circle:117.5,15.5,1"]))
    assert apply_filter(incidents, flt)[schema.INCIDENT_ID].tolist() == ["in"]
    with pytest.raises(FilterError, match="'circle:1,2'"):
        filter_from_args(parser.parse_args(["--area", "circle:1,2"]))
