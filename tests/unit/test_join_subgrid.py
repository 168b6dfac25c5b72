"""The second level of the join's lookup grid: 8 x 8 sub-cells inside each boundary cell.

Hand-made zones (lon x lat degrees), around the 0.1-degree cell 110.0..110.1 x 2.0..2.1 whose
sub-cells are 0.0125 degrees wide:

- ``tri`` claim PHL: the triangle (110.0, 2.0), (110.1, 2.0), (110.0, 2.1). Its legs lie on
  cell edges; its hypotenuse x + y = 112.1 crosses only the sub-cells along the cell's diagonal,
  so the cell has covered, outside and crossed sub-cells.
- ``sq`` entitlement VNM: the square 110.1125..110.1625 x 2.0125..2.0625, whose edges lie on
  sub-cell edges (a point on its edge is on the zone boundary and on a sub-cell edge at once).
- ``wob`` disputed BRN;MYS: a star-like polygon of 600 vertices around (110.3, 2.3), radius
  0.15, crossing many cells and sub-cells at every angle.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from seawatch import _grid, schema, spatial

NO_LAND = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
TRIANGLE = Polygon([(110.0, 2.0), (110.1, 2.0), (110.0, 2.1)])
SQUARE = box(110.1125, 2.0125, 110.1625, 2.0625)


def wobbly() -> Polygon:
    t = np.linspace(0, 2 * np.pi, 600, endpoint=False)
    radius = 0.15 * (1 + 0.3 * np.sin(9 * t))
    return Polygon(np.c_[110.3 + radius * np.cos(t), 2.3 + radius * np.sin(t)])


def make_zones() -> gpd.GeoDataFrame:
    """The zones of the module docstring."""
    return gpd.GeoDataFrame(
        {
            "zone_id": ["tri", "sq", "wob"],
            "kind": ["claim", "entitlement", "disputed"],
            "claimants": ["PHL", "VNM", "BRN;MYS"],
        },
        geometry=[TRIANGLE, SQUARE, wobbly()],
        crs="EPSG:4326",
    )


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    """An empty cache directory and in-memory cache per test (like a new process)."""
    monkeypatch.setenv("SEAWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(spatial, "_PREPARED", type(spatial._PREPARED)())


def join_ids(x: np.ndarray, y: np.ndarray, zones: gpd.GeoDataFrame) -> np.ndarray:
    frame = pd.DataFrame({"latitude": y, "longitude": x})
    out = spatial.join(frame, zones, land=NO_LAND, features=())
    return out[schema.JOIN_ZONE_IDS].to_numpy()


def reference_ids(x: np.ndarray, y: np.ndarray, zones: gpd.GeoDataFrame) -> np.ndarray:
    """The covering zones' ids the slow, obvious way: shapely.covers, one zone at a time."""
    pts = shapely.points(x, y)
    covers = np.stack([shapely.covers(g, pts) for g in zones.geometry], axis=1)
    ids = zones["zone_id"].to_numpy()
    return np.array([schema.join_list(ids[row]) for row in covers], dtype=object)


