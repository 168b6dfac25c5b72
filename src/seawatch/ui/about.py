"""The About tab: what the data are, where they come from and their licences."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from seawatch import __version__, datasets, public_data
from seawatch.errors import SeawatchError


def render_about() -> None:
    """Show data/README.md (sources, licences, how each file was made) and the zone README."""
    st.markdown(f"**seawatch {__version__}** — maritime incidents in the South China Sea.")
    for path in (datasets.data_dir() / "README.md", datasets.zones_dir() / "README.md"):
        if path.exists():
            with st.expander(str(path.relative_to(datasets.data_dir().parent)), expanded=True):
                st.markdown(path.read_text(encoding="utf-8"))
    _render_public_datasets()
    st.markdown(
        "Map software: Leaflet (BSD-2-Clause), Leaflet.markercluster (MIT), "
        "folium (MIT), streamlit-folium (MIT), served from the local installation."
    )


def _render_public_datasets() -> None:
    """Public datasets fetched into this store (`seawatch datasets fetch`), with licence and
    citation; shown as a table (no HTML), so no text from the records is interpreted."""
    st.subheader("Public datasets fetched on this machine")
    try:
        records = public_data.fetched_records()
    except SeawatchError as exc:
        st.warning(str(exc))
        return
    if not records:
        st.caption(
            "None yet. `seawatch datasets list` shows what can be fetched "
            f"({', '.join(sorted(public_data.DATASETS))}); `seawatch datasets fetch NAME` "
            "downloads, verifies and imports one as a batch."
        )
        return
    columns = ["name", "title", "licence", "citation", "url", "fetched_at", "batch_id", "added"]
    table = pd.DataFrame([{c: r.get(c) for c in columns} for r in records], columns=columns)
    table["batch"] = [
        f"{r.get('batch_id')} (undone)" if r.get("undone") else str(r.get("batch_id"))
        for r in records
    ]
    st.dataframe(table.drop(columns="batch_id"), hide_index=True, width="stretch")
