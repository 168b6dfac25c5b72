"""Named disputed features (reefs, shoals, islands): positions, claimants and local names.

Each record is a fact written by hand with its citation. Used by the zone build (12-nm
territorial seas), the join (nearest feature), the dashboard's dossiers and the map labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Feature:
    """A named maritime feature.

    `key` is a stable snake_case id; `names` maps an ISO3 code to that state's name for the
    feature (the English name is `name`); `group` is the archipelago ("Spratly Islands", ...).
    """

    key: str
    name: str
    lat: float
    lon: float
    claimants: tuple[str, ...]
    group: str
    source: str
    names: dict[str, str] = field(default_factory=dict)


FEATURES: tuple[Feature, ...] = (
    Feature(
        key="second_thomas_shoal",
        name="Second Thomas Shoal",
        lat=9.73,
        lon=115.87,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Second_Thomas_Shoal",
        names={"CHN": "Ren'ai Jiao", "PHL": "Ayungin Shoal", "VNM": "Bãi Cỏ Mây"},
    ),
    Feature(
        key="scarborough_shoal",
        name="Scarborough Shoal",
        lat=15.15,
        lon=117.76,
        claimants=("CHN", "PHL", "TWN"),
        group="Scarborough Shoal",
        source="https://en.wikipedia.org/wiki/Scarborough_Shoal",
        names={"CHN": "Huangyan Dao", "PHL": "Bajo de Masinloc"},
    ),
)


def feature_by_key(key: str) -> Feature:
    """The feature with this key; raises KeyError listing the known keys."""
    for f in FEATURES:
        if f.key == key:
            return f
    raise KeyError(f"unknown feature {key!r}; known: {[f.key for f in FEATURES]!r}")
