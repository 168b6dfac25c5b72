"""The `disputed` overlay: every area claimed by two or more distinct states.

Method: the boundaries of all claiming zones are noded together (`union_all`), polygonized
into faces, and each face gets the union of the claimant sets of the zones covering a point
inside it; faces with two or more states are dissolved by claimant set. Faces smaller than
SLIVER_KM2 are dropped (they come from near-coincident boundaries, e.g. a 200-nm limit and a
hand-drawn edge a few hundred metres apart).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

#: Faces smaller than this (km^2) are slivers and are dropped from `disputed`.
SLIVER_KM2 = 1.0
_KM_PER_DEG = 111.32


def approx_area_km2(geoms: np.ndarray) -> np.ndarray:
    """Area in km^2 of lon/lat polygons (deg^2 scaled at each polygon's centroid latitude;
    good to ~1 % at the sizes of the sliver threshold)."""
    lat = shapely.get_y(shapely.centroid(geoms))
    return shapely.area(geoms) * _KM_PER_DEG**2 * np.cos(np.radians(lat))


def disputed_areas(
    zones: list[tuple[BaseGeometry, frozenset[str]]],
) -> list[tuple[frozenset[str], BaseGeometry]]:
    """Areas claimed by at least two states, as (claimant set, geometry), sorted by claimants."""
    geoms = np.array([g for g, _ in zones], dtype=object)
    claims = [c for _, c in zones]
    lines = shapely.union_all(shapely.boundary(geoms))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    faces = faces[approx_area_km2(faces) >= SLIVER_KM2]
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(geoms)
    pt_idx, zone_idx = tree.query(points, predicate="within")
    owners: dict[int, set[str]] = defaultdict(set)
    for p, z in zip(pt_idx.tolist(), zone_idx.tolist(), strict=True):
        owners[p] |= claims[z]
    groups: dict[frozenset[str], list[BaseGeometry]] = defaultdict(list)
    for face_idx, owner_set in owners.items():
        if len(owner_set) >= 2:
            groups[frozenset(owner_set)].append(faces[face_idx])
    out: list[tuple[frozenset[str], BaseGeometry]] = []
    for key in sorted(groups, key=lambda s: ";".join(sorted(s))):
        merged = shapely.make_valid(shapely.coverage_union_all(np.array(groups[key])))
        out.append((key, merged))
    return out
