"""Dividing overlapping entitlements: agreed boundaries, else equidistance (median) lines.

Equidistance: the coast vertices of every state (densified to VORONOI_STEP_M) are projected to
an azimuthal equidistant projection centred on the South China Sea; each Voronoi cell goes to
the state of its vertex, so every point goes to the state with the nearest coast vertex. The
cells' edges are the median lines (approximate: the projection distorts distances far from its
centre by up to ~2 %, see AEQD for the bound, and vertices stand for the coast between them).

Agreed boundaries: near the line of every boundary agreement in force
(`seawatch.zones.agreements`), the agreed line replaces the median line between its two
parties. "Near" is the agreement's corridor: the points whose perpendicular foot lies on the
line, up to 200 nm from it (12 nm for a territorial-sea agreement), on either side
(`agreement_sides`). Only the two parties' areas are reassigned: a third state's area inside
the corridor stays its own. Beyond the ends of an agreed line the median line applies again.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from seawatch.schema import NM_IN_M
from seawatch.zones import coast
from seawatch.zones.agreements import Agreement

#: Half-width of an agreement's corridor (metres): 12 nm for a territorial sea, else 200 nm.
TS_CORRIDOR_M = 12 * NM_IN_M
CORRIDOR_M = 200 * NM_IN_M

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


def in_force(agreements: tuple[Agreement, ...]) -> list[Agreement]:
    """The agreements with turning points whose line is in force (the others allocate nothing)."""
    return [a for a in agreements if a.in_force and len(a.points) >= 2]


def agreement_sides(agreement: Agreement) -> dict[str, BaseGeometry]:
    """The corridor of an agreed line split by it: party -> its side (lon/lat polygons).

    Walking the turning points in order, ``agreement.left_party`` is on the left. Each side is
    a single-sided buffer of the line in the azimuthal equidistant projection (flat ends: the
    corridor stops at the perpendiculars through the first and last points), cut to the treaty's
    own area of application where it defines one (`Agreement.area`, e.g. the Gulf of Tonkin
    closed by its Article I(2) line: the line divides nothing south of that closing line).
    """
    width = TS_CORRIDOR_M if agreement.scope == "territorial_sea" else CORRIDOR_M
    x, y = _FWD.transform(*np.array(agreement.points, dtype=float).T)
    line = shapely.LineString(np.column_stack([x, y]))
    left = shapely.buffer(line, width, single_sided=True)
    right = shapely.buffer(line, -width, single_sided=True)
    left, right = _untangle(line, left, right)
    right_party = next(p for p in agreement.parties if p != agreement.left_party)
    sides = {
        agreement.left_party: shapely.make_valid(_to_lonlat(left)),
        right_party: shapely.make_valid(_to_lonlat(right)),
    }
    if agreement.area:
        area = shapely.Polygon(agreement.area)
        sides = {party: shapely.intersection(side, area) for party, side in sides.items()}
    return sides


def _untangle(
    line: BaseGeometry, left: BaseGeometry, right: BaseGeometry
) -> tuple[BaseGeometry, BaseGeometry]:
    """Where a bend makes one segment's side overlap the next segment's other side, give each
    overlapping piece (cut along the line) to the side it lies on, seen from the nearest
    segment."""
    both = shapely.intersection(left, right)
    if both.is_empty:
        return left, right
    noded = shapely.union_all([shapely.boundary(both), line])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    pieces = [f for f in faces if both.covers(shapely.point_on_surface(f))]
    coords = np.asarray(line.coords)
    steps = np.hypot(*np.diff(coords, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    for piece in pieces:
        if piece.area == 0:
            continue
        point = piece.representative_point()
        i = int(
            np.clip(np.searchsorted(along, line.project(point), "right") - 1, 0, len(steps) - 1)
        )
        (x1, y1), (x2, y2) = coords[i], coords[i + 1]
        cross = (x2 - x1) * (point.y - y1) - (y2 - y1) * (point.x - x1)
        if cross > 0:
            right = shapely.difference(right, piece)
        else:
            left = shapely.difference(left, piece)
    return left, right


def apply_agreements(
    regions: dict[str, BaseGeometry], agreements: tuple[Agreement, ...]
) -> dict[str, BaseGeometry]:
    """Replace the median line by each agreed line in force, between its two parties only."""
    out = dict(regions)
    for agreement in in_force(agreements):
        a, b = agreement.parties
        if a not in out or b not in out:
            continue
        pair = shapely.union(out[a], out[b])
        for party, side in agreement_sides(agreement).items():
            other = b if party == a else a
            take = shapely.intersection(side, pair)
            out[party] = shapely.make_valid(shapely.union(out[party], take))
            out[other] = shapely.make_valid(shapely.difference(out[other], take))
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
