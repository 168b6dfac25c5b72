"""Nearest named feature and its distance on the WGS84 ellipsoid, for many points at once.

Private helper of `seawatch.spatial`. ``pyproj.Geod.inv`` is exact but costs ~1.7 µs per pair
(1.7 s for 1M points on the project's machine, more than the whole join's budget), so the
distances are computed with Lambert's formula for long lines on the WGS84 ellipsoid: one set of
numpy operations, within a few metres of ``Geod.inv`` at the distances that matter here (the
tests compare both). Candidates are chosen on the sphere of reduced latitudes by unit-vector
dot products (or chords); every candidate within 0.5 % of the best spherical distance is
measured on the ellipsoid and the nearest kept (the ellipsoid changes distances by less than its
flattening, 0.34 %, so it can only reorder features that close).

With a lookup grid (`nearest_with_grid`), each cell keeps the few features that can be nearest
anywhere in it; a point's candidates are ranked by chord, and Lambert's formula is evaluated
once per point, for the winner, plus for the runners-up only when they are within that 0.5 %.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from seawatch._grid import LookupGrid

#: WGS84 semi-major axis (m) and flattening.
_A = 6378137.0
_F = 1 / 298.257223563
#: Rows per chunk: keeps the points x features matrix around 10 MB, and the per-point
#: temporaries of `nearest_with_grid` (400 kB each) in the L2 cache (chunks of 200,000 rows made
#: it 2x slower on the project's 2-core machine).
_CHUNK = 50_000
#: Features within this fraction of the best spherical distance are all measured on the ellipsoid.
_TIE = 0.005
#: Margin (m) for the error of Lambert's formula in the per-cell candidate bound.
_MARGIN_M = 1000.0
#: Name prefix of the cache files of per-cell candidates.
CANDIDATES_PREFIX = "join-nearest-"


def _unit(lat: np.ndarray, lon: np.ndarray, *, fast: bool = False) -> np.ndarray:
    """Unit vectors (n, 3) on the sphere of reduced latitudes (tan b = (1 - f) tan lat).

    With ``fast`` the sines and cosines are taken in float32 (4x faster in numpy, error
    < 1e-7 rad, i.e. < 1 m on the ground); everything after is float64.
    """
    x, y, z = _unit3(lat, lon, fast=fast)
    out = np.empty((*np.shape(x), 3))
    out[..., 0], out[..., 1], out[..., 2] = x, y, z
    return out


def _unit3(
    lat: np.ndarray, lon: np.ndarray, *, fast: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_unit` as three separate component arrays (contiguous: faster to compute with)."""
    phi = np.radians(lat)
    lam = np.radians(lon)
    if fast:
        phi, lam = phi.astype(np.float32), lam.astype(np.float32)
    sin_phi = np.sin(phi).astype(float)
    sin_phi *= 1 - _F
    cos_phi = np.cos(phi).astype(float)
    inv_norm = 1 / np.sqrt(cos_phi * cos_phi + sin_phi * sin_phi)
    cos_beta = cos_phi * inv_norm
    return cos_beta * np.cos(lam), cos_beta * np.sin(lam), sin_phi * inv_norm


def _lambert(u1: np.ndarray, u2: np.ndarray) -> np.ndarray:
    """Lambert's formula on unit vectors (..., 3) of reduced latitudes (metres)."""
    return _lambert3((u1[..., 0], u1[..., 1], u1[..., 2]), (u2[..., 0], u2[..., 1], u2[..., 2]))


