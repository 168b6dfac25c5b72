"""The incidents, zones and land an export shows, gathered the way the dashboard does.

`load_view` reads everything in the incident store (seed + uploads), joins it to the zones
(so the claimant and disputed filters work and the data exports carry the zone attribution),
and applies the filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from seawatch.errors import ZoneError
from seawatch.filtering import IncidentFilter, apply_filter


@dataclass(frozen=True)
class ExportView:
    """What an export draws: the filtered, joined incidents, the zones, the land (or None)."""

    incidents: gpd.GeoDataFrame
    zones: gpd.GeoDataFrame
    land: gpd.GeoDataFrame | None
    filter: IncidentFilter
    total: int
    lines: gpd.GeoDataFrame | None = None


def load_land_or_none() -> gpd.GeoDataFrame | None:
    """The built-in land layer, or None when the zones have not been built."""
    from seawatch.zones.loading import load_land

    try:
        return load_land()
    except ZoneError:
        return None


def load_lines_or_none() -> gpd.GeoDataFrame | None:
    """The built-in boundary and claim lines, or None when the zones have not been built."""
    from seawatch.zones.loading import load_lines

    try:
        return load_lines()
    except ZoneError:
        return None


def load_view(
    flt: IncidentFilter | None = None,
    *,
    zones_source: str | Path | None = None,
    store: str | Path | None = None,
) -> ExportView:
    """Everything in the store, joined to the zones of `zones_source`, filtered by `flt`."""
    from seawatch.spatial import join
    from seawatch.store import current_incidents
    from seawatch.zones import load_zones

    flt = flt or IncidentFilter()
    incidents, _ = current_incidents(store)
    source = None if zones_source in (None, "builtin") else zones_source
    zones = load_zones(source)
    land = load_land_or_none()
    joined = join(incidents, zones, land=land if land is not None else gpd.GeoDataFrame())
    view = apply_filter(joined, flt)
    lines = load_lines_or_none() if source is None else None  # drawn over the built-in zones
    return ExportView(view, zones, land, flt, len(joined), lines)
