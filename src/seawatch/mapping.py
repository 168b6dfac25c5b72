"""The incident map: zone layers, incidents, legend, nautical-mile scale and attributions.

`build_map` returns a complete `folium.Map` (used by tests and HTML exports). The dashboard
uses its two halves separately so that a filter change does not rebuild the map (which would
lose the analyst's center and zoom): `base_map` (zones, land, features, legend, scale) changes
only with the zone data, and `incident_layer` / `highlight_layer` are handed to
``st_folium(feature_group_to_add=...)``.

Every text that comes from data (descriptions, names, sources, zone attributes) is escaped with
`html.escape` before it becomes HTML; only ``http(s)`` URLs become links. Tooltips and popups
are bound from pre-escaped feature properties (``_tip``, ``_popup``) rather than with folium's
`GeoJsonTooltip` / `GeoJsonPopup`, which insert raw property values into the page.

Incidents are one GeoJSON layer of circle markers (never one folium object per incident),
clustered with Leaflet.markercluster; beyond `MAX_POINTS` incidents they are aggregated on the
server into grid cells so the page stays small (100,000 incidents: well under 5 MB).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Final

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template
from folium.utilities import JsCode

from seawatch import schema
from seawatch.areas import DrawnArea
from seawatch.assets import apply_assets
from seawatch.errors import InputError
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.presentation import (
    BACKGROUND_COLORS,
    LINE_STYLE,
    LINES_LAYER,
    OUTLINE_LAYERS,
    STATUS_LAYER,
    STATUS_STYLE,
    check_names,
    country_label,
    dash_pattern,
    feature_label,
    state_color,
    status_label,
    status_sentence,
    type_color,
    type_label,
)
from seawatch.text import is_missing, shorten, xml_safe
from seawatch.zones.features import FEATURES, Feature
from seawatch.zones.status import STATUS_RULES, parse_families

#: Above this many incidents, the map shows grid-cell aggregates instead of single incidents.
MAX_POINTS: Final = 2000
#: Below this many incidents, no clustering (every incident is its own marker).
CLUSTER_MIN: Final = 30
#: Size of an aggregation cell (degrees).
AGGREGATE_CELL_DEG: Final = 0.5
#: Tolerance (degrees) of the simplified zone geometries drawn on the map (~2 km).
DISPLAY_TOLERANCE: Final = 0.02

DEFAULT_CENTER: Final = (12.5, 114.0)
DEFAULT_ZOOM: Final = 5
#: The map's zoom limits (markercluster needs a maximum).
MIN_ZOOM: Final = 3
MAX_ZOOM: Final = 16
#: Zoom of a map opened on one incident (its permalink).
INCIDENT_ZOOM: Final = 9

_LAYER_NAMES: Final = {**OUTLINE_LAYERS, "status": STATUS_LAYER}

#: Binds the pre-escaped ``_tip`` / ``_label`` / ``_popup`` properties of every GeoJSON feature
#: (data reach the page only as JSON, never inside JavaScript source such as folium's popups).
_BIND_JS: Final = JsCode(
    """function(feature, layer) {
    var p = feature.properties || {};
    if (p._tip) { layer.bindTooltip(p._tip, {sticky: true}); }
    if (p._label) {
        layer.bindTooltip(p._label, {permanent: true, direction: "right", className: "sw-label"});
    }
    if (p._popup) { layer.bindPopup(p._popup, {maxWidth: 380}); }
}"""
)


# --- small pure helpers ------------------------------------------------------------------------


#: Characters `html.escape` keeps that are special in JavaScript template strings and JSON;
#: replaced by HTML character references (they display the same) as a second line of defence.
_JS_SPECIALS: Final = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;", "{": "&#123;"})


def esc(value: object) -> str:
    """HTML-escaped text of a cell; missing values (None, NaN, NA, NaT) become an empty string.

    Besides ``& < > " '``, the JavaScript specials ``$ ` \\ {`` become character references;
    characters XML forbids (U+FFFE, control characters) are removed (`seawatch.text.xml_safe`).

    Examples
    --------
    >>> esc("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> esc(None), esc(pd.NA)
    ('', '')
    >>> esc("${x}")
    '&#36;&#123;x}'
    """
    if is_missing(value):
        return ""
    return html.escape(str(xml_safe(str(value))), quote=True).translate(_JS_SPECIALS)


def safe_link(url: object, text: str | None = None) -> str:
    """An ``<a>`` for an http(s) URL, else the escaped text (no link).

    Examples
    --------
    >>> safe_link("https://example.org/a?b=1&c=2")
    '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>'
    >>> safe_link("javascript:alert(1)")
    'javascript:alert(1)'
    """  # noqa: E501
    raw = "" if is_missing(url) else str(url).strip()
    label = esc(text if text is not None else raw)
    if raw.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in raw):
        return f'<a href="{esc(raw)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    return label


def format_position(lat: float, lon: float, decimals: int = 3) -> str:
    """A position with hemispheres from the signs: N/S for latitude, E/W for longitude.

    Examples
    --------
    >>> format_position(9.73, 115.87), format_position(-5.5, -0.25, 2)
    ('9.730°N, 115.870°E', '5.50°S, 0.25°W')
    """
    ns = "S" if lat < 0 else "N"
    ew = "W" if lon < 0 else "E"
    return f"{abs(lat):.{decimals}f}°{ns}, {abs(lon):.{decimals}f}°{ew}"


def wrap_longitude(lon: float) -> float:
    """A longitude brought into -180..180 (a map panned across the antimeridian reports more).

    Examples
    --------
    >>> wrap_longitude(475.0), wrap_longitude(-245.0), wrap_longitude(180.0)
    (115.0, 115.0, 180.0)
    """
    if -180.0 <= lon <= 180.0:
        return lon
    return (lon + 180.0) % 360.0 - 180.0


def codes(value: object) -> list[str]:
    """ISO3 codes from a list cell or a ``;``-joined string (`seawatch.schema.as_codes`).

    Examples
    --------
    >>> codes("CHN;PHL"), codes(["VNM"]), codes(None)
    (['CHN', 'PHL'], ['VNM'], [])
    """
    return schema.as_codes(value)


# --- popups ----------------------------------------------------------------------------------

#: Longest description a popup shows (whole words, then "…"); the table shows all of it.
POPUP_TEXT_CHARS: Final = 600


def _text(value: object) -> str:
    """A cell as plain (unescaped) text; missing values become an empty string."""
    return "" if is_missing(value) else str(value)


def _fmt_date(value: object) -> str:
    if is_missing(value):
        return ""
    try:
        return pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def incident_popup_html(row: Mapping[str, Any], zone_names: Mapping[str, str] | None = None) -> str:
    """The popup of one incident: every value escaped; sources are links only if http(s).

    Shows the date (and end date), type, countries, location and its precision, description,
    sources and the zone attribution (claimants, disputed yes/no, zones by name from
    `zone_names`, see `zone_name_lookup`) when the join ran. The map adds a "Full details"
    link when the popup opens (`add_view_state`: not carried by every popup). A description
    longer than `POPUP_TEXT_CHARS` is cut (the page carries every popup).
    """
    lines = [
        *_incident_head(row),
        f"<div style='margin:4px 0'>{_description_html(row.get(schema.DESCRIPTION))}</div>",
        _sources_html(row.get(schema.SOURCE)),
        _zone_attribution_html(row, zone_names),
    ]
    ident = esc(row.get(schema.INCIDENT_ID))
    return f"<div class='sw-popup' data-incident='{ident}'>" + "<br>".join(lines) + "</div>"


def incident_detail_html(
    row: Mapping[str, Any], zone_names: Mapping[str, str] | None = None
) -> str:
    """The detail panel of one incident: like its popup, with the whole description, every
    source and the zones by name. Every value escaped.

    Examples
    --------
    >>> row = {"incident_id": "X-1", "description": "<b>" + "long " * 200,
    ...        "source": "https://a.example/1; https://b.example/2",
    ...        "zone_ids": ["ts-x"], "claimants": ["CHN"]}
    >>> html = incident_detail_html(row, {"ts-x": "X Reef 12-nm territorial sea"})
    >>> "&lt;b&gt;" in html and html.count("long") == 200 and html.count("<a href") == 2
    True
    >>> "X Reef 12-nm territorial sea" in html and "ts-x" not in html
    True
    """
    description = esc(_text(row.get(schema.DESCRIPTION))).replace("\n", "<br>")
    lines = [
        f"<b>Incident {esc(row.get(schema.INCIDENT_ID))}</b>",
        *_incident_head(row),
        f"<div class='sw-description'>{description}</div>",
        _sources_html(row.get(schema.SOURCE)),
        _zone_attribution_html(row, zone_names),
    ]
    return "<div class='sw-detail'>" + "<br>".join(lines) + "</div>"


def _incident_head(row: Mapping[str, Any]) -> list[str]:
    """Escaped lines: date and type, countries, location with precision."""
    date = _fmt_date(row.get(schema.DATE))
    end = _fmt_date(row.get(schema.END_DATE))
    when = f"{date} to {end}" if end and end != date else date
    itype = _text(row.get(schema.INCIDENT_TYPE))
    countries = ", ".join(country_label(c) for c in codes(row.get(schema.COUNTRIES)))
    place = esc(row.get(schema.LOCATION_NAME))
    precision = esc(row.get(schema.LOCATION_PRECISION))
    lat, lon = row.get(schema.LATITUDE), row.get(schema.LONGITUDE)
    coords = (
        format_position(float(lat), float(lon))  # type: ignore[arg-type]
        if not is_missing(lat) and not is_missing(lon)
        else ""
    )
    location = ", ".join(p for p in (place, esc(coords)) if p)
    if precision:
        location += f" <i>(precision: {precision})</i>"
    return [
        f"<b>{esc(when)}</b> · {esc(type_label(itype))}",
        f"<b>Countries:</b> {esc(countries)}",
        f"<b>Location:</b> {location}",
    ]


_SOURCE_SPLIT: Final = re.compile(r"\s*[;|\n]\s*|\s+(?=https?://)", re.IGNORECASE)


def incident_sources(value: object) -> list[str]:
    """The sources of a ``source`` cell: parts separated by ``;``, ``|``, new lines, or
    whitespace before another http(s) URL.

    Examples
    --------
    >>> incident_sources("https://a.example/1 https://b.example/2; Reuters, 3 May")
    ['https://a.example/1', 'https://b.example/2', 'Reuters, 3 May']
    >>> incident_sources(None)
    []
    """
    return [p.strip() for p in _SOURCE_SPLIT.split(_text(value)) if p and p.strip()]


def _sources_html(value: object) -> str:
    sources = incident_sources(value)
    label = "Sources" if len(sources) > 1 else "Source"
    return f"<b>{label}:</b> " + " · ".join(safe_link(s) for s in sources)


def zone_name_lookup(zones: gpd.GeoDataFrame | None) -> dict[str, str]:
    """Zone id -> zone name (the id when the name is missing), for popups and details.

    Examples
    --------
    >>> zone_name_lookup(pd.DataFrame({"zone_id": ["ts-a", "b"], "name": ["A Reef TS", None]}))
    {'ts-a': 'A Reef TS', 'b': 'b'}
    """
    if zones is None or schema.ZONE_ID not in zones:
        return {}
    names = zones[schema.ZONE_NAME] if schema.ZONE_NAME in zones else zones[schema.ZONE_ID]
    return {
        str(i): (_text(n).strip() or str(i))
        for i, n in zip(zones[schema.ZONE_ID], names, strict=True)
        if not is_missing(i)
    }


def _description_html(value: object) -> str:
    """The escaped description, cut to `POPUP_TEXT_CHARS` with a pointer to the full text."""
    text = _text(value)
    short = shorten(text, POPUP_TEXT_CHARS)
    if short == text:
        return esc(text)
    return esc(short) + " <i>(more: select the incident in the table)</i>"


def _zone_attribution_html(
    row: Mapping[str, Any], zone_names: Mapping[str, str] | None = None
) -> str:
    if schema.JOIN_STATUS not in row and schema.JOIN_CLAIMANTS not in row:
        return "<b>Zones:</b> <i>not attributed</i>"
    status = _text(row.get(schema.JOIN_STATUS))
    claimed = codes(row.get(schema.JOIN_CLAIMANTS))
    claimants = ", ".join(country_label(c) for c in claimed)
    entitled_only = [c for c in codes(row.get(schema.JOIN_ENTITLED)) if c not in claimed]
    disputed = row.get(schema.JOIN_DISPUTED)
    disputed_txt = "yes" if bool(disputed) and not pd.isna(disputed) else "no"
    lookup = zone_names or {}
    zones = "; ".join(lookup.get(z, z) for z in codes(row.get(schema.JOIN_ZONE_IDS)))
    parts = [
        f"<b>Status:</b> {esc(status_label(status) if status else '') or 'not attributed'}",
        f"<b>Claimed by:</b> {esc(claimants) or 'none'}",
        f"<b>Disputed:</b> {disputed_txt}",
    ]
    if entitled_only:
        names = ", ".join(country_label(c) for c in entitled_only)
        parts.append(f"<b>Entitled only (200 nm, no claim):</b> {esc(names)}")
    eez = ", ".join(country_label(c) for c in codes(row.get(schema.JOIN_EEZ)))
    if eez:
        parts.append(f"<b>EEZ:</b> {esc(eez)} ({esc(row.get(schema.JOIN_EEZ_BASIS))})")
    if zones:
        parts.append(f"<b>Zones:</b> {esc(zones)}")
    return "<br>".join(parts)


# --- zones -----------------------------------------------------------------------------------


def display_zones(
    zones: gpd.GeoDataFrame, tolerance: float = DISPLAY_TOLERANCE
) -> gpd.GeoDataFrame:
    """A lighter copy of the zone layer for drawing: simplified, coordinates rounded to 4 decimals.

    Keep the full-resolution layer for the join; this one is only for the map (PERFORMANCE.md:
    3.39 MB at full resolution, ~0.2 MB simplified).
    """
    if zones.crs is not None and zones.crs.to_epsg() != 4326:
        zones = zones.to_crs(schema.CRS)
    out = zones.copy()
    geoms = shapely.simplify(out.geometry.array, tolerance, preserve_topology=True)
    out.geometry = shapely.transform(geoms, lambda xy: np.round(xy, 4))
    return out


def _zone_style(kind: str, claimants: list[str], status: str = "") -> dict[str, Any]:
    if kind == "status":
        return status_style(status)
    color = state_color(claimants[0] if claimants else None)
    if kind == "claim":
        return {"color": color, "weight": 2, "dashArray": "8 6", "fillOpacity": 0.03}
    if kind == "feature_ts":
        return {"color": color, "weight": 1, "fillColor": color, "fillOpacity": 0.2}
    if kind == "joint":
        return {"color": color, "weight": 1.5, "dashArray": "2 4", "fillOpacity": 0.05}
    return {"color": color, "weight": 1, "fillColor": color, "fillOpacity": 0.07}


def status_style(status: str) -> dict[str, Any]:
    """The Leaflet style of a status polygon (`seawatch.presentation.STATUS_STYLE`).

    Patterned statuses are filled with the SVG pattern of `status_patterns_js`.

    Examples
    --------
    >>> status_style("disputed")["fillColor"]
    'url(#sw-pattern-disputed)'
    >>> status_style("single")["fillOpacity"]
    0.0
    """
    look = STATUS_STYLE.get(status, STATUS_STYLE["none"])
    patterned = look.pattern in ("hatch", "dots")
    fill = f"url(#{_PATTERN_ID.format(status)})" if patterned else look.color
    style: dict[str, Any] = {
        "color": look.color,
        "weight": look.outline_weight,
        "opacity": look.outline_opacity,
        "fillColor": fill,
        "fillOpacity": 1.0 if patterned else look.fill_opacity,
    }
    if look.pattern == "none":
        style["fill"] = False
    if status == "undelimited":
        style["dashArray"] = "4 4"
    return style


#: Id of the SVG pattern that fills a patterned status.
_PATTERN_ID: Final = "sw-pattern-{}"


def _pattern_svg(status: str) -> str:
    look = STATUS_STYLE[status]
    pid = _PATTERN_ID.format(status)
    if look.pattern == "hatch":
        return (
            f'<pattern id="{pid}" class="sw-hatch" patternUnits="userSpaceOnUse" width="8" '
            'height="8" patternTransform="rotate(45)">'
            f'<rect width="8" height="8" fill="{look.color}" fill-opacity="0.10"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="{look.color}" stroke-width="2.5" '
            f'stroke-opacity="{look.fill_opacity}"/></pattern>'
        )
    return (
        f'<pattern id="{pid}" class="sw-dots" patternUnits="userSpaceOnUse" width="7" '
        f'height="7"><rect width="7" height="7" fill="{look.color}" fill-opacity="0.08"/>'
        f'<circle cx="3.5" cy="3.5" r="1.5" fill="{look.color}" '
        f'fill-opacity="{look.fill_opacity}"/></pattern>'
    )


def status_patterns_svg() -> str:
    """A hidden ``<svg>`` holding the fill patterns of the patterned statuses (hatch, dots)."""
    patterns = "".join(
        _pattern_svg(s) for s, look in STATUS_STYLE.items() if look.pattern in ("hatch", "dots")
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" aria-hidden="true" '
        'style="position:absolute;width:0;height:0" id="sw-patterns">'
        f"<defs>{patterns}</defs></svg>"
    )


def _family_text(families: object, claimants: list[str]) -> str:
    """``China + Taiwan; Philippines`` from a ``families`` cell (each claimant alone if empty)."""
    groups = parse_families(_text(families), claimants)
    return "; ".join(" + ".join(country_label(c) for c in sorted(g)) for g in groups)


def _zone_tip(row: Mapping[str, Any], kind: str, claimants: list[str]) -> str:
    if kind == "status":
        status = _text(row.get(schema.ZONE_STATUS))
        lines = [f"<b>{esc(status_label(status))}</b>"]
        if STATUS_RULES.get(status):
            lines.append(f"<i>{esc(STATUS_RULES[status])}</i>")
        if claimants:
            lines.append(f"Claims: {esc(_family_text(row.get(schema.ZONE_FAMILIES), claimants))}")
        return "<br>".join(lines)
    names = ", ".join(country_label(c) for c in claimants) or "none"
    head = _LAYER_NAMES.get(kind, kind)
    lines = [f"<b>{esc(_text(row.get(schema.ZONE_NAME)) or head)}</b>", f"{esc(head)}"]
    lines.append(f"{'Parties' if kind in ('joint', 'agreement') else 'State'}: {esc(names)}")
    if _text(row.get(schema.ZONE_BASIS)):
        lines.append(f"Basis: {esc(row.get(schema.ZONE_BASIS))}")
    if row.get(schema.ZONE_APPROXIMATE) is True:
        lines.append("<i>approximate</i>")
    return "<br>".join(lines)


def zone_features(zones: gpd.GeoDataFrame) -> dict[str, list[dict[str, Any]]]:
    """GeoJSON features per zone kind, each with its style and escaped ``_tip``.

    The ``status`` kind is drawn with the fills of `seawatch.presentation.STATUS_STYLE`;
    unclaimed waters (status ``none``) are left out (nothing to draw).
    """
    out: dict[str, list[dict[str, Any]]] = {}
    records = zones.drop(columns=zones.geometry.name).to_dict("records")
    for row, geom in zip(records, zones.geometry.array, strict=True):
        if geom is None or geom.is_empty:
            continue
        kind = _text(row.get(schema.ZONE_KIND)) or "entitlement"
        status = _text(row.get(schema.ZONE_STATUS))
        if kind == "status" and not STATUS_STYLE.get(status, STATUS_STYLE["none"]).filled:
            continue
        claimants = codes(row.get(schema.ZONE_CLAIMANTS))
        props = {
            "style": _zone_style(kind, claimants, status),
            "_tip": _zone_tip(row, kind, claimants),
        }
        if kind == "status":
            props["status"] = status
        feature = {"type": "Feature", "properties": props, "geometry": geom.__geo_interface__}
        out.setdefault(kind, []).append(feature)
    return out


def line_features(lines: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """GeoJSON features of the boundary and claim lines (`seawatch.zones.loading.load_lines`):
    style from `seawatch.presentation.LINE_STYLE`, escaped tooltip (name, kind, status,
    parties) and popup (with the source). Agreed boundaries are drawn last (on top)."""
    out = []
    records = lines.drop(columns=lines.geometry.name).to_dict("records")
    order = {k: i for i, k in enumerate(("claim_line", "signed_boundary", "agreed_boundary"))}
    pairs = sorted(
        zip(records, lines.geometry.array, strict=True),
        key=lambda p: order.get(_text(p[0].get("kind")), -1),
    )
    for row, geom in pairs:
        if geom is None or geom.is_empty:
            continue
        kind = _text(row.get("kind"))
        look = LINE_STYLE.get(kind, LINE_STYLE["claim_line"])
        style: dict[str, Any] = {"color": look.color, "weight": look.weight, "fill": False}
        if look.dash:
            style["dashArray"] = dash_pattern(look.dash)
        parties = ", ".join(country_label(c) for c in codes(row.get("claimants")))
        tip = "<br>".join(
            p
            for p in (
                f"<b>{esc(row.get('name'))}</b>",
                esc(look.label),
                esc(_text(row.get("status"))) if kind != "claim_line" else "",
                f"{'Claimed by' if kind == 'claim_line' else 'Parties'}: {esc(parties)}",
            )
            if p
        )
        popup = f"<div class='sw-popup'>{tip}<br><b>Source:</b> {esc(row.get('source'))}</div>"
        out.append(
            {
                "type": "Feature",
                "properties": {"kind": kind, "style": style, "_tip": tip, "_popup": popup},
                "geometry": geom.__geo_interface__,
            }
        )
    return out


def lines_geojson(lines: gpd.GeoDataFrame) -> dict[str, Any]:
    """The boundary and claim lines as a styled GeoJSON FeatureCollection (coordinates rounded
    to 4 decimals, ~10 m)."""
    rounded = lines.copy()
    rounded.geometry = shapely.transform(lines.geometry.array, lambda xy: np.round(xy, 4))
    return {"type": "FeatureCollection", "features": line_features(rounded)}


class _Text(Element):
    """Finished text for the page (rendered as it is, never parsed as a template)."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class _Layer(folium.GeoJson):
    """`folium.GeoJson` whose script goes into the page as finished text.

    branca's `MacroElement.render` wraps each rendered part in an `Element` *built from it as a
    Jinja template*: the whole GeoJSON (for the incidents, ~330 KB of escaped popups) was lexed
    and compiled by Jinja on every rerun, ~60 of the ~85 ms the incident layer took in
    `st_folium`. That second pass only matters to style and highlight functions, which put
    template expressions into the script; these layers take their style from the features. So
    folium's render runs as usual (the layer's ``addTo``, includes, children) with a stand-in
    script, which is then replaced by the real one as text (same name, same place). With a style
    or highlight function, folium's own path runs unchanged.
    """

    _STAND_IN = Template("{% macro script(this, kwargs) %}{% endmacro %}")

    def render(self, **kwargs: Any) -> Any:  # branca types Element.render as str; this is None
        if self.style or self.highlight:
            return super().render(**kwargs)
        self._template = self._STAND_IN  # this instance only (the class keeps folium's)
        try:
            super().render(**kwargs)
        finally:
            del self._template
        figure = self.get_root()
        assert isinstance(figure, Figure)  # as in folium: rendering needs a Figure
        figure.script.add_child(
            _Text(self._template.module.script(self, kwargs)), name=self.get_name()
        )
        return None


def _geojson(features: list[dict[str, Any]], name: str, **kwargs: Any) -> folium.GeoJson:
    return _Layer(
        {"type": "FeatureCollection", "features": features},
        name=name,
        on_each_feature=_BIND_JS,
        **kwargs,
    )


class RemoteGeoJson(folium.map.Layer):
    """A GeoJSON layer whose data the browser fetches from `url` (same styling as `_geojson`).

    The dashboard serves the (static, version-stamped) zone and land layers this way so they
    are not embedded in, and re-sent with, every rerun of the page. A layer created with
    ``show=False`` is fetched only when the analyst switches it on.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        if (!{{ this._parent.get_name() }}.getPane({{ this.pane|tojson }})) {
            {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }}).style.zIndex =
                {{ this.z_index }};
        }
        var {{ this.get_name() }} = L.geoJson(null, {
            pane: {{ this.pane|tojson }},
            onEachFeature: {{ this.bind }},
            style: function(f) { return (f.properties || {}).style; },
            interactive: {{ this.interactive|tojson }}
        });
        {% if this.show %}
        window.seawatchLayerLoads = window.seawatchLayerLoads || [];
        window.seawatchLayerLoads.push(fetch({{ this.url|tojson }})
            .then(function(r) { return r.json(); })
            .then(function(d) { {{ this.get_name() }}.addData(d); }));
        {% else %}
        {{ this.get_name() }}.once("add", function() {
            fetch({{ this.url|tojson }})
                .then(function(r) { return r.json(); })
                .then(function(d) { {{ this.get_name() }}.addData(d); });
        });
        {% endif %}
        {% endmacro %}"""
    )

    def __init__(
        self, url: str, name: str, *, order: int, interactive: bool = True, show: bool = True
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "RemoteGeoJson"
        self.url = url
        # Each layer gets its own pane below Leaflet's overlay pane (z-index 400): the fetched
        # layers stay under the incident markers and in their order, whenever they arrive.
        self.pane = f"sw-layer-{order}"
        self.z_index = 300 + order
        self.bind = _BIND_JS
        self.interactive = interactive


def zone_layers_geojson(zones: gpd.GeoDataFrame) -> dict[str, dict[str, Any]]:
    """The drawn zone layers as GeoJSON FeatureCollections, keyed by layer name (draw order:
    the status fill first, then the outline layers)."""
    by_kind = zone_features(zones)
    kinds = ["status"] + [k for k in schema.ZONE_KINDS if k != "status"]
    order = [k for k in kinds if k in by_kind] + sorted(k for k in by_kind if k not in kinds)
    return {
        _LAYER_NAMES.get(kind, kind): {"type": "FeatureCollection", "features": by_kind[kind]}
        for kind in order
    }


def hidden_layers(names: Iterable[str]) -> set[str]:
    """The layers of `names` the map starts with switched off (ticked in the layer control).

    With the status layer present, the zone outlines are optional context: off by default, so a
    newcomer sees the status fill and the lines only (and the browser fetches less). Without it
    (an imported or older zone layer) every zone layer is shown.

    Examples
    --------
    >>> sorted(hidden_layers([STATUS_LAYER, "200-nm entitlements (outline)", LINES_LAYER]))
    ['200-nm entitlements (outline)']
    >>> hidden_layers(["200-nm entitlements (outline)"])
    set()
    """
    names = list(names)
    if STATUS_LAYER not in names:
        return set()
    return {n for n in names if n in OUTLINE_LAYERS.values()}


def land_geojson(land: gpd.GeoDataFrame) -> dict[str, Any]:
    """The land polygons as a styled GeoJSON FeatureCollection."""
    geoms = display_zones(land[[land.geometry.name]], DISPLAY_TOLERANCE).geometry.array
    land = BACKGROUND_COLORS["land"]
    style = {"color": "#9a9a8a", "weight": 0.5, "fillColor": land, "fillOpacity": 1}
    features = [
        {"type": "Feature", "properties": {"style": style}, "geometry": g.__geo_interface__}
        for g in geoms
        if g is not None and not g.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}


LAND_LAYER_NAME: Final = "Land (Natural Earth)"
FEATURES_LAYER: Final = "Named features"
INCIDENTS_LAYER: Final = "Incidents"
OSM_LAYER: Final = "OpenStreetMap tiles (online)"
ESRI_LAYER: Final = "Esri ocean basemap (online)"
INCIDENTS_KEY: Final = "incidents"
#: Short, stable key of every layer in the layer control (the URL's ``layers``). The incident
#: layer's name carries its count ("Incidents (212)"): its key is found without it.
LAYER_KEYS: Final = {
    STATUS_LAYER: "status",
    **{name: kind for kind, name in OUTLINE_LAYERS.items()},
    LINES_LAYER: "lines",
    LAND_LAYER_NAME: "land",
    FEATURES_LAYER: "features",
    INCIDENTS_LAYER: INCIDENTS_KEY,
    OSM_LAYER: "osm",
    ESRI_LAYER: "esri",
}


def layer_key(name: str) -> str | None:
    """The `LAYER_KEYS` key of a layer name (an incident layer's count is ignored).

    Examples
    --------
    >>> layer_key("Incidents (1,204)"), layer_key(STATUS_LAYER), layer_key("Other")
    ('incidents', 'status', None)
    """
    return LAYER_KEYS.get(re.sub(r" \([\d,]+\)$", "", name))


def default_layers(names: Iterable[str]) -> tuple[str, ...]:
    """Keys of the layers a map with these layers (names) shows by default: all but the
    `hidden_layers` and the online basemaps, plus the named features and the incidents.

    Examples
    --------
    >>> default_layers([STATUS_LAYER, "200-nm entitlements (outline)", LAND_LAYER_NAME])
    ('status', 'land', 'features', 'incidents')
    """
    names = list(names)
    hidden = hidden_layers(names)
    keys = [layer_key(n) for n in names if n not in hidden]
    keys += [LAYER_KEYS[FEATURES_LAYER], INCIDENTS_KEY]
    return tuple(dict.fromkeys(k for k in keys if k and k not in ("osm", "esri")))


def _show(name: str, default: bool, shown: Collection[str] | None) -> bool:
    """Whether a layer starts shown: its key in `shown`, or `default` without `shown`."""
    if shown is None:
        return default
    return layer_key(name) in shown


def add_zone_layers(
    m: folium.Map, zones: gpd.GeoDataFrame, shown: Collection[str] | None = None
) -> list[str]:
    """The status fill and one optional outline overlay per other zone kind (the `shown`
    keys, or by default all but the `hidden_layers`); returns the layers' names."""
    layers = zone_layers_geojson(zones)
    hidden = hidden_layers(layers)
    for name, collection in layers.items():
        show = _show(name, name not in hidden, shown)
        _geojson(collection["features"], name, show=show).add_to(m)
    return list(layers)


def add_lines(m: folium.Map, lines: gpd.GeoDataFrame, show: bool = True) -> None:
    """Agreed and signed boundaries and claim lines, above the zone fills."""
    _geojson(lines_geojson(lines)["features"], LINES_LAYER, show=show).add_to(m)


def add_land(m: folium.Map, land: gpd.GeoDataFrame, show: bool = True) -> None:
    """The bundled land layer drawn as vector (the offline background)."""
    features = land_geojson(land)["features"]
    _geojson(features, LAND_LAYER_NAME, interactive=False, show=show).add_to(m)


def add_features(m: folium.Map, features: Iterable[Feature], names: str, show: bool = True) -> None:
    """Named features as small markers with labels in the chosen naming.

    One GeoJSON layer whose escaped ``_label`` / ``_popup`` properties are bound in the browser
    (folium's `Popup` / `Tooltip` would put the text inside a JavaScript template string).
    """
    out = []
    for f in features:
        local = "<br>".join(
            f"{esc(country_label(code))}: {esc(name)}" for code, name in sorted(f.names.items())
        )
        claim = ", ".join(country_label(c) for c in f.claimants)
        popup = (
            f"<b>{esc(f.name)}</b> ({esc(f.group)})<br><b>Claimed by:</b> {esc(claim)}"
            f"<br>{local}<br><b>Source:</b> {safe_link(f.source)}"
        )
        props = {"feature": f.key, "_label": esc(feature_label(f, names)), "_popup": popup}
        out.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [f.lon, f.lat]},
            }
        )
    marker = folium.CircleMarker(
        radius=3, color="#333333", weight=1, fill=True, fill_color="#ffffff", fill_opacity=1
    )
    group = folium.FeatureGroup(name=FEATURES_LAYER, show=show)
    _geojson(out, "Named feature points", marker=marker, control=False).add_to(group)
    group.add_to(m)


