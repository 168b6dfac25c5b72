"""A lookup grid for covered-by tests of many points against a few polygonal layers.

Private helper of `seawatch.spatial`. The plane is cut into square cells (0.1° by default). For
every layer (one zone, or the land), each cell is either *inside* (the whole cell is covered by
the layer), *outside*, or *boundary* (a piece of the layer's boundary may pass through it). A
point in an inside or outside cell is answered by one array lookup. A boundary cell is cut once
more into `SUB` x `SUB` sub-cells, each again inside, outside or boundary for that layer (two
64-bit masks per boundary cell and layer); only points in boundary *sub-cells* are tested
exactly, and only against the layers whose boundary crosses their sub-cell.

Why this is exact
-----------------
A point is mapped to the cell ``floor((x - x0) / cell)``; this floating-point map is monotonic,
so the points of one cell form a box. Every boundary segment is cut into pieces no longer than
half a cell; the cells of each piece's bounding box (padded by `_PAD` degrees against rounding)
are marked *boundary*, so any point lying on the boundary falls in a marked cell. A cell that
no boundary point maps to is a connected set that does not meet the boundary: it lies wholly
inside or wholly outside the layer, which one test of its centre decides.

Sub-cells follow the same argument one level down. A point of cell ``(cx, cy)`` goes to the
sub-cell ``floor((x - x0) / sub) - SUB * cx`` (likewise in y), with ``sub = cell / SUB``. As `SUB`
is a power of two, ``sub`` is exact and ``(x - x0) / sub`` is exactly `SUB` times the rounded
``(x - x0) / cell`` (scaling by a power of two commutes with rounding), so the sub-cell always
lies in the point's cell (the code clips anyway, as a guard) and the map is monotonic: the
points of one sub-cell form a box. Boundary pieces are cut to half a sub-cell and their padded
boxes marked on the global sub-grid ``floor((v - x0) / sub)``, so a boundary point's sub-cell is
marked; an unmarked sub-cell is wholly inside or outside, which the test of its centre decides.

The grid is a handful of numpy arrays (no Python objects), cached as ``.npz`` (never pickle).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import shapely

from seawatch import cachefiles
from seawatch.schema import REGION_BOUNDS

#: Bump when the grid layout or the classification changes: old cache files are then ignored.
GRID_FORMAT = 2
#: Default cell size in degrees.
CELL_DEG = 0.1
#: Sub-cells per side of a boundary cell: ``SUB * SUB`` = 64 sub-cells, one bit each of a uint64.
SUB = 8
#: Upper bound on the number of cells; the cell grows for layers spread over a large area.
MAX_CELLS = 2_000_000
#: Padding (degrees, ~0.1 mm) of boundary pieces against floating-point rounding.
_PAD = 1e-9
#: Name prefix of cache files.
CACHE_PREFIX = "join-grid-"


@dataclass(frozen=True)
class LookupGrid:
    """The classification of every cell against every layer.

    Attributes
    ----------
    x0, y0, cell, nx, ny
        Lower-left corner, cell size (degrees) and number of columns / rows.
    n_layers
        Number of layers; layer ``i`` has bit ``i`` in the combination bit rows.
    cell_combo
        ``int32[nx * ny]``: for each cell (row-major, ``iy * nx + ix``), the index of its row in
        `combo_bits` (the layers that cover the whole cell).
    combo_bits
        ``uint8[n_combos, n_bytes]``: bit rows (little bit order) of layer sets; row 0 is empty.
    bnd_offsets, bnd_layers
        CSR list of the layers whose boundary may cross each cell:
        ``bnd_layers[bnd_offsets[c]:bnd_offsets[c + 1]]``.
    bnd_sub_in, bnd_sub_edge
        ``uint64`` per entry of `bnd_layers` (a boundary cell and one of its layers): bit
        ``sy * SUB + sx`` is set when the layer covers the whole sub-cell (``in``), or when the
        layer's boundary may cross it (``edge``). A sub-cell in neither mask is outside.
    """

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int
    n_layers: int
    cell_combo: np.ndarray
    combo_bits: np.ndarray
    bnd_offsets: np.ndarray
    bnd_layers: np.ndarray
    bnd_sub_in: np.ndarray
    bnd_sub_edge: np.ndarray

    def cells_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Cell index of each point, ``-1`` outside the grid or for NaN coordinates."""
        fx = np.floor((x - self.x0) / self.cell)
        fy = np.floor((y - self.y0) / self.cell)
        ok = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        out = np.full(x.shape, -1, dtype=np.int64)
        out[ok] = fy[ok].astype(np.int64) * self.nx + fx[ok].astype(np.int64)
        return out

    def sub_bits(self, x: np.ndarray, y: np.ndarray, cells: np.ndarray) -> np.ndarray:
        """``uint64`` with the bit of each point's sub-cell in its cell (`cells` from `cells_of`,
        all inside the grid).

        Examples
        --------
        >>> grid = build_grid(np.array([shapely.box(0.0, 0.0, 1.0, 1.0)]))
        >>> x, y = np.array([grid.x0 + 0.013, grid.x0]), np.array([grid.y0, grid.y0 + 0.0999])
        >>> [int(b).bit_length() - 1 for b in grid.sub_bits(x, y, grid.cells_of(x, y))]
        [1, 56]
        """
        sub = self.cell / SUB
        sx = np.floor((x - self.x0) / sub).astype(np.int64) - SUB * (cells % self.nx)
        sy = np.floor((y - self.y0) / sub).astype(np.int64) - SUB * (cells // self.nx)
        local = np.clip(sy, 0, SUB - 1) * SUB + np.clip(sx, 0, SUB - 1)
        return np.left_shift(np.uint64(1), local.astype(np.uint64))

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The grid as named arrays (for ``numpy.savez``)."""
        params = np.array([self.x0, self.y0, self.cell, self.nx, self.ny, self.n_layers])
        return {
            "params": params,
            "cell_combo": self.cell_combo,
            "combo_bits": self.combo_bits,
            "bnd_offsets": self.bnd_offsets,
            "bnd_layers": self.bnd_layers,
            "bnd_sub_in": self.bnd_sub_in,
            "bnd_sub_edge": self.bnd_sub_edge,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> LookupGrid:
        """Inverse of `to_arrays`."""
        x0, y0, cell, nx, ny, n_layers = arrays["params"].tolist()
        return cls(
            x0=float(x0),
            y0=float(y0),
            cell=float(cell),
            nx=int(nx),
            ny=int(ny),
            n_layers=int(n_layers),
            cell_combo=arrays["cell_combo"],
            combo_bits=arrays["combo_bits"],
            bnd_offsets=arrays["bnd_offsets"],
            bnd_layers=arrays["bnd_layers"],
            bnd_sub_in=arrays["bnd_sub_in"],
            bnd_sub_edge=arrays["bnd_sub_edge"],
        )


def layers_key(layers: np.ndarray) -> str:
    """A hash of the layer geometries (and of the grid format) that names a cached grid."""
    digest = hashlib.sha256(f"grid-{GRID_FORMAT}-{CELL_DEG}-{SUB}-{REGION_BOUNDS}".encode())
    for wkb in shapely.to_wkb(layers, output_dimension=2, include_srid=False):
        data = b"" if wkb is None else wkb
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:24]


def build_grid(layers: np.ndarray, cell: float = CELL_DEG) -> LookupGrid:
    """Classify the cells of a grid around `layers` (polygonal geometries, EPSG:4326)."""
    n_layers = len(layers)
    x0, y0, nx, ny, cell = _extent(layers, cell)
    n_bytes = max(1, (n_layers + 7) // 8)
    bits = np.zeros((nx * ny, n_bytes), dtype=np.uint8)
    pair_cells: list[np.ndarray] = []
    pair_layers: list[np.ndarray] = []
    pair_in: list[np.ndarray] = []
    pair_edge: list[np.ndarray] = []
    grid = (x0, y0, cell, nx, ny)
    for i, geom in enumerate(layers):
        if geom is None or shapely.is_empty(geom):
            continue
        local = shapely.from_wkb(shapely.to_wkb(geom))  # our own copy to prepare
        shapely.prepare(local)
        boundary, inside = _classify(local, grid)
        bits[inside, i // 8] |= np.uint8(1 << (i % 8))
        sub_in, sub_edge = _classify_sub(local, grid, boundary)
        pair_cells.append(boundary)
        pair_layers.append(np.full(boundary.shape, i, dtype=np.int32))
        pair_in.append(sub_in)
        pair_edge.append(sub_edge)
    bits = np.vstack([np.zeros((1, n_bytes), dtype=np.uint8), bits])
    combo_bits, inverse = np.unique(bits, axis=0, return_inverse=True)
    cell_combo = inverse.reshape(-1)[1:].astype(np.int32)
    offsets, blayers, sub_in, sub_edge = _csr(pair_cells, pair_layers, pair_in, pair_edge, nx * ny)
    return LookupGrid(
        x0, y0, cell, nx, ny, n_layers, cell_combo, combo_bits, offsets, blayers, sub_in, sub_edge
    )


def _extent(layers: np.ndarray, cell: float) -> tuple[float, float, int, int, float]:
    """Lower-left corner, size and cell of a grid covering every layer with a margin cell."""
    present = [g for g in layers if g is not None and not shapely.is_empty(g)]
    if not present:
        return 0.0, 0.0, 1, 1, cell
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(present, dtype=object))
    # Cover the region of interest too: its points then never take the slow outside-grid path.
    minx, miny = min(minx, REGION_BOUNDS[0]), min(miny, REGION_BOUNDS[1])
    maxx, maxy = max(maxx, REGION_BOUNDS[2]), max(maxy, REGION_BOUNDS[3])
    while True:
        x0 = (np.floor(minx / cell) - 1) * cell
        y0 = (np.floor(miny / cell) - 1) * cell
        nx = int(np.floor((maxx - x0) / cell)) + 2
        ny = int(np.floor((maxy - y0) / cell)) + 2
        if nx * ny <= MAX_CELLS:
            return float(x0), float(y0), nx, ny, cell
        cell *= 2


def _classify(
    geom: shapely.Geometry, grid: tuple[float, float, float, int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the boundary cells and of the inside cells of one layer."""
    x0, y0, cell, nx, ny = grid
    boundary = _boundary_cells(geom, grid)
    minx, miny, maxx, maxy = shapely.bounds(geom)
    ix = np.arange(int(np.floor((minx - x0) / cell)), int(np.floor((maxx - x0) / cell)) + 1)
    iy = np.arange(int(np.floor((miny - y0) / cell)), int(np.floor((maxy - y0) / cell)) + 1)
    gx, gy = np.meshgrid(ix, iy)
    window = (gy * nx + gx).ravel()
    window = window[~np.isin(window, boundary)]
    cx = x0 + (window % nx + 0.5) * cell
    cy = y0 + (window // nx + 0.5) * cell
    inside = window[shapely.contains_xy(geom, cx, cy)]
    return boundary, inside


def _classify_sub(
    geom: shapely.Geometry, grid: tuple[float, float, float, int, int], cells: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The ``in`` and ``edge`` sub-cell masks of one layer in its boundary `cells` (sorted).

    `geom` is prepared (the centres of all unmarked sub-cells are tested against it).
    """
    x0, y0, cell, nx, ny = grid
    if len(cells) == 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64)
    sub = cell / SUB
    gx, gy = _piece_boxes(geom, x0, y0, sub)
    owner = (gy // SUB) * nx + gx // SUB
    pos = np.minimum(np.searchsorted(cells, owner), len(cells) - 1)
    known = cells[pos] == owner  # marks in other cells are covered by those cells' own tests
    edge = np.zeros((len(cells), SUB * SUB), dtype=bool)
    edge[pos[known], ((gy % SUB) * SUB + gx % SUB)[known]] = True
    row, local = np.nonzero(~edge)
    cx = x0 + (SUB * (cells[row] % nx) + local % SUB + 0.5) * sub
    cy = y0 + (SUB * (cells[row] // nx) + local // SUB + 0.5) * sub
    inside = np.zeros_like(edge)
    inside[row, local] = shapely.contains_xy(geom, cx, cy)
    return _pack64(inside), _pack64(edge)


def _pack64(flags: np.ndarray) -> np.ndarray:
    """Rows of 64 booleans as uint64 (bit k = column k)."""
    packed = np.packbits(flags, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8").reshape(-1).astype(np.uint64)


def _boundary_cells(
    geom: shapely.Geometry, grid: tuple[float, float, float, int, int]
) -> np.ndarray:
    """Cells that a piece of the boundary of `geom` may pass through (see module docstring)."""
    x0, y0, cell, nx, ny = grid
    gx, gy = _piece_boxes(geom, x0, y0, cell)
    return np.unique(gy * nx + gx)


def _piece_boxes(
    geom: shapely.Geometry, x0: float, y0: float, cell: float
) -> tuple[np.ndarray, np.ndarray]:
    """(column, row) on the grid of step `cell` from (x0, y0) of every cell that a piece of the
    boundary of `geom` may pass through (with repeats)."""
    rings = shapely.get_rings(shapely.get_parts(geom))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    ax, ay = coords[:-1][same, 0], coords[:-1][same, 1]
    bx, by = coords[1:][same, 0], coords[1:][same, 1]
    span = np.maximum(np.abs(bx - ax), np.abs(by - ay))
    pieces = np.maximum(1, np.ceil(span / (cell / 2))).astype(np.int64)
    seg = np.repeat(np.arange(len(ax)), pieces)
    first = np.repeat(np.cumsum(pieces) - pieces, pieces)
    k = np.arange(len(seg)) - first
    t0 = k / pieces[seg]
    t1 = (k + 1) / pieces[seg]
    px0, px1 = ax[seg] + t0 * (bx - ax)[seg], ax[seg] + t1 * (bx - ax)[seg]
    py0, py1 = ay[seg] + t0 * (by - ay)[seg], ay[seg] + t1 * (by - ay)[seg]
    lo_x = np.floor((np.minimum(px0, px1) - _PAD - x0) / cell).astype(np.int64)
    hi_x = np.floor((np.maximum(px0, px1) + _PAD - x0) / cell).astype(np.int64)
    lo_y = np.floor((np.minimum(py0, py1) - _PAD - y0) / cell).astype(np.int64)
    hi_y = np.floor((np.maximum(py0, py1) + _PAD - y0) / cell).astype(np.int64)
    # A piece spans at most half a cell (plus padding): its box touches at most 2 x 2 cells.
    return np.concatenate([lo_x, hi_x, lo_x, hi_x]), np.concatenate([lo_y, lo_y, hi_y, hi_y])


def _csr(
    pair_cells: list[np.ndarray],
    pair_layers: list[np.ndarray],
    pair_in: list[np.ndarray],
    pair_edge: list[np.ndarray],
    n_cells: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR (offsets, layers, in masks, edge masks) of the (cell, layer) boundary pairs, sorted
    by cell."""
    if pair_cells:
        cells = np.concatenate(pair_cells)
        layers = np.concatenate(pair_layers)
        sub_in, sub_edge = np.concatenate(pair_in), np.concatenate(pair_edge)
    else:
        cells = np.zeros(0, dtype=np.int64)
        layers = np.zeros(0, dtype=np.int32)
        sub_in = sub_edge = np.zeros(0, dtype=np.uint64)
    order = np.lexsort((layers, cells))
    counts = np.bincount(cells, minlength=n_cells)
    offsets = np.zeros(n_cells + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets, layers[order].astype(np.int32), sub_in[order], sub_edge[order]


def load_arrays(directory: Path, prefix: str, key: str) -> dict[str, np.ndarray] | None:
    """The arrays cached as ``<prefix><key>.npz`` in `directory`, or None (missing, unreadable).

    Files are read with ``allow_pickle=False``: a cache file can never run code.
    """
    path = directory / f"{prefix}{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except (OSError, ValueError, EOFError):
        return None


def save_arrays(
    directory: Path, prefix: str, key: str, arrays: dict[str, np.ndarray], keep: int = 4
) -> Path | None:
    """Write `arrays` atomically; keep only the `keep` newest files of `prefix`. None on failure."""

    def fill(fh: BinaryIO) -> None:
        np.savez(fh, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds badly

    return cachefiles.write(directory, prefix, key, ".npz", fill, keep)


def load_cached(directory: Path, key: str) -> tuple[LookupGrid, dict[str, np.ndarray]] | None:
    """The grid cached under `key` and the other arrays saved with it, or None."""
    arrays = load_arrays(directory, CACHE_PREFIX, key)
    if arrays is None:
        return None
    try:
        return LookupGrid.from_arrays(arrays), arrays
    except (KeyError, ValueError):
        return None


def save_cached(
    directory: Path, key: str, grid: LookupGrid, extra: dict[str, np.ndarray] | None = None
) -> Path | None:
    """Cache `grid` (and `extra` arrays) under `key`."""
    return save_arrays(directory, CACHE_PREFIX, key, {**grid.to_arrays(), **(extra or {})})
