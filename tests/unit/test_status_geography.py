"""The legal status of known places, from the built-in zones, as a boundary lawyer would give it.

Each case names its source. The answers come from the public API (`seawatch.status_at`, the
join), the same path as the dashboard, the exports and `seawatch claimants --json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import seawatch
from seawatch import schema
from seawatch.cli import main


@pytest.fixture(scope="module", autouse=True)
def _cache(tmp_path_factory):
    """The join's grid of the built-in zones is built once, in a throwaway cache folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SEAWATCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


def at(lat: float, lon: float) -> dict:
    return seawatch.status_at(lat, lon)


# (what, lat, lon, status, claimants, source)
CASES = [
    (
        "Second Thomas Shoal",
        9.73,
        115.87,
        "disputed",
        ["CHN", "PHL", "TWN", "VNM"],
        "PCA Case 2013-19 award (12 July 2016), dispositif para. 1203: a low-tide elevation "
        "within the Philippines' EEZ; claimed by China and Taiwan (dashed line, Nansha claim), "
        "Vietnam (Truong Sa) and the Philippines (KIG, PD 1596)",
    ),
    (
        "Luconia Shoals",
        5.6,
        112.6,
        "disputed",
        ["CHN", "MYS", "TWN"],
        "AMTI, 'Tracking China's Coast Guard off Borneo' (2017): inside the dashed line and "
        "Malaysia's EEZ; Brunei claims no part of it",
    ),
    (
        "Vanguard Bank",
        7.5,
        109.1,
        "disputed",
        ["CHN", "TWN", "VNM"],
        "2019 Haiyang Dizhi 8 standoff (Reuters, 2019-07-17): Vietnam's continental shelf, "
        "inside the dashed line; Indonesia is not a claimant (2003 shelf boundary to its south)",
    ),
    (
        "inside the dashed line only, between the Paracels and Macclesfield Bank",
        15.0,
        114.5,
        "single",
        ["CHN", "TWN"],
        "US DoS Limits in the Seas No. 143 (2014): beyond 200 nm of every other coast; China "
        "and Taiwan assert one and the same line (one claim family)",
    ),
    (
        "Pratas (Dongsha) lagoon",
        20.7,
        116.7,
        "disputed",
        ["CHN", "TWN"],
        "Administered by Taiwan since 1946 (Taipei Times, 2016-02-25), claimed by the PRC: "
        "held by one and claimed by the other",
    ),
    (
        "Malaysia-Thailand Joint Development Area",
        7.0,
        102.7,
        "joint",
        ["MYS", "THA"],
        "1979 MOU (Chiang Mai) and 1990 Agreement on the Malaysia-Thailand Joint Authority: "
        "points A-G of the JDA",
    ),
    (
        "Gulf of Tonkin, west of the agreed line (Bach Long Vi area)",
        20.0,
        107.0,
        "agreed",
        ["VNM"],
        "China-Viet Nam agreement on the Beibu/Bac Bo Gulf (25 Dec 2000, in force 30 June "
        "2004), Article II",
    ),
    (
        "Gulf of Tonkin, east of the agreed line (off Hainan)",
        20.5,
        108.8,
        "agreed",
        ["CHN", "TWN"],
        "the same agreement; the dashed line's closure runs along it, so the CHN+TWN family "
        "claims the Chinese side, and nobody else",
    ),
    (
        "Gulf of Thailand, Vietnam's side of the 1997 line",
        8.45,
        102.75,
        "agreed",
        ["VNM"],
        "Thailand-Viet Nam maritime boundary agreement (9 Aug 1997), Article 1, line C-K",
    ),
    (
        "Gulf of Thailand, Thailand's side of the 1997 line",
        8.15,
        102.5,
        "agreed",
        ["THA"],
        "the same agreement",
    ),
    (
        "Natuna Sea north of the 2003 shelf line",
        6.5,
        107.5,
        "agreed",
        ["IDN"],
        "Indonesia-Viet Nam continental shelf agreement (26 June 2003, in force 29 May 2007)",
    ),
    (
        "Malacca Strait (piracy-prone waters off Port Klang)",
        2.9,
        100.9,
        "undelimited",
        ["MYS"],
        "ReCAAP ISC annual reports list Malacca Strait incidents as robbery, not sovereignty "
        "disputes; the 1969 Indonesia-Malaysia shelf line is not encoded (no citable points), so "
        "the median line divides two entitlements",
    ),
    (
        "Singapore Strait, Indonesian side",
        1.2,
        104.0,
        "undelimited",
        ["IDN"],
        "the Singapore Strait carries no competing claims (Indonesia-Singapore territorial sea "
        "agreements of 1973, 2009, 2014); only the 2009 western segment has citable points",
    ),
]


