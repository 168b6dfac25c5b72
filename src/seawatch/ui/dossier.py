"""Zone dossier: one disputed area or named feature, its claimants, basis and incidents."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import schema, summary
from seawatch.mapping import codes, country_label, is_missing
from seawatch.ui.panels import render_table, render_timeline
from seawatch.ui.upload import plain
from seawatch.zones.features import FEATURES


def _options(zones: gpd.GeoDataFrame | None) -> dict[str, str]:
    """Choice key -> label: features first, then disputed areas."""
    out = {f"feature:{f.key}": f"{f.name} ({f.group})" for f in FEATURES}
    if zones is not None and schema.ZONE_KIND in zones:
        disputed = zones[zones[schema.ZONE_KIND] == "disputed"]
        for row in disputed.itertuples():
            zid = str(getattr(row, schema.ZONE_ID))
            name = getattr(row, schema.ZONE_NAME, None) or zid
            claim = ", ".join(codes(getattr(row, schema.ZONE_CLAIMANTS, "")))
            out[f"zone:{zid}"] = f"Disputed area {name} ({claim})"
    return out


def _text(value: object) -> str:
    """A zone attribute as text ('' when missing)."""
    return "" if is_missing(value) else str(value)


def render_dossier(view: pd.DataFrame, zones: gpd.GeoDataFrame | None) -> None:
    """Choose a feature or a disputed area; show its claimants, basis and incidents in view."""
    options = _options(zones)
    choice = st.selectbox(
        "Feature or disputed area",
        list(options.keys()),
        format_func=lambda k: options.get(str(k), str(k)),
        key="dossier_choice",
    )
    if choice is None:
        return
    kind, _, ident = choice.partition(":")
    if kind == "feature":
        feature = next(f for f in FEATURES if f.key == ident)
        st.subheader(feature.name)
        st.markdown(
            f"**Group:** {feature.group}  \n"
            f"**Claimed by:** {', '.join(country_label(c) for c in feature.claimants)}  \n"
            + "".join(
                f"**{country_label(c)} name:** {n}  \n" for c, n in sorted(feature.names.items())
            )
            + f"**Position:** {feature.lat:.3f}°N, {feature.lon:.3f}°E ([source]({feature.source}))"
        )
        nm = st.slider("Radius (nautical miles)", 1, 200, 12, key="dossier_nm")
        incidents = summary.incidents_near(view, feature.lat, feature.lon, float(nm))
        st.markdown(f"**{len(incidents)} incidents in view within {nm} nm**")
    else:
        if zones is None:  # the option exists only when zones are loaded
            return
        row = zones[zones[schema.ZONE_ID].astype(str) == ident].iloc[0]
        # zone files may be imported by the user: their texts are shown as typed (escaped)
        st.subheader(plain(_text(row.get(schema.ZONE_NAME)) or ident))
        claim = ", ".join(country_label(c) for c in codes(row.get(schema.ZONE_CLAIMANTS)))
        basis = plain(_text(row.get(schema.ZONE_BASIS))) or "—"
        source = plain(_text(row.get(schema.ZONE_SOURCE))) or "—"
        st.markdown(f"**Claimants:** {plain(claim)}  \n**Basis:** {basis}  \n**Source:** {source}")
        incidents = summary.incidents_in_zone(view, ident, row.geometry)
        st.markdown(f"**{len(incidents)} incidents in view inside this area**")
    render_timeline(incidents, key="dossier_timeline")
    render_table(incidents, key="dossier_table")
