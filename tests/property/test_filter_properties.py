"""Invariants of apply_filter: a narrower filter returns a subset; filtering never invents rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from seawatch import schema
from seawatch.filtering import IncidentFilter, filter_mask

CODES = ("CHN", "PHL", "VNM", "MYS", "IDN", "USA")

rows = st.lists(
    st.fixed_dictionaries(
        {
            "date": st.dates(dt.date(2009, 1, 1), dt.date(2025, 12, 31)),
            "incident_type": st.sampled_from(schema.INCIDENT_TYPES),
            "countries": st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
            "claimants": st.lists(st.sampled_from(CODES), max_size=3, unique=True),
            "description": st.text(max_size=20),
            "location_precision": st.sampled_from(schema.PRECISIONS),
        }
    ),
    max_size=30,
)

filters = st.builds(
    IncidentFilter,
    countries=st.lists(st.sampled_from(CODES), max_size=2).map(tuple),
    claimants=st.lists(st.sampled_from(CODES), max_size=2).map(tuple),
    types=st.lists(st.sampled_from(schema.INCIDENT_TYPES), max_size=3).map(tuple),
    disputed_only=st.booleans(),
    precisions=st.lists(st.sampled_from(schema.PRECISIONS), max_size=2).map(tuple),
    search=st.sampled_from(["", "a", "reef"]),
)


def _frame(records: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(
        records,
        columns=[
            "date",
            "incident_type",
            "countries",
            "claimants",
            "description",
            "location_precision",
        ],
    )
    df["date"] = pd.to_datetime(df["date"])
    df["claimants"] = df["claimants"].map(lambda c: ";".join(sorted(c)))
    df["disputed"] = df["claimants"].map(lambda c: len(schema.split_list(c)) >= 2)
    return df


@settings(max_examples=150, deadline=None)
@given(
    records=rows,
    flt=filters,
    since=st.dates(dt.date(2009, 1, 1), dt.date(2025, 12, 31)),
    country=st.sampled_from(CODES),
)
def test_adding_a_restriction_returns_a_subset(records, flt, since, country):
    df = _frame(records)
    base = filter_mask(df, flt)
    narrower = flt.with_changes(since=since, disputed_only=True)
    if not flt.countries:
        narrower = narrower.with_changes(countries=(country,))
    narrow = filter_mask(df, narrower)
    assert not (narrow & ~base).any()


@settings(max_examples=150, deadline=None)
@given(records=rows, flt=filters)
def test_disputed_only_keeps_only_disputed_rows(records, flt):
    df = _frame(records)
    kept = df[filter_mask(df, flt.with_changes(disputed_only=True))]
    assert set(kept.index) <= set(df[filter_mask(df, flt)].index)
    assert kept["disputed"].all()


dates = st.none() | st.dates(dt.date(2009, 1, 1), dt.date(2025, 12, 31))


@settings(max_examples=200, deadline=None)
@given(flt=filters, since=dates, until=dates, search=st.text(max_size=15))
def test_url_state_round_trips(flt, since, until, search):
    """Any filter survives to_query_params -> from_query_params unchanged and without notices."""
    if since and until and since > until:
        since, until = until, since
    f = flt.with_changes(since=since, until=until, search=search)
    restored, notices = IncidentFilter.from_query_params(f.to_query_params())
    assert notices == []
    assert restored == f
