"""The region of interest for uploads: which points lie in it, and keeping only those.

The region is `seawatch.schema.REGION_BOUNDS` (a longitude/latitude rectangle, edges
included: a point on the edge is in the region). Validation reports the rows outside it as
suspect; `clip_to_region` is the optional step after validation (``--clip-region`` on the
command line, "import only the N rows in the region" in the dashboard).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from seawatch import schema


def in_region(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Whether each latitude/longitude lies in the region (edges included; NaN is outside).

    Examples
    --------
    >>> in_region(np.array([9.7, 35.0, np.nan]), np.array([115.8, 139.7, 115.0])).tolist()
    [True, False, False]
    """
    west, south, east, north = schema.REGION_BOUNDS
    with np.errstate(invalid="ignore"):
        return (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)


def clip_to_region(incidents: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """The incidents inside the region, and how many were left out.

    Parameters
    ----------
    incidents
        Typed incidents (`seawatch.validation.validate`'s first result), EPSG:4326 points.
    """
    if incidents.empty:
        return incidents, 0
    inside = in_region(
        incidents.geometry.y.to_numpy(dtype="float64"),
        incidents.geometry.x.to_numpy(dtype="float64"),
    )
    kept = incidents[inside].reset_index(drop=True)
    return kept, int((~inside).sum())
