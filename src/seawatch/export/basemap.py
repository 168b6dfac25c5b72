"""An optional web-tile basemap under the static map, only when asked for and online.

Tiles (256 px, Web Mercator, ``{z}/{x}/{y}``) are fetched with urllib, stitched, and resampled
row by row to the longitude/latitude grid of the static map (Mercator rows are not evenly spaced
in latitude). At most `MAX_TILES` tiles per map, with seawatch's User-Agent, as the OpenStreetMap
tile usage policy asks. Without a network the export fails with a clear message instead of
silently dropping the basemap. The tile fetcher can be injected (tests use a fake one).
"""

from __future__ import annotations

import io
import math
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
from PIL import Image

from seawatch import __version__
from seawatch.export.errors import ExportError

TILE: Final = 256
MAX_TILES: Final = 48
TIMEOUT_S: Final = 8.0


@dataclass(frozen=True)
class TileSource:
    """A tile server: URL template with ``{z}``, ``{x}``, ``{y}`` and the attribution to print."""

    url: str
    attribution: str
    max_zoom: int = 10


BASEMAPS: Final = {
    "osm": TileSource(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "Basemap: © OpenStreetMap contributors (ODbL), tile.openstreetmap.org.",
    ),
}

Fetch = Callable[[str], bytes]


def http_fetch(url: str) -> bytes:
    """GET `url` with seawatch's User-Agent and a short timeout."""
    request = urllib.request.Request(url, headers={"User-Agent": f"seawatch/{__version__}"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - https tiles
        return bytes(response.read())


def _tile_xy(lon: float | np.ndarray, lat: float | np.ndarray, zoom: int) -> tuple:
    """Fractional Web Mercator tile coordinates of lon/lat at `zoom`."""
    n = 2**zoom
    lat_r = np.radians(np.clip(lat, -85.0511, 85.0511))
    x = (np.asarray(lon) + 180.0) / 360.0 * n
    y = (1.0 - np.log(np.tan(lat_r) + 1.0 / np.cos(lat_r)) / math.pi) / 2.0 * n
    return x, y


def choose_zoom(extent: tuple[float, float, float, float], width_px: int, max_zoom: int) -> int:
    """The zoom giving about one tile pixel per map pixel, lowered until ≤ `MAX_TILES` tiles.

    Examples
    --------
    >>> choose_zoom((99.0, -3.0, 125.0, 26.0), 1200, 10)  # 6 x 6 tiles of 256 px
    6
    >>> choose_zoom((99.0, -3.0, 125.0, 26.0), 5000, 10)  # zoom 8 or 7: 437 or 120 tiles
    6
    """
    west, south, east, north = extent
    zoom = int(
        np.clip(math.floor(math.log2(width_px * 360.0 / (TILE * (east - west)))), 0, max_zoom)
    )
    while zoom > 0 and _tile_count(extent, zoom) > MAX_TILES:
        zoom -= 1
    return zoom


def _tile_range(extent: tuple[float, float, float, float], zoom: int) -> tuple[range, range]:
    west, south, east, north = extent
    x0, y0 = _tile_xy(west, north, zoom)
    x1, y1 = _tile_xy(east, south, zoom)
    last = 2**zoom - 1
    xs = range(int(np.clip(math.floor(x0), 0, last)), int(np.clip(math.floor(x1), 0, last)) + 1)
    ys = range(int(np.clip(math.floor(y0), 0, last)), int(np.clip(math.floor(y1), 0, last)) + 1)
    return xs, ys


def _tile_count(extent: tuple[float, float, float, float], zoom: int) -> int:
    xs, ys = _tile_range(extent, zoom)
    return len(xs) * len(ys)


def fetch_basemap(
    extent: tuple[float, float, float, float],
    size_px: tuple[int, int],
    *,
    source: str = "osm",
    fetch: Fetch | None = None,
) -> np.ndarray:
    """An RGB image (rows north to south) of the basemap on the lon/lat grid of `extent`.

    Raises `ExportError` naming the tile that could not be fetched or decoded.
    """
    if source not in BASEMAPS:
        raise ExportError(f"basemap={source!r} is not known; choose one of {sorted(BASEMAPS)!r}")
    tiles = BASEMAPS[source]
    fetch = fetch or http_fetch
    width, height = size_px
    zoom = choose_zoom(extent, width, tiles.max_zoom)
    xs, ys = _tile_range(extent, zoom)
    mosaic = np.zeros((len(ys) * TILE, len(xs) * TILE, 3), dtype=np.uint8)
    for j, ty in enumerate(ys):
        for i, tx in enumerate(xs):
            url = tiles.url.format(z=zoom, x=tx, y=ty)
            mosaic[j * TILE : (j + 1) * TILE, i * TILE : (i + 1) * TILE] = _tile(url, fetch)
    west, south, east, north = extent
    lons = np.linspace(west, east, width)
    lats = np.linspace(north, south, height)
    px, _ = _tile_xy(lons, np.zeros_like(lons), zoom)
    _, py = _tile_xy(np.zeros_like(lats), lats, zoom)
    cols = np.clip(((px - xs.start) * TILE).astype(int), 0, mosaic.shape[1] - 1)
    rows = np.clip(((py - ys.start) * TILE).astype(int), 0, mosaic.shape[0] - 1)
    return mosaic[rows[:, None], cols[None, :]]


def _tile(url: str, fetch: Fetch) -> np.ndarray:
    try:
        data = fetch(url)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ExportError(
            f"the basemap tile {url} could not be fetched ({reason}); are you online? "
            "Export without --basemap for a map that needs no internet"
        ) from None
    try:
        image = Image.open(io.BytesIO(data)).convert("RGB")
    except (OSError, ValueError):
        raise ExportError(f"the basemap tile {url} is not an image") from None
    if image.size != (TILE, TILE):
        image = image.resize((TILE, TILE))
    return np.asarray(image, dtype=np.uint8)
