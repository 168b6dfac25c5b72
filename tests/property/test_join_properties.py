"""Invariants of seawatch.spatial.join, checked with hypothesis.

Zones: three overlapping squares inside the region, with round-number corners so that
generated points often fall exactly on edges and vertices:

- ``A`` claim PHL, 110..112 x 5..7;  ``B`` claim CHN;VNM, 111..113 x 6..8;
- ``C`` eez_provisional VNM (its EEZ claim), 112..114 x 5..7 (touches ``A`` along x=112).

No zone groups states into a claim family, so each claimant is its own family and a point is
disputed exactly when two or more states claim it.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from seawatch import schema, spatial

NO_LAND = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
ZONES = gpd.GeoDataFrame(
    {
        "zone_id": ["A", "B", "C"],
        "kind": ["claim", "claim", "eez_provisional"],
        "claimants": ["PHL", "CHN;VNM", "VNM"],
    },
    geometry=[box(110, 5, 112, 7), box(111, 6, 113, 8), box(112, 5, 114, 7)],
    crs="EPSG:4326",
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module", autouse=True)
def _cache(tmp_path_factory):
    """Grids are cached in a throwaway directory, never the user's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SEAWATCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


# Coordinates on a 0.5-degree lattice (edges and vertices of the zones) or anywhere nearby,
# plus missing values.
coordinate_x = st.one_of(
    st.integers(218, 230).map(lambda k: k / 2),
    st.floats(108, 116, allow_nan=False),
    st.just(float("nan")),
)
coordinate_y = st.one_of(
    st.integers(8, 18).map(lambda k: k / 2),
    st.floats(3, 10, allow_nan=False),
    st.just(float("nan")),
)
point_lists = st.lists(st.tuples(coordinate_x, coordinate_y), max_size=40)


def frame_of(pts: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "incident_id": [f"i{k}" for k in range(len(pts))],
            "longitude": [p[0] for p in pts],
            "latitude": [p[1] for p in pts],
        }
    )


def joined(frame: pd.DataFrame, zones: gpd.GeoDataFrame = ZONES) -> pd.DataFrame:
    return spatial.join(frame, zones, land=NO_LAND, features=())


@SETTINGS
@given(point_lists)
def test_no_incident_is_lost_or_duplicated(pts):
    frame = frame_of(pts)
    out = joined(frame)
    assert len(out) == len(frame)
    assert out.index.equals(frame.index)
    assert out["incident_id"].tolist() == frame["incident_id"].tolist()


