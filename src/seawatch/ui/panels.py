"""Metrics row, timeline and table of the incidents in view."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from seawatch import mapping, presentation, schema, summary
from seawatch.filtering import IncidentFilter
from seawatch.presentation import disputed_definition
from seawatch.text import neutralise_frame, shorten
from seawatch.ui import filters, shared
from seawatch.zones.status import STATUS_LABELS

TABLE_KEY = "incident_table"
_REMEMBERED = "{}_remembered"
#: Name of the timeline's brush (an interval selection over the months).
BRUSH = "period"
#: Longest description a table cell shows; the full text is under the table for selected rows.
TABLE_TEXT_CHARS = 300
#: Most selected incidents whose full text is shown under the table.
MAX_FULL_TEXTS = 20


def render_metrics(
    view: pd.DataFrame,
    flt: IncidentFilter,
    change: Callable[[], summary.PeriodChange | None],
    data_key: str | None = None,
) -> None:
    """Incidents in view, share in disputed areas, most-involved pair, change vs previous period
    (`change` computes the last: `seawatch.ui.data.period_change`).

    With `data_key` (the data version of the incidents) the values are shared between sessions
    showing the same view (`seawatch.ui.shared.metrics`).
    """
    values = shared.metrics(view, flt, data_key, change)
    cols = st.columns(4)
    cols[0].metric("Incidents in view", f"{values.in_view:,}")
    share = values.disputed_share
    breakdown = values.status_breakdown
    cols[1].metric(
        "In disputed areas",
        "n/a" if share is None else f"{share:.0%}",
        help=disputed_help(breakdown),
    )
    pair = values.top_pair
    cols[2].metric(
        "Most-involved pair",
        "—" if pair is None else f"{pair[0][0]}–{pair[0][1]}",
        None if pair is None else f"{pair[1]} incidents",
        delta_color="off",
    )
    period = values.change
    if period is None:
        cols[3].metric("Change vs previous period", "—")
        return
    pct = "new" if period.percent is None else f"{period.percent:+.0f}%"
    cols[3].metric(
        "Change vs previous period",
        f"{period.current:,}",
        f"{period.delta:+,} ({pct})",
        delta_color="inverse",
        help=(
            f"{period.start} to {period.end} versus {period.previous_start} to "
            f"{period.previous_end} ({period.previous} incidents), same filters."
        ),
    )


def disputed_help(breakdown: dict[str, int] | None) -> str:
    """The help of the "In disputed areas" metric: what disputed means, and the incidents in
    view per status when the join ran."""
    text = f"Share of the incidents in view in disputed waters. {disputed_definition()}"
    if breakdown is not None:
        text += f"\n\nIn view: {summary.format_breakdown(breakdown, STATUS_LABELS)}."
    return text


def period_from_selection(selection: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The whole months a brush on the timeline covers, or None when nothing is brushed.

    `selection` is what ``st.altair_chart(on_select=...)`` reports: ``{BRUSH: {field: [start,
    end]}}`` with epoch milliseconds (or date strings). The result runs from the first day of the
    start's month to the last day of the end's month: the bars are months.

    Examples
    --------
    >>> period_from_selection({BRUSH: {"yearmonth_month": [1677628800000, 1709251200000]}})
    (datetime.date(2023, 3, 1), datetime.date(2024, 3, 31))
    >>> period_from_selection({BRUSH: {}}) is None
    True
    """
    ranges = selection.get(BRUSH) if isinstance(selection, Mapping) else None
    if not isinstance(ranges, Mapping):
        return None
    for values in ranges.values():
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        try:
            ends = [_utc_naive(v) for v in values]
        except (TypeError, ValueError, OverflowError):
            return None
        stamps = [t for t in ends if t is not None]
        if len(stamps) != len(ends):
            return None
        start, end = min(stamps), max(stamps)
        return start.date().replace(day=1), (end + pd.offsets.MonthEnd(0)).date()
    return None


