"""Loading zone layers (placeholder until the zones land)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd


def load_zones(source: str | Path | None = None) -> gpd.GeoDataFrame:
    """The maritime zone layers as a GeoDataFrame in EPSG:4326."""
    raise NotImplementedError("zones are not built yet")
