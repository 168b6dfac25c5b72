"""The map panel and "What is here?".

The base map (background, zones, features, legend, scale) only changes with the zone data and the
place-name choice. Incidents and the table selection are sent as ``feature_group_to_add``, so a
filter change updates the markers without rebuilding the map: the analyst's center and zoom stay.
Only ``last_clicked`` is returned, so panning and zooming never rerun the script.
"""

from __future__ import annotations

import importlib
from dataclasses import asdict, is_dataclass
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from seawatch import mapping, schema

MAP_KEY = "incident_map"
MAP_HEIGHT = 560


def render_map(
    view: pd.DataFrame,
    zones: gpd.GeoDataFrame | None,
    land: gpd.GeoDataFrame | None,
    *,
    names: str,
    assets: str,
    selected: pd.DataFrame,
    layer_urls: dict[str, str] | None = None,
) -> tuple[float, float] | None:
    """Draw the map; return the (lat, lon) of the last click, if any.

    With `layer_urls` (see `seawatch.ui.data.static_layers`) the land and zones are fetched by
    the browser instead of being embedded.
    """
    base = mapping.base_map(
        zones, land=land, names=names, assets=assets, simplify=False, layer_urls=layer_urls
    )
    layers = [mapping.incident_layer(view, assets=assets), mapping.highlight_layer(selected)]
    center = None
    if len(selected):
        last = selected.iloc[-1]
        center = (float(last[schema.LATITUDE]), float(last[schema.LONGITUDE]))
    result = st_folium(
        base,
        key=f"{MAP_KEY}_{names}",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True),
        center=center,
    )
    clicked = (result or {}).get("last_clicked") if isinstance(result, dict) else None
    if not clicked:
        return None
    return float(clicked["lat"]), float(clicked["lng"])


def _describe(lat: float, lon: float) -> Any:
    """The spatial module's description of a point (None when it is not installed)."""
    try:
        spatial = importlib.import_module("seawatch.spatial")
    except ImportError:
        return None
    for name in ("describe_point", "claimants_at"):
        fn = getattr(spatial, name, None)
        if fn is not None:
            return fn(lat, lon)
    return None


def render_what_is_here(point: tuple[float, float] | None) -> None:
    """Claimants and zones at the last clicked point."""
    st.subheader("What is here?")
    if point is None:
        st.caption("Click the map to see who claims the waters at that point.")
        return
    lat, lon = point
    st.markdown(f"**{lat:.4f}°N, {lon:.4f}°E**")
    info = _describe(lat, lon)
    if info is None:
        st.info("Zone attribution is not available in this installation.")
        return
    if is_dataclass(info) and not isinstance(info, type):
        info = asdict(info)
    if isinstance(info, dict):
        for key, value in info.items():
            if isinstance(value, list | tuple | set | frozenset):
                value = ", ".join(mapping.country_label(str(v)) for v in value) or "none"
            st.markdown(f"- **{key.replace('_', ' ')}**: {value}")
    elif isinstance(info, list | tuple | set | frozenset):
        st.markdown(
            "**Claimed by:** " + (", ".join(mapping.country_label(str(c)) for c in info) or "none")
        )
    else:
        st.markdown(str(info))
