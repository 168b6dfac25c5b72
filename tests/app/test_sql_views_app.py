"""dashboard.py on a PostgreSQL store read through SQL (issue 16: "the dashboard reads the view
through SQL (filters pushed down) rather than loading the whole table when the store is large").

``SEAWATCH_PUSHDOWN_MIN_INCIDENTS=0`` makes the bundled seed "large", so the page takes the SQL
path: it must show what the whole-store page shows (metrics, the previous-period comparison,
the table, an incident opened by its link) without ever reading the whole store. The expected
values come from the same page with the whole store in memory, never from hard-coded numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch import store

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 120

#: URL filters covering each kind of predicate: store-side only (countries, period, types,
#: precision), in-memory only (claimants, disputed, sea area, search), and both at once.
VIEWS = [
    {},
    {"country": "VNM"},
    {"since": "2020-01-01", "until": "2021-12-31"},
    {"type": "water_cannon,collision_ramming", "precision": "exact,feature"},
    {"claimant": "MYS", "disputed": "1"},
    {"country": "PHL", "q": "water cannon", "sea_area": "South China Sea"},
    {"since": "2014-05-01", "until": "2014-07-31", "claimant": "VNM"},
]


@pytest.fixture
def pg_store(postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The app's store: a new PostgreSQL database holding the bundled seed."""
    monkeypatch.setenv("SEAWATCH_STORE", postgres_url)
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv(store.PUSHDOWN_ENV, raising=False)
    store.current_incidents(postgres_url)  # seeds it
    return postgres_url


def _page(params: dict[str, str], tab: str = "Timeline & table") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state["view_tab"] = tab
    return at.run()


def _shown(at: AppTest) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """The metrics (label, value, delta) and the table's incident ids."""
    assert not at.exception, at.exception
    metrics = [
        (m.label, str(m.value), None if m.delta is None else str(m.delta)) for m in at.metric
    ]
    return metrics, sorted(at.dataframe[0].value["id"].tolist())


@pytest.mark.parametrize("params", VIEWS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_views_read_through_sql_equal_the_whole_store_page(
    pg_store: str, params: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The SQL page first (a fresh store version: no cached whole read to hide behind).
    monkeypatch.setenv(store.PUSHDOWN_ENV, "0")
    read_whole: list[int] = []
    real = store.current_incidents

    def spy(*args, **kwargs):
        read_whole.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "current_incidents", spy)
    through_sql = _shown(_page(params))
    assert read_whole == []  # the SQL page never loaded the whole store

    monkeypatch.delenv(store.PUSHDOWN_ENV)
    whole = _shown(_page(params))
    assert read_whole == [1]  # ... which the whole-store page does, once
    assert through_sql == whole
    assert int(whole[0][0][1].replace(",", "")) == len(whole[1])  # the count is the table's


def test_an_incident_link_opens_through_sql(pg_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """?incident=ID opens that incident's details on the SQL path, also when the view's filter
    does not select it; an unknown id gives the usual notice naming the value."""
    incidents, _ = store.current_incidents(pg_store)
    ident = str(
        incidents.loc[incidents["countries"].astype(str).str.contains("VNM"), "incident_id"].iloc[0]
    )
    monkeypatch.setenv(store.PUSHDOWN_ENV, "0")
    at = _page({"incident": ident, "country": "PHL"}, tab="Map")
    assert not at.exception, at.exception
    details = [m.value for m in at.markdown if "sw-detail" in m.value]
    assert len(details) == 1 and ident in details[0]

    at = _page({"incident": "SCS-1999-01-01-9"}, tab="Map")
    notices = re.sub(r"\\(.)", r"\1", " ".join(str(w.value) for w in at.warning))
    assert "incident='SCS-1999-01-01-9' is not a known incident id" in notices
    assert not [m.value for m in at.markdown if "sw-detail" in m.value]


def test_an_unusable_threshold_is_named_and_the_page_still_works(
    pg_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _shown(_page({"country": "MYS"}))
    monkeypatch.setenv(store.PUSHDOWN_ENV, "lots")
    at = _page({"country": "MYS"})
    notes = [re.sub(r"\\(.)", r"\1", str(i.value)) for i in at.info]  # shown markdown-escaped
    assert any(f"{store.PUSHDOWN_ENV}='lots'" in n and "whole number" in n for n in notes), notes
    assert _shown(at) == whole
