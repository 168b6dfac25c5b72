"""Loading and caching the dashboard's data (incidents, zones, land, the join, map assets).

Everything heavy is cached with `st.cache_resource` (not `st.cache_data`, which unpickles on
every hit) and keyed on data versions: the store's version string for incidents, the zone
source and its file's modification time for zones. Cached objects are shared between sessions:
callers must not modify them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import schema, store, summary
from seawatch.assets import STATIC_SUBDIR, STATIC_URL, asset_mode, install_static
from seawatch.errors import InputError, SeawatchError
from seawatch.filtering import IncidentFilter, apply_filter, split_for_store
from seawatch.mapping import (
    LAND_LAYER_NAME,
    MAX_POINTS,
    display_zones,
    incident_features,
    land_geojson,
    lines_geojson,
    zone_layers_geojson,
    zone_name_lookup,
)
from seawatch.presentation import LINES_LAYER
from seawatch.sea_areas import with_sea_area
from seawatch.spatial import join
from seawatch.ui import turns
from seawatch.zones import loading

ZONE_SOURCES = ("builtin", "imported")


@dataclass
class Loaded:
    """What the page works with, and notes on anything that could not be loaded."""

    incidents: pd.DataFrame
    version: str
    #: Identifies `incidents` as shown (store version, zone source and version, joined or not).
    key: str
    zones: gpd.GeoDataFrame | None
    display_zones: gpd.GeoDataFrame | None
    land: gpd.GeoDataFrame | None
    joined: bool
    notes: list[str] = field(default_factory=list)
    #: The PostgreSQL store the views are read from through SQL (`view_of`), when the store is
    #: large (`seawatch.store.reads_views_through_sql`); then `incidents` holds no rows (only the
    #: columns). None: `incidents` is the whole store.
    through_sql: str | None = None
    zone_source: str = "builtin"
    zone_version: str = ""


def ensure_assets(app_dir: str) -> str:
    """The asset mode (``$SEAWATCH_MAP_ASSETS``); in local mode the files are in ``static/``.

    Raises `InputError` for an unknown mode or a missing asset package (read on every run, so
    a changed setting is seen; the copying itself happens once per server and folder).
    """
    mode = asset_mode()
    if mode == "local":
        _install_static(app_dir)
    return mode


@st.cache_resource(show_spinner=False)
def _install_static(app_dir: str) -> None:
    install_static(Path(app_dir) / "static")


def read_incidents() -> tuple[pd.DataFrame, str]:
    """The incidents of the store (seed + uploads) and their version string."""
    frame, version = store.current_incidents()
    return frame, str(version)


def incidents_version() -> str:
    """The store's version string (cheap: does not read the incidents)."""
    return str(store.store_version())


def zones_version(source: str) -> str:
    """A string that changes when the zone files of `source` change (``missing`` if absent)."""
    try:
        return f"{source}:{loading.zones_version(source)}"
    except (SeawatchError, OSError):
        return f"{source}:missing"


# Cached functions raise on failure (Streamlit does not cache an exception); the public wrappers
# catch, so a missing or damaged file is retried on the next run instead of being remembered.


@st.cache_resource(show_spinner="Loading zones…", max_entries=4)
def _zones(source: str, version: str) -> gpd.GeoDataFrame:
    return loading.load_zones(source)


@st.cache_resource(show_spinner=False, max_entries=4)
def _display_zones(source: str, version: str) -> gpd.GeoDataFrame:
    return display_zones(_zones(source, version))


@st.cache_resource(show_spinner=False, max_entries=2)
def _land(version: str) -> gpd.GeoDataFrame:
    return loading.load_land()


@st.cache_resource(show_spinner=False, max_entries=2)
def _display_land(version: str) -> gpd.GeoDataFrame:
    return display_zones(_land(version))


@st.cache_resource(show_spinner=False, max_entries=2)
def _lines(version: str) -> gpd.GeoDataFrame:
    return loading.load_lines()


