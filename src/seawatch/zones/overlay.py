"""The `status` layer: every water area with its legal status, for maps and dossiers.

Method: the boundaries of all zones are noded together (`union_all`) and polygonized into
faces; each face is classified by `seawatch.zones.status.classify` from the zones covering a
point inside it (the same function the join applies to every incident), and faces are
dissolved by (status, claim families). Faces smaller than SLIVER_KM2 are dropped (they come
from near-coincident boundaries, e.g. a 200-nm limit and a hand-drawn edge a few hundred
metres apart); unclaimed faces (status ``none``) are not drawn.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from seawatch.zones.status import Cover, Status, classify

#: Faces smaller than this (km^2) are slivers and are dropped from `status`.
SLIVER_KM2 = 1.0
_KM_PER_DEG = 111.32


def approx_area_km2(geoms: np.ndarray) -> np.ndarray:
    """Area in km^2 of lon/lat polygons (deg^2 scaled at each polygon's centroid latitude;
    good to ~1 % at the sizes of the sliver threshold)."""
    lat = shapely.get_y(shapely.centroid(geoms))
    return shapely.area(geoms) * _KM_PER_DEG**2 * np.cos(np.radians(lat))


def status_areas(zones: list[tuple[BaseGeometry, Cover]]) -> list[tuple[Status, BaseGeometry]]:
    """Every claimed area as (status, geometry), one per (status, families), sorted."""
    geoms = np.array([g for g, _ in zones], dtype=object)
    covers = [c for _, c in zones]
    lines = shapely.union_all(shapely.boundary(geoms))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    faces = faces[approx_area_km2(faces) >= SLIVER_KM2]
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(geoms)
    pt_idx, zone_idx = tree.query(points, predicate="within")
    covering: dict[int, list[int]] = defaultdict(list)
    for p, z in zip(pt_idx.tolist(), zone_idx.tolist(), strict=True):
        covering[p].append(z)
    groups: dict[tuple[str, str], list[BaseGeometry]] = defaultdict(list)
    found: dict[tuple[str, str], Status] = {}
    for face_idx, zone_ids in covering.items():
        status = classify([covers[z] for z in sorted(zone_ids)])
        if status.status == "none":
            continue
        key = (status.status, status.families_text)
        groups[key].append(faces[face_idx])
        found.setdefault(key, _area_status(status))
    out: list[tuple[Status, BaseGeometry]] = []
    for key in sorted(groups):
        merged = shapely.make_valid(shapely.coverage_union_all(np.array(groups[key])))
        out.append((found[key], merged))
    return out


def _area_status(status: Status) -> Status:
    """The parts of a face's status that hold for the whole dissolved area."""
    return Status(
        claimants=status.claimants,
        families=status.families,
        entitled=(),
        status=status.status,
        eez=(),
        eez_basis="",
        agreements=(),
    )
