"""Dossiers: a named feature, a disputed area, an agreement or a joint area, and its incidents.

The choices come from `seawatch.presentation.dossier_options` (plain, tested); this module only
draws them.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import presentation, schema, summary
from seawatch.presentation import country_label
from seawatch.text import is_missing
from seawatch.ui.panels import render_table, render_timeline
from seawatch.ui.upload import plain
from seawatch.zones.features import FEATURES


def _text(value: object) -> str:
    """A zone attribute as text ('' when missing)."""
    return "" if is_missing(value) else str(value)


def _facts(facts: list[tuple[str, str]]) -> None:
    st.markdown("  \n".join(f"**{label}:** {plain(value)}" for label, value in facts))


def render_dossier(view: pd.DataFrame, zones: gpd.GeoDataFrame | None) -> None:
    """Choose a feature, disputed area, agreement or joint area; show its facts and incidents."""
    options = presentation.dossier_options(zones)
    choice = st.selectbox(
        "Feature, disputed area, agreement or joint area",
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
            f"**Holding:** {plain(presentation.holding_text(feature))}  \n"
            + "".join(
                f"**{country_label(c)} name:** {n}  \n" for c, n in sorted(feature.names.items())
            )
            + f"**Position:** {feature.lat:.3f}°N, {feature.lon:.3f}°E ([source]({feature.source}))"
        )
        nm = st.slider("Radius (nautical miles)", 1, 200, 12, key="dossier_nm")
        incidents = summary.incidents_near(view, feature.lat, feature.lon, float(nm))
        st.markdown(f"**{len(incidents)} incidents in view within {nm} nm**")
    elif zones is None:  # the other options exist only when zones are loaded
        return
    else:
        ids = presentation.dossier_zone_ids(zones, kind, ident)
        part = zones[zones[schema.ZONE_ID].astype(str).isin(ids)]
        if part.empty:
            return
        incidents = summary.incidents_in_zones(view, ids, part.geometry)
        if kind == "agreement" and presentation.agreement_by_key(ident) is not None:
            agreement = presentation.agreement_by_key(ident)
            assert agreement is not None
            st.subheader(presentation.short_title(agreement.title))
            _facts(presentation.agreement_facts(agreement))
        elif kind == "joint" and presentation.joint_by_zone_id(ident) is not None:
            area = presentation.joint_by_zone_id(ident)
            assert area is not None
            st.subheader(area.name)
            _facts(presentation.joint_facts(area))
        else:
            row = part.iloc[0]
            # zone files may be imported by the user: their texts are shown as typed (escaped)
            st.subheader(plain(_text(row.get(schema.ZONE_NAME)) or ident))
            status = _text(row.get(schema.ZONE_STATUS)) or ("disputed" if kind == "zone" else "")
            claimants = schema.as_codes(row.get(schema.ZONE_CLAIMANTS))
            claim = ", ".join(country_label(c) for c in claimants)
            families = presentation.families_text(
                sorted(g) for g in presentation.zone_families(row)
            )
            facts = [
                ("Status", presentation.status_sentence(status) if status else "—"),
                ("Claimants", claim or "none"),
                ("Claim families", families),
                ("Basis", _text(row.get(schema.ZONE_BASIS)) or "—"),
                ("Source", _text(row.get(schema.ZONE_SOURCE)) or "—"),
            ]
            _facts(facts)
        st.markdown(f"**{len(incidents)} incidents in view inside this area**")
    render_timeline(incidents, key="dossier_timeline")
    render_table(incidents, key="dossier_table")