def lines_for(zone_source: str) -> gpd.GeoDataFrame | None:
    """The boundary and claim lines to draw over the zones of `zone_source`: the built-in
    model's lines over the built-in zones, none over imported ones (they belong to the model)."""
    if zone_source != "builtin":
        return None
    return cached_lines(zones_version("builtin"))


def cached_lines(version: str) -> gpd.GeoDataFrame | None:
    """The built-in boundary and claim lines of `version` (None when not built; failures are
    not cached)."""
    try:
        return _usable(_lines(version))
    except (SeawatchError, OSError):
        return None


@st.cache_resource(show_spinner="Attributing incidents to zones…", max_entries=4)
def _join(incident_version: str, zone_source: str, zone_version: str) -> pd.DataFrame:
    return join(cached_incidents(incident_version), _zones(zone_source, zone_version))


def _prepared(frame: pd.DataFrame, zone_source: str, zone_version: str) -> pd.DataFrame:
    """Rows read from the store as the page shows them: in their sea area, joined to the zones
    of `zone_source` when that layer is available (as `load` does for the whole store)."""
    frame = with_sea_area(frame)
    zones = cached_zones(zone_source, zone_version)
    return frame if zones is None else join(frame, zones)


def _usable(frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    return frame if frame is not None and len(frame) else None


def cached_zones(source: str, version: str) -> gpd.GeoDataFrame | None:
    """The zone layer of `source` (None when it is not available; failures are not cached)."""
    try:
        return _usable(_zones(source, version))
    except (SeawatchError, OSError):
        return None


def cached_display_zones(source: str, version: str) -> gpd.GeoDataFrame | None:
    """The simplified copy of the zones drawn on the map (None when not available)."""
    try:
        return _usable(_display_zones(source, version))
    except (SeawatchError, OSError):
        return None


def cached_land(version: str, *, simplified: bool = True) -> gpd.GeoDataFrame | None:
    """The bundled land polygons of `version` (simplified for the map unless told otherwise);
    None until the zone build provides them (failures are not cached)."""
    try:
        return _usable(_display_land(version) if simplified else _land(version))
    except (SeawatchError, OSError):
        return None


def cached_join(
    incident_version: str, zone_source: str, zone_version: str
) -> tuple[pd.DataFrame | None, str | None]:
    """The incidents of `incident_version` joined to the zones, or (None, why) on failure."""
    try:
        return _join(incident_version, zone_source, zone_version), None
    except (SeawatchError, OSError) as exc:
        return None, str(exc)


@st.cache_resource(show_spinner="Loading incidents…", max_entries=4)
def cached_incidents(version: str) -> pd.DataFrame:
    """The incidents of one store version (the key; the frame is read when the key is new)."""
    frame, _ = read_incidents()
    return with_sea_area(frame)  # every incident, curated or uploaded, in its IHO sea area


@st.cache_resource(show_spinner=False, max_entries=4)
def _sql_location(version: str, setting: str) -> tuple[str | None, str | None]:
    """(the PostgreSQL store to read views from through SQL, or None; a note when the setting
    is unusable) for store version `version` and threshold `setting`: counted once per
    version."""
    location = store.store_location()
    if not isinstance(location, str):  # a SQLite file is always read whole
        return None, None
    try:
        through = store.reads_views_through_sql(location, store.incident_count(location))
    except InputError as exc:
        return None, f"{exc}: the dashboard reads the whole store instead."
    return (location if through else None), None


def load(zone_source: str) -> Loaded:
    """Everything the page needs for one run, from the caches."""
    notes: list[str] = []
    version = incidents_version()
    zv = zones_version(zone_source)
    location, why = _sql_location(version, os.environ.get(store.PUSHDOWN_ENV, ""))
    if why:
        notes.append(why)
    if location is not None:
        return _load_through_sql(location, version, zone_source, zv, notes)
    incidents = cached_incidents(version)
    zones = cached_zones(zone_source, zv)
    if zones is None:
        notes.append(
            f"The {zone_source} zone layer is not available: the map shows incidents without "
            "zones and the claimant / disputed filters are off."
        )
    else:
        joined_frame, why = cached_join(version, zone_source, zv)
        if joined_frame is None:
            notes.append(f"Incidents could not be attributed to the zones: {why}")
        else:
            incidents = joined_frame
    joined = schema.JOIN_CLAIMANTS in incidents and schema.JOIN_DISPUTED in incidents
    land = cached_land(zones_version("builtin"))
    shown = cached_display_zones(zone_source, zv) if zones is not None else None
    key = f"{version}|{zone_source}|{zv}|{joined}"
    return Loaded(incidents, version, key, zones, shown, land, joined, notes, None, zone_source, zv)


def _load_through_sql(
    location: str, version: str, zone_source: str, zv: str, notes: list[str]
) -> Loaded:
    """`load` of a large PostgreSQL store: the zones and layers as usual, no incident rows
    (each view is read through SQL by `view_of`)."""
    zones = cached_zones(zone_source, zv)
    if zones is None:
        notes.append(
            f"The {zone_source} zone layer is not available: the map shows incidents without "
            "zones and the claimant / disputed filters are off."
        )
    empty = _pushed(f"{version}|{zone_source}|{zv}", "none", location, None, zone_source, zv)
    joined = schema.JOIN_CLAIMANTS in empty and schema.JOIN_DISPUTED in empty
    land = cached_land(zones_version("builtin"))
    shown = cached_display_zones(zone_source, zv) if zones is not None else None
    key = f"{version}|{zone_source}|{zv}|{joined}|sql"
    return Loaded(empty, version, key, zones, shown, land, joined, notes, location, zone_source, zv)


@st.cache_resource(show_spinner="Reading incidents…", max_entries=8)
def _pushed(
    key: str,
    part: str,
    location: str,
    _store_part: IncidentFilter | None,
    zone_source: str,
    zone_version: str,
) -> pd.DataFrame:
    """The incidents `_store_part` keeps, read through SQL and prepared (`_prepared`); no rows
    for None. Keyed on the data key and the part's repr (`part`)."""
    if _store_part is None:
        frame, _ = store.incidents_with_ids([], location)
    else:
        frame, _ = store.matching_incidents(_store_part, location)
    return _prepared(frame, zone_source, zone_version)


def view_of(loaded: Loaded, flt: IncidentFilter) -> pd.DataFrame:
    """The incidents `flt` keeps: filtered in memory, or, for a large PostgreSQL store, the
    store-side part selected in SQL and the rest (claimants, disputed, sea areas, search, the
    drawn area) applied to those rows. Both give the same rows (tests/property and tests/app)."""
    if loaded.through_sql is None:
        return apply_filter(loaded.incidents, flt)
    turns.PAGE_TURNS.give_up()  # the database works outside the GIL: the next run goes ahead
    store_part, rest = split_for_store(flt)
    rows = _pushed(
        loaded.key,
        repr(store_part),
        loaded.through_sql,
        store_part,
        loaded.zone_source,
        loaded.zone_version,
    )
    return apply_filter(rows, rest)


@st.cache_resource(show_spinner=False, max_entries=4)
def _date_span(version: str, location: str) -> tuple[dt.date, dt.date] | None:
    return store.date_span(location)


def period_change(loaded: Loaded, flt: IncidentFilter) -> summary.PeriodChange | None:
    """`flt`'s incidents in its period versus the previous period of the same length
    (`seawatch.summary.period_change`; through SQL for a large PostgreSQL store)."""
    if loaded.through_sql is None:
        return summary.period_change(loaded.incidents, flt)
    turns.PAGE_TURNS.give_up()
    span = _date_span(loaded.version, loaded.through_sql)
    if span is None:
        return None
    location = loaded.through_sql

    def count(g: IncidentFilter) -> int:
        store_part, rest = split_for_store(g)
        if rest == IncidentFilter():  # the store alone decides: one COUNT, no rows read
            return store.incident_count(location, store_part)
        return len(view_of(loaded, g))

    return summary.period_change_counted(*span, flt, count)


def incident_candidates(loaded: Loaded, ident: str | None) -> pd.DataFrame:
    """Rows among which the incident `ident` (a URL's or a popup's) is looked up: the whole
    store, or for a large PostgreSQL store the rows with that id read through SQL."""
    if loaded.through_sql is None or not ident:
        return loaded.incidents
    turns.PAGE_TURNS.give_up()
    frame, _ = store.incidents_with_ids([str(ident)], loaded.through_sql)
    return _prepared(frame, loaded.zone_source, loaded.zone_version)


@st.cache_resource(show_spinner=False, max_entries=4)
def _feature_memo(key: str) -> dict[str, dict[str, Any]]:
    """Map features (escaped popup included) by incident id, for one `Loaded.key`; filled as
    views need them."""
    return {}


def map_features(loaded: Loaded, view: pd.DataFrame) -> list[dict[str, Any]] | None:
    """The map features of `view` (rows of `loaded.incidents`), each built once per incident
    and data version instead of on every rerun (the popups are most of a rerun's map work).

    None when the map shows cell aggregates instead (more than `MAX_POINTS` incidents) or the
    ids are not unique (the store keeps them unique). Each feature and its properties are
    copies the caller may change; their nested values (style, geometry) are shared with the
    cache and must be treated as read-only.
    """
    if len(view) > MAX_POINTS:  # before reading the ids: large views are the slow ones
        return None
    ids = view[schema.INCIDENT_ID].astype(str).tolist()
    if len(set(ids)) != len(ids):
        return None
    memo = _feature_memo(loaded.key)
    missing = [i for i, ident in enumerate(ids) if ident not in memo]
    if missing:
        names = zone_name_lookup(loaded.zones)
        for feature in incident_features(view.iloc[missing], names):
            memo[feature["properties"]["id"]] = feature
    return [{**memo[i], "properties": dict(memo[i]["properties"])} for i in ids]


def imported_available() -> bool:
    """True when an imported (Marine Regions) zone layer exists."""
    return loading.imported_available()


@st.cache_resource(show_spinner=False)
def static_layers(
    app_dir: str, zone_source: str, zone_version: str, land_version: str
) -> dict[str, str]:
    """Write the drawn zone and land layers as static GeoJSON files; return name -> URL.

    The files are named by a hash of the data versions, so a new zone build or source gets new
    URLs (no stale browser caches). The map fetches them once instead of receiving ~0.6 MB of
    embedded GeoJSON with every rerun.
    """
    layers: dict[str, dict[str, Any]] = {}
    land = cached_land(land_version)
    if land is not None:
        layers[LAND_LAYER_NAME] = land_geojson(land)
    zones = cached_display_zones(zone_source, zone_version)
    if zones is not None:
        layers.update(zone_layers_geojson(zones))
    lines = lines_for(zone_source)
    if lines is not None:
        layers[LINES_LAYER] = lines_geojson(lines)
    digest = hashlib.sha256(f"{zone_source}|{zone_version}|{land_version}".encode()).hexdigest()[
        :16
    ]
    static = Path(app_dir) / "static"
    folder = static / STATIC_SUBDIR / "layers" / digest
    folder.mkdir(parents=True, exist_ok=True)
    if not (static / ".gitignore").exists():
        (static / ".gitignore").write_text("# generated by seawatch\n*\n", encoding="utf-8")
    urls = {}
    for i, (name, collection) in enumerate(layers.items()):
        target = folder / f"{i}.json"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
        tmp.replace(target)
        urls[name] = f"{STATIC_URL}/{STATIC_SUBDIR}/layers/{digest}/{i}.json"
    return urls