def sub_boxes(grid: _grid.LookupGrid, cell: int) -> list[shapely.Geometry]:
    """The 64 sub-cells of `cell` as closed boxes, in bit order (bit sy * 8 + sx)."""
    sub = grid.cell / _grid.SUB
    gx0, gy0 = _grid.SUB * (cell % grid.nx), _grid.SUB * (cell // grid.nx)
    return [
        box(
            grid.x0 + (gx0 + sx) * sub,
            grid.y0 + (gy0 + sy) * sub,
            grid.x0 + (gx0 + sx + 1) * sub,
            grid.y0 + (gy0 + sy + 1) * sub,
        )
        for sy in range(_grid.SUB)
        for sx in range(_grid.SUB)
    ]


def test_sub_cell_classification_is_sound():
    """Every sub-cell marked covered lies inside the zone, every unmarked one outside it, and
    every sub-cell the boundary touches is marked crossed; in the triangle's cell the three
    kinds all occur (the level answers most of a boundary cell without an exact test)."""
    layers = make_zones().geometry.to_numpy()
    grid = _grid.build_grid(layers)
    kinds_in_triangle_cell = None
    for cell in np.flatnonzero(np.diff(grid.bnd_offsets)):
        start, stop = grid.bnd_offsets[cell], grid.bnd_offsets[cell + 1]
        boxes = sub_boxes(grid, int(cell))
        for entry in range(start, stop):
            geom = layers[grid.bnd_layers[entry]]
            in_mask, edge_mask = int(grid.bnd_sub_in[entry]), int(grid.bnd_sub_edge[entry])
            assert in_mask & edge_mask == 0
            for bit, sub_box in enumerate(boxes):
                if in_mask >> bit & 1:
                    assert geom.covers(sub_box), (cell, bit)
                elif edge_mask >> bit & 1:
                    continue
                else:
                    assert geom.disjoint(sub_box), (cell, bit)
            if grid.bnd_layers[entry] == 0 and boxes[0].covers(shapely.Point(110.001, 2.001)):
                kinds_in_triangle_cell = (bin(in_mask).count("1"), bin(edge_mask).count("1"))
    assert kinds_in_triangle_cell is not None
    n_in, n_edge = kinds_in_triangle_cell
    assert n_in > 0 and n_edge > 0 and 64 - n_in - n_edge > 0  # covered, crossed, outside


def test_points_on_sub_cell_edges_and_corners_match_covers():
    """Every sub-cell corner and edge midpoint of the zones' area (the points where a rounding
    error would send a point to the wrong sub-cell), plus every vertex and edge midpoint of
    the zones (points on a boundary inside a sub-cell)."""
    zones = make_zones()
    grid = _grid.build_grid(zones.geometry.to_numpy())
    sub = grid.cell / _grid.SUB
    i = np.arange(int((109.95 - grid.x0) / sub), int((110.5 - grid.x0) / sub))
    j = np.arange(int((1.95 - grid.y0) / sub), int((2.5 - grid.y0) / sub))
    gx, gy = np.meshgrid(grid.x0 + i * sub, grid.y0 + j * sub)
    lattice = np.c_[gx.ravel(), gy.ravel()]
    lattice = np.vstack([lattice, lattice + [sub / 2, 0], lattice + [0, sub / 2]])
    rounded = np.c_[np.round(lattice[:, 0] * 80) / 80, np.round(lattice[:, 1] * 80) / 80]
    rings = shapely.get_rings(shapely.get_parts(zones.geometry.to_numpy()))
    vertices = shapely.get_coordinates(rings)
    xy = np.vstack([lattice, rounded, vertices, (vertices[1:] + vertices[:-1]) / 2])
    got = join_ids(xy[:, 0], xy[:, 1], zones)
    want = reference_ids(xy[:, 0], xy[:, 1], zones)
    mismatch = np.flatnonzero(got != want)
    assert len(mismatch) == 0, xy[mismatch[:5]]
    assert (want != "").sum() > 1000 and (want == "").sum() > 1000


def test_exact_tests_run_only_in_crossed_sub_cells(monkeypatch):
    """Points in covered or outside sub-cells of a boundary cell are answered by the masks;
    only the points in sub-cells that the boundary crosses are tested exactly."""
    tested: list[int] = []
    exact = spatial._covers_xy

    def counting(geom, x, y):
        tested.append(len(x))
        return exact(geom, x, y)

    monkeypatch.setattr(spatial, "_covers_xy", counting)
    zones = make_zones().iloc[:1]  # the triangle alone
    x = np.array([110.02, 110.09, 110.05, 110.0501, 110.005])
    y = np.array([2.02, 2.09, 2.05, 2.0501, 2.005])
    got = join_ids(x, y, zones)
    assert got.tolist() == ["tri", "", "tri", "", "tri"]
    # tested: (110.05, 2.05) on the hypotenuse, (110.0501, 2.0501) next to it, and (110.005,
    # 2.005) in the corner sub-cell along which both legs run; not (110.02, 2.02) in a covered
    # sub-cell nor (110.09, 2.09) in an outside one
    assert sum(tested) == 3


def test_cache_file_without_sub_cell_masks_is_rebuilt(tmp_path):
    """A grid file of the old layout (no sub-cell masks) under the same key is not used."""
    grid = _grid.build_grid(make_zones().geometry.to_numpy())
    arrays = grid.to_arrays()
    assert _grid.load_cached(tmp_path, "k") is None
    old = {k: v for k, v in arrays.items() if not k.startswith("bnd_sub_")}
    assert _grid.save_arrays(tmp_path, _grid.CACHE_PREFIX, "k", old) is not None
    assert _grid.load_cached(tmp_path, "k") is None
    assert _grid.save_cached(tmp_path, "k", grid) is not None
    cached = _grid.load_cached(tmp_path, "k")
    assert cached is not None
    assert np.array_equal(cached[0].bnd_sub_in, grid.bnd_sub_in)
    assert np.array_equal(cached[0].bnd_sub_edge, grid.bnd_sub_edge)


def test_sub_cell_index_always_lies_in_the_cell_index():
    """The reason `LookupGrid.sub_bits` never needs its clip: with SUB a power of two,
    floor((x - x0) / sub) // SUB equals floor((x - x0) / cell) for every float, including
    values a hair from a cell edge."""
    grid = _grid.build_grid(make_zones().geometry.to_numpy())
    rng = np.random.default_rng(5)
    edges = grid.x0 + np.arange(grid.nx) * grid.cell
    near_edges = np.concatenate([np.nextafter(edges, -np.inf), edges, np.nextafter(edges, np.inf)])
    x = np.concatenate([rng.uniform(grid.x0, grid.x0 + grid.nx * grid.cell, 200_000), near_edges])
    by_cell = np.floor((x - grid.x0) / grid.cell)
    by_sub = np.floor((x - grid.x0) / (grid.cell / _grid.SUB))
    assert np.array_equal(by_sub // _grid.SUB, by_cell)


def test_sub_bits_never_needs_its_clip():
    """Through the grid's own methods, in x and y: for points anywhere in the grid (a hair from
    cell edges too) the unclipped sub-cell index lies in the point's cell, so `sub_bits` gives
    exactly that sub-cell's bit."""
    grid = _grid.build_grid(make_zones().geometry.to_numpy())
    rng = np.random.default_rng(7)
    sub = grid.cell / _grid.SUB

    def around_edges(origin: float, n: int) -> np.ndarray:
        edges = origin + np.arange(n) * grid.cell
        return np.concatenate([np.nextafter(edges, -np.inf), edges, np.nextafter(edges, np.inf)])

    def anywhere_x(k: int) -> np.ndarray:
        return rng.uniform(grid.x0, grid.x0 + grid.nx * grid.cell, k)

    def anywhere_y(k: int) -> np.ndarray:
        return rng.uniform(grid.y0, grid.y0 + grid.ny * grid.cell, k)

    x_edges, y_edges = around_edges(grid.x0, grid.nx), around_edges(grid.y0, grid.ny)
    n = 100_000
    # random points, points a hair from vertical cell edges, points a hair from horizontal ones
    x = np.concatenate([anywhere_x(n), x_edges, anywhere_x(len(y_edges))])
    y = np.concatenate([anywhere_y(n), anywhere_y(len(x_edges)), y_edges])
    cells = grid.cells_of(x, y)
    ok = cells >= 0
    assert ok.mean() > 0.99
    x, y, cells = x[ok], y[ok], cells[ok]
    sx = np.floor((x - grid.x0) / sub).astype(np.int64) - _grid.SUB * (cells % grid.nx)
    sy = np.floor((y - grid.y0) / sub).astype(np.int64) - _grid.SUB * (cells // grid.nx)
    assert ((sx >= 0) & (sx < _grid.SUB) & (sy >= 0) & (sy < _grid.SUB)).all()
    expected = np.left_shift(np.uint64(1), (sy * _grid.SUB + sx).astype(np.uint64))
    assert np.array_equal(grid.sub_bits(x, y, cells), expected)
