"""Known geography checked against the committed zone layers (data/eez/).

Each fact says where it comes from. The layers are read with geopandas through a small local
helper (the package's `load_zones` / `claimants_at` are tested elsewhere). Distances are
geodesic (pyproj.Geod, WGS84), measured from Natural Earth's coastline read independently of
the build.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from seawatch import schema
from seawatch.zones.coast import natural_earth_zip
from seawatch.zones.features import FEATURES
from seawatch.zones.geodesic import GEOD, destination

EEZ_DIR = Path(__file__).resolve().parents[2] / "data" / "eez"
NM = schema.NM_IN_M
#: Kinds whose states claim the area (an entitlement is a reach, not a claim).
CLAIMING = ("eez_provisional", "claim", "feature_ts")


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    """All committed zone layers in one frame (empty layers are skipped)."""
    frames = [gpd.read_file(EEZ_DIR / f"{k}.fgb") for k in schema.ZONE_KINDS]
    return pd.concat([f for f in frames if len(f)], ignore_index=True)


def _at(zones: gpd.GeoDataFrame, lon: float, lat: float) -> gpd.GeoDataFrame:
    return zones[zones.covers(shapely.Point(lon, lat))]


def claimants(zones: gpd.GeoDataFrame, lon: float, lat: float) -> set[str]:
    """States claiming the point through an EEZ claim, a claim or a feature's sea."""
    hit = _at(zones, lon, lat)
    cells = hit.loc[hit["kind"].isin(CLAIMING), "claimants"]
    return {code for cell in cells for code in schema.split_list(cell)}


def zone_ids(zones: gpd.GeoDataFrame, lon: float, lat: float) -> set[str]:
    return set(_at(zones, lon, lat)["zone_id"])


# --- disputed features ----------------------------------------------------------------------

FACTS = [
    # (what, lon, lat, claimed by, not claimed by, where the fact comes from)
    (
        "Second Thomas Shoal",
        115.87,
        9.73,
        {"CHN", "TWN", "PHL", "VNM"},
        set(),
        "issue 3; inside PD 1596's KIG and the dashed line; Vietnam claims all Spratlys",
    ),
    (
        "Scarborough Shoal",
        117.76,
        15.15,
        {"CHN", "TWN", "PHL"},
        {"VNM"},
        "issue 3; ~120 nm off Luzon; Vietnam makes no claim to it",
    ),
    (
        "Woody Island",
        112.339,
        16.834,
        {"CHN", "TWN", "VNM"},
        {"PHL"},
        "issue 3; Paracels claimed by CHN, TWN, VNM; >300 nm from the Philippines",
    ),
    (
        "Pratas Island",
        116.72,
        20.70,
        {"CHN", "TWN"},
        {"PHL", "VNM"},
        "https://en.wikipedia.org/wiki/Pratas_Island (administered by TWN, claimed by CHN)",
    ),
    (
        "Louisa Reef",
        113.28,
        6.335,
        {"BRN", "CHN", "MYS", "VNM"},
        set(),
        "https://en.wikipedia.org/wiki/Louisa_Reef (Brunei's only Spratly claim)",
    ),
    (
        "Luconia Shoals",
        112.60,
        5.60,
        {"MYS", "CHN", "TWN"},
        {"PHL"},
        "https://en.wikipedia.org/wiki/Luconia_Shoals (inside the dashed line, off Sarawak)",
    ),
    (
        "Vanguard Bank",
        109.65,
        7.52,
        {"VNM", "CHN"},
        {"PHL"},
        "2019 Haiyang Dizhi 8 standoff: inside Vietnam's 200 nm and the dashed line",
    ),
    (
        "Reed Bank",
        116.90,
        11.45,
        {"PHL", "CHN"},
        set(),
        "PCA case 2013-19 award (2016): Reed Bank lies in the Philippines' EEZ; dashed line",
    ),
    (
        "North Natuna Sea",
        110.0,
        5.0,
        {"IDN", "CHN", "TWN"},
        {"PHL"},
        "LIS 143 and Indonesia's 2017 'North Natuna Sea' map: the dashed line overlaps the "
        "200 nm of the Natuna Islands north-east of them",
    ),
    (
        "Swallow Reef",
        113.842,
        7.372,
        {"MYS", "CHN", "TWN", "VNM"},
        set(),
        "https://en.wikipedia.org/wiki/Swallow_Reef (occupied by MYS since 1983)",
    ),
]


@pytest.mark.parametrize(("what", "lon", "lat", "yes", "no", "source"), FACTS)
def test_claimants_of_known_features(
    zones: gpd.GeoDataFrame,
    what: str,
    lon: float,
    lat: float,
    yes: set[str],
    no: set[str],
    source: str,
) -> None:
    found = claimants(zones, lon, lat)
    assert yes <= found, (what, source, found)
    assert not (no & found), (what, source, found)