# --- incidents -------------------------------------------------------------------------------


def incident_features(
    incidents: pd.DataFrame, zone_names: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """GeoJSON point features for the incidents, coloured by type, with escaped popups (zones
    named from `zone_names`, see `zone_name_lookup`)."""
    records = incidents.drop(columns=[c for c in ("geometry",) if c in incidents]).to_dict(
        "records"
    )
    out = []
    for row in records:
        itype = _text(row.get(schema.INCIDENT_TYPE)) or "other"
        color = type_color(itype)
        tip = f"{_fmt_date(row.get(schema.DATE))} · {type_label(itype)}"
        props = {
            "id": str(row.get(schema.INCIDENT_ID, "")),
            "style": {"color": "#ffffff", "fillColor": color},
            "_tip": esc(tip),
            "_popup": incident_popup_html(row, zone_names),
        }
        lon, lat = float(row[schema.LONGITUDE]), float(row[schema.LATITUDE])
        out.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return out


def aggregate_cells(incidents: pd.DataFrame, cell_deg: float = AGGREGATE_CELL_DEG) -> pd.DataFrame:
    """Incidents counted per grid cell: cell center, count, most common type, first and last date.

    Examples
    --------
    >>> df = pd.DataFrame({"latitude": [10.1, 10.2, 20.0], "longitude": [115.1, 115.2, 110.0],
    ...                    "incident_type": ["other", "other", "water_cannon"],
    ...                    "date": pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])})
    >>> aggregate_cells(df)[["latitude", "longitude", "count"]].values.tolist()
    [[10.25, 115.25, 2.0], [20.25, 110.25, 1.0]]
    """  # noqa: E501
    if cell_deg <= 0:
        raise InputError(f"cell_deg={cell_deg!r} must be positive")
    frame = pd.DataFrame(
        {
            "iy": np.floor(incidents[schema.LATITUDE].to_numpy(float) / cell_deg).astype(int),
            "ix": np.floor(incidents[schema.LONGITUDE].to_numpy(float) / cell_deg).astype(int),
            "type": incidents[schema.INCIDENT_TYPE].to_numpy(),
            "date": pd.to_datetime(incidents[schema.DATE]).to_numpy(),
        }
    )
    grouped = frame.groupby(["iy", "ix"], sort=True)
    out = grouped.agg(count=("type", "size"), first=("date", "min"), last=("date", "max"))
    by_type = frame.groupby(["iy", "ix", "type"], sort=True).size().reset_index(name="n")
    top = by_type.sort_values(["n", "type"], ascending=[False, True], kind="stable")
    top = top.drop_duplicates(["iy", "ix"]).set_index(["iy", "ix"])["type"]
    out = out.join(top.rename("top_type")).reset_index()
    out["latitude"] = (out["iy"] + 0.5) * cell_deg
    out["longitude"] = (out["ix"] + 0.5) * cell_deg
    return out.drop(columns=["iy", "ix"])[
        ["latitude", "longitude", "count", "top_type", "first", "last"]
    ]


def _aggregate_features(cells: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    biggest = max(int(cells["count"].max()), 1) if len(cells) else 1
    for row in cells.to_dict("records"):
        n = int(row["count"])
        itype = str(row["top_type"])
        popup = (
            f"<b>{n} incidents</b> in this {AGGREGATE_CELL_DEG}° cell<br>"
            f"Most common: {esc(type_label(itype))}<br>"
            f"{_fmt_date(row['first'])} to {_fmt_date(row['last'])}<br>"
            "<i>Narrow the filters to see single incidents.</i>"
        )
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "style": {
                        "color": "#ffffff",
                        "fillColor": type_color(itype),
                        "radius": round(4 + 14 * math.sqrt(n / biggest), 1),
                    },
                    "_tip": f"{n} incidents",
                    "_popup": popup,
                },
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row["longitude"], 4), round(row["latitude"], 4)],
                },
            }
        )
    return out


