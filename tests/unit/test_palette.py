"""One palette: colour-blind safe, and the same colour for a type on the map, in the chart and
in the PNG export.

The colour-vision checks simulate deuteranopia, protanopia and tritanopia at full severity with
colorspacious (Machado et al. 2009) and measure distances in CAM02-UCS, where a distance of
about 1 is a just-noticeable difference for large patches; markers are small, so the palette
asks for `MIN_CVD_DISTANCE` (15) between every pair.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from colorspacious import cspace_convert
from PIL import Image

from seawatch import schema
from seawatch.export.static_map import MapOptions, draw_map_page, figure_bytes, new_page
from seawatch.mapping import incident_features
from seawatch.presentation import (
    BACKGROUND_COLORS,
    MIN_CVD_DISTANCE,
    STATE_COLORS,
    TYPE_COLORS,
    chart_colors,
    type_label,
)
from seawatch.ui.panels import timeline_chart

#: Normal vision and the three dichromacies, as colorspacious names them (severity 100).
VISIONS = (None, "deuteranomaly", "protanomaly", "tritanomaly")


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


def seen(colours: list[str], vision: str | None) -> np.ndarray:
    """The colours in CAM02-UCS as someone with `vision` sees them."""
    rgb = np.array([hex_rgb(c) for c in colours])
    if vision is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def closest_pair(colours: dict[str, str], vision: str | None) -> tuple[float, str, str]:
    """The smallest distance between two of `colours` under `vision`, and the pair's names."""
    names = list(colours)
    points = seen(list(colours.values()), vision)
    return min(
        (float(np.linalg.norm(points[i] - points[j])), names[i], names[j])
        for i, j in itertools.combinations(range(len(names)), 2)
    )


def check_palette(colours: dict[str, str]) -> list[str]:
    """One line per vision under which two colours of the palette come closer than allowed."""
    problems = []
    for vision in VISIONS:
        distance, a, b = closest_pair(colours, vision)
        if distance < MIN_CVD_DISTANCE:
            problems.append(f"{vision or 'normal'}: {a} ~ {b} ({distance:.1f})")
    return problems


@pytest.mark.parametrize("vision", VISIONS)
def test_type_colours_stay_apart_under_each_colour_vision(vision: str | None) -> None:
    distance, a, b = closest_pair(TYPE_COLORS, vision)
    assert distance >= MIN_CVD_DISTANCE, f"{a} and {b} are {distance:.1f} apart"


@pytest.mark.parametrize("vision", VISIONS)
def test_state_colours_stay_apart_under_each_colour_vision(vision: str | None) -> None:
    distance, a, b = closest_pair(STATE_COLORS, vision)
    assert distance >= MIN_CVD_DISTANCE, f"{a} and {b} are {distance:.1f} apart"


@pytest.mark.parametrize("vision", VISIONS)
def test_type_colours_stand_out_from_sea_and_land(vision: str | None) -> None:
    for ground, colour in BACKGROUND_COLORS.items():
        distance, a, b = closest_pair({**TYPE_COLORS, ground: colour}, vision)
        assert ground not in (a, b) or distance >= MIN_CVD_DISTANCE, (a, b, distance)


def test_the_check_rejects_a_palette_that_merges_under_deuteranopia() -> None:
    """Red and green of equal lightness look alike to a deuteranope: the check must say so."""
    problems = check_palette({"red": "#D62728", "green": "#2CA02C", "blue": "#1F77B4"})
    assert any(p.startswith("deuteranomaly: red ~ green") for p in problems)


def test_every_type_and_claimant_has_a_colour() -> None:
    assert list(TYPE_COLORS) == list(schema.INCIDENT_TYPES)
    assert set(STATE_COLORS) == set(schema.CLAIMANTS)
    assert len(set(TYPE_COLORS.values())) == len(TYPE_COLORS)


# --- the same colour everywhere ----------------------------------------------------------------

