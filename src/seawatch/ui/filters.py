"""The sidebar filters and the view, kept in two-way sync with the URL.

On the first run of a browser session (`init_from_url`) the URL's filter parameters
(`IncidentFilter.from_query_params`) set the widgets, and its view parameters
(`seawatch.ui.urlstate.parse_view`: tab, date preset, place names, selected incident, map view
and layers) set the tab, the preset, the names and the map's start; invalid values are dropped
and listed in a visible notice, the defaults apply. On every run the widgets build ONE
`IncidentFilter` and the URL is rewritten to its `to_query_params()` plus the view's parameters
(`sync_url`), so the address bar always holds a shareable link to the whole view. The map's
centre, zoom and layers are written by the map itself, in the browser (no rerun).

On a visit's first page the filter controls are held back until the map is on screen
(`controls_pending`): the widgets cost the browser scripts to load and work on the same two
cores that draw the map (measured: ~0.8 s of the first paint for this sidebar). That run takes its
filter and display choices from the same session state the widgets will hold
(`current_filter`, `current_display`), so the view, the URL and the later widgets agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import streamlit as st

from seawatch import presentation, schema
from seawatch.areas import DrawnArea
from seawatch.errors import FilterError
from seawatch.filtering import IncidentFilter
from seawatch.presentation import disputed_definition
from seawatch.sea_areas import SEA_AREAS
from seawatch.search import parse_query
from seawatch.ui import urlstate
from seawatch.ui.upload import plain
from seawatch.ui.urlstate import PRESET_12M, PRESET_2324, PRESET_ALL, PRESET_CUSTOM

PRESETS: Final = (PRESET_ALL, PRESET_12M, PRESET_2324, PRESET_CUSTOM)

#: Widget keys (the AppTest tests address widgets by these).
K_COUNTRIES: Final = "f_countries"
K_CLAIMANTS: Final = "f_claimants"
K_PRESET: Final = "f_preset"
K_RANGE: Final = "f_range"
K_TYPES: Final = "f_types"
K_DISPUTED: Final = "f_disputed"
K_PRECISIONS: Final = "f_precisions"
K_SEA_AREAS: Final = "f_sea_areas"
K_SEARCH: Final = "f_search"
#: The date picker's bounds (a URL date outside them is clamped, with a notice).
DATE_MIN: Final = dt.date(1990, 1, 1)
DATE_MAX: Final = dt.date(2100, 1, 1)
K_ZONE_SOURCE: Final = "zone_source"
K_NAMES: Final = "place_names"
#: The open tab (the key of the page's `st.tabs`).
K_TAB: Final = "view_tab"
#: The incident whose detail panel is open (its id), and whether the map centres on it.
K_INCIDENT: Final = "incident"
K_FOCUS: Final = "_focus_incident"
#: The map's start from the link: a `urlstate.MapView` and the shown layer keys (None: default).
K_MAP_VIEW: Final = "_map_view_from_url"
#: The drawn area of the filter (`seawatch.areas.DrawnArea.to_param` text, or None).
K_AREA: Final = "drawn_area"
K_LAYERS: Final = "_layers_from_url"
#: Set once the filter controls have been drawn in this session.
K_SHOWN: Final = "_filter_controls_shown"
_INIT: Final = "_filters_from_url"
_NOTICES: Final = "_url_notices"
_DEFAULT_RANGE_START: Final = dt.date(2009, 1, 1)


@dataclass(frozen=True)
class SidebarChoices:
    """Display choices that are not part of the incident filter."""

    zone_source: str
    names: str


def preset_range(preset: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The (since, until) of a date preset; (None, None) for all dates and a custom range."""
    if preset == PRESET_12M:
        return today - dt.timedelta(days=365), today
    if preset == PRESET_2324:
        return dt.date(2023, 1, 1), dt.date(2024, 12, 31)
    return None, None


