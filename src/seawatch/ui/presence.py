"""The Presence tab: what ``seawatch presence ... --out DIR`` found, for one vessel class.

Reads an output folder (`seawatch.presence.outputs`; ``SEAWATCH_PRESENCE_DIR`` or the folder
typed in) and draws the tables of `seawatch.presence.tables`: ship-days by zone and month, the
vessels near a feature and one vessel's entries/exits timeline, and the entries as candidate
incidents with an upload-ready CSV (`seawatch.export.data.to_csv`, formula-guarded). Texts
from the output (vessel names, paths) reach the page only through tables, charts and escaped
markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import schema
from seawatch.errors import InputError
from seawatch.export.data import export_table, to_csv
from seawatch.presence import outputs, tables
from seawatch.presentation import CATEGORY_COLORS, PRESENCE_TARGET_STYLE, vessel_class_label
from seawatch.text import neutralise_frame
from seawatch.ui.upload import plain

#: Candidate incidents shown in the table (all of them go into the download).
MAX_CANDIDATES_SHOWN: Final = 1_000
_ALL_LABEL: Final = "All classes"


@dataclass(frozen=True)
class PresenceChoice:
    """The widget values of the tab: the folder and the vessel class ('' for all)."""

    folder: str
    vessel_class: str


@st.cache_resource(show_spinner="Reading the presence output…", max_entries=4)
def _read(folder: str, stamp: tuple[float, ...]) -> outputs.PresenceOutput:
    """`outputs.read_output`, cached per folder and file times (`stamp`); frames read-only."""
    del stamp  # part of the cache key only
    return outputs.read_output(folder)


def _stamp(folder: str) -> tuple[float, ...]:
    times = []
    for name in outputs.NEEDED:
        try:
            times.append((Path(folder).expanduser() / name).stat().st_mtime)
        except OSError:
            times.append(-1.0)
    return tuple(times)


def render_presence(zones: gpd.GeoDataFrame | None = None) -> None:
    """Draw the Presence tab; `zones` (optional) names the zone ids."""
    folder = st.text_input(
        "Presence output folder",
        value=outputs.default_folder(),
        key="presence_dir",
        help="The folder written by `seawatch presence POSITIONS --out DIR` "
        f"(the page opens {outputs.ENV_VAR} first).",
    ).strip()
    if not folder:
        st.info(
            "Type the folder of a presence output (`seawatch presence POSITIONS --out DIR`), "
            f"or start the dashboard with {outputs.ENV_VAR} set to it."
        )
        return
    try:
        output = _read(folder, _stamp(folder))
    except InputError as exc:
        st.error(plain(exc))
        return
    classes = tables.vessel_classes(output.vessel_days)
    vessel_class = st.selectbox(
        "Vessel class",
        [tables.ALL_CLASSES, *classes],
        format_func=lambda c: _ALL_LABEL if c == tables.ALL_CLASSES else vessel_class_label(c),
        key="presence_class",
    )
    choice = PresenceChoice(folder, str(vessel_class or tables.ALL_CLASSES))
    st.caption(
        plain(
            f"{output.folder}: {len(output.vessel_days):,} vessel-day rows, "
            f"{len(output.events):,} entry/exit events"
        )
    )
    _render_ship_days(output, choice, _zone_names(zones))
    _render_near_feature(output, choice)
    _render_candidates(output, choice)


def _zone_names(zones: gpd.GeoDataFrame | None) -> dict[str, str]:
    if zones is None or schema.ZONE_NAME not in zones or schema.ZONE_ID not in zones:
        return {}
    names = zones[[schema.ZONE_ID, schema.ZONE_NAME]].dropna()
    return dict(
        zip(names[schema.ZONE_ID].astype(str), names[schema.ZONE_NAME].astype(str), strict=True)
    )


def _class_text(choice: PresenceChoice) -> str:
    """The chosen class for captions, markdown-escaped (a class name comes from the user's
    vessel file)."""
    if choice.vessel_class == tables.ALL_CLASSES:
        return "all vessel classes"
    return plain(vessel_class_label(choice.vessel_class))


def _render_ship_days(
    output: outputs.PresenceOutput, choice: PresenceChoice, names: dict[str, str]
) -> None:
    st.subheader("Ship-days by zone and month")
    counts = tables.ship_days_by_zone_month(output.vessel_days, choice.vessel_class)
    if counts.empty:
        st.info(f"No ship-days inside a zone for {_class_text(choice)}.")
        return
    counts.insert(2, "zone", [names.get(z, z) for z in counts["zone_id"]])
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="Month (UTC)"),
            y=alt.Y("sum(ship_days):Q", title="Ship-days"),
            color=alt.Color("zone:N", title="Zone", scale=alt.Scale(range=list(CATEGORY_COLORS))),
            xOffset="zone:N",
            tooltip=["month", "zone", "zone_id", "ship_days"],
        )
        .properties(height=260)
    )
    st.altair_chart(chart, width="stretch")
    st.dataframe(counts, hide_index=True, width="stretch", key="presence_ship_days")
    st.caption(
        f"{_class_text(choice)}: a ship-day is a vessel with at least one position in the zone "
        "on a UTC day; nothing is interpolated across AIS gaps."
    )


def _render_near_feature(output: outputs.PresenceOutput, choice: PresenceChoice) -> None:
    st.subheader("A vessel near a feature")
    events = tables.of_class(output.events, choice.vessel_class)
    features = tables.presence_features(events)
    if not features:
        st.info(f"No vessel of {_class_text(choice)} came within 12 nm of a named feature.")
        return
    feature = st.selectbox("Feature", features, key="presence_feature")
    vessels = tables.vessels_near_feature(events, str(feature))
    st.dataframe(neutralise_frame(vessels), hide_index=True, width="stretch")
    labels = _vessel_labels(vessels)
    vessel = st.selectbox(
        "Vessel", list(labels), format_func=lambda v: labels.get(v, v), key="presence_vessel"
    )
    if vessel is None:
        return
    timeline = tables.vessel_events(output.events, str(vessel))
    st.altair_chart(_timeline_chart(timeline), width="stretch")
    st.caption(
        "Entries and exits of this vessel (the output keeps no positions): a bar runs from the "
        "first to the last position inside; gaps longer than the run's --max-gap end a bar."
    )
    shown = ["target_label", "entry_time", "exit_time", "duration_h", "positions", "entry", "exit"]
    st.dataframe(timeline[shown], hide_index=True, width="stretch", key="presence_timeline")


def _vessel_labels(vessels: pd.DataFrame) -> dict[str, str]:
    names = vessels["name"] if "name" in vessels else pd.Series("", index=vessels.index)
    out = {}
    for vessel, name in zip(vessels["vessel_id"].astype(str), names, strict=True):
        text = "" if pd.isna(name) else str(name).strip()
        out[vessel] = f"{text} ({vessel})" if text else vessel
    return out


def _timeline_chart(timeline: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    kinds = [k for k in PRESENCE_TARGET_STYLE if k in set(timeline["target_kind"])]
    data = timeline[["target_label", "entry_time", "exit_time", "duration_h"]].assign(
        area=[PRESENCE_TARGET_STYLE.get(k, (k, ""))[0] for k in timeline["target_kind"]]
    )
    color = alt.Color(
        "area:N",
        title="Area",
        scale=alt.Scale(
            domain=[PRESENCE_TARGET_STYLE[k][0] for k in kinds],
            range=[PRESENCE_TARGET_STYLE[k][1] for k in kinds],
        ),
    )
    base = alt.Chart(data).encode(
        y=alt.Y("target_label:N", title=None),
        color=color,
        tooltip=["target_label", "entry_time", "exit_time", "duration_h"],
    )
    utc = alt.Scale(type="utc")
    bars = base.mark_bar(height=10).encode(
        x=alt.X("entry_time:T", title="Time (UTC)", scale=utc), x2="exit_time:T"
    )
    starts = base.mark_point(filled=True, size=40).encode(x=alt.X("entry_time:T", scale=utc))
    return alt.layer(bars, starts).properties(height=max(120, 26 * data["target_label"].nunique()))


def _render_candidates(output: outputs.PresenceOutput, choice: PresenceChoice) -> None:
    st.subheader("Entries as candidate incidents")
    found = tables.candidates(output, choice.vessel_class)
    if found.empty:
        st.info(f"No candidate incidents for {_class_text(choice)}.")
        return
    table = neutralise_frame(export_table(found))
    st.dataframe(table.head(MAX_CANDIDATES_SHOWN), hide_index=True, width="stretch")
    shown = min(len(table), MAX_CANDIDATES_SHOWN)
    st.caption(
        f"{shown:,} of {len(table):,} shown. Each entry of a vessel into a claim, an EEZ or a "
        "feature's 12 nm (not its own flag state's) is one row of seawatch's incident schema, "
        "type 'other', described as 'Candidate incursion'; keep the ones that matter and "
        "upload the file in the Upload tab."
    )
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", choice.vessel_class) or "all"
    st.download_button(
        f"Download {len(found):,} candidate incidents (CSV, upload-ready)",
        data=lambda: to_csv(found),
        file_name=f"candidate_incidents_{slug}.csv",
        mime="text/csv",
        key="presence_download",
        on_click="ignore",
    )