def incident_layer(
    incidents: pd.DataFrame,
    *,
    max_points: int = MAX_POINTS,
    cluster_min: int = CLUSTER_MIN,
    name: str = "Incidents",
    assets: str | None = None,
    features: list[dict[str, Any]] | None = None,
    zone_names: Mapping[str, str] | None = None,
) -> folium.FeatureGroup:
    """The incidents as one feature group.

    Up to `max_points` incidents: one GeoJSON layer of circle markers (class ``sw-incident``),
    clustered when there are at least `cluster_min`. Beyond: grid-cell aggregates (class
    ``sw-aggregate``) sized by count and coloured by their most common type. `features`: the
    incidents' `incident_features`, when the caller already has them (built here otherwise,
    naming zones from `zone_names`). Switched off in the layer control (or by the link's
    ``layers``), the group stays off when a rerun replaces it (`add_view_state`).
    """
    group = folium.FeatureGroup(name=f"{name} ({len(incidents):,})")
    # Lets the browser tests (and curious analysts in the console) count what the map holds.
    _Script(
        f"window.seawatchIncidents = {{map}}; window.seawatchIncidentCount = {len(incidents)};",
        "IncidentRegistry",
    ).add_to(group)
    # st_folium adds the group to the map right after this script: it takes itself off again
    # when the analyst has switched the incidents off (the layer control's state survives reruns)
    off = f"window.seawatchLayerShown && !window.seawatchLayerShown({json.dumps(INCIDENTS_KEY)})"
    _Script(f"setTimeout(function() {{ if ({off}) {{ {{map}}.remove(); }} }}, 0);", "Hide").add_to(
        group
    )
    if len(incidents) > max_points:
        features = _aggregate_features(aggregate_cells(incidents))
        marker = folium.CircleMarker(weight=1, fill=True, fill_opacity=0.75)
        marker.options["className"] = "sw-aggregate"
        marker.options["bubblingMouseEvents"] = False
        _geojson(features, "Incident density", marker=marker, control=False).add_to(group)
        return group
    marker = folium.CircleMarker(radius=7, weight=1.5, fill=True, fill_opacity=0.9)
    marker.options["className"] = "sw-incident"
    # a click on an incident opens its popup; it is not a map click ("What is here?" + rerun)
    marker.options["bubblingMouseEvents"] = False
    if features is None:
        features = incident_features(incidents, zone_names)
    layer = _geojson(features, "Incident points", marker=marker, control=False)
    if len(incidents) >= cluster_min:
        cluster = MarkerCluster(
            control=False,
            options={
                "maxClusterRadius": 40,
                "spiderfyOnMaxZoom": True,
                "showCoverageOnHover": False,
            },
        )
        layer.add_to(cluster)
        cluster.add_to(group)
    else:
        layer.add_to(group)
    return apply_assets(group, assets)