def init_from_url(tabs: tuple[str, ...] | None = None) -> None:
    """Put the URL's filter and view into the session state (once per session).

    Values the widgets cannot hold are not dropped silently: claimants outside the claimant
    options are ignored and dates outside the picker's bounds are clamped, each with a notice;
    so is a tab that is not among `tabs` (e.g. Upload for a visitor who may not import). A date
    preset (``period``) wins over the ``since`` / ``until`` written with it.
    """
    if st.session_state.get(_INIT):
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    rest, view_params = urlstate.split_params(params)
    flt, notices = IncidentFilter.from_query_params(rest)
    view, view_notices = urlstate.parse_view(view_params)
    notices += view_notices
    claimants = [c for c in flt.claimants if c in schema.CLAIMANTS]
    notices += [
        f"Ignored claimant={c!r}: not one of the claimants {', '.join(schema.CLAIMANTS)}"
        for c in flt.claimants
        if c not in schema.CLAIMANTS
    ]
    state = st.session_state
    state[K_COUNTRIES] = list(flt.countries)
    state[K_CLAIMANTS] = claimants
    state[K_TYPES] = list(flt.types)
    state[K_PRECISIONS] = list(flt.precisions)
    state[K_SEA_AREAS] = list(flt.sea_areas)
    state[K_DISPUTED] = flt.disputed_only
    state[K_SEARCH] = flt.search
    state[K_AREA] = flt.area.to_param() if flt.area is not None else None
    if view.period is not None:
        state[K_PRESET] = view.period
    elif flt.since or flt.until:
        since = _clamp("since", flt.since or DATE_MIN, notices)
        until = _clamp("until", flt.until or dt.date.today(), notices)
        state[K_PRESET] = PRESET_CUSTOM
        state[K_RANGE] = (since, until)
    if view.tab is not None:
        if tabs is None or view.tab in tabs:
            state[K_TAB] = view.tab
        else:
            notices.append(
                f"Ignored tab={view_params['tab'][0]!r}: the {view.tab} tab is not available "
                "to this visitor"
            )
    if view.names is not None:
        state[K_NAMES] = view.names
    if view.incident is not None:
        state[K_INCIDENT] = view.incident
        state[K_FOCUS] = view.map is None
    state[K_MAP_VIEW] = view.map
    state[K_LAYERS] = view.layers
    state[_NOTICES] = notices
    state[_INIT] = True


def requested_incident() -> str | None:
    """The id of the incident whose details are asked for (a link's or a popup's), if any."""
    ident = st.session_state.get(K_INCIDENT)
    return str(ident) if ident else None


def selected_incident(incidents: pd.DataFrame) -> pd.DataFrame:
    """The row of the incident whose details are open (none, or one row).

    An id that is not among `incidents` (an old or mistyped link) closes the details with a
    notice naming the value; the rest of the page works as usual.
    """
    ident = st.session_state.get(K_INCIDENT)
    if not ident or schema.INCIDENT_ID not in incidents:
        return incidents.iloc[0:0]
    rows = incidents[incidents[schema.INCIDENT_ID].astype(str) == str(ident)]
    if rows.empty:
        st.session_state[K_INCIDENT] = None
        notices = st.session_state.setdefault(_NOTICES, [])
        notices.append(
            f"incident={urlstate.shorten_value(str(ident))!r} is not a known incident id: "
            "no incident is selected"
        )
    return rows.head(1)


def open_incident(ident: str | None, *, focus: bool = False) -> None:
    """Open the details of incident `ident` (None closes them); `focus` centres the map on it."""
    st.session_state[K_INCIDENT] = ident
    st.session_state[K_FOCUS] = focus and ident is not None


def set_area(text: str | None) -> None:
    """Make the filter's drawn area `text` (`DrawnArea.to_param`); None clears it."""
    st.session_state[K_AREA] = text


def _area(text: Any) -> DrawnArea | None:
    """The session's drawn area (always written by `set_area`; unreadable text: none)."""
    if not text:
        return None
    try:
        return DrawnArea.parse(str(text))
    except FilterError:
        return None


def start_view() -> tuple[urlstate.MapView | None, tuple[str, ...] | None]:
    """The map's start from the session's link: (centre and zoom, shown layer keys); None for
    the defaults."""
    return st.session_state.get(K_MAP_VIEW), st.session_state.get(K_LAYERS)


def focus_incident() -> bool:
    """Whether the map centres on the selected incident (a link without a map view)."""
    return bool(st.session_state.get(K_FOCUS)) and bool(st.session_state.get(K_INCIDENT))


def set_date_range(since: dt.date, until: dt.date) -> None:
    """Make the date filter a custom range (for a callback, before the widgets are drawn).

    Used by the timeline's brush; the dates are clamped to the picker's bounds.
    """
    since, until = sorted((since, until))
    st.session_state[K_PRESET] = PRESET_CUSTOM
    st.session_state[K_RANGE] = (
        min(max(since, DATE_MIN), DATE_MAX),
        min(max(until, DATE_MIN), DATE_MAX),
    )


def _clamp(name: str, value: dt.date, notices: list[str]) -> dt.date:
    """`value` within the picker's bounds; a notice when it had to move."""
    clamped = min(max(value, DATE_MIN), DATE_MAX)
    if clamped != value:
        notices.append(
            f"{name}={value.isoformat()!r} is outside {DATE_MIN.isoformat()} to "
            f"{DATE_MAX.isoformat()}: using {clamped.isoformat()}"
        )
    return clamped