#: The incident drawn in every surface: open sea west of the Spratlys, far from any feature.
POINT = (8.0, 111.0)  # latitude, longitude


def one_incident(itype: str) -> pd.DataFrame:
    """A single incident of `itype` at `POINT` in open sea, no zones attributed."""
    return pd.DataFrame(
        {
            schema.INCIDENT_ID: ["P-1"],
            schema.DATE: pd.to_datetime(["2024-03-05"]),
            schema.END_DATE: [pd.NaT],
            schema.LATITUDE: [POINT[0]],
            schema.LONGITUDE: [POINT[1]],
            schema.INCIDENT_TYPE: [itype],
            schema.COUNTRIES: [["CHN", "PHL"]],
            schema.DESCRIPTION: ["A test incident."],
            schema.SOURCE: ["https://example.org"],
            schema.LOCATION_NAME: ["open sea"],
            schema.LOCATION_PRECISION: ["exact"],
        }
    )


def map_colour(view: pd.DataFrame) -> str:
    (feature,) = incident_features(view)
    return str(feature["properties"]["style"]["fillColor"])


def chart_colour(view: pd.DataFrame, itype: str) -> str:
    counts = pd.DataFrame({"month": view[schema.DATE], "group": [type_label(itype)], "count": [1]})
    scale = timeline_chart(counts, "type").to_dict()["encoding"]["color"]["scale"]
    return str(scale["range"][scale["domain"].index(type_label(itype))])


def png_pixels(view: pd.DataFrame) -> list[str]:
    """The colours of the PNG export's pixels at the centres of the incidents' markers."""
    fig = new_page()
    created = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    options = MapOptions(extent=(108.0, 5.0, 114.0, 11.0), created=created)
    ax = draw_map_page(fig, view, None, None, None, options)
    png = figure_bytes(fig, "png", dpi=int(fig.dpi), created=created)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    out = []
    for lon, lat in view[[schema.LONGITUDE, schema.LATITUDE]].to_numpy(float):
        x, y = ax.transData.transform((lon, lat))
        r, g, b = image[image.shape[0] - int(math.floor(y)) - 1, int(math.floor(x))]
        out.append(f"#{r:02X}{g:02X}{b:02X}")
    return out


@pytest.mark.parametrize("itype", ["water_cannon", "collision_ramming", "other"])
def test_a_type_has_one_colour_on_the_map_in_the_chart_and_in_the_png(itype: str) -> None:
    view = one_incident(itype)
    expected = TYPE_COLORS[itype].upper()
    assert map_colour(view).upper() == expected
    assert chart_colour(view, itype).upper() == expected
    assert png_pixels(view) == [expected]


def test_the_chart_keeps_its_colours_when_the_view_changes() -> None:
    """The domain is every type, whatever the view holds: a type never changes colour."""
    few = chart_colors("type", ["Water cannon"])
    many = chart_colors("type", [type_label(t) for t in schema.INCIDENT_TYPES])
    assert few == many
    assert few[0] == [type_label(t) for t in schema.INCIDENT_TYPES]


def test_the_exported_png_passes_the_colour_vision_check() -> None:
    """One incident of each type in a row across open sea; the colours read back from the PNG
    at the markers pass the same check as the palette, under every simulated vision."""
    view = pd.concat(
        [
            one_incident(t).assign(**{schema.LONGITUDE: 108.4 + 0.4 * i})
            for i, t in enumerate(schema.INCIDENT_TYPES)
        ],
        ignore_index=True,
    )
    read = dict(zip(view[schema.INCIDENT_TYPE], png_pixels(view), strict=True))
    assert len(set(read.values())) == len(schema.INCIDENT_TYPES)
    assert check_palette(read) == []


def test_the_map_is_drawn_on_the_checked_sea_colour() -> None:
    """The palette check measures against the sea the web map really shows."""
    from seawatch.mapping import build_map

    html = build_map(one_incident("water_cannon"), None).get_root().render()
    assert f"background:{BACKGROUND_COLORS['sea']}" in html
