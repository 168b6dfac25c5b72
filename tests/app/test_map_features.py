"""`seawatch.ui.data.map_features`: the view's map features, built once per incident and data
version, equal to what `seawatch.mapping.incident_features` builds for the same rows.

The incidents are hand-made (three in the region, one with a hostile description) and the
`Loaded` is built by hand around them, so each test says exactly what it contains.
"""

from __future__ import annotations

import pandas as pd
import pytest

from seawatch import mapping, schema
from seawatch.ui import data


def _loaded(frame: pd.DataFrame, key: str) -> data.Loaded:
    return data.Loaded(frame, "v1", key, None, None, None, joined=False)


@pytest.fixture
def incidents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            schema.INCIDENT_ID: ["A-1", "A-2", "A-3"],
            schema.DATE: pd.to_datetime(["2024-03-05", "2024-06-17", "2024-08-31"]),
            schema.LATITUDE: [9.73, 15.15, 9.9],
            schema.LONGITUDE: [115.87, 117.76, 115.55],
            schema.INCIDENT_TYPE: ["water_cannon", "collision_ramming", "other"],
            schema.COUNTRIES: [["CHN", "PHL"], ["CHN", "PHL"], ["VNM"]],
            schema.DESCRIPTION: ["<script>alert(1)</script>", "Ramming", "Survey"],
            schema.SOURCE: ["https://example.org/1", "https://example.org/2", "not a url"],
            schema.LOCATION_NAME: ["Second Thomas Shoal", "Scarborough Shoal", "Sabina"],
            schema.LOCATION_PRECISION: ["exact", "approximate", "exact"],
        }
    )


def test_same_features_as_built_directly_and_built_once(incidents, monkeypatch) -> None:
    loaded = _loaded(incidents, "features-once")
    built: list[list[str]] = []
    real = data.incident_features

    def counting(frame: pd.DataFrame, zone_names: dict[str, str] | None = None) -> list[dict]:
        built.append(frame[schema.INCIDENT_ID].tolist())
        return real(frame, zone_names)

    monkeypatch.setattr(data, "incident_features", counting)
    first = data.map_features(loaded, incidents.iloc[[0, 1]])
    assert first == mapping.incident_features(incidents.iloc[[0, 1]])
    again = data.map_features(loaded, incidents.iloc[[2, 1, 0]])
    assert again == mapping.incident_features(incidents.iloc[[2, 1, 0]])  # the view's order
    assert built == [["A-1", "A-2"], ["A-3"]]  # each incident built once
    assert "&lt;script&gt;" in again[2]["properties"]["_popup"]


def test_callers_get_copies(incidents) -> None:
    loaded = _loaded(incidents, "features-copies")
    first = data.map_features(loaded, incidents)
    assert first is not None
    first[0]["properties"]["selected"] = True
    first[0]["geometry"] = None
    assert data.map_features(loaded, incidents) == mapping.incident_features(incidents)


def test_each_data_version_has_its_own_features(incidents) -> None:
    before = data.map_features(_loaded(incidents, "features-v1"), incidents)
    changed = incidents.assign(**{schema.DESCRIPTION: ["New text", "Ramming", "Survey"]})
    after = data.map_features(_loaded(changed, "features-v2"), changed)
    assert before is not None and after is not None
    assert "New text" not in before[0]["properties"]["_popup"]
    assert "New text" in after[0]["properties"]["_popup"]


def test_none_when_the_map_aggregates_or_ids_repeat(incidents) -> None:
    many = pd.concat([incidents] * (mapping.MAX_POINTS // 3 + 1), ignore_index=True)
    many[schema.INCIDENT_ID] = [f"M-{i}" for i in range(len(many))]
    assert len(many) > mapping.MAX_POINTS
    assert data.map_features(_loaded(many, "features-many"), many) is None
    twice = pd.concat([incidents, incidents.iloc[[0]]], ignore_index=True)
    assert data.map_features(_loaded(twice, "features-twice"), twice) is None
