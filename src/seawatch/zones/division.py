"""Dividing overlapping entitlements: agreed boundaries, else equidistance (median) lines.

Equidistance: the coast vertices of every state (densified to VORONOI_STEP_M) are projected to
an azimuthal equidistant projection centred on the South China Sea; each Voronoi cell goes to
the state of its vertex, so every point goes to the state with the nearest coast vertex. The
cells' edges are the median lines (approximate: the projection distorts distances far from its
centre by up to ~2 %, see AEQD for the bound, and vertices stand for the coast between them).

Agreed boundary: inside the Gulf of Tonkin (sources.TONKIN_GULF_RING) the 2000 China-Vietnam
line replaces the median line.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from seawatch.zones import coast, sources

#: Spacing of the coast vertices that generate the median lines (metres).
VORONOI_STEP_M = 5_000.0
#: Projection for the Voronoi diagram: azimuthal equidistant, centred on the region.
#: An approximation of geodesic equidistance, not a distance buffer. Error bound (measured
#: against pyproj.Geod: 400,000 random points of REGION_BOUNDS, two coast points each at
#: equal geodesic distances of 10-370 km and directions 60-180 degrees apart): planar
#: distances are off by at most 2.1 %, which moves the median line by a median 0.17 km, at
#: most 2.7 km (1.5 nm) within 105-121E x 0-23N and 5.8 km (3.1 nm) at the region's corners.
AEQD = "+proj=aeqd +lat_0=12 +lon_0=113 +datum=WGS84 +units=m +no_defs"

_FWD = Transformer.from_crs("EPSG:4326", AEQD, always_xy=True)
_INV = Transformer.from_crs(AEQD, "EPSG:4326", always_xy=True)


def _to_lonlat(geom: BaseGeometry) -> BaseGeometry:
    dense = shapely.segmentize(geom, 5_000.0)
    return shapely.transform(dense, lambda xy: np.column_stack(_INV.transform(xy[:, 0], xy[:, 1])))


def nearest_coast_regions(land: coast.Land, states: tuple[str, ...]) -> dict[str, BaseGeometry]:
    """For each state, the area (lon/lat) closer to its coast than to any other state's."""
    points, owner = [], []
    for i, state in enumerate(states):
        verts = coast.coast_vertices(land, state, VORONOI_STEP_M)
        verts = np.unique(np.round(verts, 6), axis=0)
        points.append(verts)
        owner.append(np.full(len(verts), i))
    xy = np.concatenate(points)
    who = np.concatenate(owner)
    xy, first = np.unique(np.round(xy, 6), axis=0, return_index=True)
    who = who[first]
    px, py = _FWD.transform(xy[:, 0], xy[:, 1])
    extent = shapely.box(px.min() - 3e6, py.min() - 3e6, px.max() + 3e6, py.max() + 3e6)
    cells = shapely.voronoi_polygons(
        shapely.multipoints(np.column_stack([px, py])), extend_to=extent, ordered=True
    )
    parts = shapely.get_parts(cells)
    # keep the diagram near the coasts: far from its centre the projection folds over
    frame = shapely.box(px.min() - 5e5, py.min() - 5e5, px.max() + 5e5, py.max() + 5e5)
    regions = {}
    for i, state in enumerate(states):
        own = shapely.intersection(shapely.coverage_union_all(parts[who == i]), frame)
        regions[state] = shapely.make_valid(_to_lonlat(own))
    return regions


def tonkin_sides() -> tuple[BaseGeometry, BaseGeometry]:
    """The Gulf of Tonkin split by the 2000 agreed line: (Vietnamese side, Chinese side)."""
    gulf = shapely.Polygon(sources.TONKIN_GULF_RING)
    p1 = sources.TONKIN_POINTS[0]
    p21 = sources.TONKIN_POINTS[-1]
    west = shapely.Polygon([*sources.TONKIN_POINTS, (104.0, p21[1]), (104.0, 23.0), (p1[0], 23.0)])
    west = shapely.make_valid(west)
    return shapely.intersection(gulf, west), shapely.difference(gulf, west)


def apply_agreements(regions: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Replace the median line by agreed boundaries where a treaty exists."""
    vnm_side, chn_side = tonkin_sides()
    gulf = shapely.union(vnm_side, chn_side)
    out = dict(regions)
    out["VNM"] = shapely.union(shapely.difference(out["VNM"], gulf), vnm_side)
    out["CHN"] = shapely.union(shapely.difference(out["CHN"], gulf), chn_side)
    for state in out:
        if state not in ("VNM", "CHN"):
            out[state] = shapely.difference(out[state], gulf)
    return out


def divide(
    entitlements: dict[str, BaseGeometry], regions: dict[str, BaseGeometry]
) -> dict[str, BaseGeometry]:
    """Each state's provisional EEZ: its entitlement where no other state's overlaps it, and
    in overlaps the part nearer its own coast (or on its side of an agreed line)."""
    out = {}
    for state, ent in entitlements.items():
        others = shapely.union_all([g for k, g in entitlements.items() if k != state])
        alone = shapely.difference(ent, others)
        shared = shapely.intersection(shapely.intersection(ent, others), regions[state])
        out[state] = shapely.union(alone, shared)
    return out
