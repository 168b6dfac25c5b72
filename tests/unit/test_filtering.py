"""The shared filter object: validation, URL round-trips, CLI parsing and apply_filter semantics."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from seawatch.errors import FilterError
from seawatch.filtering import IncidentFilter, apply_filter, filter_mask


@pytest.fixture
def incidents() -> pd.DataFrame:
    """Four hand-made joined incidents.

    0: CHN/PHL water cannon at Second Thomas Shoal, 2023-08-05, disputed, feature precision
    1: CHN/VNM survey standoff 2014-05-02 lasting to 2014-07-15, disputed, approximate
    2: piracy in Singapore Strait 2015-06-11, IDN/SGP waters, not disputed, exact, no location name
    3: CHN/PHL laser incident 2023-02-06, description has <b>laser</b>, claimants CHN;PHL;TWN;VNM
    """
    return pd.DataFrame(
        {
            "incident_id": ["a", "b", "c", "d"],
            "date": pd.to_datetime(["2023-08-05", "2014-05-02", "2015-06-11", "2023-02-06"]),
            "end_date": pd.to_datetime([None, "2014-07-15", None, None]),
            "incident_type": [
                "water_cannon",
                "survey_drilling_standoff",
                "piracy_armed_robbery",
                "laser_flare",
            ],
            "countries": [["CHN", "PHL"], ["CHN", "VNM"], ["IDN", "SGP"], ["CHN", "PHL"]],
            "description": [
                "Water cannon on a resupply boat",
                "Oil rig HYSY-981 deployed",
                "Robbers boarded a tanker",
                "A <b>laser</b> aimed at the crew",
            ],
            "location_name": ["Second Thomas Shoal", "Paracel Islands", None, "Ayungin"],
            "location_precision": ["feature", "approximate", "exact", "feature"],
            "claimants": ["CHN;PHL;TWN;VNM", "CHN;TWN;VNM", "IDN", "CHN;PHL;TWN;VNM"],
            "disputed": [True, True, False, True],
        }
    )


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (IncidentFilter(), ["a", "b", "c", "d"]),
        (IncidentFilter(countries=("VNM",)), ["b"]),
        (IncidentFilter(countries=("VNM", "SGP")), ["b", "c"]),
        (IncidentFilter(claimants=("PHL",)), ["a", "d"]),
        (IncidentFilter(claimants=("IDN",)), ["c"]),
        (IncidentFilter(types=("laser_flare", "water_cannon")), ["a", "d"]),
        (IncidentFilter(disputed_only=True), ["a", "b", "d"]),
        (IncidentFilter(precisions=("exact",)), ["c"]),
        (IncidentFilter(search="LASER"), ["d"]),
        (IncidentFilter(search="ayungin"), ["d"]),
        (IncidentFilter(since=dt.date(2023, 1, 1)), ["a", "d"]),
        (IncidentFilter(until=dt.date(2015, 6, 11)), ["b", "c"]),
        # the 2014 standoff lasted into July: its period overlaps June 2014
        (IncidentFilter(since=dt.date(2014, 6, 1), until=dt.date(2014, 6, 30)), ["b"]),
        (IncidentFilter(countries=("PHL",), since=dt.date(2023, 3, 1)), ["a"]),
    ],
)
def test_apply_filter_keeps_matching_rows(incidents, flt, expected):
    assert apply_filter(incidents, flt)["incident_id"].tolist() == expected


def test_countries_as_joined_strings_work_too(incidents):
    as_text = incidents.assign(countries=incidents["countries"].map(";".join))
    flt = IncidentFilter(countries=("VNM",))
    assert apply_filter(as_text, flt)["incident_id"].tolist() == ["b"]


def test_precision_filter_needs_the_column(incidents):
    with pytest.raises(
        FilterError, match="'precision' filter needs the column 'location_precision'"
    ):
        filter_mask(
            incidents.drop(columns=["location_precision"]), IncidentFilter(precisions=("exact",))
        )


def test_a_single_code_string_is_one_code_and_none_search_is_empty():
    f = IncidentFilter(countries="PHL", search=None)  # type: ignore[arg-type]
    assert f.countries == ("PHL",)
    assert f.search == ""


def test_claimant_filter_needs_joined_incidents(incidents):
    with pytest.raises(FilterError, match="run seawatch.join"):
        filter_mask(incidents.drop(columns=["claimants"]), IncidentFilter(claimants=("PHL",)))


def test_empty_frame_gives_empty_result(incidents):
    assert apply_filter(incidents.iloc[:0], IncidentFilter(countries=("PHL",))).empty


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"countries": ("XXX",)}, r"countries=\['XXX'\] \(--country\) not allowed"),
        ({"types": ("riot",)}, r"types=\['riot'\] \(--type\) not allowed"),
        ({"precisions": ("vague",)}, r"precisions=\['vague'\] \(--precision\) not allowed"),
        ({"since": dt.date(2024, 1, 2), "until": dt.date(2024, 1, 1)}, "is after until"),
    ],
)
def test_invalid_filters_are_rejected_with_the_value(kwargs, message):
    with pytest.raises(FilterError, match=message):
        IncidentFilter(**kwargs)


def test_selections_are_normalised():
    f = IncidentFilter(countries=("PHL", "CHN", "PHL"), search="  reef ")
    assert f.countries == ("CHN", "PHL")
    assert f.search == "reef"
    assert IncidentFilter().is_empty
    assert not f.is_empty


def test_query_params_round_trip():
    f = IncidentFilter(
        countries=("CHN", "PHL"),
        claimants=("VNM",),
        since=dt.date(2023, 1, 1),
        until=dt.date(2024, 12, 31),
        types=("water_cannon",),
        disputed_only=True,
        precisions=("exact", "feature"),
        search="Sierra Madre",
    )
    restored, notices = IncidentFilter.from_query_params(f.to_query_params())
    assert restored == f
    assert notices == []


def test_query_params_accept_repeated_and_comma_separated_values():
    f, notices = IncidentFilter.from_query_params(
        {"country": ["phl", "CHN,VNM"], "type": "Water_Cannon"}
    )
    assert f.countries == ("CHN", "PHL", "VNM")
    assert f.types == ("water_cannon",)
    assert notices == []


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"country": "ZZZ"}, "Ignored country='ZZZ'"),
        ({"since": "yesterday"}, "Ignored since='yesterday'"),
        ({"disputed_only": "maybe"}, "Ignored disputed_only='maybe'"),
        ({"precision": "exactish"}, "Ignored precision='exactish'"),
        ({"colour": "red"}, "Ignored unknown parameter 'colour'"),
        ({"since": "2024-05-01", "until": "2024-01-01"}, "Ignored until='2024-01-01'"),
    ],
)
def test_bad_query_params_are_ignored_with_a_notice(params, notice):
    f, notices = IncidentFilter.from_query_params(params)
    assert any(n.startswith(notice) for n in notices), notices
    assert f.countries == () and f.precisions == ()


def test_from_cli_parses_options():
    f = IncidentFilter.from_cli(
        country=["phl,chn"], since="2023-01-01", type=["WATER_CANNON"], disputed_only=True
    )
    assert f == IncidentFilter(
        countries=("CHN", "PHL"),
        since=dt.date(2023, 1, 1),
        types=("water_cannon",),
        disputed_only=True,
    )


def test_from_cli_names_the_bad_option():
    with pytest.raises(FilterError, match=r"--until '31/12/2024' is not an ISO date"):
        IncidentFilter.from_cli(until="31/12/2024")


def test_describe_lists_active_restrictions():
    f = IncidentFilter(claimants=("VNM",), since=dt.date(2020, 1, 1), search="rig")
    assert f.describe() == [
        "in waters claimed by: Vietnam (VNM)",
        "dates: 2020-01-01 to …",
        "text: 'rig'",
    ]
