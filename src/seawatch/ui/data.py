"""Loading and caching the dashboard's data (incidents, zones, land, the join, map assets).

Everything heavy is cached with `st.cache_resource` (not `st.cache_data`, which unpickles on
every hit) and keyed on data versions: the store's version string for incidents, the zone
source and its file's modification time for zones. Cached objects are shared between sessions:
callers must not modify them.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import datasets, schema
from seawatch.assets import STATIC_SUBDIR, STATIC_URL, asset_mode, install_static
from seawatch.errors import SeawatchError

ZONE_SOURCES = ("builtin", "imported")


@dataclass
class Loaded:
    """What the page works with, and notes on anything that could not be loaded."""

    incidents: pd.DataFrame
    version: str
    zones: gpd.GeoDataFrame | None
    display_zones: gpd.GeoDataFrame | None
    land: gpd.GeoDataFrame | None
    joined: bool
    notes: list[str] = field(default_factory=list)


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


def _optional(module: str, name: str) -> Any | None:
    """`module.name` when that part of seawatch is installed, else None."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def read_incidents() -> tuple[pd.DataFrame, str]:
    """The incidents of the store (seed + uploads) and their version string.

    Falls back to the bundled ``data/incidents.csv`` when the store module is missing.
    """
    current = _optional("seawatch.store", "current_incidents")
    if current is not None:
        frame, version = current()
        return frame, str(version)
    load = _optional("seawatch.incidents", "load_incidents")
    path = datasets.incidents_path()
    if load is None:
        raise SeawatchError("seawatch.incidents is not available")
    return load(), f"csv:{path.stat().st_mtime_ns}"


def incidents_version() -> str:
    """The store's version string (cheap: does not read the incidents)."""
    version = _optional("seawatch.store", "store_version")
    if version is not None:
        return str(version())
    return f"csv:{datasets.incidents_path().stat().st_mtime_ns}"


def zones_version(source: str) -> str:
    """A string that changes when the zone files of `source` change."""
    version = _optional("seawatch.zones.loading", "zones_version")
    if version is not None:
        try:
            return f"{source}:{version(source)}"
        except (SeawatchError, OSError):
            return f"{source}:missing"
    path = datasets.imported_zones_path() if source == "imported" else datasets.zones_dir()
    if not path.exists():
        return f"{source}:missing"
    stamps = [path.stat().st_mtime_ns]
    if path.is_dir():
        stamps += [p.stat().st_mtime_ns for p in sorted(path.iterdir())]
    return f"{source}:{max(stamps)}"


@st.cache_resource(show_spinner="Loading zones…")
def _zones(source: str, version: str) -> gpd.GeoDataFrame:
    load = _optional("seawatch.zones", "load_zones")
    if load is None:
        raise SeawatchError("seawatch.zones is not available")
    return load(source)


def cached_zones(source: str, version: str) -> gpd.GeoDataFrame | None:
    """The zone layer of `source` (None when it is not available; failures are not cached)."""
    try:
        zones = _zones(source, version)
    except (SeawatchError, NotImplementedError, OSError):
        return None
    return zones if zones is not None and len(zones) else None


@st.cache_resource(show_spinner=False)
def cached_display_zones(source: str, version: str) -> gpd.GeoDataFrame | None:
    """The simplified copy of the zones drawn on the map."""
    from seawatch.mapping import display_zones

    zones = cached_zones(source, version)
    return None if zones is None else display_zones(zones)


@st.cache_resource(show_spinner=False)
def cached_land(version: str) -> gpd.GeoDataFrame | None:
    """The bundled land polygons (None until the zone build provides them)."""
    load = _optional("seawatch.zones.loading", "load_land")
    if load is None:
        return None
    try:
        land = load()
    except (SeawatchError, NotImplementedError, OSError):
        return None
    from seawatch.mapping import display_zones

    return display_zones(land) if land is not None and len(land) else None


@st.cache_resource(show_spinner="Attributing incidents to zones…")
def cached_join(incident_version: str, zone_source: str, zone_version: str) -> pd.DataFrame:
    """The incidents of `incident_version`, joined to the zones when both are available."""
    incidents = cached_incidents(incident_version)
    zones = cached_zones(zone_source, zone_version)
    join = _optional("seawatch.spatial", "join")
    if zones is None or join is None:
        return incidents
    return join(incidents, zones)


@st.cache_resource(show_spinner="Loading incidents…", max_entries=4)
def cached_incidents(version: str) -> pd.DataFrame:
    """The incidents of one store version (the key; the frame is read when the key is new)."""
    frame, _ = read_incidents()
    return frame


def load(zone_source: str) -> Loaded:
    """Everything the page needs for one run, from the caches."""
    notes: list[str] = []
    version = incidents_version()
    frame = cached_incidents(version)
    zv = zones_version(zone_source)
    zones = cached_zones(zone_source, zv)
    if zones is None:
        notes.append(
            f"The {zone_source} zone layer is not available: the map shows incidents without "
            "zones and the claimant / disputed filters are off."
        )
    incidents = cached_join(version, zone_source, zv) if zones is not None else frame
    joined = schema.JOIN_CLAIMANTS in incidents and schema.JOIN_DISPUTED in incidents
    if zones is not None and not joined:
        notes.append("Zone attribution is not available yet (seawatch.spatial.join missing).")
    land = cached_land(zones_version("builtin"))
    shown = cached_display_zones(zone_source, zv)
    return Loaded(incidents, version, zones, shown, land, joined, notes)


def imported_available() -> bool:
    """True when an imported (Marine Regions) zone layer exists."""
    available = _optional("seawatch.zones.loading", "imported_available")
    if available is not None:
        return bool(available())
    return datasets.imported_zones_path().exists()


@st.cache_resource(show_spinner=False)
def static_layers(
    app_dir: str, zone_source: str, zone_version: str, land_version: str
) -> dict[str, str]:
    """Write the drawn zone and land layers as static GeoJSON files; return name -> URL.

    The files are named by a hash of the data versions, so a new zone build or source gets new
    URLs (no stale browser caches). The map fetches them once instead of receiving ~0.6 MB of
    embedded GeoJSON with every rerun.
    """
    from seawatch.mapping import LAND_LAYER_NAME, land_geojson, zone_layers_geojson

    layers: dict[str, dict[str, Any]] = {}
    land = cached_land(land_version)
    if land is not None:
        layers[LAND_LAYER_NAME] = land_geojson(land)
    zones = cached_display_zones(zone_source, zone_version)
    if zones is not None:
        layers.update(zone_layers_geojson(zones))
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
