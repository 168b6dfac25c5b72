"""seawatch — the analyst dashboard (``streamlit run dashboard.py``).

Thin by design: page config, sidebar widgets -> one `IncidentFilter`, one call per panel into
`seawatch.ui`. Data branching lives in plain, tested functions (seawatch.summary, mapping).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from seawatch import auth
from seawatch.errors import SeawatchError
from seawatch.mapping import zone_name_lookup
from seawatch.search import match_summary
from seawatch.ui import (
    about,
    data,
    dossier,
    export,
    filters,
    mapview,
    panels,
    signin,
    turns,
    upload,
)
from seawatch.ui.presence import render_presence
from seawatch.ui.urlstate import TABS as TAB_NAMES

st.set_page_config(page_title="seawatch — South China Sea incidents", page_icon="🌊", layout="wide")

APP_DIR = str(Path(__file__).resolve().parent)


def page(turn_note: str | None) -> None:
    """The page's run: `turn_note` is a problem with the turns' setting, shown first."""
    if turn_note:
        st.warning(turn_note)
    try:
        assets = data.ensure_assets(APP_DIR)
    except SeawatchError as exc:  # e.g. a missing map-asset package, a bad SEAWATCH_MAP_ASSETS
        st.error(f"The map cannot be served: {exc}")
        st.stop()
    filter_box, display_box = st.sidebar.container(), st.sidebar.container()
    try:
        user = signin.render(st.sidebar.container())
    except SeawatchError as exc:  # a bad [seawatch_auth] table in the secrets
        st.error(f"Sign-in is misconfigured: {exc}")
        st.stop()
    # Only roles that may upload see the Upload tab (the upload itself checks the role again).
    tab_names = tuple(n for n in TAB_NAMES.values() if n != "Upload" or auth.can_import(user))
    filters.init_from_url(tab_names)  # the link's filter and view, once per session
    mapview.apply_map_requests()  # a popup's "Full details", a drawn area
    # A visit's first page shows the map before the sidebar's controls (they follow on the rerun
    # the drawn map triggers): the browser draws the map first instead of both at once.
    pending = filters.controls_pending(
        map_first=st.session_state.get(filters.K_TAB, tab_names[0]) == "Map",
        map_drawn=mapview.reported_drawn(),
    )
    if pending:
        choices = filters.current_display(imported_available=data.imported_available())
        loaded = data.load(choices.zone_source)
        # (an unknown id: a URL notice)
        incident = filters.selected_incident(
            data.incident_candidates(loaded, filters.requested_incident())
        )
        flt = filters.current_filter(joined=loaded.joined)
        filters.render_pending(filter_box)
    else:
        choices = filters.render_display(display_box, imported_available=data.imported_available())
        loaded = data.load(choices.zone_source)
        incident = filters.selected_incident(
            data.incident_candidates(loaded, filters.requested_incident())
        )
        flt = filters.render_filters(filter_box, joined=loaded.joined)
    for note in loaded.notes:
        st.info(upload.plain(note))  # notes may quote file content: shown as typed
    view = data.view_of(loaded, flt)  # in memory, or through SQL for a large PostgreSQL store

    st.markdown("#### seawatch — maritime incidents in the South China Sea")
    st.caption("; ".join(flt.describe()) or "All incidents")
    if flt.search:  # what the search matched: its words after stemming, its fields
        st.caption(upload.plain(match_summary(len(view), flt.query)))  # the query is user text
    panels.render_metrics(view, flt, lambda: data.period_change(loaded, flt), data_key=loaded.key)

    # Lazy tabs: only the open tab's panels run and reach the browser, so the first paint carries
    # the map alone (each other element type costs the browser a bundle to load and a render).
    tabs = st.tabs(list(tab_names), key=filters.K_TAB, on_change="rerun")
    open_tab = next(
        (name for name, tab in zip(tab_names, tabs, strict=True) if tab.open), tab_names[0]
    )
    with tabs[tab_names.index(open_tab)]:
        if open_tab == "Map":
            col_map, col_here = st.columns([3, 1])
            zone_names = zone_name_lookup(loaded.zones)
            start, shown = filters.start_view()
            with col_map:
                clicked = mapview.render_map(
                    view,
                    loaded.display_zones,
                    loaded.land,
                    names=choices.names,
                    assets=assets,
                    selected=panels.selected_rows(view, panels.selection_ids(view)),
                    layer_urls=data.static_layers(
                        APP_DIR,
                        choices.zone_source,
                        data.zones_version(choices.zone_source),
                        data.zones_version("builtin"),
                    ),
                    report_drawn=pending,
                    features=data.map_features(loaded, view),
                    start=start,
                    shown=shown,
                    incident=incident,
                    focus=filters.focus_incident(),
                    zone_names=zone_names,
                    area=flt.area,
                    data_key=f"{loaded.key}|{data.zones_version('builtin')}",
                )
            with col_here:
                panels.render_incident_detail(incident, zone_names)
                mapview.render_what_is_here(clicked, loaded.zones)
        elif open_tab == "Timeline & table":
            panels.render_timeline(view)
            panels.render_table(view)
        elif open_tab == "Zone dossier":
            dossier.render_dossier(view, loaded.zones)
        elif open_tab == "Presence":
            render_presence(loaded.zones)
        elif open_tab == "Upload":
            upload.render_upload()
        elif open_tab == "Exports":
            lines = data.lines_for(choices.zone_source)
            export.render_exports(view, loaded.zones, flt, lines=lines)
        else:
            about.render_about()
    filters.sync_url(flt)  # the whole view, the open tab included, in the URL


# One page run at a time in this server process, in arrival order (`seawatch.ui.turns`).
with turns.page_turn() as note:
    page(note)