@pytest.mark.parametrize(("what", "lat", "lon", "status", "claimants", "source"), CASES)
def test_status_of_known_places(what, lat, lon, status, claimants, source) -> None:
    found = at(lat, lon)
    assert (found["status"], found["claimants"]) == (status, claimants), (what, source)
    assert found["disputed"] is (status == "disputed")


def test_second_thomas_shoal_malaysia_is_only_entitled() -> None:
    """Sabah's 200 nm reaches the shoal, but Malaysia's claims (1979 map) stop south of it."""
    found = at(9.73, 115.87)
    assert "MYS" in found["entitled"] and "MYS" not in found["claimants"]
    assert found["families"] == [["CHN", "TWN"], ["PHL"], ["VNM"]]


def test_luconia_shoals_brunei_is_not_a_claimant() -> None:
    """Brunei's EEZ corridor lies east of the shoals; its 200 nm reaches them, its claim not."""
    found = at(5.6, 112.6)
    assert "BRN" in found["entitled"] and "BRN" not in found["claimants"]
    assert found["families"] == [["CHN", "TWN"], ["MYS"]]


def test_vanguard_bank_indonesia_is_not_a_claimant() -> None:
    assert "IDN" not in at(7.5, 109.1)["claimants"]


@pytest.mark.parametrize(("lat", "lon", "state"), [(20.0, 107.0, "VNM"), (20.5, 108.8, "CHN")])
def test_gulf_of_tonkin_falls_to_the_right_state_by_agreement(lat, lon, state) -> None:
    """Both sides lie in both states' 200-nm entitlements; the 2000 line settles them."""
    found = at(lat, lon)
    assert {"CHN", "VNM"} <= set(found["entitled"])
    assert found["eez"] == [state]
    assert found["agreements"] == ["chn-vnm-tonkin-2000"]
    assert found["eez_basis"].startswith("Agreement between the People's Republic of China")


def test_reed_bank_is_submerged_and_has_no_territorial_sea() -> None:
    """PCA 2013-19 award, para. 1203 (submissions 8-9): Reed Bank is entirely submerged."""
    assert not any(z.startswith("ts-reed_bank") for z in at(11.4, 116.85)["zone_ids"])


def test_low_tide_elevation_has_no_territorial_sea_but_a_rock_has() -> None:
    """UNCLOS art. 13 and the 2016 award: Mischief Reef is a low-tide elevation (no
    territorial sea), Scarborough Shoal has high-tide rocks (12 nm)."""
    assert "ts-mischief_reef" not in at(9.9, 115.535)["zone_ids"]
    assert "ts-scarborough_shoal" in at(15.15, 117.76)["zone_ids"]


def test_high_seas_and_land_have_no_status() -> None:
    assert at(20.0, 135.0)["status"] == "none"  # the open Pacific
    manila = at(14.6, 121.0)
    assert manila["on_land"] and manila["status"] == "none"


def test_the_status_layer_and_the_join_agree() -> None:
    """What the map draws (the status layer) is what the join answers, away from boundaries."""
    zones = seawatch.load_zones()
    status = zones[zones[schema.ZONE_KIND] == "status"]
    rng = np.random.default_rng(7)
    west, south, east, north = schema.REGION_BOUNDS
    xy = np.c_[rng.uniform(west, east, 4000), rng.uniform(south, north, 4000)]
    joined = seawatch.join(pd.DataFrame({"latitude": xy[:, 1], "longitude": xy[:, 0]}))
    points = gpd.GeoSeries(shapely.points(xy), crs=schema.CRS)
    edges = shapely.union_all(shapely.boundary(zones.geometry.to_numpy()))
    # ~2 km (0.02 degree, a margin, not a distance) from every zone boundary
    clear = shapely.distance(points.to_numpy(), edges) > 0.02
    hit = gpd.sjoin(gpd.GeoDataFrame(geometry=points), status, predicate="within")
    drawn = hit.groupby(level=0)["status"].first().reindex(range(len(xy)), fill_value="none")
    on_land = joined[schema.JOIN_ON_LAND].to_numpy()
    keep = clear & ~on_land
    assert keep.sum() > 2000
    assert (drawn.to_numpy()[keep] == joined[schema.JOIN_STATUS].to_numpy()[keep]).all()


def test_claimants_json_prints_the_join_columns(capsys) -> None:
    assert main(["claimants", "9.73", "115.87", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert set(schema.JOIN_COLUMNS) <= set(found)
    assert found["status"] == "disputed" and found["nearest_feature"] == "Second Thomas Shoal"


def test_bundled_incidents_status_breakdown_is_in_the_readme() -> None:
    """The README prints the share in disputed waters that the model gives."""
    joined = seawatch.join(seawatch.load_incidents())
    counts = joined[schema.JOIN_STATUS].value_counts()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    breakdown = ", ".join(f"{s} {int(counts.get(s, 0))}" for s in schema.STATUSES)
    assert f"{int(counts.get('disputed', 0))} of {len(joined)} bundled incidents" in readme
    assert breakdown in readme
