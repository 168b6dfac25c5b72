"""Claim areas and features' territorial seas, from the hand-written sources."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from seawatch.schema import NM_IN_M
from seawatch.zones import sources
from seawatch.zones.features import FEATURES, Feature
from seawatch.zones.geodesic import circles

#: Radius of a territorial sea (UNCLOS art. 3).
TS_RADIUS_M = 12 * NM_IN_M
#: Vertices of each territorial-sea circle (chord error 12 nm * (1 - cos(pi/128)) = 7 m).
TS_VERTICES = 128
#: Longest straight segment kept in hand-written rings before use (degrees).
SEGMENT_DEG = 0.05


def ring_polygon(
    coords: tuple[tuple[float, float], ...] | list[tuple[float, float]],
) -> BaseGeometry:
    """A hand-written (lon, lat) ring as a valid polygon, densified to SEGMENT_DEG."""
    poly = shapely.Polygon(coords)
    return shapely.segmentize(shapely.make_valid(poly), SEGMENT_DEG)


def nine_dash_polygon() -> BaseGeometry:
    """The dashed line closed into a polygon as documented in `sources` (land not removed)."""
    ring: list[tuple[float, float]] = [p for dash in sources.NINE_DASHES for p in dash]
    ring.extend(reversed(sources.TONKIN_POINTS))  # point 21 north to point 1
    ring.extend(sources.NINE_DASH_CLOSURE_EAST)
    return ring_polygon(ring)


def kig_polygon() -> BaseGeometry:
    """The Kalayaan Island Group as bounded by PD 1596 (straight lon/lat edges)."""
    return ring_polygon(sources.KIG_RING)


def archipelago_polygons() -> dict[str, BaseGeometry]:
    """Hand-drawn archipelago claim areas by key (land not removed)."""
    return {a.key: ring_polygon(a.ring) for a in sources.CLAIM_AREAS}


def feature_ts(features: tuple[Feature, ...] = FEATURES) -> list[BaseGeometry]:
    """12-nm geodesic circles around each feature's position."""
    lon = np.array([f.lon for f in features])
    lat = np.array([f.lat for f in features])
    return circles(lon, lat, TS_RADIUS_M, TS_VERTICES).tolist()