def test_second_thomas_shoal_is_disputed_between_its_four_claimants(zones) -> None:
    """The status layer (what the map draws) at the shoal: disputed among CHN/TWN, PHL and
    VNM; MYS is only entitled there (its 200 nm from Sabah reaches it, it claims none of it)."""
    hit = _at(zones, 115.87, 9.73)
    status = hit[hit["kind"] == "status"]
    assert status["status"].tolist() == ["disputed"]
    assert set(schema.split_list(status["claimants"].iloc[0])) == {"CHN", "PHL", "TWN", "VNM"}


def test_pratas_claim_is_only_chinese_and_taiwanese(zones) -> None:
    """Pratas: no other state's entitlement reaches it (>250 nm from Luzon and Vietnam)."""
    assert claimants(zones, 116.72, 20.70) == {"CHN", "TWN"}


def test_swallow_reef_lies_outside_the_kalayaan_island_group(zones) -> None:
    """Wikipedia (Swallow Reef): outside the KIG defined by PD 1596 (south of 7°40'N)."""
    assert "claim-kalayaan" not in zone_ids(zones, 113.842, 7.372)
    assert "claim-kalayaan" in zone_ids(zones, 115.87, 9.73)


# --- entitlements measured from coasts ----------------------------------------------------


@pytest.fixture(scope="module")
def coasts() -> dict[str, np.ndarray]:
    """Natural Earth boundary vertices of each state's land, densified to <= 1 km."""
    frame = gpd.read_file(f"zip://{natural_earth_zip()}", bbox=(93.5, -8.5, 130.5, 30.5))
    frame["state"] = frame["ADM0_A3"].replace({"HKG": "CHN", "MAC": "CHN"})
    out = {}
    for state, group in frame.groupby("state"):
        lines = shapely.segmentize(shapely.boundary(group.geometry.values), 0.009)
        out[state] = shapely.get_coordinates(lines)
    return out


def _near(coast: np.ndarray, lon: float, lat: float, deg: float = 7.0) -> np.ndarray:
    """The coast vertices within `deg` degrees of a point (all that can be within 400 nm)."""
    keep = (np.abs(coast[:, 0] - lon) < deg) & (np.abs(coast[:, 1] - lat) < deg)
    return coast[keep]


def _distance_nm(coast: np.ndarray, lon: float, lat: float) -> float:
    coast = _near(coast, lon, lat)
    n = len(coast)
    _, _, dist = GEOD.inv(np.full(n, lon), np.full(n, lat), coast[:, 0], coast[:, 1])
    return float(np.min(dist)) / NM


def _point_at_distance(
    coast: np.ndarray, start: tuple[float, float], azimuth: float, target_nm: float
) -> tuple[float, float]:
    """The point along `azimuth` from `start` whose distance to the coast is `target_nm`."""
    coast = _near(coast, *start, deg=11.0)
    lo, hi = 0.0, 400.0
    for _ in range(22):
        mid = (lo + hi) / 2
        point = destination(*start, azimuth, mid * NM)
        if _distance_nm(coast, *point) < target_nm:
            lo = mid
        else:
            hi = mid
    return destination(*start, azimuth, hi * NM)


SEAWARD = [
    # (state, a point on its land, a seaward azimuth)
    ("PHL", (120.3, 16.0), 270.0),  # west of Luzon
    ("VNM", (108.9, 13.0), 90.0),  # east of central Vietnam
    ("MYS", (113.0, 3.0), 0.0),  # north of Sarawak
    ("CHN", (109.5, 18.6), 180.0),  # south of Hainan
    ("IDN", (108.2, 3.9), 45.0),  # north-east of Natuna Besar
    ("TWN", (120.9, 22.5), 135.0),  # south-east of Taiwan
    ("BRN", (114.7, 4.7), 330.0),  # off Brunei
]


@pytest.mark.parametrize(("state", "start", "azimuth"), SEAWARD)
@pytest.mark.parametrize(("nm", "inside"), [(195, True), (199, True), (201, False), (205, False)])
def test_entitlement_limit_is_200_nm_from_the_coast_within_1_nm(
    zones, coasts, state: str, start: tuple[float, float], azimuth: float, nm: int, inside: bool
) -> None:
    """Issue 3: 195 nm from the nearest coast inside, 205 nm outside; and the simplification
    keeps the limit within 1 nm (199 in, 201 out), distances to the unsimplified coast."""
    lon, lat = _point_at_distance(coasts[state], start, azimuth, nm)
    assert _distance_nm(coasts[state], lon, lat) == pytest.approx(nm, abs=0.05)
    assert (f"entitlement-{state}" in zone_ids(zones, lon, lat)) is inside


@pytest.mark.parametrize(("nm", "inside"), [(150, True), (250, False)])
def test_west_of_luzon(zones, coasts, nm: int, inside: bool) -> None:
    """Issue 3: 150 nm west of Luzon's coast (16N) is inside PHL's entitlement, 250 nm not."""
    lon, lat = _point_at_distance(coasts["PHL"], (120.3, 16.0), 270.0, nm)
    assert lon < 120.3 and lat == pytest.approx(16.0, abs=0.1)
    assert ("PHL" in claimants(zones, lon, lat)) is inside


