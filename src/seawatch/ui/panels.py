"""Metrics row, timeline and table of the incidents in view."""

from __future__ import annotations

import hashlib

import altair as alt
import pandas as pd
import streamlit as st

from seawatch import schema, summary
from seawatch.filtering import IncidentFilter

TABLE_KEY = "incident_table"
_REMEMBERED = "{}_remembered"


def render_metrics(view: pd.DataFrame, incidents: pd.DataFrame, flt: IncidentFilter) -> None:
    """Incidents in view, share in disputed areas, most-involved pair, change vs previous period."""
    cols = st.columns(4)
    cols[0].metric("Incidents in view", f"{len(view):,}")
    share = summary.disputed_share(view)
    cols[1].metric(
        "In disputed areas",
        "n/a" if share is None else f"{share:.0%}",
        help="Share of the incidents in view located where two or more states claim the sea.",
    )
    pair = summary.top_country_pair(view)
    cols[2].metric(
        "Most-involved pair",
        "—" if pair is None else f"{pair[0][0]}–{pair[0][1]}",
        None if pair is None else f"{pair[1]} incidents",
        delta_color="off",
    )
    change = summary.period_change(incidents, flt)
    if change is None:
        cols[3].metric("Change vs previous period", "—")
        return
    pct = "new" if change.percent is None else f"{change.percent:+.0f}%"
    cols[3].metric(
        "Change vs previous period",
        f"{change.current:,}",
        f"{change.delta:+,} ({pct})",
        delta_color="inverse",
        help=(
            f"{change.start} to {change.end} versus {change.previous_start} to "
            f"{change.previous_end} ({change.previous} incidents), same filters."
        ),
    )


def render_timeline(view: pd.DataFrame, key: str = "timeline") -> None:
    """Incidents per month, stacked by type or by country (the analyst's choice)."""
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
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title="Month"),
            y=alt.Y("sum(count):Q", title="Incidents"),
            color=alt.Color("group:N", title="Type" if by == "type" else "Country"),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("sum(count):Q", title="Incidents"),
            ],
        )
        .properties(height=220)
    )
    st.altair_chart(chart, width="stretch")


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
    """
    table = summary.table_frame(view)
    event = st.dataframe(
        table,
        key=table_key(view, key),
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
    st.session_state[_REMEMBERED.format(key)] = (table_key(view, key), ids)
    return ids


def selection_ids(view: pd.DataFrame, key: str = TABLE_KEY) -> list[str]:
    """Ids of the rows selected in the table `key` for this `view` (read before the table is
    drawn again, or remembered from its last drawing); none when the view changed since the
    selection was made."""
    state = st.session_state.get(table_key(view, key))
    if state is None:
        remembered = st.session_state.get(_REMEMBERED.format(key))
        if isinstance(remembered, tuple) and remembered[0] == table_key(view, key):
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
