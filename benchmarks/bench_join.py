"""Benchmark of `seawatch.spatial.join`: 1,000,000 random points against the built-in zones.

Measures, in one run on the same points:

- preparation: building the lookup grid from scratch (empty cache), and loading it from the
  cache file (a new process with a warm cache);
- the full join (all of `seawatch.schema.JOIN_COLUMNS`), median of ``--repeat`` runs;
- ``geopandas.sjoin(points, zones, predicate="within")``, median of ``--repeat`` runs (the
  issue's baseline; it computes only the zone ids, not the other columns);
- the peak memory of the join: tracemalloc peak (numpy/pandas allocations) and the growth of
  the process's peak RSS (``resource.getrusage``) during the first join, with the points and
  zones already in memory.

Run ``python benchmarks/bench_join.py`` (or ``make bench``); ``--points`` and ``--repeat`` make
it shorter. Prints a table; ``--json`` prints the numbers as JSON instead.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np

TARGET_S = 0.5
TARGET_SPEEDUP = 3.0
TARGET_PEAK_MB = 1024


def _median_time(func: Callable[[], Any], repeat: int) -> tuple[float, list[float], float]:
    """Median wall time, every wall time, and median CPU time of this process."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), times, statistics.median(cpu)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _random_points(n: int, seed: int) -> gpd.GeoDataFrame:
    from seawatch import schema

    rng = np.random.default_rng(seed)
    west, south, east, north = schema.REGION_BOUNDS
    lon, lat = rng.uniform(west, east, n), rng.uniform(south, north, n)
    return gpd.GeoDataFrame(
        {"incident_id": np.arange(n)}, geometry=gpd.points_from_xy(lon, lat), crs=schema.CRS
    )


def run(points: int, repeat: int, seed: int = 0) -> dict[str, Any]:
    """Run the benchmark and return its numbers."""
    from seawatch import spatial
    from seawatch.zones import load_zones
    from seawatch.zones.loading import load_land

    load_before = os.getloadavg()  # other work on the machine skews wall times: report it
    zones, land = load_zones(), load_land()
    pts = _random_points(points, seed)
    small = pts.iloc[:10]

    with tempfile.TemporaryDirectory() as cache:
        os.environ["SEAWATCH_CACHE_DIR"] = cache
        spatial._PREPARED.clear()
        start = time.perf_counter()
        spatial.join(small, zones, land=land)
        build_s = time.perf_counter() - start
        spatial._PREPARED.clear()  # as in a new process: the grid comes from the cache file
        start = time.perf_counter()
        spatial.join(small, zones, land=land)
        cached_s = time.perf_counter() - start

        rss_before = _peak_rss_mb()
        tracemalloc.start()
        joined = spatial.join(pts, zones, land=land)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_growth = _peak_rss_mb() - rss_before
        del joined

        join_s, join_all, join_cpu = _median_time(
            lambda: spatial.join(pts, zones, land=land), repeat
        )
    peak_after_join = _peak_rss_mb()
    gpd.sjoin(pts.iloc[:1000], zones, predicate="within")  # builds the zones' index
    sjoin_s, sjoin_all, sjoin_cpu = _median_time(
        lambda: gpd.sjoin(pts, zones, predicate="within"), repeat
    )
    return {
        "points": points,
        "zones": len(zones),
        "land_polygons": len(land),
        "repeat": repeat,
        "grid_build_s": build_s,
        "grid_from_cache_s": cached_s,
        "join_median_s": join_s,
        "join_runs_s": join_all,
        "join_cpu_median_s": join_cpu,
        "sjoin_within_median_s": sjoin_s,
        "sjoin_within_runs_s": sjoin_all,
        "sjoin_within_cpu_median_s": sjoin_cpu,
        "speedup_vs_sjoin": sjoin_s / join_s,
        "join_tracemalloc_peak_mb": traced_peak / 2**20,
        "join_peak_rss_growth_mb": rss_growth,
        "process_peak_rss_mb": peak_after_join,
        "process_peak_rss_with_sjoin_mb": _peak_rss_mb(),
        "cpu_count": os.cpu_count(),
        "load_average_before": load_before,
        "load_average": os.getloadavg(),
    }


def report(r: dict[str, Any]) -> str:
    """The numbers as a readable table with the targets of issue 5."""
    ok = {True: "ok", False: "MISSED"}
    lines = [
        f"join benchmark: {r['points']:,} random points in the region, {r['zones']} zones "
        f"+ {r['land_polygons']} land polygons, median of {r['repeat']}",
        f"  grid preparation (empty cache)    {r['grid_build_s']:8.3f} s",
        f"  grid from the cache file          {r['grid_from_cache_s']:8.3f} s",
        f"  seawatch join, all columns        {r['join_median_s']:8.3f} s   "
        f"target <= {TARGET_S} s: {ok[r['join_median_s'] <= TARGET_S]}",
        f"    (CPU time of the process)       {r['join_cpu_median_s']:8.3f} s",
        f"  geopandas.sjoin(within)           {r['sjoin_within_median_s']:8.3f} s",
        f"    (CPU time of the process)       {r['sjoin_within_cpu_median_s']:8.3f} s",
        f"  speed-up vs sjoin                 {r['speedup_vs_sjoin']:8.1f} x   "
        f"target >= {TARGET_SPEEDUP} x: {ok[r['speedup_vs_sjoin'] >= TARGET_SPEEDUP]}",
        f"  join peak (tracemalloc)           {r['join_tracemalloc_peak_mb']:8.0f} MB",
        f"  join peak RSS growth              {r['join_peak_rss_growth_mb']:8.0f} MB",
        f"  process peak RSS after the joins  {r['process_peak_rss_mb']:8.0f} MB   "
        f"target <= {TARGET_PEAK_MB} MB: {ok[r['process_peak_rss_mb'] <= TARGET_PEAK_MB]}",
        f"  (after sjoin, for comparison)     {r['process_peak_rss_with_sjoin_mb']:8.0f} MB",
        f"  machine: {r['cpu_count']} CPUs, load average "
        + ", ".join(f"{v:.1f}" for v in r["load_average_before"])
        + " before, "
        + ", ".join(f"{v:.1f}" for v in r["load_average"])
        + " after (1, 5, 15 min)",
        "  runs (s): join "
        + ", ".join(f"{t:.3f}" for t in r["join_runs_s"])
        + "; sjoin "
        + ", ".join(f"{t:.3f}" for t in r["sjoin_within_runs_s"]),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    result = run(args.points, args.repeat)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