def _lambert3(
    p: tuple[np.ndarray, np.ndarray, np.ndarray], q: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """Lambert's formula on unit vectors of reduced latitudes given by components (metres).

    With s = |u1 - u2| / 2 = sin(sigma / 2): cos²(sigma/2) = 1 - s², sin sigma = 2 s sqrt(1 - s²),
    sin P cos Q = (z1 + z2) / 2 and cos P sin Q = (z2 - z1) / 2 (P, Q: half sum and half
    difference of the reduced latitudes), so one arcsin is the only transcendental call.
    In-place operations: this runs on a million points per join.
    """
    dx, dy, dz = p[0] - q[0], p[1] - q[1], p[2] - q[2]
    s2 = np.asarray(dx * dx)
    s2 += dy * dy
    s2 += dz * dz
    s2 *= 0.25
    s2 = np.clip(s2, 0.0, 1.0, out=s2)
    s = np.sqrt(s2)
    sigma = np.arcsin(s)
    sigma *= 2
    cos2 = 1 - s2  # cos²(sigma / 2)
    sin_sigma = np.sqrt(cos2)
    sin_sigma *= s
    sin_sigma *= 2
    zsum = p[2] + q[2]
    zsum *= zsum
    zsum *= 0.25
    zdiff = q[2] - p[2]
    zdiff *= zdiff
    zdiff *= 0.25
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - sin_sigma) * zsum / cos2
        y = (sigma + sin_sigma) * zdiff / s2
        x += y
        x *= _F / 2
        d = sigma - x
        d *= _A
    return np.where(s2 > 0, d, 0.0)


