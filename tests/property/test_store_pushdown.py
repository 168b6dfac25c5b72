"""The store's filter pushdown (issue 16): SQL selection + in-memory rest == the in-memory filter.

For random filters, ``apply_filter(matching_incidents(store_part), rest)`` must equal
``apply_filter(current_incidents(), f)`` (same rows, columns and order), on SQLite and on
PostgreSQL (a real server, see tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seawatch import schema, sea_areas, store
from seawatch.filtering import IncidentFilter, apply_filter, split_for_store
from seawatch.incidents import typed_frame

#: Codes involved in the store's incidents; USA is in none of them (a filter may still ask).
CODES = ("CHN", "IDN", "MYS", "PHL", "VNM")
TYPES = ("water_cannon", "boarding_seizure", "fishing_enforcement", "other")
#: One seed incident; the uploaded rows come from `mixed_incidents`.
SEED = """\
incident_id,date,latitude,longitude,incident_type,countries,description,source,location_name,location_precision,initiator,vessels,casualties,end_date
S-1,2023-08-05,9.73,115.87,water_cannon,CHN;PHL,Water cannon at a resupply boat.,https://example.org/1,Second Thomas Shoal,feature,CHN,,,
"""  # noqa: E501


def mixed_incidents(n: int = 60) -> pd.DataFrame:
    """`n` typed incidents (random, seed 16) with every kind of cell the filters look at.

    - days 2009-2025; every third row is a period with an ``end_date`` 0-400 days later;
    - 1-3 involved countries of `CODES`; one of `TYPES`;
    - precision cycling through `schema.PRECISIONS`, missing on every fifth row;
    - "reef" in every fourth description, "Shoal" in every sixth location name;
    - positions in 0.5-22N, 105-121E (several IHO sea areas);
    - row 1 is 0.5 nm north of row 0, same day and type, other text: a linked near-duplicate.
    """
    rng = np.random.default_rng(16)
    i = np.arange(n)
    days = pd.to_datetime(rng.integers(14_245, 20_450, n), unit="D")
    ends = days + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    frame = pd.DataFrame(
        {
            "incident_id": [f"M-{k}" for k in i],
            "date": days.strftime("%Y-%m-%d"),
            "latitude": rng.uniform(0.5, 22.0, n).round(4),
            "longitude": rng.uniform(105.0, 121.0, n).round(4),
            "incident_type": [TYPES[k] for k in rng.integers(0, len(TYPES), n)],
            "countries": [
                ";".join(sorted(rng.choice(CODES, size=rng.integers(1, 4), replace=False)))
                for _ in i
            ],
            "description": [f"incident {k}" + (" near a reef" if k % 4 == 0 else "") for k in i],
            "source": "test",
        }
    )
    for column in schema.OPTIONAL_COLUMNS:
        frame[column] = ""
    frame["end_date"] = np.where(i % 3 == 0, ends.strftime("%Y-%m-%d"), "")
    frame["location_precision"] = [
        "" if k % 5 == 4 else schema.PRECISIONS[k % len(schema.PRECISIONS)] for k in i
    ]
    frame["location_name"] = np.where(i % 6 == 0, "Some Shoal", "")
    frame.loc[1, ["date", "incident_type"]] = frame.loc[0, ["date", "incident_type"]]
    frame.loc[1, "latitude"] = frame.loc[0, "latitude"] + 0.5 / 60.0
    frame.loc[1, "longitude"] = frame.loc[0, "longitude"]
    return typed_frame(frame)


@pytest.fixture(params=["sqlite", "postgresql"])
def mixed_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> str:
    """A store (SQLite file or PostgreSQL database) holding SEED and `mixed_incidents()`."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    if request.param == "postgresql":
        location: str = request.getfixturevalue("postgres_url")
    else:
        location = f"sqlite:///{tmp_path / 'store.sqlite'}"
    result = store.import_incidents(mixed_incidents(), "m.csv", "e" * 64, path=location)
    assert result.linked == 1  # the fixture holds its near-duplicate pair
    return location


def sorted_pair(a: dt.date, b: dt.date) -> tuple[dt.date, dt.date]:
    return (a, b) if a <= b else (b, a)


days = st.dates(dt.date(2008, 6, 1), dt.date(2026, 6, 1))
filters = st.builds(
    lambda countries, period, bounds, types, precisions, search, areas: IncidentFilter(
        countries=countries,
        since=period[0] if bounds in ("since", "both") else None,
        until=period[1] if bounds in ("until", "both") else None,
        types=types,
        precisions=precisions,
        search=search,
        sea_areas=areas,
    ),
    st.lists(st.sampled_from((*CODES, "USA")), max_size=3).map(tuple),
    st.tuples(days, days).map(lambda p: sorted_pair(*p)),
    st.sampled_from(("none", "since", "until", "both")),
    st.lists(st.sampled_from(TYPES), max_size=2).map(tuple),
    st.lists(st.sampled_from(schema.PRECISIONS), max_size=2).map(tuple),
    st.sampled_from(("", "reef", "shoal")),
    st.lists(st.sampled_from(sea_areas.SEA_AREAS), max_size=2).map(tuple),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flt=filters)
def test_pushed_down_read_then_the_rest_equals_the_in_memory_filter(
    mixed_store: str, flt: IncidentFilter
) -> None:
    everything, version = store.current_incidents(mixed_store)
    expected = apply_filter(everything, flt).reset_index(drop=True)
    store_part, rest = split_for_store(flt)
    selected, selected_version = store.matching_incidents(store_part, mixed_store)
    assert selected_version == version
    assert len(selected) <= len(everything)
    assert_geodataframe_equal(apply_filter(selected, rest).reset_index(drop=True), expected)


def test_a_selection_is_typed_like_the_whole_store_even_when_empty(mixed_store: str) -> None:
    everything, _ = store.current_incidents(mixed_store)
    none, _ = store.matching_incidents(IncidentFilter(countries=("USA",)), mixed_store)
    assert len(none) == 0
    assert list(none.columns) == list(everything.columns)
    assert none.crs == everything.crs
    assert (none.dtypes == everything.dtypes).all()


def test_a_selected_incident_names_its_linked_incident_outside_the_selection(
    mixed_store: str,
) -> None:
    """M-1 is the near-duplicate of M-0; selecting M-1's row alone still names M-0."""
    everything, _ = store.current_incidents(mixed_store)
    m1 = everything.set_index(schema.INCIDENT_ID).loc["M-1"]
    flt = IncidentFilter(
        since=m1[schema.DATE].date(),
        until=m1[schema.DATE].date(),
        types=(m1[schema.INCIDENT_TYPE],),
        countries=tuple(m1[schema.COUNTRIES]),
    )
    selected, _ = store.matching_incidents(flt, mixed_store)
    row = selected.set_index(schema.INCIDENT_ID).loc["M-1"]
    assert row[schema.POSSIBLY_SAME_AS] == "M-0"
