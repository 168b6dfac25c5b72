"""Maritime zones: building the built-in layers, loading them, importing Marine Regions.

`load_zones(source=None)` returns the zone layers as a GeoDataFrame in EPSG:4326 with the
columns of `seawatch.schema.ZONE_COLUMNS`.
"""

from __future__ import annotations

from seawatch.zones.loading import load_land, load_zones, zones_version

__all__ = ["load_land", "load_zones", "zones_version"]
