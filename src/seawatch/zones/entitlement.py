"""The 200-nm entitlement of each state, measured geodesically from its coast.

Method: each coast vertex (coast simplified to COAST_SIMPLIFY_DEG and densified to at most
MAX_STEP_M between vertices) sends N_RAYS geodesic rays of 200 nm (pyproj.Geod.fwd). A ray stops
where it first enters a large landmass of another state and stays over it for BLOCKING_MIN_KM
(the line of sight is blocked: a coast does not project across a neighbour's land, so
Indonesian Borneo's coast facing the Celebes Sea generates nothing north of Brunei). The ray
ends form a star-shaped polygon around the vertex; the union of those polygons, minus all land,
is the entitlement.

Accuracy of the 200-nm limit: simplification moves the coast by at most 0.89 km; the chord
between two ray ends lies inside the circle by at most R(1 - cos(pi/N_RAYS)) = 0.20 km; the
dip between the circles of vertices 20 km apart is R - sqrt(R^2 - 10^2) = 0.14 km. Total
below 1.3 km, within 1 nm (1.852 km).
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from seawatch.schema import NM_IN_M
from seawatch.zones import coast
from seawatch.zones.geodesic import circles, ray_ends

RADIUS_M = 200 * NM_IN_M
#: Largest spacing between coast vertices (metres).
MAX_STEP_M = 20_000.0
#: Rays per coast vertex, and per vertex some of whose rays are blocked.
N_RAYS = 96
N_RAYS_SHADED = 288
#: A ray is blocked only where it stays over a neighbour's land this long (km): grazing a
#: headland does not block it, crossing Sabah or the Malay peninsula does.
BLOCKING_MIN_KM = 15.0
#: Step between the samples that test a ray for blocking land (degrees).
RAY_SAMPLE_DEG = 0.04
#: Farther than this (degrees) from every foreign landmass, a vertex's rays cannot be blocked
#: (200 nm is at most 3.7 degrees of longitude at the region's latitudes).
REACH_DEG = 3.8
#: Only landmasses larger than this (km^2) block a neighbour's rays; small islands do not.
BLOCKING_MIN_KM2 = 2000.0
#: Grid of the blocking-land raster (degrees).
RASTER_DEG = 0.02


class BlockingRaster:
    """Raster (RASTER_DEG cells over coast.LAND_BBOX) of large landmasses by state index."""

    def __init__(self, land: coast.Land, states: tuple[str, ...]) -> None:
        self.codes = {s: i + 1 for i, s in enumerate(states)}
        west, south, east, north = coast.LAND_BBOX
        self.west, self.south = west, south
        nx = int(round((east - west) / RASTER_DEG))
        ny = int(round((north - south) / RASTER_DEG))
        self.grid = np.zeros((ny, nx), dtype=np.int8)
        self.blockers: dict[int, BaseGeometry] = {}
        xs = west + (np.arange(nx) + 0.5) * RASTER_DEG
        ys = south + (np.arange(ny) + 0.5) * RASTER_DEG
        for state, code in self.codes.items():
            geom = land.states.get(state)
            if geom is None:
                continue
            # km^2 from square degrees: 12,300 is 12,392 cos(lat) at ~7 deg, the middle of the
            # sea. A size class, not a distance: over LAND_BBOX it overstates an area by at most
            # 15 % (at 30N) and understates it by under 0.1 %. Checked against geodesic areas
            # of the Natural Earth land of BLOCKING_STATES: no landmass changes side of
            # BLOCKING_MIN_KM2 (the nearest, two Indonesian islands near 2S-4S, are 2,009 and
            # 2,022 km^2, estimated 2,009 and 2,025).
            big = [p for p in shapely.get_parts(geom) if p.area * 12300 >= BLOCKING_MIN_KM2]
            for part in big:
                self._burn(part, code, xs, ys)
            if big:
                self.blockers[code] = shapely.union_all(big)
        self._padded = np.pad(self.grid, 1)

    def may_block(self, verts: np.ndarray, own: int) -> np.ndarray:
        """Whether any other state's large landmass lies within reach of each vertex."""
        others = [g for code, g in self.blockers.items() if code != own]
        if not others:
            return np.zeros(len(verts), dtype=bool)
        geom = shapely.union_all(others)
        shapely.prepare(geom)
        return shapely.dwithin(geom, shapely.points(verts), REACH_DEG)

    def _burn(self, part: BaseGeometry, code: int, xs: np.ndarray, ys: np.ndarray) -> None:
        x0, y0, x1, y1 = part.bounds
        ix = np.nonzero((xs >= x0) & (xs <= x1))[0]
        iy = np.nonzero((ys >= y0) & (ys <= y1))[0]
        if ix.size == 0 or iy.size == 0:
            return
        gx, gy = np.meshgrid(xs[ix], ys[iy])
        shapely.prepare(part)
        inside = shapely.contains_xy(part, gx, gy)
        sub = self.grid[iy[0] : iy[-1] + 1, ix[0] : ix[-1] + 1]
        sub[inside] = code

    def lookup(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """State code of the cell under each point (0 = sea, small island or outside)."""
        ny, nx = self.grid.shape
        # indices shifted by one into the zero-padded grid; outside points land on the padding
        ix = np.clip(np.floor((lon - self.west) / RASTER_DEG).astype(np.int32) + 1, 0, nx + 1)
        iy = np.clip(np.floor((lat - self.south) / RASTER_DEG).astype(np.int32) + 1, 0, ny + 1)
        return np.asarray(self._padded[iy, ix])


def _truncate(
    vert: np.ndarray, elon: np.ndarray, elat: np.ndarray, raster: BlockingRaster, own: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shorten rays (rows of elon/elat) of vertices `vert` where they cross foreign land.

    A ray is blocked where it enters another state's large landmass and stays over it for at
    least BLOCKING_MIN_KM; it then ends at its last sample before that land. Returns the ray
    ends and, per vertex, whether any of its rays was blocked.
    """
    span = np.max(np.hypot(elon - vert[:, :1], elat - vert[:, 1:]))
    m = int(np.ceil(span / RAY_SAMPLE_DEG))
    t = np.arange(1, m + 1) / m  # fractions along the ray
    sx = vert[:, 0, None, None] + (elon - vert[:, 0, None])[..., None] * t
    sy = vert[:, 1, None, None] + (elat - vert[:, 1, None])[..., None] * t
    code = raster.lookup(sx, sy)
    blocked = ((code != 0) & (code != own)).astype(np.int32)
    k = max(1, int(np.ceil(BLOCKING_MIN_KM / (RADIUS_M / 1000.0 / m))))
    # run[..., i] is True where samples i .. i+k-1 are all over foreign land
    csum = np.concatenate([np.zeros(blocked.shape[:-1] + (1,), np.int32), blocked.cumsum(-1)], -1)
    run = (csum[..., k:] - csum[..., :-k]) == k
    first = np.where(run.any(axis=-1), run.argmax(axis=-1), m)
    # a blocked ray stops at the last free sample, t = first / m
    frac = np.where(first < m, first / m, 1.0)
    tlon = vert[:, 0, None] + (elon - vert[:, 0, None]) * frac
    tlat = vert[:, 1, None] + (elat - vert[:, 1, None]) * frac
    shaded = np.asarray((first < m).any(axis=-1), dtype=bool)
    return tlon, tlat, shaded


def _stars(
    vert: np.ndarray, raster: BlockingRaster, own: int, n_rays: int
) -> tuple[np.ndarray, np.ndarray]:
    elon, elat = ray_ends(vert[:, 0], vert[:, 1], RADIUS_M, n_rays)
    tlon, tlat, shaded = _truncate(vert, elon, elat, raster, own)
    polys = shapely.polygons(np.stack([tlon, tlat], axis=-1))
    bad = ~shapely.is_valid(polys)
    if bad.any():
        polys[bad] = shapely.make_valid(polys[bad])
    return polys, shaded


def star_polygons(
    verts: np.ndarray, raster: BlockingRaster, own: int, chunk: int = 200
) -> list[BaseGeometry]:
    """Line-of-sight 200-nm polygons around each coast vertex.

    Vertices out of reach of any foreign landmass get plain geodesic circles. Vertices with a
    blocked ray are redone with N_RAYS_SHADED rays, so that the edge of the shadow of a
    neighbour's land is drawn to ~R * 2 pi / N_RAYS_SHADED (8 km), not 24 km.
    """
    polys = np.empty(len(verts), dtype=object)
    near = raster.may_block(verts, own)
    if (~near).any():
        polys[~near] = circles(verts[~near, 0], verts[~near, 1], RADIUS_M, N_RAYS)
    idx = np.nonzero(near)[0]
    for start in range(0, len(idx), chunk):
        sel = idx[start : start + chunk]
        stars, shaded = _stars(verts[sel], raster, own, N_RAYS)
        if shaded.any():
            stars[shaded] = _stars(verts[sel][shaded], raster, own, N_RAYS_SHADED)[0]
        polys[sel] = stars
    return polys.tolist()


def entitlement(land: coast.Land, state: str, raster: BlockingRaster) -> tuple[BaseGeometry, int]:
    """The 200-nm entitlement of `state` (land removed) and the number of coast vertices used."""
    verts = coast.coast_vertices(land, state, MAX_STEP_M)
    polys = star_polygons(verts, raster, raster.codes[state])
    area = shapely.union_all(polys)
    return shapely.difference(area, land.all_land), len(verts)
