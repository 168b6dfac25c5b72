"""Speed of building the zone layers (``seawatch zones build``), step by step.

Run: ``.venv/bin/python benchmarks/bench_zones_build.py`` (prints one line per step; writes into
a temporary folder, never into data/eez/). Target from the brief of issue 3: the whole build
under ~2 minutes on 2 cores, the layers under 5 MB.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import shapely

from seawatch.zones import build, claims, coast, division, entitlement, sources

T = TypeVar("T")


def timed(label: str, fn: Callable[[], T]) -> T:
    t0 = time.perf_counter()
    result = fn()
    print(f"{label:<58} {(time.perf_counter() - t0) * 1000:9.1f} ms")
    return result


def main() -> None:
    rings = list(claims.archipelago_polygons().values())
    land = timed("read and split Natural Earth land", lambda: coast.load_land(rings))
    raster = timed(
        "blocking-land raster (0.02 deg)",
        lambda: entitlement.BlockingRaster(land, build.BLOCKING_STATES),
    )
    n_total = 0
    for state in sources.ENTITLEMENT_STATES:
        geom, n = timed(
            f"entitlement {state}", lambda s=state: entitlement.entitlement(land, s, raster)
        )
        n_total += n
        print(f"    {n} coast vertices, {shapely.get_num_coordinates(geom)} output vertices")
    print(f"coast vertices in all: {n_total}")
    timed(
        "median-line regions (Voronoi, 5 km)",
        lambda: division.nearest_coast_regions(land, sources.ENTITLEMENT_STATES),
    )
    with tempfile.TemporaryDirectory() as tmp:
        manifest = timed("full build_zones (all steps again)", lambda: build.build_zones(Path(tmp)))
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    print(f"files written: {size / 1e6:.2f} MB")
    for kind, entry in manifest["layers"].items():
        print(f"    {kind:<16} {entry['features']:4d} features {entry['bytes'] / 1e3:8.1f} kB")


if __name__ == "__main__":
    main()
