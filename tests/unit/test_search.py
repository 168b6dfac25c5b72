"""The incident search: case, punctuation and word forms ignored; phrases; type/country/place."""

from __future__ import annotations

import pandas as pd
import pytest

from seawatch import schema
from seawatch.errors import FilterError
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.search import match_summary, parse_query


@pytest.fixture
def incidents() -> pd.DataFrame:
    """Five hand-made incidents whose descriptions differ in the forms of "water cannon".

    w1: "water-cannoned" a resupply boat at Second Thomas Shoal (CHN/PHL, water_cannon)
    w2: "Water Cannons" used near Scarborough Shoal (CHN/PHL, water_cannon)
    w3: a cannon of a warship fired; water entered the hull (VNM, firing_weapons): both words
        occur, but not as the phrase
    w4: a coast guard ship rammed a boat at Thitu (CHN/PHL, collision_ramming)
    w5: a fishing boat detained off the Paracels, no location name (VNM, fishing_enforcement)
    """
    return pd.DataFrame(
        {
            "incident_id": ["w1", "w2", "w3", "w4", "w5"],
            "date": pd.to_datetime(["2023-08-05"] * 5),
            "incident_type": [
                "water_cannon",
                "water_cannon",
                "firing_weapons",
                "collision_ramming",
                "fishing_enforcement",
            ],
            "countries": [["CHN", "PHL"], ["CHN", "PHL"], ["VNM"], ["CHN", "PHL"], ["VNM"]],
            "description": [
                "China Coast Guard water-cannoned a resupply boat.",
                "Water Cannons used against fishermen.",
                "A warship's cannon fired; water entered the hull.",
                "A coast guard ship rammed a Philippine boat.",
                "Fishing boat detained.",
            ],
            "location_name": [
                "Second Thomas Shoal (Ayungin)",
                "Scarborough Shoal",
                "Paracel Islands",
                "Thitu (Pag-asa)",
                None,
            ],
        }
    )


def found(incidents: pd.DataFrame, query: str) -> list[str]:
    return apply_filter(incidents, IncidentFilter(search=query))["incident_id"].tolist()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # word forms and punctuation: both sides are stemmed words
        ("water cannon", ["w1", "w2", "w3"]),
        ("WATER-CANNON", ["w1", "w2", "w3"]),
        ("ramming", ["w4"]),
        ("rams", ["w4"]),
        # a quoted phrase needs the words in order, next to each other
        ('"water cannon"', ["w1", "w2"]),
        ('"water cannons"', ["w1", "w2"]),
        ('"cannon water"', []),
        # whole words only: "ram" is not inside "Paracel" or "program"
        ("cannon", ["w1", "w2", "w3"]),
        ("pag asa", ["w4"]),
        ("pag-asa", ["w4"]),
        ("ayungin", ["w1"]),
        # fields
        ("type:water_cannon", ["w1", "w2"]),
        ('type:"Water cannon"', ["w1", "w2"]),
        ("type:water-cannon type:collision_ramming", ["w1", "w2", "w4"]),
        ("country:VNM", ["w3", "w5"]),
        ("country:vietnam", ["w3", "w5"]),
        ("place:scarborough", ["w2"]),
        ('place:"second thomas"', ["w1"]),
        ("place:shoal water", ["w1", "w2"]),
        ("cannon country:VNM", ["w3"]),
        ('"water cannon" place:scarborough', ["w2"]),
    ],
)
def test_search_finds(incidents, query, expected) -> None:
    assert found(incidents, query) == expected


def test_the_old_substring_search_would_miss_water_cannoned(incidents) -> None:
    """The reason for the change: "water cannon" is not a substring of "water-cannoned"."""
    assert "water cannon" not in incidents.loc[0, "description"].casefold()
    assert "w1" in found(incidents, "water cannon")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type:laser", r"search type:'laser' is not an incident type; use one of .*laser_flare"),
        ("country:XX", r"search country:'XX' is not a known country; use an ISO3 code"),
    ],
)
def test_a_bad_field_value_is_refused_with_its_name(query, message) -> None:
    with pytest.raises(FilterError, match=message):
        IncidentFilter(search=query)


def test_a_bad_field_value_in_the_url_is_dropped_with_a_notice() -> None:
    flt, notices = IncidentFilter.from_query_params({"q": "type:laser", "country": "PHL"})
    assert flt.search == "" and flt.countries == ("PHL",)
    assert notices == [
        "Ignored q='type:laser': search type:'laser' is not an incident type; use one of "
        + ", ".join(schema.INCIDENT_TYPES)
    ]


def test_an_unknown_field_is_searched_as_words(incidents) -> None:
    assert parse_query("12:30").words == ("12", "30")
    assert found(incidents, "foo:boat") == []


@pytest.mark.parametrize(
    ("count", "query", "summary"),
    [
        (12, "water cannon", '12 incidents match "water cannon" (stemmed: water cannon)'),
        (1, "Water-Cannoned", '1 incident matches "water-cannoned" (stemmed: water cannon)'),
        (
            3,
            '"water cannons" type:water_cannon',
            '3 incidents match "water cannons" (stemmed: "water cannon"); type: Water cannon',
        ),
        (2, "country:vnm place:paracel", "2 incidents match country: VNM; place: paracel"),
    ],
)
def test_the_count_says_what_matched(count, query, summary) -> None:
    assert match_summary(count, parse_query(query)) == summary