def _country_name(code: str) -> str:
    return presentation.country_label(code)


def controls_pending(*, map_first: bool, map_drawn: bool) -> bool:
    """Whether this run leaves out the filter controls (they are drawn on a later run).

    Only until the controls have been drawn once in the session, and only when this run shows
    the map (`map_first`) that has not yet reported being drawn (`map_drawn`).
    """
    return map_first and not map_drawn and not st.session_state.get(K_SHOWN)


def current_filter(*, joined: bool) -> IncidentFilter:
    """The filter the widgets will show, from the URL (first run) or the session state.

    Same result as `render_filters` for the same state, without drawing anything but the URL
    notices; the URL is made to hold it.
    """
    init_from_url()
    _show_url_notices()
    state = st.session_state
    preset = state.get(K_PRESET, PRESET_ALL)
    if preset == PRESET_CUSTOM:
        since, until = _custom_range(state.get(K_RANGE, _default_range()))
    else:
        since, until = preset_range(preset, dt.date.today())
    flt = _build(
        state.get(K_COUNTRIES, []),
        state.get(K_CLAIMANTS, []),
        (since, until),
        state.get(K_TYPES, []),
        state.get(K_DISPUTED, False),
        state.get(K_PRECISIONS, []),
        state.get(K_SEARCH, ""),
        joined=joined,
        sea_areas=state.get(K_SEA_AREAS, []),
        area=state.get(K_AREA),
    )
    sync_url(flt)
    return flt


def current_display(*, imported_available: bool) -> SidebarChoices:
    """The display choices the widgets will show (their defaults until changed)."""
    source = st.session_state.get(K_ZONE_SOURCE, "builtin")
    names = st.session_state.get(K_NAMES, "en")
    return SidebarChoices(
        zone_source="imported" if source == "imported" and imported_available else "builtin",
        names=names if names in _name_options() else "en",
    )


def render_pending(sb: Any) -> None:
    """What the sidebar shows while the filter controls are held back."""
    sb.header("Filters")
    sb.caption(
        "The filter controls appear as soon as the map is drawn (or when another tab is opened)."
    )


def _show_url_notices() -> None:
    for notice in st.session_state.get(_NOTICES, []):
        # URL text is the visitor's: escaped so it never renders as a link or an image
        st.warning(plain(f"Link parameter not used as given: {notice}"), icon="⚠️")


def _build(
    countries: Any,
    claimants: Any,
    dates: tuple[dt.date | None, dt.date | None],
    types: Any,
    disputed: Any,
    precisions: Any,
    search: Any,
    *,
    joined: bool,
    sea_areas: Any = (),
    area: Any = None,
) -> IncidentFilter:
    """The one `IncidentFilter` of the sidebar's values (claimants/disputed need the join).

    A search with a bad field value (``type:laser``) is shown as a warning and left out."""
    try:
        parse_query(search or "")
    except FilterError as exc:
        st.warning(plain(f"Search ignored: {exc}"))  # the query is text from users
        search = ""
    return IncidentFilter(
        countries=tuple(countries),
        claimants=tuple(claimants) if joined else (),
        since=dates[0],
        until=dates[1],
        types=tuple(types),
        disputed_only=bool(disputed) and joined,
        precisions=tuple(precisions),
        search=search or "",
        sea_areas=tuple(sea_areas),
        area=_area(area),
    )


def render_filters(sb: Any, *, joined: bool) -> IncidentFilter:
    """Draw the filter widgets into `sb`; return the filter they describe (also put in the URL).

    `joined` says whether the incidents carry zone attribution; without it the claimant and
    disputed filters are disabled (they need the join's columns).
    """
    init_from_url()
    _show_url_notices()
    st.session_state[K_SHOWN] = True
    sb.header("Filters")
    countries = sb.multiselect(
        "Countries involved",
        sorted(schema.ISO3_CODES, key=_country_name),
        key=K_COUNTRIES,
        format_func=_country_name,
    )
    claimants = sb.multiselect(
        "In waters claimed by",
        list(schema.CLAIMANTS),
        key=K_CLAIMANTS,
        format_func=_country_name,
        disabled=not joined,
        help=None if joined else "Needs the zone layer and the join.",
    )
    dates = _date_widgets(sb)
    types = sb.multiselect(
        "Incident type",
        list(schema.INCIDENT_TYPES),
        key=K_TYPES,
        format_func=presentation.type_label,
    )
    disputed = sb.checkbox(
        "Disputed areas only",
        key=K_DISPUTED,
        disabled=not joined,
        help=disputed_definition() if joined else "Needs the zone layer and the join.",
    )
    areas = sb.multiselect(
        "Sea area",
        list(SEA_AREAS),
        key=K_SEA_AREAS,
        help="Limits of oceans and seas of the International Hydrographic Organization "
        "(S-23, 1953), from their published definitions; the Gulf of Tonkin is the area the "
        "2000 China-Viet Nam agreement closes (S-23 gives it no limits).",
    )
    precisions = sb.multiselect("Location precision", list(schema.PRECISIONS), key=K_PRECISIONS)
    search = sb.text_input(
        "Search descriptions and places",
        key=K_SEARCH,
        help='Any case, punctuation or word form ("water cannon" finds "water-cannoned"); '
        '"quoted phrase"; fields type:water_cannon, country:VNM, place:"Second Thomas".',
    )
    area = _area_widgets(sb)
    flt = _build(
        countries,
        claimants,
        dates,
        types,
        disputed,
        precisions,
        search,
        joined=joined,
        sea_areas=areas,
        area=area,
    )
    sync_url(flt)
    return flt