def highlight_layer(
    incidents: pd.DataFrame, zone_names: Mapping[str, str] | None = None
) -> folium.FeatureGroup:
    """Rings around the selected incidents (table selection), drawn above everything.

    The rings are GeoJSON features (property ``selected``) whose escaped popup is bound from
    ``_popup``, like the incident markers: no data inside JavaScript source.
    """
    group = folium.FeatureGroup(name="Selected incidents", control=False)
    features = incident_features(incidents, zone_names)
    for feature in features:
        feature["properties"]["selected"] = True
        feature["properties"].pop("style", None)
    marker = folium.CircleMarker(radius=14, color="#ffff00", weight=4, fill=False)
    marker.options["className"] = "sw-selected"
    marker.options["bubblingMouseEvents"] = False
    _geojson(features, "Selected incident rings", marker=marker, control=False).add_to(group)
    return group


#: Key of the value the map sends once it is drawn (see `drawn_signal_layer`).
DRAWN_KEY: Final = "seawatch_drawn"
#: The drawn signal waits at most this long for the fetched layers (a stalled request must not
#: keep the filter controls away).
SIGNAL_WAIT_MS: Final = 8000

#: Once the fetched layers have arrived (or failed, or SIGNAL_WAIT_MS have passed) and the
#: browser has drawn a frame, tell Streamlit through the component's own message (a component
#: value): the page reruns. At most once per map, and not at all when the analyst has already
#: clicked the map (that click reran the page, and this value would clear it).
_DRAWN_SIGNAL_JS: Final = """
(function() {
  if (window.seawatchDrawnSent) { return; }
  window.seawatchDrawnSent = true;
  var waited = new Promise(function(done) { setTimeout(done, SIGNAL_WAIT_MS); });
  Promise.race([Promise.allSettled(window.seawatchLayerLoads || []), waited]).then(function() {
    requestAnimationFrame(function() { setTimeout(function() {
      var clicked = (window.__GLOBAL_DATA__ || {}).lat_lng_clicked;  // st_folium's record
      if (clicked) { return; }
      window.parent.postMessage({isStreamlitMessage: true,
        type: "streamlit:setComponentValue", dataType: "json",
        value: {last_clicked: null, DRAWN_KEY: true}}, "*");
    }, 0); });
  });
})();
""".replace("DRAWN_KEY", DRAWN_KEY).replace("SIGNAL_WAIT_MS", str(SIGNAL_WAIT_MS))


