"""Where map labels go: beside their point, clear of markers, the scale bar and each other.

Plain geometry on boxes in page units (display pixels of the figure); `seawatch.export.
static_map` measures the labels and the obstacles with matplotlib and draws the result. Labels
are placed one by one in the caller's order (most important first): each tries eight positions
around its point (right, left, the diagonals, above, below) at growing distances and takes the
first that lies inside the map and overlaps no obstacle and no label already placed. A label
that must appear (a feature where incidents happened) and finds no free position takes the one
that overlaps least; a label placed away from its point gets a leader line.

Examples
--------
>>> obstacles = [Box(10, -5, 20, 5)]  # a marker just right of the point
>>> (p,) = place_labels([(0.0, 0.0)], [(30.0, 8.0)], obstacles, Box(-100, -100, 100, 100))
>>> p.ha, p.clear
('right', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np


@dataclass(frozen=True)
class Box:
    """An axis-aligned box (x0 <= x1, y0 <= y1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def inside(self, outer: Box) -> bool:
        """Whether the box lies within `outer`."""
        return (
            self.x0 >= outer.x0
            and self.y0 >= outer.y0
            and self.x1 <= outer.x1
            and self.y1 <= outer.y1
        )

    def padded(self, pad: float) -> Box:
        """The box grown by `pad` on every side."""
        return Box(self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)


@dataclass(frozen=True)
class Placement:
    """Where one label goes.

    `offset` runs from the point to the label's anchor (its `ha`/`va` corner or side), in the
    same units as the boxes; `leader` says the label sits away from its point (draw a line);
    `clear` says it overlaps nothing.
    """

    box: Box
    offset: tuple[float, float]
    ha: str
    va: str
    leader: bool
    clear: bool


#: (x direction, y direction, horizontal alignment, vertical alignment), in the order tried.
POSITIONS: Final = (
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (1, 1, "left", "bottom"),
    (1, -1, "left", "top"),
    (-1, 1, "right", "bottom"),
    (-1, -1, "right", "top"),
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
)
#: Distances from the point tried, as multiples of the gap (the first needs no leader line).
DISTANCES: Final = (1.0, 3.0, 6.0, 10.0)


def candidate(
    point: tuple[float, float],
    size: tuple[float, float],
    position: tuple[int, int, str, str],
    gap: float,
) -> tuple[Box, tuple[float, float]]:
    """The box of a label of `size` at `position` around `point`, `gap` away, and its offset.

    Examples
    --------
    >>> candidate((0, 0), (10, 4), (1, 0, "left", "center"), 2)
    (Box(x0=2, y0=-2.0, x1=12, y1=2.0), (2, 0))
    """
    (x, y), (w, h) = point, size
    dx, dy, _, _ = position
    if dx and dy:  # diagonals: the same distance from the point as the sides
        gap *= 0.75
    ox, oy = dx * gap, dy * gap
    x0 = x + ox if dx > 0 else (x + ox - w if dx < 0 else x - w / 2)
    y0 = y + oy if dy > 0 else (y + oy - h if dy < 0 else y - h / 2)
    return Box(x0, y0, x0 + w, y0 + h), (ox, oy)


def _overlap(box: Box, boxes: np.ndarray) -> float:
    """Total area of `box` covered by the rows (x0, y0, x1, y1) of `boxes`."""
    if len(boxes) == 0:
        return 0.0
    w = np.minimum(box.x1, boxes[:, 2]) - np.maximum(box.x0, boxes[:, 0])
    h = np.minimum(box.y1, boxes[:, 3]) - np.maximum(box.y0, boxes[:, 1])
    return float((np.clip(w, 0, None) * np.clip(h, 0, None)).sum())


def _as_array(boxes: Sequence[Box]) -> np.ndarray:
    return np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes], dtype=float).reshape(-1, 4)


def place_labels(
    points: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    obstacles: Sequence[Box],
    bounds: Box,
    *,
    must: Sequence[bool] | None = None,
    gap: float = 4.0,
    pad: float = 1.0,
) -> list[Placement | None]:
    """A placement for each label (None: left out), in the order given (most important first).

    Parameters
    ----------
    points, sizes
        Each label's point and its (width, height).
    obstacles
        Boxes no label may cover (markers, the scale bar, the north arrow).
    bounds
        The map: a label lies wholly inside it.
    must
        Per label, whether it appears even when every position overlaps something.
    gap
        Distance between a point and its label; farther positions are multiples of it.
    pad
        Clearance kept around each placed label.
    """
    must = list(must) if must is not None else [False] * len(points)
    fixed = _as_array(obstacles)
    placed: list[Box] = []
    out: list[Placement | None] = []
    for point, size, needed in zip(points, sizes, must, strict=True):
        best: tuple[float, Placement] | None = None
        chosen: Placement | None = None
        taken = _as_array(placed)
        for distance in DISTANCES:
            for position in POSITIONS:
                box, offset = candidate(point, size, position, gap * distance)
                if not box.inside(bounds):
                    continue
                grown = box.padded(pad)
                cost = _overlap(grown, fixed) + _overlap(grown, taken)
                placement = Placement(
                    box, offset, position[2], position[3], distance > 1, cost == 0
                )
                if cost == 0:
                    chosen = placement
                    break
                if best is None or cost < best[0]:
                    best = (cost, placement)
            if chosen is not None:
                break
        if chosen is None and needed and best is not None:
            chosen = best[1]
        if chosen is not None:
            placed.append(chosen.box)
        out.append(chosen)
    return out


def boxes_overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share an area (touching edges do not count).

    Examples
    --------
    >>> boxes_overlap(Box(0, 0, 2, 2), Box(1, 1, 3, 3)), boxes_overlap(Box(0, 0, 1, 1), Box(1, 0, 2, 1))
    (True, False)
    """  # noqa: E501
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)