def _area_widgets(sb: Any) -> str | None:
    """The drawn area: its geodesic measures and a button that clears it, or how to draw one."""
    text = st.session_state.get(K_AREA)
    area = _area(text)
    if area is None:
        sb.caption("Area: draw a polygon (⬠) or a circle (◯) on the map to filter by it.")
        return None
    sb.markdown(f"**Drawn area:** {plain(area.describe())}")
    sb.button("Clear drawn area", key="clear_drawn_area", on_click=set_area, args=(None,))
    return str(text)


def _date_widgets(sb: Any) -> tuple[dt.date | None, dt.date | None]:
    preset = sb.radio("Dates", PRESETS, key=K_PRESET, horizontal=True)
    if preset != PRESET_CUSTOM:
        return preset_range(preset, dt.date.today())
    if K_RANGE not in st.session_state:
        st.session_state[K_RANGE] = _default_range()
    picked = sb.date_input("From – to", key=K_RANGE, min_value=DATE_MIN, max_value=DATE_MAX)
    return _custom_range(picked)


def _default_range() -> tuple[dt.date, dt.date]:
    return _DEFAULT_RANGE_START, dt.date.today()


def _custom_range(picked: Any) -> tuple[dt.date | None, dt.date | None]:
    """(since, until) of the date picker's value (one date while the second is being picked)."""
    values = list(picked) if isinstance(picked, list | tuple) else [picked]
    since = values[0] if values else None
    until = values[1] if len(values) > 1 else None
    if since and until and since > until:
        since, until = until, since
    return since, until


def _name_options() -> list[str]:
    return list(presentation.NAME_CHOICES)


def render_display(sb: Any, *, imported_available: bool) -> SidebarChoices:
    """Draw the display choices (zone layer, place names) into `sb`."""
    sb.header("Display")
    source = sb.radio(
        "Zone layer",
        ["builtin", "imported"] if imported_available else ["builtin"],
        key=K_ZONE_SOURCE,
        format_func=lambda s: {"builtin": "Built-in", "imported": "Imported (Marine Regions)"}[s],
        help=None if imported_available else "Import one with `seawatch zones import`.",
    )
    names = sb.selectbox(
        "Place names",
        _name_options(),
        key=K_NAMES,
        format_func=presentation.names_label,
    )
    return SidebarChoices(zone_source=str(source), names=str(names))


def view_state() -> urlstate.ViewState:
    """The view of this run as the URL holds it (see `seawatch.ui.urlstate.ViewState`).

    The map's centre, zoom and layers are the browser's (the map writes them into the URL);
    the URL's current values are kept when valid, else the session's start values.
    """
    state = st.session_state
    preset = state.get(K_PRESET, PRESET_ALL)
    current = {
        key: st.query_params.get_all(key) for key in urlstate.MAP_PARAMS if key in st.query_params
    }
    seen, _ = urlstate.parse_view(current)
    return urlstate.ViewState(
        tab=state.get(K_TAB),
        period=preset if preset in urlstate.PERIODS.values() else None,
        names=state.get(K_NAMES),
        incident=state.get(K_INCIDENT) or None,
        map=seen.map if seen.map is not None else state.get(K_MAP_VIEW),
        layers=seen.layers if "layers" in current else state.get(K_LAYERS),
    )


def sync_url(flt: IncidentFilter) -> None:
    """Make the URL hold exactly `flt` and the view (leaves it alone when it already does)."""
    wanted = {**flt.to_query_params(), **view_state().to_params()}
    current = {key: ",".join(st.query_params.get_all(key)) for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