def _utc_naive(value: object) -> pd.Timestamp | None:
    """An epoch-milliseconds number or a date string as a UTC time without time zone (None
    for a missing value; raises for anything else)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"not a time: {value!r}")
    stamp = (
        pd.Timestamp(value, unit="ms") if isinstance(value, int | float) else pd.Timestamp(value)
    )  # type: ignore[arg-type]
    if pd.isna(stamp):
        return None
    return stamp.tz_convert(None) if stamp.tzinfo is not None else stamp


def _apply_brush(chart_key: str) -> None:
    """Callback of the timeline: a brushed period becomes the sidebar's date range."""
    state = st.session_state.get(chart_key)
    selection = getattr(state, "selection", None)
    if selection is None and isinstance(state, Mapping):
        selection = state.get("selection")
    period = period_from_selection(selection or {})
    if period is not None:
        filters.set_date_range(*period)


def timeline_chart(counts: pd.DataFrame, by: str) -> alt.Chart:
    """The stacked monthly bars of `summary.monthly_counts`, coloured with the shared palette.

    The colour scale's domain is fixed (`seawatch.presentation.chart_colors`): a type keeps
    the colour it has on the map and in the exports whatever the view holds. Months are in
    UTC, like the selection's instants (`period_from_selection`): the bars and a brush's
    months do not shift with the browser's time zone.
    """
    domain, colours = presentation.chart_colors(by, counts["group"].unique())
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("utcyearmonth(month):T", title="Month"),
            y=alt.Y("sum(count):Q", title="Incidents"),
            color=alt.Color(
                "group:N",
                title="Type" if by == "type" else "Country",
                scale=alt.Scale(domain=domain, range=colours),
            ),
            tooltip=[
                alt.Tooltip("utcyearmonth(month):T", title="Month"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("sum(count):Q", title="Incidents"),
            ],
        )
        .add_params(brush)
        .properties(height=220)
    )


def render_timeline(view: pd.DataFrame, key: str = "timeline") -> None:
    """Incidents per month, stacked by type or by country (the analyst's choice).

    Dragging across the chart (a brush over the months) sets the sidebar's date filter to the
    months covered, so map, metrics, table and URL follow.
    """
    by = st.radio(
        "Stack by",
        ["type", "country"],
        horizontal=True,
        key=f"{key}_by",
        format_func=lambda b: {"type": "Incident type", "country": "Country"}[b],
    )
    counts = summary.monthly_counts(view, "country" if by == "country" else "type")
    if counts.empty:
        st.info("No incident in view.")
        return
    chart = timeline_chart(counts, "country" if by == "country" else "type")
    chart_key = f"{key}_chart"
    st.altair_chart(
        chart,
        width="stretch",
        key=chart_key,
        on_select=functools.partial(_apply_brush, chart_key),
        selection_mode=BRUSH,
    )
    st.caption(
        "Drag across the chart to narrow the dates to those months; "
        "“All dates” in the sidebar widens them again."
    )


def table_key(view: pd.DataFrame, base: str = TABLE_KEY) -> str:
    """The table's widget key for this view: `base` plus a digest of the view's incident ids.

    A filter change gives a new key, so the selection (row positions) of the previous view is
    dropped instead of pointing at other incidents of the new one.
    """
    digest = hashlib.sha256(str(len(view)).encode())
    if schema.INCIDENT_ID in view:
        digest.update(pd.util.hash_pandas_object(view[schema.INCIDENT_ID], index=False).to_numpy())
    return f"{base}_{digest.hexdigest()[:16]}"