def drawn_signal_layer() -> folium.FeatureGroup:
    """An empty layer whose script reports to Streamlit that the map has been drawn.

    The dashboard adds it (as a ``feature_group_to_add``, so the map itself is not re-created)
    while it holds back the sidebar's filter controls on a visit's first page: the controls
    follow once the map is on screen instead of competing with it for the browser.
    """
    group = folium.FeatureGroup(name="Drawn signal", control=False)
    _Script(_DRAWN_SIGNAL_JS, "DrawnSignal").add_to(group)
    return group


# --- map chrome ------------------------------------------------------------------------------


class _Script(MacroElement):
    """A piece of map JavaScript; ``{map}`` in `js` is replaced by the map's variable name."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this.js.replace('{map}', this._parent.get_name()) }}
        {% endmacro %}"""
    )

    def __init__(self, js: str, name: str) -> None:
        super().__init__()
        self._name = name
        self.js = js


_NM_SCALE_JS: Final = """
(function(map) {
  var NmScale = L.Control.Scale.extend({
    _addScales: function(options, className, container) {
      L.Control.Scale.prototype._addScales.call(this, options, className, container);
      this._nmScale = L.DomUtil.create('div', className + ' sw-nm-scale', container);
    },
    _update: function() {
      L.Control.Scale.prototype._update.call(this);
      var y = this._map.getSize().y / 2;
      var meters = this._map.distance(
        this._map.containerPointToLatLng([0, y]),
        this._map.containerPointToLatLng([this.options.maxWidth, y]));
      var maxNm = meters / 1852.0;
      var nm = maxNm >= 1 ? this._getRoundNum(maxNm) : Math.round(maxNm * 10) / 10;
      this._nmScale.style.width = Math.round(this.options.maxWidth * nm / maxNm) + 'px';
      this._nmScale.innerHTML = nm + ' nm';
    }
  });
  new NmScale({metric: true, imperial: false, maxWidth: 160, position: 'bottomleft'}).addTo(map);
})({map});
"""


#: Title of the probe button (also its accessible name).
PROBE_TITLE: Final = (
    "What is here? Click anywhere, on markers and clusters too (Alt+click works always)"
)

#: "What is here?" from any click. A toggle button (top left, under the zoom buttons) switches
#: the map into probe mode (crosshair cursor); in probe mode, and for any Alt+click, a click is
#: caught on the map container in the capture phase, before Leaflet hands it to a marker, a
#: cluster (which would zoom) or a zone polygon, and is fired as a plain map click at that
#: point: st_folium reports it as ``last_clicked`` and the panel answers. A drag (pan) is not a
#: click; clicks on the controls work as usual. Escape leaves probe mode.
_PROBE_JS: Final = """
(function(map) {
  var probing = false, button = null;
  var pin = L.circleMarker([0, 0], {radius: 6, color: '#000', weight: 2, fill: false,
    interactive: false, className: 'sw-probe-pin'});
  function setProbing(on) {
    probing = on;
    var box = map.getContainer();
    box.classList.toggle('sw-probing', on);
    if (button) {
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.classList.toggle('sw-on', on);
    }
  }
  var Probe = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function() {
      var bar = L.DomUtil.create('div', 'leaflet-bar sw-probe');
      button = L.DomUtil.create('a', 'sw-probe-button', bar);
      button.href = '#';
      button.innerHTML = '?';
      button.title = PROBE_TITLE;
      button.setAttribute('role', 'button');
      button.setAttribute('aria-label', PROBE_TITLE);
      button.setAttribute('aria-pressed', 'false');
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, 'click', function(e) {
        L.DomEvent.preventDefault(e);
        setProbing(!probing);
      });
      return bar;
    }
  });
  new Probe().addTo(map);
  map.getContainer().addEventListener('click', function(e) {
    if (!(probing || e.altKey) || window.seawatchDrawing) { return; }
    if (e.target.closest && e.target.closest('.leaflet-control')) { return; }
    if (map.dragging && map.dragging.moved()) { return; }
    e.stopImmediatePropagation();
    e.preventDefault();
    var latlng = map.mouseEventToLatLng(e);
    pin.setLatLng(latlng).addTo(map);
    map.fire('click', {latlng: latlng, layerPoint: map.latLngToLayerPoint(latlng),
      containerPoint: map.mouseEventToContainerPoint(e), originalEvent: e});
  }, true);
  document.addEventListener('keydown', function(e) {
    if (e.key === 'Escape' && probing) { setProbing(false); }
  });
})({map});
""".replace("PROBE_TITLE", json.dumps(PROBE_TITLE))


#: Feature labels that would overprint one another are hidden, recomputed after each zoom: a
#: label is kept unless its box overlaps a label kept before it (priority: the order of
#: `seawatch.zones.features.FEATURES`, the layer's order). ``seawatchDeclutter(rects)`` is the
#: pure rule (boxes in priority order -> shown flags); hidden names stay in the features' popups.
_DECLUTTER_JS: Final = """
(function(map) {
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  window.seawatchDeclutter = function(rects) {
    var kept = [], shown = [];
    for (var i = 0; i < rects.length; i++) {
      var clash = false;
      for (var j = 0; j < kept.length && !clash; j++) { clash = overlaps(rects[i], kept[j]); }
      shown.push(!clash);
      if (!clash) { kept.push(rects[i]); }
    }
    return shown;
  };
  function run() {
    var labels = Array.prototype.slice.call(
      map.getContainer().querySelectorAll('.leaflet-tooltip.sw-label'));
    labels.forEach(function(el) { el.style.visibility = ''; });
    var shown = window.seawatchDeclutter(labels.map(function(el) {
      return el.getBoundingClientRect();
    }));
    labels.forEach(function(el, i) { el.style.visibility = shown[i] ? '' : 'hidden'; });
  }
  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    setTimeout(function() { pending = false; run(); }, 50);
  }
  map.on('zoomend overlayadd layeradd', schedule);
  map.whenReady(schedule);
})({map});
"""


