"""Pure summary functions behind the dashboard's metrics, timeline, table and dossiers.

The fixture is four hand-made incidents (dates, types, countries, dispute flags chosen so every
metric has one clear answer) around Second Thomas Shoal (9.73N, 115.87E) and off Vietnam.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from shapely.geometry import box

from seawatch import schema
from seawatch.errors import InputError
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.summary import (
    disputed_share,
    distance_nm,
    incidents_in_zone,
    incidents_near,
    monthly_counts,
    period_change,
    table_frame,
    top_country_pair,
)


@pytest.fixture
def incidents() -> pd.DataFrame:
    """Four incidents: three CHN+PHL near Second Thomas Shoal (two disputed), one VNM alone."""
    return pd.DataFrame(
        {
            schema.INCIDENT_ID: ["I-1", "I-2", "I-3", "I-4"],
            schema.DATE: pd.to_datetime(["2024-01-10", "2024-01-25", "2023-12-05", "2024-02-01"]),
            schema.LATITUDE: [9.73, 9.80, 10.20, 12.0],
            schema.LONGITUDE: [115.87, 115.87, 115.87, 109.5],
            schema.INCIDENT_TYPE: ["water_cannon", "water_cannon", "laser_flare", "other"],
            schema.COUNTRIES: [["CHN", "PHL"], ["PHL", "CHN"], ["CHN", "PHL", "USA"], ["VNM"]],
            schema.DESCRIPTION: ["a", "b", "c", "d"],
            schema.SOURCE: ["https://example.org/1", "https://example.org/2", "", ""],
            schema.JOIN_DISPUTED: [True, True, False, False],
            schema.JOIN_ZONE_IDS: [["d-1"], ["d-1"], ["eez-PHL"], ["eez-VNM"]],
        }
    )


def test_disputed_share(incidents) -> None:
    assert disputed_share(incidents) == 0.5
    assert disputed_share(incidents.iloc[0:0]) is None
    assert disputed_share(incidents.drop(columns=[schema.JOIN_DISPUTED])) is None


def test_top_country_pair(incidents) -> None:
    assert top_country_pair(incidents) == (("CHN", "PHL"), 3)
    assert top_country_pair(incidents.iloc[[3]]) is None


def test_period_change_same_length_before(incidents) -> None:
    flt = IncidentFilter(since=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31))
    change = period_change(incidents, flt)
    assert change is not None
    assert (change.previous_start, change.previous_end) == (
        dt.date(2023, 12, 1),
        dt.date(2023, 12, 31),
    )
    assert change.current == len(apply_filter(incidents, flt))
    before = flt.with_changes(since=dt.date(2023, 12, 1), until=dt.date(2023, 12, 31))
    assert change.previous == len(apply_filter(incidents, before))
    assert change.delta == change.current - change.previous
    assert change.percent == pytest.approx(100.0 * change.delta / change.previous)


def test_period_change_keeps_other_filters(incidents) -> None:
    flt = IncidentFilter(countries=("VNM",), since=dt.date(2024, 1, 1), until=dt.date(2024, 2, 29))
    change = period_change(incidents, flt)
    assert change is not None and (change.current, change.previous, change.percent) == (1, 0, None)


def test_period_change_without_dates_ends_at_latest(incidents) -> None:
    change = period_change(incidents, IncidentFilter(), default_days=30)
    assert change is not None
    assert change.end == dt.date(2024, 2, 1) and change.start == dt.date(2024, 1, 3)
    assert period_change(incidents.iloc[0:0], IncidentFilter()) is None


def test_monthly_counts_by_type_and_country(incidents) -> None:
    by_type = monthly_counts(incidents, "type")
    assert by_type["count"].sum() == len(incidents)
    jan = by_type[by_type["month"] == pd.Timestamp("2024-01-01")]
    assert jan.set_index("group")["count"].to_dict() == {"Water cannon": 2}
    by_country = monthly_counts(incidents, "country")
    assert by_country["count"].sum() == sum(len(c) for c in incidents[schema.COUNTRIES])
    with pytest.raises(InputError, match="by='vessel'"):
        monthly_counts(incidents, "vessel")  # type: ignore[arg-type]


def test_table_newest_first_with_text_lists(incidents) -> None:
    table = table_frame(incidents)
    assert table["id"].tolist() == ["I-4", "I-2", "I-1", "I-3"]
    assert table.loc[2, "countries"] == "CHN, PHL, USA"
    assert table.loc[0, "type"] == "Water cannon"


def test_incidents_near_feature(incidents) -> None:
    near = incidents_near(incidents, 9.73, 115.87, 12)
    assert near[schema.INCIDENT_ID].tolist() == ["I-1", "I-2"]  # 0.07 deg of latitude = 4.2 nm
    assert near["distance_nm"].iloc[1] == pytest.approx(4.2, abs=0.05)
    assert distance_nm(incidents, 9.73, 115.87)[2] > 12
    with pytest.raises(InputError, match="nm=-1"):
        incidents_near(incidents, 9.7, 115.8, -1)


def test_incidents_in_zone_by_join_ids_or_geometry(incidents) -> None:
    area = box(115.0, 9.0, 116.0, 9.80)  # I-2 lies exactly on the northern edge
    by_ids = incidents_in_zone(incidents, "d-1", area)
    assert by_ids[schema.INCIDENT_ID].tolist() == ["I-1", "I-2"]
    by_geometry = incidents_in_zone(incidents.drop(columns=[schema.JOIN_ZONE_IDS]), "d-1", area)
    assert by_geometry[schema.INCIDENT_ID].tolist() == ["I-1", "I-2"]


def test_table_links_only_http_sources(incidents) -> None:
    """Only http(s) sources go to the link column; anything else is plain text."""
    frame = incidents.assign(
        **{
            schema.SOURCE: [
                "https://example.org/a",
                "javascript:alert(1)",
                "Reuters, 3 May 2024",
                "HTTP://EXAMPLE.ORG/B",
            ]
        }
    )
    table = table_frame(frame).set_index("id")
    assert table.loc["I-1", "source"] == "https://example.org/a"
    assert table.loc["I-4", "source"] == "HTTP://EXAMPLE.ORG/B"
    for ident, text in (("I-2", "javascript:alert(1)"), ("I-3", "Reuters, 3 May 2024")):
        assert pd.isna(table.loc[ident, "source"])
        assert table.loc[ident, "source (text)"] == text
    assert pd.isna(table.loc["I-1", "source (text)"])
