"""The map panel and "What is here?".

The base map (background, zones, features, legend, scale) only changes with the zone data and the
place-name choice. Incidents and the table selection are sent as ``feature_group_to_add``, so a
filter change updates the markers without rebuilding the map: the analyst's center and zoom stay.
Only ``last_clicked`` is returned, so panning and zooming never rerun the script; the map writes
its centre, zoom and layers into the URL itself (`seawatch.mapping.add_view_state`). A popup's
"Full details" link sends the incident's id as the component's value (`mapping.DETAILS_KEY`),
which opens its detail panel (`seawatch.ui.panels.render_incident_detail`); a finished drawing
sends the area (`mapping.AREA_KEY`), which filters (`apply_map_requests`).

While the page holds back the sidebar's filter controls (a visit's first page, see
`seawatch.ui.filters.controls_pending`), the map also carries `seawatch.mapping.drawn_signal_layer`:
once drawn it sets the component's value to ``{DRAWN_KEY: true}``, which reruns the page;
`reported_drawn` reads that value at the top of the next run.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import mapping, presentation, schema
from seawatch.areas import DrawnArea
from seawatch.errors import FilterError, SeawatchError
from seawatch.spatial import describe_point
from seawatch.ui import filters, shared
from seawatch.ui.upload import plain
from seawatch.ui.urlstate import MapView

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
    report_drawn: bool = False,
    features: list[dict[str, Any]] | None = None,
    start: MapView | None = None,
    shown: tuple[str, ...] | None = None,
    incident: pd.DataFrame | None = None,
    focus: bool = False,
    zone_names: dict[str, str] | None = None,
    area: DrawnArea | None = None,
    data_key: str | None = None,
) -> tuple[float, float] | None:
    """Draw the map; return the (lat, lon) of the last click, if any.

    With `layer_urls` (see `seawatch.ui.data.static_layers`) the land and zones are fetched by
    the browser instead of being embedded. With `report_drawn` the map tells the page when it
    has been drawn (see `reported_drawn`). `features`: the view's map features when already
    built (`seawatch.ui.data.map_features`). `start` and `shown`: the map's centre and zoom and
    its shown layers when it is created (from the session's link; None: the defaults).
    `incident`: the incident whose details are open (ringed; the map centres on it at
    `mapping.INCIDENT_ZOOM` with `focus`). `zone_names`: zone id -> name for the popups.
    `area`: the drawn area of the filter, outlined. `data_key`: identifies the data behind
    `view`, `zones` and `land` (their versions); with it the map's component arguments are
    shared between sessions that show the same map (`seawatch.ui.shared`), keyed on it and on
    every other argument (the selection, the open incident, the start view and the area
    included).
    """
    map_key = f"{MAP_KEY}_{names}"

    def build() -> dict[str, Any]:
        return _map_args(
            view,
            zones,
            land,
            names=names,
            assets=assets,
            selected=selected,
            layer_urls=layer_urls,
            report_drawn=report_drawn,
            features=features,
            key=map_key,
            start=start,
            shown=shown,
            incident=incident,
            focus=focus,
            zone_names=zone_names,
            area=area,
        )

    if data_key is None:
        args = build()
    else:
        ids = selected[schema.INCIDENT_ID].astype(str).tolist() if len(selected) else []
        open_id = (
            incident[schema.INCIDENT_ID].astype(str).tolist()
            if incident is not None and len(incident)
            else []
        )
        parts = (data_key, shared.view_digest(view), names, assets, layer_urls, report_drawn)
        session = (ids, open_id, focus, start, shown, area, sorted((zone_names or {}).items()))
        args = shared.map_call(shared.map_key(*parts, *session), build)
    result = shared.show_map(args, map_key)
    clicked = (result or {}).get("last_clicked") if isinstance(result, dict) else None
    if not clicked:
        return None
    return float(clicked["lat"]), float(clicked["lng"])


def center_of(selected: pd.DataFrame) -> tuple[float, float] | None:
    """Where the map centres: the last selected incident (None: where the analyst left it)."""
    if not len(selected):
        return None
    last = selected.iloc[-1]
    return float(last[schema.LATITUDE]), float(last[schema.LONGITUDE])


def _map_args(
    view: pd.DataFrame,
    zones: gpd.GeoDataFrame | None,
    land: gpd.GeoDataFrame | None,
    *,
    names: str,
    assets: str,
    selected: pd.DataFrame,
    layer_urls: dict[str, str] | None,
    report_drawn: bool,
    features: list[dict[str, Any]] | None,
    key: str,
    start: MapView | None,
    shown: tuple[str, ...] | None,
    incident: pd.DataFrame | None,
    focus: bool,
    zone_names: dict[str, str] | None,
    area: DrawnArea | None,
) -> dict[str, Any]:
    """The st_folium component's arguments for this map (see `render_map`)."""
    center, zoom = mapping.DEFAULT_CENTER, mapping.DEFAULT_ZOOM
    if start is not None:
        center, zoom = (start.lat, start.lon), start.zoom
    base = mapping.base_map(
        zones,
        land=land,
        names=names,
        assets=assets,
        simplify=False,
        layer_urls=layer_urls,
        center=center,
        zoom=zoom,
        shown=shown,
    )
    rings = selected if incident is None or incident.empty else pd.concat([selected, incident])
    # the signal goes first: a failing layer script after it cannot keep the controls away
    layers = [mapping.drawn_signal_layer()] if report_drawn else []
    layers += [
        mapping.incident_layer(view, assets=assets, features=features, zone_names=zone_names),
        mapping.highlight_layer(rings, zone_names),
    ]
    goto, goto_zoom = center_of(selected), None
    if focus and incident is not None and len(incident):
        row = incident.iloc[0]
        goto = (float(row[schema.LATITUDE]), float(row[schema.LONGITUDE]))
        goto_zoom = mapping.INCIDENT_ZOOM
    layers.append(mapping.area_layer(area))
    return shared.folium_args(
        base,
        key=key,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True),
        center=goto,
        zoom=goto_zoom,
    )