@SETTINGS
@given(point_lists, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_row_order(pts, rnd):
    frame = frame_of(pts)
    order = list(range(len(frame)))
    rnd.shuffle(order)
    straight = pd.DataFrame(joined(frame)).set_index("incident_id")
    shuffled = pd.DataFrame(joined(frame.iloc[order])).set_index("incident_id")
    pd.testing.assert_frame_equal(shuffled.loc[straight.index], straight)


codes = st.lists(st.sampled_from(sorted(schema.CLAIMANTS)), min_size=1, max_size=3, unique=True)
corner = st.tuples(st.floats(100, 120), st.floats(-2, 20))
size = st.tuples(st.floats(0.05, 4), st.floats(0.05, 4))


@SETTINGS
@given(corner, size, codes, corner, size, codes, st.floats(0.01, 0.99), st.floats(0.01, 0.99))
def test_a_point_inside_only_a_gets_exactly_a_claimants(ca, sa, code_a, cb, sb, code_b, u, v):
    a = box(ca[0], ca[1], ca[0] + sa[0], ca[1] + sa[1])
    b = box(cb[0], cb[1], cb[0] + sb[0], cb[1] + sb[1])
    x, y = ca[0] + u * sa[0], ca[1] + v * sa[1]
    assume(not b.buffer(1e-9).contains(gpd.points_from_xy([x], [y])[0]))
    zones = gpd.GeoDataFrame(
        {
            "zone_id": ["A", "B"],
            "kind": ["claim", "claim"],
            "claimants": [";".join(code_a), ";".join(code_b)],
        },
        geometry=[a, b],
        crs="EPSG:4326",
    )
    row = joined(pd.DataFrame({"latitude": [y], "longitude": [x]}), zones).iloc[0]
    assert schema.split_list(row[schema.JOIN_CLAIMANTS]) == sorted(code_a)
    assert row[schema.JOIN_ZONE_IDS] == "A"
    assert bool(row[schema.JOIN_DISPUTED]) == (len(code_a) >= 2)


# What each zone of ZONES adds, written from the module docstring: A and B are claims and C is
# VNM's EEZ claim, so their states are claimants; C also names its state in `eez`.
CLAIMANTS_OF = {"A": {"PHL"}, "B": {"CHN", "VNM"}, "C": {"VNM"}}
EEZ_OF = {"A": set(), "B": set(), "C": {"VNM"}}


@SETTINGS
@given(point_lists)
def test_attribution_is_that_of_the_zones_covering_the_point(pts):
    """Each row's zones, claimants, EEZ and dispute flag follow from the zones that cover its
    point (boundary included), found here one polygon at a time with shapely.covers."""
    out = joined(frame_of(pts))
    for (x, y), (_, row) in zip(pts, out.iterrows(), strict=True):
        if np.isfinite(x) and np.isfinite(y):
            point = shapely.Point(x, y)
            zones = zip(ZONES["zone_id"], ZONES.geometry, strict=True)
            covering = {z for z, geom in zones if geom.covers(point)}
        else:  # a missing coordinate is in no zone
            covering = set()
        claimants = set().union(*(CLAIMANTS_OF[z] for z in covering))
        assert set(schema.split_list(row[schema.JOIN_ZONE_IDS])) == covering, (x, y)
        assert set(schema.split_list(row[schema.JOIN_CLAIMANTS])) == claimants, (x, y)
        assert set(schema.split_list(row[schema.JOIN_EEZ])) == set().union(
            *(EEZ_OF[z] for z in covering)
        ), (x, y)
        assert bool(row[schema.JOIN_DISPUTED]) == (len(claimants) >= 2), (x, y)


# Zone corners and points on the 1/80-degree lattice of the lookup grid's sub-cells (0.1-degree
# cells cut 8 x 8) and on the half-lattice: edges on sub-cell edges, points on both at once.
# The corners span 0.2 degrees (two cells a side), so edges are often axis-parallel and the
# points (which also include the corners themselves) often lie exactly on the boundary.
lattice_x = st.integers(110 * 80, 110 * 80 + 16).map(lambda k: k / 80)
lattice_y = st.integers(5 * 80, 5 * 80 + 16).map(lambda k: k / 80)
half_lattice = st.tuples(
    st.integers(2 * 110 * 80 - 2, 2 * 110 * 80 + 34).map(lambda k: k / 160),
    st.integers(2 * 5 * 80 - 2, 2 * 5 * 80 + 34).map(lambda k: k / 160),
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(lattice_x, lattice_y), min_size=3, max_size=6),
    st.lists(half_lattice, min_size=1, max_size=60),
)
def test_polygons_on_the_sub_cell_lattice_agree_with_covers(corners, pts):
    """A polygon with corners on sub-cell corners (its convex hull, so it is valid) and points
    on and between sub-cell edges: the join gives exactly shapely's covers."""
    hull = shapely.MultiPoint(corners).convex_hull
    assume(hull.geom_type == "Polygon" and hull.area > 0)
    zones = gpd.GeoDataFrame(
        {"zone_id": ["P"], "kind": ["claim"], "claimants": ["PHL"]}, geometry=[hull], crs=4326
    )
    pts = pts + corners
    out = joined(frame_of(pts), zones)
    want = ["P" if hull.covers(shapely.Point(x, y)) else "" for x, y in pts]
    assert out[schema.JOIN_ZONE_IDS].tolist() == want