def add_label_declutter(m: folium.Map) -> None:
    """Hide feature labels that would overprint others at the current zoom (`_DECLUTTER_JS`)."""
    _Script(_DECLUTTER_JS, "Declutter").add_to(m)


def add_probe(m: folium.Map) -> None:
    """The "What is here?" probe: a toggle button, and Alt+click, that report a click anywhere
    (markers and clusters included) as a map click (see `_PROBE_JS`)."""
    _Script(_PROBE_JS, "Probe").add_to(m)


#: URL parameters the map's script owns (it writes them without a rerun).
MAP_URL_PARAMS: Final = ("map", "layers")
#: Key of the component value the popup's "Full details" link sends (with a fresh nonce).
DETAILS_KEY: Final = "seawatch_incident"

#: The map's view in the page's URL, without a rerun: after a pan or zoom, and when a layer is
#: switched on or off, the script writes ``map=lat,lon,zoom`` and ``layers=`` (only when they
#: differ from the defaults) into the address bar of the page (the component's frame is of the
#: same origin). Streamlit rewrites the address when the filter changes; the page's
#: ``history.pushState`` / ``replaceState`` are wrapped (once per page, in the page's own
#: realm) to keep the map's part in it. A map created again in the same page (another tab and
#: back, another place-name choice) opens at the view and with the layers in the URL. The
#: layer state is kept in ``window.seawatchLayerShown`` for the incident layer, which st_folium
#: re-creates on every rerun. An incident's popup gets a "Full details" link when it opens (not
#: carried by every popup); a click on it sends the incident's id to the server as the
#: component's value (`DETAILS_KEY`). Commas stay unencoded (readable).
_VIEW_STATE_JS: Final = """
(function(map) {
  var P = window.parent, KEYS = LAYER_KEYS, shown = START.slice(), defaults = DEFAULTS;
  function keyOf(name) { return KEYS[String(name).replace(/ \\([\\d,]+\\)$/, '')] || null; }
  window.seawatchLayerShown = function(key) { return shown.indexOf(key) >= 0; };
  function params() {
    try { return new URLSearchParams(P.location.search); } catch (e) { return null; }
  }
  var start = params(), view = start && start.get('map');
  if (view) {
    var v = view.split(',').map(Number);
    if (v.length === 3 && v.every(isFinite) && Math.abs(v[0]) <= 85
        && v[2] >= MIN_ZOOM && v[2] <= MAX_ZOOM) {
      map.setView([v[0], v[1]], Math.round(v[2]), {animate: false});
    }
  }
  function same(a, b) { return a.slice().sort().join(',') === b.slice().sort().join(','); }
  function write() {
    var q = params();
    if (!q) { return; }
    var c = map.getCenter(), lon = ((c.lng + 180) % 360 + 360) % 360 - 180;
    var keep = {map: [+c.lat.toFixed(4), +lon.toFixed(4), map.getZoom()].join(',')};
    keep.layers = same(shown, defaults) ? null : shown.join(',');
    P.seawatchMapParams = JSON.stringify(keep);
    var url = P.location.pathname + '?' + q.toString().replace(/%2C/gi, ',') + P.location.hash;
    P.history.replaceState(P.history.state, '', url);
  }
  map.on('moveend', write);
  // Leaflet's layer control reports every add and remove (st_folium's reruns replace the
  // incident layer): the state is read from the control after the analyst's own clicks only.
  function readShown() {
    var c = window.layer_control;
    if (!c || !c._layers) { return; }
    shown = [];
    c._layers.forEach(function(o) {
      var k = o.overlay ? keyOf(o.name) : null;
      if (k && map.hasLayer(o.layer) && shown.indexOf(k) < 0) { shown.push(k); }
    });
  }
  document.addEventListener('click', function(e) {
    if (!(e.target.closest && e.target.closest('.leaflet-control-layers-overlays'))) { return; }
    setTimeout(function() { readShown(); write(); }, 0);
  });
  // once st_folium has added the layer control: the layers the URL holds (a map created again
  // in the same page; a new page's map starts with them already)
  setTimeout(function() {
    var q = params(), raw = q ? q.get('layers') : null, c = window.layer_control;
    var want = raw === null ? defaults : raw.split(',');
    if (!c || !c._layers) { return; }
    c._layers.forEach(function(o) {
      var k = o.overlay ? keyOf(o.name) : null;
      if (!k) { return; }
      var on = want.indexOf(k) >= 0;
      if (on && !map.hasLayer(o.layer)) { map.addLayer(o.layer); }
      if (!on && map.hasLayer(o.layer)) { map.removeLayer(o.layer); }
    });
    readShown();
  }, 0);
  if (!P.seawatchKeepsMapParams) {
    P.seawatchKeepsMapParams = true;
    var wrap = new P.Function('original', [
      'return function(state, title, url) {',
      '  try {',
      '    var keep = window.seawatchMapParams && JSON.parse(window.seawatchMapParams);',
      '    if (keep && url != null) {',
      '      var u = new URL(String(url), window.location.href);',
      '      Object.keys(keep).forEach(function(k) {',
      '        if (keep[k] === null) { u.searchParams.delete(k); }',
      '        else { u.searchParams.set(k, keep[k]); }',
      '      });',
      '      url = u.pathname + u.search.replace(/%2C/gi, ",") + u.hash;',
      '    }',
      '  } catch (e) {}',
      '  return original.call(window.history, state, title, url);',
      '};'].join('\\n'));
    P.history.pushState = wrap(P.history.pushState);
    P.history.replaceState = wrap(P.history.replaceState);
  }
  map.on('popupopen', function(e) {
    var box = e.popup.getElement(), popup = box && box.querySelector('.sw-popup[data-incident]');
    if (!popup || !popup.getAttribute('data-incident') || popup.querySelector('.sw-details')) {
      return;
    }
    var link = document.createElement('a');
    link.href = '#';
    link.className = 'sw-details';
    link.setAttribute('data-incident', popup.getAttribute('data-incident'));
    link.textContent = 'Full details and link';
    popup.appendChild(document.createElement('br'));
    popup.appendChild(link);
  });
  document.addEventListener('click', function(e) {
    var link = e.target.closest && e.target.closest('a.sw-details');
    if (!link) { return; }
    e.preventDefault();
    var data = window.__GLOBAL_DATA__ || {};
    var value = {last_clicked: data.lat_lng_clicked || null};
    value[DETAILS_KEY] = {id: link.getAttribute('data-incident'), nonce: Date.now()};
    window.Streamlit.setComponentValue(value);
  });
})({map});
"""


def add_view_state(m: folium.Map, *, start: Sequence[str], default: Sequence[str]) -> None:
    """The script that keeps the map's centre, zoom and layers in the page's URL and sends a
    popup's "Full details" click (`_VIEW_STATE_JS`). `start`: the layer keys shown now;
    `default`: those a map shows by default (the URL leaves ``layers`` out when equal)."""
    js = (
        _VIEW_STATE_JS.replace("LAYER_KEYS", json.dumps(LAYER_KEYS))
        .replace("START", json.dumps(list(start)))
        .replace("DEFAULTS", json.dumps(list(default)))
        .replace("MIN_ZOOM", str(MIN_ZOOM))
        .replace("MAX_ZOOM", str(MAX_ZOOM))
        .replace("DETAILS_KEY", json.dumps(DETAILS_KEY))
    )
    _Script(js, "ViewState").add_to(m)


#: Key of the component value a finished drawing sends (`seawatch.areas.DrawnArea.from_drawing`).
AREA_KEY: Final = "seawatch_area"
#: Titles (and accessible names) of the draw tool's buttons.
DRAW_TITLES: Final = {
    "polygon": "Draw an area to filter: click its corners, then the first one again "
    "(or double-click) to close it; Esc cancels",
    "circle": "Draw a circle to filter: click its centre, then its edge; Esc cancels",
    "clear": "Clear the drawn area",
}

