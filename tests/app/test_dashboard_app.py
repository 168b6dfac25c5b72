"""dashboard.py under Streamlit's AppTest: runs cleanly, filters drive metrics and table, URL state.

Every test runs against a fresh incident store (``SEAWATCH_STORE`` in a temporary folder) seeded
from the bundled ``data/incidents.csv``. Expected counts come from the same public functions the
page uses (`seawatch.ui.data.load` for the joined incidents, `seawatch.filtering.apply_filter`),
never hard-coded numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from seawatch import schema
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.ui import filters

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 120


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A fresh store file (the seed only) for the app and for the expectations."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("SEAWATCH_STORE", str(path))
    return path


def _run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def _incidents(store: Path) -> pd.DataFrame:
    """The incidents as the page sees them (joined to the built-in zones when available)."""
    from seawatch.ui import data

    return data.load("builtin").incidents


def _in_view(at: AppTest) -> int:
    metric = next(m for m in at.metric if m.label == "Incidents in view")
    return int(str(metric.value).replace(",", ""))


def _table_ids(at: AppTest) -> list[str]:
    return sorted(at.dataframe[0].value["id"].tolist())


def _expect(at: AppTest, incidents: pd.DataFrame, flt: IncidentFilter) -> None:
    view = apply_filter(incidents, flt)
    assert not at.exception
    assert _in_view(at) == len(view)
    assert _table_ids(at) == sorted(view[schema.INCIDENT_ID].tolist())
    assert dict(at.query_params) == flt.to_query_params()


def test_runs_with_widgets_and_metrics(store) -> None:
    at = _run()
    assert not at.exception
    assert {m.label for m in at.metric} >= {
        "Incidents in view",
        "In disputed areas",
        "Most-involved pair",
        "Change vs previous period",
    }
    assert at.metric[0].label == "Incidents in view"
    for key in (filters.K_COUNTRIES, filters.K_TYPES, filters.K_PRECISIONS, filters.K_CLAIMANTS):
        assert at.multiselect(key=key) is not None
    assert at.text_input(key=filters.K_SEARCH) is not None
    assert at.checkbox(key=filters.K_DISPUTED) is not None
    assert at.radio(key=filters.K_PRESET).options == list(filters.PRESETS)
    _expect(at, _incidents(store), IncidentFilter())


def _most_common(values: pd.Series) -> str:
    return str(values.explode().value_counts().index[0])


@pytest.mark.parametrize("field", ["countries", "types", "precisions", "search", "claimants"])
def test_each_filter_changes_metrics_and_table(store, field) -> None:
    incidents = _incidents(store)
    at = _run()
    if field == "countries":
        value = _most_common(incidents[schema.COUNTRIES])
        at.multiselect(key=filters.K_COUNTRIES).set_value([value])
        flt = IncidentFilter(countries=(value,))
    elif field == "types":
        value = _most_common(incidents[schema.INCIDENT_TYPE])
        at.multiselect(key=filters.K_TYPES).set_value([value])
        flt = IncidentFilter(types=(value,))
    elif field == "precisions":
        value = _most_common(incidents[schema.LOCATION_PRECISION])
        at.multiselect(key=filters.K_PRECISIONS).set_value([value])
        flt = IncidentFilter(precisions=(value,))
    elif field == "search":
        value = str(incidents[schema.LOCATION_NAME].dropna().iloc[0]).split()[0]
        at.text_input(key=filters.K_SEARCH).set_value(value)
        flt = IncidentFilter(search=value)
    else:
        if schema.JOIN_CLAIMANTS not in incidents:
            pytest.fail("the page's incidents carry no zone attribution (join missing)")
        value = "VNM"
        at.multiselect(key=filters.K_CLAIMANTS).set_value([value])
        flt = IncidentFilter(claimants=(value,))
    at.run()
    _expect(at, incidents, flt)
    assert len(apply_filter(incidents, flt)) < len(incidents)  # the filter really narrows


def test_disputed_only_and_date_preset(store) -> None:
    incidents = _incidents(store)
    at = _run()
    at.checkbox(key=filters.K_DISPUTED).check()
    at.radio(key=filters.K_PRESET).set_value(filters.PRESET_2324)
    at.run()
    flt = IncidentFilter(disputed_only=True, since=dt.date(2023, 1, 1), until=dt.date(2024, 12, 31))
    _expect(at, incidents, flt)


def test_query_params_restore_state(store) -> None:
    incidents = _incidents(store)
    country = _most_common(incidents[schema.COUNTRIES])
    flt = IncidentFilter(
        countries=(country,), since=dt.date(2015, 1, 1), until=dt.date(2024, 6, 30)
    )
    at = _run(flt.to_query_params())
    assert at.multiselect(key=filters.K_COUNTRIES).value == [country]
    assert at.radio(key=filters.K_PRESET).value == filters.PRESET_CUSTOM
    assert not at.warning
    _expect(at, incidents, flt)


def test_bad_query_params_show_a_notice(store) -> None:
    incidents = _incidents(store)
    at = _run({"country": "PHL,XXX", "since": "last-year", "colour": "red"})
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "XXX" in notices and "last-year" in notices and "colour" in notices
    _expect(at, incidents, IncidentFilter(countries=("PHL",)))


def test_bad_asset_setting_is_a_clear_error(store, monkeypatch) -> None:
    monkeypatch.setenv("SEAWATCH_MAP_ASSETS", "bogus")
    at = _run()
    assert not at.exception
    assert any("SEAWATCH_MAP_ASSETS='bogus'" in e.value for e in at.error)
