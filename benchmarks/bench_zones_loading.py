"""Speed of loading the zones and of the Marine Regions import.

Run: ``.venv/bin/python benchmarks/bench_zones_loading.py`` (prints one line per measurement).

- ``load_zones()`` / ``load_land()`` / ``zones_version()`` on the committed ``data/eez/``: the
  first call (reads, sha256 checks, validation) and later calls (in-process cache + copy).
  Target from issue 3: all layers load in < 0.5 s.
- ``import_marine_regions`` on a synthetic world layer shaped like Marine Regions v11
  (280 polygons, ~1.1 M vertices, 30 of them near the South China Sea, 3 self-intersecting),
  written as a shapefile in a temporary folder.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from seawatch import datasets
from seawatch.zones import loading
from seawatch.zones.marineregions import import_marine_regions


def timed(label: str, fn: Callable[[], object], repeat: int = 1) -> object:
    best = math.inf
    result: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<58} {best * 1000:9.1f} ms")
    return result


def bench_builtin() -> None:
    manifest = datasets.zones_dir() / "manifest.json"
    if not manifest.is_file():
        print(f"{manifest} missing: run `seawatch zones build` first; built-in loading skipped")
        return
    size = sum(p.stat().st_size for p in datasets.zones_dir().iterdir())
    print(f"data/eez/: {size / 1e6:.2f} MB on disk")

    def cold() -> object:
        loading.clear_cache()
        return loading.load_zones()

    zones = timed("load_zones() first call (read + sha256 + checks)", cold, repeat=3)
    timed("load_zones() cached (copy)", loading.load_zones, repeat=20)
    timed("zones_version() cached", loading.zones_version, repeat=20)

    def cold_land() -> object:
        loading.clear_cache()
        return loading.load_land()

    timed("load_land() first call", cold_land, repeat=3)
    timed("load_land() cached (copy)", loading.load_land, repeat=20)
    assert isinstance(zones, gpd.GeoDataFrame)
    vertices = int(shapely.get_num_coordinates(zones.geometry.to_numpy()).sum())
    print(f"built-in zones: {len(zones)} zones, {vertices} vertices")


def synthetic_world(path: Path) -> int:
    """280 circles of ~4,000 vertices around the globe, 30 near the SCS, 3 bow-tied."""
    rng = np.random.default_rng(7)
    rows, geoms = [], []
    for i in range(280):
        if i < 30:
            lon, lat = rng.uniform(100, 124), rng.uniform(-2, 25)
        else:
            lon, lat = rng.uniform(-170, 95), rng.uniform(-60, 70)
        n = 4000
        t = np.linspace(0, 2 * np.pi, n, endpoint=False)
        r = 2 + 0.3 * np.sin(7 * t)
        ring = np.c_[lon + r * np.cos(t), lat + r * np.sin(t)]
        if i in (3, 4, 5):
            ring[[10, 2000]] = ring[[2000, 10]]  # swap two vertices: self-intersection
        geoms.append(shapely.Polygon(ring))
        pol = "Overlapping claim" if i % 10 == 0 else "200NM"
        rows.append((8000 + i, f"zone {i}", pol, "PHL", "CHN" if pol != "200NM" else None))
    frame = gpd.GeoDataFrame(
        {
            "MRGID": [r[0] for r in rows],
            "GEONAME": [r[1] for r in rows],
            "POL_TYPE": [r[2] for r in rows],
            "ISO_SOV1": [r[3] for r in rows],
            "ISO_SOV2": [r[4] for r in rows],
        },
        geometry=geoms,
        crs="EPSG:4326",
    )
    frame.to_file(path, engine="pyogrio")
    return int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())


def bench_import() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / "eez_v11.shp"
        vertices = synthetic_world(shp)
        print(f"synthetic Marine Regions layer: 280 polygons, {vertices} vertices")
        zones, report = timed(  # type: ignore[misc]
            "import_marine_regions(shapefile, write=False)",
            lambda: import_marine_regions(shp, write=False),
        )
        out = Path(tmp) / "zones_imported.gpkg"
        timed(
            "import_marine_regions(shapefile) + write GeoPackage",
            lambda: import_marine_regions(shp, out=out),
        )
        print(
            f"  kept {len(zones)} zones, {len(report.repaired)} repaired, "
            f"{len(report.outside_region)} outside the region"
        )
        loading.clear_cache()
        timed("load_zones(imported file) first call", lambda: loading.load_zones(out))
        timed("load_zones(imported file) cached", lambda: loading.load_zones(out), repeat=20)


if __name__ == "__main__":
    bench_builtin()
    bench_import()