def lambert_m(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Distance in metres on the WGS84 ellipsoid by Lambert's formula (arrays broadcast).

    Examples
    --------
    >>> round(float(lambert_m(0.0, 0.0, 0.0, 1.0)) / 1852, 3)  # one degree of the equator
    60.108
    """
    u1 = _unit(np.asarray(lat1, dtype=float), np.asarray(lon1, dtype=float))
    u2 = _unit(np.asarray(lat2, dtype=float), np.asarray(lon2, dtype=float))
    return _lambert(u1, u2)


def nearest(
    lat: np.ndarray, lon: np.ndarray, f_lat: np.ndarray, f_lon: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest feature and its distance (m) for each point.

    NaN coordinates, or no features at all, give index -1 and distance NaN.
    """
    n = len(lat)
    index = np.full(n, -1, dtype=np.int64)
    dist = np.full(n, np.nan)
    if len(f_lat) == 0 or n == 0:
        return index, dist
    fu = _unit(np.asarray(f_lat, dtype=float), np.asarray(f_lon, dtype=float))
    valid = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    for start in range(0, len(valid), _CHUNK):
        rows = valid[start : start + _CHUNK]
        index[rows], dist[rows] = _nearest_chunk(_unit(lat[rows], lon[rows], fast=True), fu)
    return index, dist


def _nearest_chunk(pu: np.ndarray, fu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    dots = pu @ fu.T
    rows = np.arange(len(pu))
    first = np.argmax(dots, axis=1)
    best = _lambert(pu, fu[first])
    # Features closer than (1 + _TIE) times the best angle, as a bound on the dot product.
    angle = np.arccos(np.clip(dots[rows, first], -1, 1))
    bound = np.cos(np.minimum(np.pi, angle * (1 + _TIE) + 1e-12))
    candidates = dots >= bound[:, None]
    ambiguous = np.flatnonzero(candidates.sum(axis=1) > 1)
    if len(ambiguous):
        row, feat = np.nonzero(candidates[ambiguous])
        dist = _lambert(pu[ambiguous[row]], fu[feat])
        order = np.lexsort((dist, row))  # per row, nearest first
        head = order[np.r_[True, row[order][1:] != row[order][:-1]]]
        first[ambiguous[row[head]]] = feat[head]
        best[ambiguous[row[head]]] = dist[head]
    return first, best


@dataclass(frozen=True)
class CellCandidates:
    """For each cell of a lookup grid, the features that can be nearest to a point in it."""

    f_lat: np.ndarray
    f_lon: np.ndarray
    fu: np.ndarray
    offsets: np.ndarray
    feats: np.ndarray


def cell_candidates(grid: LookupGrid, coords: tuple[tuple[float, float], ...]) -> CellCandidates:
    """Candidate features per cell of `grid` for features at `coords` (lat, lon).

    For a point p of a cell with centre c and radius r (centre to farthest corner):
    d(p, F) >= d(c, F) - r and the nearest distance is <= min_G d(c, G) + r, so only features
    with d(c, F) - r <= min_G d(c, G) + r can be nearest (plus a margin for Lambert's error).
    """
    f_lat = np.array([c[0] for c in coords], dtype=float)
    f_lon = np.array([c[1] for c in coords], dtype=float)
    fu = _unit(f_lat, f_lon)
    n_cells = grid.nx * grid.ny
    if len(coords) == 0:
        empty = np.zeros(0, dtype=np.int32)
        return CellCandidates(f_lat, f_lon, fu, np.zeros(n_cells + 1, np.int64), empty)
    counts = np.zeros(n_cells, dtype=np.int64)
    feats: list[np.ndarray] = []
    for start in range(0, n_cells, _CHUNK):
        cells = np.arange(start, min(n_cells, start + _CHUNK))
        ok = _candidates_of_cells(grid, cells, fu)
        counts[cells] = ok.sum(axis=1)
        feats.append(np.nonzero(ok)[1].astype(np.int32))
    offsets = np.zeros(n_cells + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return CellCandidates(f_lat, f_lon, fu, offsets, np.concatenate(feats))


def load_or_build_candidates(
    grid: LookupGrid, coords: tuple[tuple[float, float], ...], grid_key: str
) -> CellCandidates:
    """`cell_candidates`, cached in `seawatch.datasets.cache_dir` next to the grid."""
    from seawatch import _grid, datasets

    digest = hashlib.sha256(repr((grid_key, coords)).encode()).hexdigest()[:24]
    directory = datasets.cache_dir()
    arrays = _grid.load_arrays(directory, CANDIDATES_PREFIX, digest)
    f_lat = np.array([c[0] for c in coords], dtype=float)
    f_lon = np.array([c[1] for c in coords], dtype=float)
    if (
        arrays is not None
        and {"offsets", "feats"} <= arrays.keys()
        and len(arrays["offsets"]) == grid.nx * grid.ny + 1
    ):
        fu = _unit(f_lat, f_lon)
        return CellCandidates(f_lat, f_lon, fu, arrays["offsets"], arrays["feats"])
    found = cell_candidates(grid, coords)
    _grid.save_arrays(
        directory, CANDIDATES_PREFIX, digest, {"offsets": found.offsets, "feats": found.feats}
    )
    return found


def _candidates_of_cells(grid: LookupGrid, cells: np.ndarray, fu: np.ndarray) -> np.ndarray:
    ix = (cells % grid.nx).astype(float)
    iy = (cells // grid.nx).astype(float)
    cu = _unit(grid.y0 + (iy + 0.5) * grid.cell, grid.x0 + (ix + 0.5) * grid.cell)
    radius = np.zeros(len(cells))
    for dx in (0.0, 1.0):
        for dy in (0.0, 1.0):
            corner = _unit(grid.y0 + (iy + dy) * grid.cell, grid.x0 + (ix + dx) * grid.cell)
            radius = np.maximum(radius, _lambert(cu, corner))
    radius = radius * 1.01 + _MARGIN_M
    centre = _lambert(cu[:, None, :], fu[None, :, :])
    margin = _MARGIN_M + 1e-3 * centre
    bound = np.min(centre + radius[:, None], axis=1)
    return centre - radius[:, None] - margin <= bound[:, None]


def nearest_with_grid(
    lat: np.ndarray, lon: np.ndarray, cells: np.ndarray, cand: CellCandidates
) -> tuple[np.ndarray, np.ndarray]:
    """Like `nearest`, measuring only each cell's candidates (`cells` from the same grid)."""
    n = len(lat)
    index = np.full(n, -1, dtype=np.int64)
    dist = np.full(n, np.nan)
    if len(cand.f_lat) == 0 or n == 0:
        return index, dist
    valid = np.isfinite(lat) & np.isfinite(lon)
    outside = np.flatnonzero(valid & (cells < 0))
    if len(outside):
        index[outside], dist[outside] = nearest(lat[outside], lon[outside], cand.f_lat, cand.f_lon)
    pts = np.flatnonzero(valid & (cells >= 0))
    chunks: Iterable[slice | np.ndarray]
    if len(pts) == n:  # the usual case, every point in the grid: chunks are views
        chunks = (slice(start, start + _CHUNK) for start in range(0, n, _CHUNK))
    else:
        chunks = (pts[start : start + _CHUNK] for start in range(0, len(pts), _CHUNK))
    for rows in chunks:
        index[rows], dist[rows] = _nearest_in_cells(lat[rows], lon[rows], cells[rows], cand)
    return index, dist


def _nearest_in_cells(
    lat: np.ndarray, lon: np.ndarray, cells: np.ndarray, cand: CellCandidates
) -> tuple[np.ndarray, np.ndarray]:
    p = _unit3(lat, lon, fast=True)
    f = (cand.fu[:, 0].copy(), cand.fu[:, 1].copy(), cand.fu[:, 2].copy())
    start = cand.offsets[cells]
    counts = cand.offsets[cells + 1] - start
    index = cand.feats[start].astype(np.int64)
    many = np.flatnonzero(counts > 1)  # cells near the bisector of two features
    if len(many):
        index[many] = _closest_candidate(p, f, many, start[many], counts[many], cand.feats)
    return index, _lambert3(p, (f[0][index], f[1][index], f[2][index]))


def _closest_candidate(
    p: tuple[np.ndarray, np.ndarray, np.ndarray],
    f: tuple[np.ndarray, np.ndarray, np.ndarray],
    rows: np.ndarray,
    start: np.ndarray,
    counts: np.ndarray,
    feats: np.ndarray,
) -> np.ndarray:
    """The nearest of each point's candidates (points `rows` of `p`, candidates
    ``feats[start:start + counts]``).

    Candidates are ranked by their chord on the sphere of reduced latitudes (a few
    multiplications). A candidate whose chord exceeds (1 + `_TIE`) times the shortest is farther
    on the sphere by more than that factor too (arcsin is superlinear on [0, 1]), hence farther
    on the ellipsoid (see the module docstring). Only points left with two or more candidates
    within that factor have them measured by Lambert's formula; ties go to the first candidate,
    like ``argmin``.
    """
    point = np.repeat(np.arange(len(rows)), counts)
    first = np.cumsum(counts) - counts
    within = np.arange(len(point)) - np.repeat(first, counts)
    feat = feats[np.repeat(start, counts) + within].astype(np.int64)
    q = rows[point]
    chord2 = (p[0][q] - f[0][feat]) ** 2
    chord2 += (p[1][q] - f[1][feat]) ** 2
    chord2 += (p[2][q] - f[2][feat]) ** 2
    low = np.minimum.reduceat(chord2, first)
    close = chord2 <= np.repeat(low * (1 + _TIE) ** 2, counts)
    winner = feat[_first_true(close & (chord2 == np.repeat(low, counts)), point)]
    ambiguous = np.add.reduceat(close, first) > 1
    pairs = np.flatnonzero(close & ambiguous[point])
    if len(pairs):
        q, cf = q[pairs], feat[pairs]
        metres = _lambert3((p[0][q], p[1][q], p[2][q]), (f[0][cf], f[1][cf], f[2][cf]))
        owner = point[pairs]
        group = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        best = np.minimum.reduceat(metres, group)
        nearest = metres == np.repeat(best, np.diff(np.r_[group, len(owner)]))
        winner[owner[group]] = cf[_first_true(nearest, owner)]
    return winner


def _first_true(flags: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Position of the first True of each run of equal `group` values (each run has one)."""
    idx = np.flatnonzero(flags)
    return idx[np.r_[True, group[idx][1:] != group[idx][:-1]]]