def test_indonesian_borneo_generates_nothing_north_of_brunei(zones, coasts) -> None:
    """Issue 3. 35 km off Brunei the straight-line distance to Indonesia's coast (Sebatik, across
    Sabah) is under 200 nm, but that coast faces the Celebes Sea: no IDN entitlement."""
    lon, lat = 114.8, 5.3
    assert _distance_nm(coasts["IDN"], lon, lat) < 200
    assert "IDN" not in claimants(zones, lon, lat)


def test_land_is_in_no_sea_zone(zones) -> None:
    """Manila, Ho Chi Minh City and Kuching are on land: no zone covers them."""
    for lon, lat in [(121.0, 14.6), (106.7, 10.8), (110.35, 1.55)]:
        assert zone_ids(zones, lon, lat) == set()


def test_open_pacific_has_no_claimant(zones, coasts) -> None:
    """East of the Luzon Strait, >200 nm from Luzon, the Batanes and Taiwan."""
    lon, lat = 125.8, 21.0
    assert min(_distance_nm(coasts[s], lon, lat) for s in ("PHL", "TWN")) > 210
    assert zone_ids(zones, lon, lat) == set()


# --- provisional EEZs -----------------------------------------------------------------------

EEZ_FACTS = [
    # (lon, lat, state, why)
    (108.6, 3.5, "IDN", "Natuna waters, Indonesia's EEZ around the Natuna Islands"),
    (100.8, 12.6, "THA", "head of the Gulf of Thailand, enclosed by Thai coasts"),
    (107.0, 20.0, "VNM", "Gulf of Tonkin west of the 2000 agreed line (Bach Long Vi area)"),
    (108.8, 20.5, "CHN", "Gulf of Tonkin east of the 2000 agreed line, off Hainan"),
    (119.2, 12.5, "PHL", "west of Mindoro, nearest coast Philippine"),
    (106.0, 7.5, "VNM", "south of Con Dao, nearest coast Vietnamese"),
    (112.0, 4.0, "MYS", "off Sarawak"),
    (122.0, 23.5, "TWN", "east of Taiwan"),
    (109.5, 17.8, "CHN", "south of Hainan"),
]


@pytest.mark.parametrize(("lon", "lat", "state", "why"), EEZ_FACTS)
def test_provisional_eez(zones, lon: float, lat: float, state: str, why: str) -> None:
    hit = _at(zones, lon, lat)
    eez = hit.loc[hit["kind"] == "eez_provisional", "claimants"].tolist()
    assert eez == [state], why


def test_gulf_of_tonkin_agreed_line_settles_the_overlap(zones) -> None:
    """2000 agreement: both sides of the line lie in both entitlements but are not disputed."""
    for lon, lat in [(107.0, 20.0), (108.8, 20.5)]:
        hit = _at(zones, lon, lat)
        assert {"entitlement-CHN", "entitlement-VNM"} <= set(hit["zone_id"])
        assert hit.loc[hit["kind"] == "status", "status"].tolist() == ["agreed"]


def test_taiwan_strait_is_in_both_entitlements(zones) -> None:
    assert {"entitlement-CHN", "entitlement-TWN"} <= zone_ids(zones, 119.5, 23.5)


# --- features and claim areas agree ---------------------------------------------------------


def _claim(zones: gpd.GeoDataFrame, zone_id: str) -> shapely.Geometry:
    return zones.loc[zones["zone_id"] == zone_id, "geometry"].iloc[0]


def test_philippine_spratly_claims_are_the_kalayaan_island_group(zones) -> None:
    """PD 1596 defines the Philippines' Spratly claim: each Spratly feature listing PHL as a
    claimant lies inside the KIG, each one without PHL lies outside it."""
    kig = _claim(zones, "claim-kalayaan")
    for feature in FEATURES:
        if feature.group != "Spratly Islands":
            continue
        point = shapely.Point(feature.lon, feature.lat)
        assert kig.covers(point) is ("PHL" in feature.claimants), feature.key


@pytest.mark.parametrize(
    ("group", "zone_id", "claimant"),
    [
        ("Spratly Islands", "claim-spratly", "VNM"),
        ("Paracel Islands", "claim-paracel", "VNM"),
        ("Scarborough Shoal", "claim-scarborough", "PHL"),
        ("Pratas Islands", "claim-pratas", "TWN"),
    ],
)
def test_archipelago_areas_hold_their_features(
    zones, group: str, zone_id: str, claimant: str
) -> None:
    """Every feature of an archipelago claimed by the area's claimant lies inside the area."""
    area = _claim(zones, zone_id)
    members = [f for f in FEATURES if f.group == group and claimant in f.claimants]
    assert members
    for feature in members:
        assert area.covers(shapely.Point(feature.lon, feature.lat)), feature.key


def test_every_feature_is_claimed_by_its_claimants(zones) -> None:
    for feature in FEATURES:
        assert set(feature.claimants) <= claimants(zones, feature.lon, feature.lat), feature.key