def apply_map_requests() -> None:
    """Act on what the map asked for since the last run, before the page builds its filter:
    a popup's "Full details" (`mapping.DETAILS_KEY`) opens that incident; a finished drawing
    (`mapping.AREA_KEY`) becomes the filter's area, or clears it. Each request once (its nonce).

    st_folium copies the component's value into ``st.session_state[<its key>]`` before the
    rerun that the value triggers (see `reported_drawn`).
    """
    for key, value in list(st.session_state.items()):
        if not str(key).startswith(MAP_KEY) or not isinstance(value, dict):
            continue
        asked = _new_request(value, mapping.DETAILS_KEY)
        if asked is not None and asked.get("id"):
            filters.open_incident(str(asked["id"]))
        drawing = _new_request(value, mapping.AREA_KEY)
        if drawing is not None:
            if drawing.get("kind") == "none":
                filters.set_area(None)
                continue
            try:
                filters.set_area(DrawnArea.from_drawing(drawing).to_param())
            except FilterError as exc:
                st.warning(plain(f"The drawn area is not used: {exc}"), icon="⚠️")


def _new_request(value: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The request `name` of a map's value, if it has not been handled yet."""
    asked = value.get(name)
    if not isinstance(asked, dict):
        return None
    seen = f"_{name}_nonce"
    if asked.get("nonce") == st.session_state.get(seen):
        return None
    st.session_state[seen] = asked.get("nonce")
    return asked


def reported_drawn() -> bool:
    """Whether a map of this session is known to be on screen: its last value is the drawn
    signal, or a click (a click sent before the signal's rerun started replaces the signal's
    value, and proves the same).

    st_folium copies the component's value into ``st.session_state[<its key>]`` before the rerun
    that the value triggers; the keys are ``MAP_KEY`` plus the place-name choice.
    """
    return any(
        isinstance(value, dict)
        and (value.get(mapping.DRAWN_KEY) is True or bool(value.get("last_clicked")))
        for key, value in st.session_state.items()
        if str(key).startswith(MAP_KEY)
    )


def render_what_is_here(
    point: tuple[float, float] | None,
    zones: gpd.GeoDataFrame | None,
    *,
    land: gpd.GeoDataFrame | None = None,
) -> None:
    """Status, claimants, agreement or dispute, EEZ and nearest feature at the last clicked
    point, from the zones the page shows (see `seawatch.presentation.here_facts`).

    `zones` is the loaded layer of the current zone source (None: not available); `land` is
    passed to `seawatch.spatial.describe_point` (None: the same bundled land as the join).
    """
    st.subheader("What is here?")
    if point is None:
        st.caption(
            "Click the map to see who claims the waters at that point. On markers and "
            "clusters, switch on the map's **?** button (probe mode) or Alt+click."
        )
        return
    lat, lon = point[0], mapping.wrap_longitude(point[1])
    st.markdown(f"**{mapping.format_position(lat, lon, 4)}**")
    if zones is None:
        st.info("No zone layer is loaded: zone attribution is not available.")
        return
    try:
        info = describe_point(lat, lon, zones, land=land)
    except SeawatchError as exc:
        st.error(f"This point cannot be described: {exc}")
        return
    for label, value in presentation.here_facts(info):
        st.markdown(f"**{label}:** {plain(value)}")
    zone_rows = info.get("zones") or []
    st.markdown(f"**Zones ({len(zone_rows)}):**" if zone_rows else "**Zones:** none")
    for zone in zone_rows:
        owners = ", ".join(zone.get("claimants") or []) or "none"
        row = f"{zone.get('name') or zone.get('kind')} ({zone.get('kind')}; {owners})"
        st.markdown(f"- {plain(row)}")