#: The draw tool (no plugin, no download): three buttons under the probe. Polygon: each click
#: adds a corner, a click on the first corner or a double-click closes it. Circle: a click sets
#: the centre, a second one the edge. While drawing, a label shows the length drawn or the
#: radius in nautical miles (Leaflet's spherical distance, hence "≈"; the page shows the
#: geodesic measures of the finished area). Clicks are caught in the capture phase, like the
#: probe's, so markers and clusters do not take them. The finished drawing is sent to the server
#: as the component's value (`AREA_KEY`), which filters and draws it (`area_layer`).
_DRAW_JS: Final = """
(function(map) {
  var mode = null, pts = [], buttons = {};
  var line = L.polyline([], {color: '#1f4e79', weight: 2, dashArray: '5 5', interactive: false});
  var ring = L.circle([0, 0], {radius: 1, color: '#1f4e79', weight: 2, dashArray: '5 5',
    fill: false, interactive: false});
  var label = L.tooltip({permanent: true, direction: 'right', offset: [12, 0],
    className: 'sw-measure'});
  var Draw = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function() {
      var bar = L.DomUtil.create('div', 'leaflet-bar sw-draw');
      [['polygon', '\\u2b20'], ['circle', '\\u25ef'], ['clear', '\\u2715']].forEach(function(b) {
        var a = L.DomUtil.create('a', 'sw-draw-' + b[0], bar);
        a.href = '#';
        a.innerHTML = b[1];
        a.title = TITLES[b[0]];
        a.setAttribute('role', 'button');
        a.setAttribute('aria-label', TITLES[b[0]]);
        L.DomEvent.on(a, 'click', function(e) { L.DomEvent.preventDefault(e); act(b[0]); });
        buttons[b[0]] = a;
      });
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    }
  });
  new Draw().addTo(map);
  function nm(a, b) { return map.distance(a, b) / 1852; }
  function fmt(x) { return '\\u2248 ' + (x >= 100 ? x.toFixed(0) : x.toFixed(1)) + ' nm'; }
  function press(kind) {
    Object.keys(buttons).forEach(function(k) {
      buttons[k].classList.toggle('sw-on', k === kind);
      buttons[k].setAttribute('aria-pressed', k === kind ? 'true' : 'false');
    });
    map.getContainer().classList.toggle('sw-drawing', !!kind);
    window.seawatchDrawing = !!kind;
  }
  function cancel() {
    mode = null; pts = [];
    line.remove(); ring.remove(); label.remove();
    press(null);
    map.doubleClickZoom.enable();
  }
  function act(kind) {
    if (kind === 'clear') { cancel(); send({kind: 'none'}); return; }
    var again = mode === kind;
    cancel();
    if (again) { return; }
    mode = kind;
    press(kind);
    map.doubleClickZoom.disable();
  }
  function send(area) {
    var data = window.__GLOBAL_DATA__ || {};
    var value = {last_clicked: data.lat_lng_clicked || null};
    area.nonce = Date.now();
    value[AREA_KEY] = area;
    window.Streamlit.setComponentValue(value);
  }
  function lonlat(p) { return [+p.lng.toFixed(4), +p.lat.toFixed(4)]; }
  function length(points) {
    var d = 0;
    for (var i = 1; i < points.length; i++) { d += nm(points[i - 1], points[i]); }
    return d;
  }
  function finish() {
    if (mode === 'polygon' && pts.length >= 3) {
      send({kind: 'polygon', points: pts.map(lonlat)});
    }
    cancel();
  }
  function near(a, b) {
    return map.latLngToContainerPoint(a).distanceTo(map.latLngToContainerPoint(b)) < 8;
  }
  function preview(at) {
    if (!mode || !pts.length) { return; }
    if (mode === 'polygon') {
      var path = pts.concat(at ? [at] : []);
      line.setLatLngs(path).addTo(map);
      label.setLatLng(path[path.length - 1]).setContent(fmt(length(path))).addTo(map);
    } else if (at) {
      ring.setLatLng(pts[0]).setRadius(map.distance(pts[0], at)).addTo(map);
      label.setLatLng(at).setContent('radius ' + fmt(nm(pts[0], at))).addTo(map);
    }
  }
  var box = map.getContainer();
  box.addEventListener('click', function(e) {
    if (!mode) { return; }
    if (e.target.closest && e.target.closest('.leaflet-control')) { return; }
    if (map.dragging && map.dragging.moved()) { return; }
    e.stopImmediatePropagation();
    e.preventDefault();
    var at = map.mouseEventToLatLng(e);
    if (mode === 'circle') {
      if (!pts.length) { pts = [at]; preview(at); return; }
      var r = nm(pts[0], at);
      var c = lonlat(pts[0]);
      cancel();
      if (r > 0) { send({kind: 'circle', center: c, radius_nm: +r.toFixed(4)}); }
      return;
    }
    if (pts.length >= 3 && near(at, pts[0])) { finish(); return; }
    if (pts.length && near(at, pts[pts.length - 1])) { return; }  // a double-click's 2nd click
    pts.push(at);
    preview(null);
  }, true);
  box.addEventListener('dblclick', function(e) {
    if (mode !== 'polygon') { return; }
    e.stopImmediatePropagation();
    e.preventDefault();
    finish();
  }, true);
  map.on('mousemove', function(e) { preview(e.latlng); });
  document.addEventListener('keydown', function(e) {
    if (e.key === 'Escape' && mode) { cancel(); }
  });
})({map});
"""


def add_draw_tool(m: folium.Map) -> None:
    """The draw tool: polygon, circle and clear buttons (`_DRAW_JS`)."""
    js = _DRAW_JS.replace("TITLES", json.dumps(DRAW_TITLES)).replace(
        "AREA_KEY", json.dumps(AREA_KEY)
    )
    _Script(js, "DrawTool").add_to(m)


def area_layer(area: DrawnArea | None) -> folium.FeatureGroup:
    """The drawn area that filters the incidents (dashed outline, not clickable: clicks on it
    are clicks on the map); empty without an area."""
    group = folium.FeatureGroup(name="Drawn area", control=False)
    if area is None:
        return group
    style = {"color": "#1f4e79", "weight": 2, "dashArray": "6 4", "fillOpacity": 0.04}
    feature = {
        "type": "Feature",
        "properties": {"style": style},
        "geometry": area.geometry().__geo_interface__,
    }
    _geojson([feature], "Drawn area outline", control=False, interactive=False).add_to(group)
    return group


def _status_swatch(status: str) -> str:
    """A legend swatch drawn like the map's fill (CSS gradients for hatch and dots)."""
    look = STATUS_STYLE[status]
    c = look.color
    if look.pattern == "hatch":
        bg = f"repeating-linear-gradient(45deg,{c} 0 2px,{c}22 2px 5px)"
    elif look.pattern == "dots":
        bg = f"radial-gradient(circle,{c} 1.3px,{c}14 1.6px) 0 0/5px 5px"
    elif look.pattern == "solid":
        bg = f"{c}{round(look.fill_opacity * 255):02x}"
    else:
        bg = "transparent"
    border = f"1px {'dashed' if status == 'undelimited' else 'solid'} {c}"
    if not look.filled:
        border = "1px dotted #bbb"
    return (
        f"<span class='sw-box sw-status-{status}' style='background:{bg};border:{border}'></span>"
    )


def _line_swatch(kind: str) -> str:
    look = LINE_STYLE[kind]
    dash = f' stroke-dasharray="{dash_pattern(look.dash)}"' if look.dash else ""
    return (
        "<svg class='sw-line' width='22' height='8'><line x1='0' y1='4' x2='22' y2='4' "
        f"stroke='{look.color}' stroke-width='{look.weight}'{dash}/></svg>"
    )


def _legend_html(types: Sequence[str]) -> str:
    """The legend: status fills (with their rule as a tooltip), line styles, incident types.

    Compact (two columns) so that it fits a 560-px map without scrolling; collapsible.
    """
    statuses = "".join(
        f"<div title='{esc(status_sentence(s))}'>{_status_swatch(s)}{esc(status_label(s))}</div>"
        for s in STATUS_STYLE
    )
    lines = "".join(
        f"<div class='sw-wide'>{_line_swatch(k)}{esc(look.label)}</div>"
        for k, look in LINE_STYLE.items()
    )
    rows = "".join(
        f"<div><span style='background:{type_color(t)}' class='sw-dot'></span>"
        f"{esc(type_label(t))}</div>"
        for t in types
    )
    return (
        "<details open class='sw-legend'><summary><b>Legend</b></summary>"
        "<div class='sw-head'>Waters (legal status; hover for the rule)</div>"
        f"<div class='sw-grid'>{statuses}</div>"
        f"<div class='sw-head'>Lines</div><div class='sw-grid'>{lines}</div>"
        f"<div class='sw-head'>Incident type</div><div class='sw-grid'>{rows}</div></details>"
    )


_LEGEND_CSS: Final = """
<style>
.sw-legend {background: rgba(255,255,255,.93); padding: 5px 8px; font: 11px/1.3 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 330px;}
.sw-legend summary {cursor: pointer;}
.sw-legend .sw-head {font-weight: bold; margin-top: 4px;}
.sw-legend .sw-grid {display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px;}
.sw-legend .sw-grid > div {white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
.sw-legend .sw-grid > .sw-wide {grid-column: 1 / span 2;}
.sw-legend .sw-dot {display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:4px;
  border:1px solid #fff; vertical-align: -1px;}
.sw-legend .sw-box {display:inline-block;width:14px;height:9px;margin-right:4px;
  vertical-align: -1px; box-sizing: border-box;}
.sw-legend .sw-line {margin-right: 4px; vertical-align: 0;}
.sw-probe .sw-probe-button {font: bold 16px/30px sans-serif; text-align: center;}
.sw-probe .sw-probe-button.sw-on {background: #1f4e79; color: #fff;}
.sw-draw a {font: 16px/30px sans-serif; text-align: center;}
.sw-draw a.sw-on {background: #1f4e79; color: #fff;}
.leaflet-tooltip.sw-measure {font: bold 11px sans-serif; padding: 1px 4px;}
.sw-drawing, .sw-drawing .leaflet-interactive, .sw-drawing .marker-cluster {
  cursor: crosshair !important;}
.sw-probing, .sw-probing .leaflet-interactive, .sw-probing .marker-cluster {
  cursor: crosshair !important;}
.sw-nm-scale {border-top: none !important; border-bottom: 2px solid #777;}
.leaflet-tooltip.sw-label {background: transparent; border: none; box-shadow: none;
  font: 11px sans-serif; color: #333; text-shadow: 0 0 2px #fff, 0 0 2px #fff;}
.leaflet-tooltip.sw-label:before {display: none;}
.leaflet-tooltip {max-width: 360px; white-space: normal;}
.sw-popup {font: 12px/1.4 sans-serif;}
.leaflet-control-attribution {font: 10px/1.3 sans-serif;}
</style>
"""


