"""Labels of the static map: features where incidents happened are labelled, and no label
covers a marker, the scale bar, the north arrow or another label."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from seawatch import schema
from seawatch.export.labels import Box, boxes_overlap, place_labels
from seawatch.export.static_map import (
    INCIDENT_EDGE,
    INCIDENT_MARKER_S,
    MapOptions,
    busy_features,
    draw_map_page,
    new_page,
)
from seawatch.zones.features import FEATURES, feature_by_key

CREATED = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

# --- the placement on its own --------------------------------------------------------------


def test_a_label_moves_away_from_a_marker_on_its_right() -> None:
    (place,) = place_labels([(0.0, 0.0)], [(30.0, 8.0)], [Box(2, -6, 14, 6)], Box(-99, -99, 99, 99))
    assert place is not None and place.clear
    assert not boxes_overlap(place.box, Box(2, -6, 14, 6))


def test_two_labels_of_one_point_do_not_overlap() -> None:
    a, b = place_labels([(0.0, 0.0), (0.0, 0.0)], [(30.0, 8.0)] * 2, [], Box(-99, -99, 99, 99))
    assert a is not None and b is not None and not boxes_overlap(a.box, b.box)


def test_a_label_that_must_show_shows_even_when_boxed_in() -> None:
    """Every position is covered: an optional label is left out, a required one is drawn where
    it overlaps least."""
    wall = [Box(-99, -99, 99, 99)]
    optional, required = place_labels(
        [(0.0, 0.0), (0.0, 0.0)], [(10.0, 4.0)] * 2, wall, Box(-99, -99, 99, 99), must=[False, True]
    )
    assert optional is None
    assert required is not None and not required.clear


def test_labels_stay_inside_the_map() -> None:
    """A point at the right edge gets its label on the left."""
    (place,) = place_labels([(95.0, 0.0)], [(30.0, 8.0)], [], Box(0, -50, 100, 50))
    assert place is not None and place.ha == "right" and place.box.x1 <= 100


# --- on the map page ---------------------------------------------------------------------------


def near(key: str, dlat: float, dlon: float, itype: str, n: int = 1) -> list[dict]:
    """`n` incidents of `itype` at (dlat, dlon) degrees from the feature `key`."""
    f = feature_by_key(key)
    return [
        {
            schema.INCIDENT_ID: f"{key}-{i}",
            schema.DATE: pd.Timestamp("2024-03-05"),
            schema.LATITUDE: f.lat + dlat,
            schema.LONGITUDE: f.lon + dlon + 0.02 * i,
            schema.INCIDENT_TYPE: itype,
            schema.COUNTRIES: ["CHN", "PHL"],
            schema.DESCRIPTION: "test",
            schema.SOURCE: "https://example.org",
        }
        for i in range(n)
    ]


@pytest.fixture
def spratly_view() -> pd.DataFrame:
    """Incidents crowding the eastern Spratlys as in the Philippines' 2023-24 view: several right
    on Second Thomas Shoal, Sabina Shoal and Sandy Cay, one 3.9 nm off Thitu, one 20 nm east of
    Mischief Reef (none on it), and one at Scarborough Shoal far north."""
    rows = (
        near("second_thomas_shoal", 0.0, 0.0, "water_cannon", 4)
        + near("sabina_shoal", 0.01, 0.0, "collision_ramming", 3)
        + near("sandy_cay", 0.0, 0.0, "swarming_militia_presence", 3)
        + near("thitu", -0.06, 0.0, "harassment_unsafe_maneuver")
        + near("mischief_reef", 0.0, 0.34, "blocking_obstruction")
        + near("scarborough_shoal", 0.0, 0.0, "water_cannon", 2)
    )
    return pd.DataFrame(rows)


def page_boxes(view: pd.DataFrame, extent: tuple[float, float, float, float] | None = None):
    """Draw the page; return the feature labels (key -> box), the marker boxes and the boxes of
    the scale bar and the north arrow, all in page pixels."""
    fig = new_page()
    ax = draw_map_page(fig, view, None, None, None, MapOptions(extent=extent, created=CREATED))
    renderer = fig.canvas.get_renderer()
    labels = {}
    for text in ax.texts:
        gid = text.get_gid() or ""
        if gid.startswith("feature-label:"):  # the text, without its leader line
            text.update_positions(renderer)
            bb = Text.get_window_extent(text, renderer)
            labels[gid.split(":", 1)[1]] = Box(bb.x0, bb.y0, bb.x1, bb.y1)
    radius = (math.sqrt(INCIDENT_MARKER_S) / 2 + INCIDENT_EDGE) * fig.dpi / 72
    xy = ax.transData.transform(view[[schema.LONGITUDE, schema.LATITUDE]].to_numpy(float))
    markers = [Box(x - radius, y - radius, x + radius, y + radius) for x, y in xy]
    furniture = []
    for patch in ax.patches:  # the scale bar's white ground holds the bar and its texts
        if isinstance(patch, Rectangle) and patch.get_facecolor()[:3] == (1.0, 1.0, 1.0):
            bb = patch.get_window_extent(renderer)
            furniture.append(Box(bb.x0, bb.y0, bb.x1, bb.y1))
    arrow = next(t for t in ax.texts if t.get_text() == "N")
    for part in (arrow, arrow.arrow_patch):
        bb = part.get_window_extent(renderer)
        furniture.append(Box(bb.x0, bb.y0, bb.x1, bb.y1))
    return labels, markers, furniture


def test_features_with_incidents_are_labelled_clear_of_everything(spratly_view) -> None:
    labels, markers, furniture = page_boxes(spratly_view)
    for key in ("mischief_reef", "sabina_shoal", "thitu", "second_thomas_shoal", "sandy_cay"):
        assert key in labels, f"{key} is not labelled"
    boxes = list(labels.items())
    for i, (key, box) in enumerate(boxes):
        for other, obox in boxes[i + 1 :]:
            assert not boxes_overlap(box, obox), f"{key} overlaps {other}"
        for marker in markers:
            assert not boxes_overlap(box, marker), f"{key} covers a marker"
        for thing in furniture:
            assert not boxes_overlap(box, thing), f"{key} covers the scale bar or arrow"


def test_busy_features_are_those_within_24_nm_of_an_incident(spratly_view) -> None:
    busy = busy_features(spratly_view, FEATURES)
    assert {"mischief_reef", "thitu", "sabina_shoal", "second_thomas_shoal"} <= set(busy)
    assert busy["second_thomas_shoal"] >= 4
    assert "spratly_island" not in busy  # 250 nm west of the incidents


def test_the_philippines_2023_24_view_labels_its_features() -> None:
    """The view of the issue, on the bundled incidents: every feature within 24 nm of one of
    its incidents is labelled (Mischief Reef, Sabina Shoal and Thitu among them)."""
    import seawatch
    from seawatch.filtering import IncidentFilter, apply_filter

    flt = IncidentFilter(countries=("PHL",), since=dt.date(2023, 1, 1), until=dt.date(2024, 12, 31))
    view = apply_filter(seawatch.load_incidents(), flt)
    labels, markers, _ = page_boxes(view)
    assert {"mischief_reef", "sabina_shoal", "thitu"} <= set(labels)
    assert set(busy_features(view, FEATURES)) <= set(labels)
    covered = [k for k, box in labels.items() if any(boxes_overlap(box, m) for m in markers)]
    assert covered == []


def test_marker_positions_are_measured_where_they_are_drawn(spratly_view) -> None:
    """The check above is only as good as its marker boxes: the PNG pixel at a marker's box
    centre is the marker's colour (not sea), so the boxes sit on the markers."""
    import io

    from PIL import Image

    from seawatch.export.static_map import figure_bytes
    from seawatch.presentation import TYPE_COLORS

    view = spratly_view.iloc[-2:]  # the two at Scarborough Shoal
    fig = new_page()
    ax = draw_map_page(fig, view, None, None, None, MapOptions(created=CREATED))
    image = np.asarray(
        Image.open(io.BytesIO(figure_bytes(fig, "png", dpi=int(fig.dpi), created=CREATED)))
    )
    x, y = ax.transData.transform(view[[schema.LONGITUDE, schema.LATITUDE]].to_numpy(float)[0])
    r, g, b = image[image.shape[0] - int(y) - 1, int(x)][:3]
    assert f"#{r:02X}{g:02X}{b:02X}" == TYPE_COLORS["water_cannon"]
