"""The timeline's brush: the selection Streamlit reports becomes whole months of the date filter.

`period_from_selection` is fed hand-written selection payloads (the shape
``st.altair_chart(on_select=...)`` reports); `filters.set_date_range` is run from a button
callback in a tiny AppTest page, as the chart's callback runs it. The browser test
(tests/e2e/test_dashboard_e2e.py) drags across the real chart.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from seawatch.ui.panels import BRUSH, period_from_selection

MAR_2023_MS = 1677628800000  # 2023-03-01T00:00:00Z
MID_JUN_2024_MS = 1718452800000  # 2024-06-15T12:00:00Z


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([MAR_2023_MS, MID_JUN_2024_MS], (dt.date(2023, 3, 1), dt.date(2024, 6, 30))),
        ([MID_JUN_2024_MS, MAR_2023_MS], (dt.date(2023, 3, 1), dt.date(2024, 6, 30))),
        (["2020-02-10", "2020-02-20"], (dt.date(2020, 2, 1), dt.date(2020, 2, 29))),
        (["not a date", "2020-02-20"], None),
        ([MAR_2023_MS], None),
        ([None, MAR_2023_MS], None),
        ([True, MAR_2023_MS], None),
        # an instant with a time zone and one without: both read as UTC
        (["2024-06-30T23:30:00-02:00", "2024-02-10"], (dt.date(2024, 2, 1), dt.date(2024, 7, 31))),
    ],
)
def test_period_from_selection(values: list[object], expected: object) -> None:
    assert period_from_selection({BRUSH: {"yearmonth_month": values}}) == expected


@pytest.mark.parametrize("selection", [{}, {BRUSH: {}}, {BRUSH: None}, {"other": {"x": [1, 2]}}])
def test_no_brush_no_period(selection: dict[str, object]) -> None:
    assert period_from_selection(selection) is None


def _page() -> None:
    import datetime as dt

    import streamlit as st

    from seawatch.ui import filters

    st.button(
        "brush",
        key="brush",
        on_click=filters.set_date_range,
        args=(dt.date(2024, 5, 31), dt.date(1900, 1, 1)),
    )
    flt = filters.render_filters(st.sidebar, joined=True)
    st.text(f"since={flt.since} until={flt.until}")


def test_set_date_range_sets_a_custom_range_clamped_and_ordered() -> None:
    at = AppTest.from_function(_page, default_timeout=60).run()
    assert at.text[0].value == "since=None until=None"
    at.button(key="brush").click().run()
    assert not at.exception
    assert at.text[0].value == "since=1990-01-01 until=2024-05-31"
    assert at.query_params["since"] == "1990-01-01"
