"""The dashboard's view in the URL, besides the filter: tab, map view, layers, place names,
date preset and selected incident. Plain functions (no streamlit), unit-tested on their own.

The filter's own parameters are `seawatch.filtering.IncidentFilter.to_query_params`; this module
adds the view's (`VIEW_PARAMS`) and splits a URL into the two (`split_params`). A value the page
cannot use is reported in a notice naming the parameter and the value, and the default is used:
an old or hand-edited link never breaks the page.

``map`` and ``layers`` change in the browser (pan, zoom, the layer control) without a rerun: the
map's script writes them into the address bar itself (`seawatch.mapping.add_view_state`). The
server reads them once, when a session starts, to open the map where the link says.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from seawatch.mapping import (
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    LAYER_KEYS,
    MAP_URL_PARAMS,
    MAX_ZOOM,
    MIN_ZOOM,
)
from seawatch.presentation import NAME_CHOICES

#: Tabs by URL value (``tab=``), in the order the page shows them; the first is the default.
TABS: Final = {
    "map": "Map",
    "table": "Timeline & table",
    "dossier": "Zone dossier",
    "presence": "Presence",
    "upload": "Upload",
    "exports": "Exports",
    "about": "About",
}
#: Date presets (the sidebar's labels) by URL value (``period=``).
PRESET_ALL: Final = "All dates"
PRESET_12M: Final = "Last 12 months"
PRESET_2324: Final = "2023–2024"
PRESET_CUSTOM: Final = "Custom range"
PERIODS: Final = {"all": PRESET_ALL, "last-12-months": PRESET_12M, "2023-2024": PRESET_2324}
#: The view's URL parameters, in the order they are written.
VIEW_PARAMS: Final = ("tab", "period", "names", "incident", "map", "layers")
#: The parameters the map writes in the browser (`seawatch.mapping.MAP_URL_PARAMS`).
MAP_PARAMS: Final = MAP_URL_PARAMS
#: Longest incident id accepted from a URL.
MAX_ID_CHARS: Final = 200


@dataclass(frozen=True)
class MapView:
    """Centre and zoom of the map."""

    lat: float
    lon: float
    zoom: int

    def to_param(self) -> str:
        """``"15.15,117.76,9"`` (4 decimals, ~10 m)."""
        return f"{round(self.lat, 4):g},{round(self.lon, 4):g},{self.zoom}"


@dataclass(frozen=True)
class ViewState:
    """What the URL says about the view; None: not given (the page's default applies)."""

    tab: str | None = None
    period: str | None = None
    names: str | None = None
    incident: str | None = None
    map: MapView | None = None
    layers: tuple[str, ...] | None = None

    def to_params(self) -> dict[str, str]:
        """The URL parameters of the values that are set (defaults are left out).

        Examples
        --------
        >>> ViewState(tab="Zone dossier", period=PRESET_2324, map=MapView(15.15, 117.76, 9),
        ...           layers=("status", "incidents")).to_params()
        {'tab': 'dossier', 'period': '2023-2024', 'map': '15.15,117.76,9', 'layers': 'status,incidents'}
        """  # noqa: E501
        params: dict[str, str] = {}
        tab = next((k for k, v in TABS.items() if v == self.tab), None)
        if tab and tab != next(iter(TABS)):
            params["tab"] = tab
        period = next((k for k, v in PERIODS.items() if v == self.period), None)
        if period and self.period != PRESET_ALL:
            params["period"] = period
        if self.names and self.names != "en":
            params["names"] = self.names
        if self.incident:
            params["incident"] = self.incident
        if self.map is not None:
            params["map"] = self.map.to_param()
        if self.layers is not None:
            params["layers"] = ",".join(self.layers)
        return params


def split_params(
    params: Mapping[str, str | Sequence[str]],
) -> tuple[dict[str, str | Sequence[str]], dict[str, str | Sequence[str]]]:
    """(the filter's parameters and any unknown ones, the view's parameters).

    Examples
    --------
    >>> split_params({"country": "PHL", "tab": "map", "colour": "red"})
    ({'country': 'PHL', 'colour': 'red'}, {'tab': 'map'})
    """
    view = {k: v for k, v in params.items() if k in VIEW_PARAMS}
    rest = {k: v for k, v in params.items() if k not in VIEW_PARAMS}
    return rest, view


def _first(value: str | Sequence[str] | None) -> str | None:
    """The first value of a parameter (a repeated parameter keeps its first value)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return str(value[0]) if len(value) else None


def parse_view(params: Mapping[str, str | Sequence[str]]) -> tuple[ViewState, list[str]]:
    """Read the view from URL parameters; each unusable value is dropped with a notice naming
    the parameter, the value and what is allowed (the default applies).

    Parameters other than `VIEW_PARAMS` are ignored here (`split_params`).

    Examples
    --------
    >>> view, notices = parse_view({"tab": "exports", "map": "15.15,117.76,9", "period": "2023"})
    >>> view.tab, view.map, view.period
    ('Exports', MapView(lat=15.15, lon=117.76, zoom=9), None)
    >>> notices
    ["Ignored period='2023': use one of all, last-12-months, 2023-2024"]
    """
    notices: list[str] = []
    tab = _choice(params, "tab", TABS, notices)
    period = _choice(params, "period", PERIODS, notices)
    names = _names(_first(params.get("names")), notices)
    incident = _incident(_first(params.get("incident")), notices)
    view = _map_view(_first(params.get("map")), notices)
    layers = _layers(_first(params.get("layers")), notices)
    state = ViewState(tab, period, names, incident, view, layers)
    return state, notices


def _choice(
    params: Mapping[str, str | Sequence[str]],
    name: str,
    allowed: Mapping[str, str],
    notices: list[str],
) -> str | None:
    raw = _first(params.get(name))
    if raw is None or raw == "":
        return None
    value = allowed.get(raw.strip().lower())
    if value is None:
        notices.append(f"Ignored {name}={raw!r}: use one of {', '.join(allowed)}")
    return value


def _names(raw: str | None, notices: list[str]) -> str | None:
    if raw is None or raw == "":
        return None
    value = raw.strip()
    value = value.lower() if value.lower() in ("en", "local") else value.upper()
    if value in NAME_CHOICES:
        return value
    notices.append(f"Ignored names={raw!r}: use one of {', '.join(NAME_CHOICES)}")
    return None


def _incident(raw: str | None, notices: list[str]) -> str | None:
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    if len(value) > MAX_ID_CHARS or not value.isprintable():
        notices.append(
            f"Ignored incident={shorten_value(raw)!r}: not an incident id "
            f"(printable text of at most {MAX_ID_CHARS} characters)"
        )
        return None
    return value


def shorten_value(value: str, limit: int = 60) -> str:
    """A URL value cut for a notice (a hand-made link may carry anything)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _map_view(raw: str | None, notices: list[str]) -> MapView | None:
    """``lat,lon,zoom``: latitude within ±85 (the map's projection), any longitude (brought
    into -180..180), a whole zoom within the map's limits."""
    if raw is None or raw == "":
        return None
    parts = [p.strip() for p in raw.split(",")]
    why = f"use latitude,longitude,zoom (e.g. {MapView(*DEFAULT_CENTER, DEFAULT_ZOOM).to_param()})"
    try:
        if len(parts) != 3:
            raise ValueError
        lat, lon, zoom_f = (float(p) for p in parts)
    except ValueError:
        notices.append(f"Ignored map={shorten_value(raw)!r}: {why}")
        return None
    if not all(math.isfinite(v) for v in (lat, lon, zoom_f)) or abs(lat) > 85:
        notices.append(f"Ignored map={shorten_value(raw)!r}: {why}, latitude within ±85")
        return None
    if zoom_f != int(zoom_f) or not MIN_ZOOM <= zoom_f <= MAX_ZOOM:
        notices.append(
            f"Ignored map={shorten_value(raw)!r}: the zoom must be a whole number from "
            f"{MIN_ZOOM} to {MAX_ZOOM}"
        )
        return None
    lon = (lon + 180.0) % 360.0 - 180.0 if not -180.0 <= lon <= 180.0 else lon
    return MapView(round(lat, 6), round(lon, 6), int(zoom_f))


def _layers(raw: str | None, notices: list[str]) -> tuple[str, ...] | None:
    """The shown layers (comma-separated keys of `seawatch.mapping.LAYER_KEYS`); empty: all
    off. Unknown keys are dropped with a notice."""
    if raw is None:
        return None
    keys = [k.strip().lower() for k in raw.split(",") if k.strip()]
    known = set(LAYER_KEYS.values())
    bad = [k for k in keys if k not in known]
    if bad:
        notices.append(
            f"Ignored layers={', '.join(repr(shorten_value(k)) for k in bad)}: use any of "
            f"{', '.join(sorted(known))}"
        )
    good = tuple(dict.fromkeys(k for k in keys if k in known))
    if keys and not good:
        return None  # nothing usable: the default layers
    return good
