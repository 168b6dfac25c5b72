"""The About tab: what the data are, where they come from and their licences."""

from __future__ import annotations

import streamlit as st

from seawatch import __version__, datasets


def render_about() -> None:
    """Show data/README.md (sources, licences, how each file was made) and the zone README."""
    st.markdown(f"**seawatch {__version__}** — maritime incidents in the South China Sea.")
    for path in (datasets.data_dir() / "README.md", datasets.zones_dir() / "README.md"):
        if path.exists():
            with st.expander(str(path.relative_to(datasets.data_dir().parent)), expanded=True):
                st.markdown(path.read_text(encoding="utf-8"))
    st.markdown(
        "Map software: Leaflet (BSD-2-Clause), Leaflet.markercluster (MIT), "
        "folium (MIT), streamlit-folium (MIT), served from the local installation."
    )