def _header(m: folium.Map) -> folium.Element:
    """The ``<head>`` of the map's figure."""
    root = m.get_root()
    if not isinstance(root, folium.Figure):
        raise InputError(f"the map must belong to a folium.Figure, not {type(root).__name__!r}")
    return root.header


def add_legend(m: folium.Map, types: Sequence[str] = schema.INCIDENT_TYPES) -> None:
    """A collapsible legend (top right, under the layer control): status fills, line styles,
    incident types."""
    js = (
        "(function(map){var c = L.control({position: 'topright'});"
        "c.onAdd = function(){var d = L.DomUtil.create('div', 'sw-legend-box');"
        f"d.innerHTML = {json.dumps(_legend_html(types))};"
        "L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d);"
        "return d;}; c.addTo(map);})({map});"
    )
    _header(m).add_child(folium.Element(_LEGEND_CSS), name="sw_legend_css")
    _Script(js, "Legend").add_to(m)


def add_status_patterns(m: folium.Map) -> None:
    """Put the status fill patterns (`status_patterns_svg`) into the page, once per map.

    Leaflet fills a path with ``fillColor``; ``url(#sw-pattern-disputed)`` refers to a pattern
    anywhere in the document, so one hidden ``<svg>`` serves every pane's renderer.
    """
    js = (
        "(function(){if (document.getElementById('sw-patterns')) { return; }"
        "var d = document.createElement('div');"
        f"d.innerHTML = {json.dumps(status_patterns_svg())};"
        "document.body.appendChild(d.firstChild);})();"
    )
    _Script(js, "StatusPatterns").add_to(m)


def attributions(zones: gpd.GeoDataFrame | None, has_land: bool) -> list[str]:
    """The data sources to credit on the map (plain text, not yet escaped).

    Short on purpose (the map is small): the zone layer's sources are counted here and cited in
    full in the About tab (``data/eez/README.md``) and in every zone's ``source``.
    """
    out = ["Incidents: seawatch (sources in popups)"]
    if zones is not None and schema.ZONE_SOURCE in zones and len(zones):
        sources = {str(s).strip() for s in zones[schema.ZONE_SOURCE].dropna()} - {""}
        if sources:
            natural_earth = any("natural earth" in s.lower() for s in sources)
            marine_regions = any("marine regions" in s.lower() for s in sources)
            named = [
                n
                for n, hit in (("Natural Earth", natural_earth), ("Marine Regions", marine_regions))
                if hit
            ]
            out.append(f"Zones: {', '.join(named + [f'{len(sources)} cited sources'])} (see About)")
    if has_land:
        out.append("Land: Natural Earth (public domain)")
    return out


def add_attribution(m: folium.Map, credits: Sequence[str]) -> None:
    """Credit every data source in Leaflet's attribution control (escaped)."""
    text = " | ".join(esc(c) for c in credits)
    js = f"{{map}}.attributionControl.addAttribution({json.dumps(text)});"
    _Script(js, "Attribution").add_to(m)


def add_online_tiles(m: folium.Map, shown: Collection[str] = ()) -> None:
    """Online basemaps, offered in the layer control; loaded only when their key (``osm``,
    ``esri``) is in `shown`."""
    folium.TileLayer(
        "OpenStreetMap", name=OSM_LAYER, overlay=True, show=LAYER_KEYS[OSM_LAYER] in shown
    ).add_to(m)
    folium.TileLayer(
        tiles="https://server.arcgisonline.com/ArcGIS/rest/services/Ocean/World_Ocean_Base/MapServer/tile/{z}/{y}/{x}",
        attr="Esri, GEBCO, NOAA, National Geographic, DeLorme, HERE, Geonames.org",
        name=ESRI_LAYER,
        overlay=True,
        show=LAYER_KEYS[ESRI_LAYER] in shown,
        max_zoom=13,
    ).add_to(m)


# --- public builders -------------------------------------------------------------------------


def base_map(
    zones: gpd.GeoDataFrame | None,
    *,
    land: gpd.GeoDataFrame | None = None,
    features: Iterable[Feature] = FEATURES,
    names: str = "en",
    assets: str | None = None,
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    simplify: bool = True,
    layer_urls: Mapping[str, str] | None = None,
    lines: gpd.GeoDataFrame | None = None,
    shown: Collection[str] | None = None,
) -> folium.Map:
    """The map without incidents: background, status fill, zone outlines, boundary and claim
    lines, features, legend, scale, credits, the "What is here?" probe, and the script that
    keeps the map's view in the page's URL (`add_view_state`).

    `assets` is ``"local"`` (default, from ``$SEAWATCH_MAP_ASSETS``) or ``"cdn"``. With
    `layer_urls` (layer name -> URL of its GeoJSON from `zone_layers_geojson` / `land_geojson`
    / `lines_geojson`, in draw order) the browser fetches the land, zone and line layers
    instead of having them embedded (`hidden_layers` are fetched when switched on). `lines`:
    the boundary and claim lines to embed (`seawatch.zones.loading.load_lines`). `shown`: the
    keys (`LAYER_KEYS`) of the layers to show, e.g. from a link; None: the `default_layers`.
    """
    check_names(names)
    m = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=False)
    # without a tile layer folium sets no zoom limits; markercluster needs maxZoom
    m.options.update(minZoom=MIN_ZOOM, maxZoom=MAX_ZOOM)
    _header(m).add_child(
        folium.Element(
            f"<style>.leaflet-container{{background:{BACKGROUND_COLORS['sea']};}}</style>"
        ),
        name="sw_bg",
    )
    add_online_tiles(m, shown or ())
    add_status_patterns(m)
    if layer_urls:
        hidden = hidden_layers(layer_urls)
        for order, (name, url) in enumerate(layer_urls.items()):
            RemoteGeoJson(
                url,
                name,
                order=order,
                interactive=name != LAND_LAYER_NAME,
                show=_show(name, name not in hidden, shown),
            ).add_to(m)
        defaults = default_layers(layer_urls)
    else:
        names_drawn: list[str] = []
        if land is not None and len(land):
            add_land(m, land, _show(LAND_LAYER_NAME, True, shown))
            names_drawn.append(LAND_LAYER_NAME)
        if zones is not None and len(zones):
            drawn = display_zones(zones) if simplify else zones
            names_drawn += add_zone_layers(m, drawn, shown)
        if lines is not None and len(lines):
            add_lines(m, lines, _show(LINES_LAYER, True, shown))
            names_drawn.append(LINES_LAYER)
        defaults = default_layers(names_drawn)
    add_features(m, features, names, _show(FEATURES_LAYER, True, shown))
    add_label_declutter(m)
    add_legend(m)
    add_probe(m)
    add_draw_tool(m)
    add_view_state(m, start=tuple(shown) if shown is not None else defaults, default=defaults)
    _Script(_NM_SCALE_JS, "NmScale").add_to(m)
    add_attribution(m, attributions(zones, land is not None and len(land) > 0))
    return apply_assets(m, assets)


def build_map(
    incidents: pd.DataFrame,
    zones: gpd.GeoDataFrame | None,
    *,
    filter: IncidentFilter | None = None,  # noqa: A002 - the brief's name
    names: str = "en",
    assets: str | None = None,
    land: gpd.GeoDataFrame | None = None,
    features: Iterable[Feature] = FEATURES,
    max_points: int = MAX_POINTS,
    highlight: Sequence[str] = (),
    lines: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """The complete incident map.

    Parameters
    ----------
    incidents
        Incident frame (the columns of `seawatch.schema`, ideally with the join's columns).
    zones
        Zone layer (`seawatch.load_zones`); None draws no zones.
    filter
        Applied to `incidents` first (None keeps everything).
    names
        Place names of the features: ``"en"``, ``"local"`` or a claimant's ISO3 code.
    assets
        ``"local"`` (default) or ``"cdn"``: where Leaflet & co. are loaded from.
    land
        Land polygons drawn as the background (the map needs no tiles).
    features
        Named features to label.
    max_points
        Beyond this many incidents, draw grid-cell aggregates.
    highlight
        Incident ids to ring (e.g. the rows selected in the table).
    lines
        Agreed and signed boundaries and claim lines (`seawatch.zones.loading.load_lines`).

    Examples
    --------
    >>> m = build_map(pd.DataFrame(columns=list(schema.INCIDENT_COLUMNS)), None)
    >>> "Legend" in m.get_root().render()
    True
    """
    view = apply_filter(incidents, filter) if filter is not None else incidents
    m = base_map(zones, land=land, features=features, names=names, assets=assets, lines=lines)
    incident_layer(view, max_points=max_points).add_to(m)
    if highlight and schema.INCIDENT_ID in view:
        highlight_layer(view[view[schema.INCIDENT_ID].isin(list(highlight))]).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return apply_assets(m, assets)