def render_table(view: pd.DataFrame, key: str = TABLE_KEY) -> list[str]:
    """Sortable table of the incidents in view; returns the ids of the selected rows.

    The widget key is `table_key` (`key` + the view's digest): a new view starts unselected.
    The cells are those of `display_table`, so the table's own "Download as CSV" carries no
    spreadsheet formula; the full descriptions of the selected rows are shown under it.
    """
    table = summary.table_frame(view)
    widget_key = table_key(view, key)
    event = st.dataframe(
        display_table(table),
        key=widget_key,
        hide_index=True,
        on_select="rerun",
        selection_mode="multi-row",
        column_config={
            "source": st.column_config.LinkColumn(
                "source", help="Report the incident comes from (http(s) links only)"
            ),
            "source (text)": st.column_config.TextColumn(
                "source (text)", help="A source that is not a web link, shown as text"
            ),
            "date": st.column_config.DateColumn("date"),
            "description": st.column_config.TextColumn("description", width="large"),
        },
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    ids = (
        [] if "id" not in table else [str(table["id"].iloc[i]) for i in rows if 0 <= i < len(table)]
    )
    # The table lives in another tab than the map: its widget state is dropped on the first run
    # without it, so the selection is remembered (with the view it belongs to) for the map.
    st.session_state[_REMEMBERED.format(key)] = (widget_key, ids)
    _render_full_texts(table.iloc[[i for i in rows if 0 <= i < len(table)]])
    return ids


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """`summary.table_frame` as the dashboard shows it: descriptions cut to `TABLE_TEXT_CHARS`
    and every text cell through the CSV formula guard (`seawatch.text.neutralise_frame`).

    Streamlit's table toolbar offers "Download as CSV" of exactly these cells and has no option
    to route that download through seawatch's CSV writer, so the cells themselves are made safe
    (a description ``=HYPERLINK(...)`` shows as ``'=HYPERLINK(...)``, as in every CSV export).
    The ``source`` column holds only http(s) URLs (a link column) and is left as it is.

    Examples
    --------
    >>> row = display_table(pd.DataFrame({"id": ["@SUM(1)"], "description": ["ab " * 200]}))
    >>> row.loc[0, "id"], len(row.loc[0, "description"]), row.loc[0, "description"][-3:]
    ("'@SUM(1)", 297, 'ab…')
    """
    out = table.copy()
    if "description" in out:
        out["description"] = out["description"].map(
            lambda v: shorten(v, TABLE_TEXT_CHARS) if isinstance(v, str) else v
        )
    return neutralise_frame(out, skip=("source",))


def _render_full_texts(rows: pd.DataFrame) -> None:
    """The whole description of the selected rows whose table cell was cut."""
    if "description" not in rows:
        return
    long = rows[rows["description"].map(lambda v: isinstance(v, str) and len(v) > TABLE_TEXT_CHARS)]
    if long.empty:
        return
    with st.expander(f"Full text of {len(long):,} selected incident(s) (cut in the table)"):
        for _, row in long.head(MAX_FULL_TEXTS).iterrows():
            st.caption(f"Incident {row.get('id', '')}")
            st.text(row["description"])


def selection_ids(view: pd.DataFrame, key: str = TABLE_KEY) -> list[str]:
    """Ids of the rows selected in the table `key` for this `view` (read before the table is
    drawn again, or remembered from its last drawing); none when the view changed since the
    selection was made."""
    widget_key = table_key(view, key)
    state = st.session_state.get(widget_key)
    if state is None:
        remembered = st.session_state.get(_REMEMBERED.format(key))
        if isinstance(remembered, tuple) and remembered[0] == widget_key:
            return list(remembered[1])
        return []
    selection = state.get("selection", {}) if isinstance(state, dict) else state.selection
    rows = list(selection.get("rows", []) if isinstance(selection, dict) else selection.rows)
    if not rows:
        return []
    table = summary.table_frame(view)
    return [str(table["id"].iloc[i]) for i in rows if 0 <= i < len(table) and "id" in table]


def selected_rows(view: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The incidents of `view` whose ids are in `ids`."""
    if not ids or schema.INCIDENT_ID not in view:
        return view.iloc[0:0]
    return view[view[schema.INCIDENT_ID].isin(ids)]


def render_incident_detail(incident: pd.DataFrame, zone_names: Mapping[str, str]) -> None:
    """The detail panel of the selected incident (`seawatch.ui.filters.selected_incident`):
    date, type, countries, location, the whole description, every source as a link (http(s)
    only) and the zones by name, all escaped (`seawatch.mapping.incident_detail_html`); a
    permalink and a button that closes the panel. Nothing when no incident is selected."""
    if incident.empty:
        return
    row = incident.iloc[0].to_dict()
    ident = str(row.get(schema.INCIDENT_ID, ""))
    with st.container(border=True, key="incident_detail"):
        st.markdown(mapping.incident_detail_html(row, zone_names), unsafe_allow_html=True)
        st.caption("Permalink: the address bar now opens this incident on the map.")
        st.button(
            "Close details",
            key="close_incident_detail",
            on_click=filters.open_incident,
            args=(None,),
            help=f"Close the details of incident {ident}",
        )
