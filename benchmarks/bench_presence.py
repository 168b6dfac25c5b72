"""Presence at scale (issue 17): synthetic AIS positions from Parquet -> vessel-days and events.

Phases, each in its own Python process so that peak memory is the engine's alone:

1. ``generate``: write synthetic tracks (`seawatch.presence.synth`, seed 17, 10-minute
   positions, gaps, duplicates, bad rows) as Parquet files of ``--vessels-per-file`` vessels,
   unless the folder already holds them (reused between runs).
2. ``inprocess``: `seawatch.presence.presence` on the folder, built-in zones; wall time, CPU
   time (user + system: the join uses two worker threads on large batches) and peak RSS
   (``resource.getrusage``).
3. ``dask``: `seawatch.presence.dask_engine.presence_dask` on a ``LocalCluster`` of
   ``--workers`` worker *processes* (one thread each), started before the timing (its start-up
   is reported apart); outputs compared with the in-process run's.

4. ``duckdb`` (with ``--duckdb-python``): the reference a user would otherwise pick, DuckDB
   spatial on the same Parquet files and the same zones (written as WKB): vessel-days per zone
   with ``ST_Intersects(zone, ST_Point(lon, lat))``. It gives zone ids only (no status,
   claimants, nearest feature or events). DuckDB's ``INSTALL spatial`` downloads from the
   internet; offline, install the PyPI wheels ``duckdb`` and ``duckdb-extension-spatial`` of the
   same version (1.5.5 here) into any Python and pass it as ``--duckdb-python``; the extension
   is loaded from the wheel's file.

Usage::

    python benchmarks/bench_presence.py --positions 10000000 --data /tmp/presence-bench
    python benchmarks/bench_presence.py --positions 1000000 --skip-dask --json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DAYS = 30
INTERVAL_S = 600


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def generate(folder: Path, positions: int, vessels_per_file: int) -> dict[str, Any]:
    from seawatch.presence.synth import SynthOptions, write_parquet

    per_vessel = DAYS * 86_400 // INTERVAL_S
    n_vessels = max(1, round(positions / per_vessel))
    stamp = folder / f"_done-{n_vessels}-{vessels_per_file}"
    if not stamp.exists():
        start = time.perf_counter()
        write_parquet(
            folder,
            SynthOptions(n_vessels=n_vessels, days=DAYS, interval_s=INTERVAL_S),
            vessels_per_file=vessels_per_file,
        )
        stamp.write_text(f"{time.perf_counter() - start:.1f}")
    import pyarrow.parquet as pq

    files = sorted(folder.glob("part-*.parquet"))
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    return {
        "vessels": n_vessels,
        "files": len(files),
        "rows": rows,
        "generate_s": float(stamp.read_text()),
    }


def inprocess(folder: Path, batch_size: int, out: Path | None) -> dict[str, Any]:
    from seawatch.presence import PresenceOptions, presence
    from seawatch.zones import load_zones

    zones = load_zones()
    presence(
        sorted(folder.glob("part-*.parquet"))[0], zones, PresenceOptions(batch_size=1000)
    )  # grid
    rss0, cpu0, start = _peak_rss_mb(), _cpu_s(), time.perf_counter()
    result = presence(folder, zones, PresenceOptions(batch_size=batch_size))
    wall, cpu = time.perf_counter() - start, _cpu_s() - cpu0
    if out is not None:
        _save(result, out)
    return {
        "rows": result.counts.rows,
        "positions": result.counts.kept,
        "wall_s": wall,
        "cpu_s": cpu,
        "rows_per_s": result.counts.rows / wall,
        "rows_per_cpu_s": result.counts.rows / cpu,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_run_mb": rss0,
        "vessel_day_rows": len(result.vessel_days),
        "events": len(result.events),
    }


def dask(folder: Path, batch_size: int, workers: int, out: Path | None) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from seawatch.presence import PresenceOptions
    from seawatch.presence.dask_engine import presence_dask
    from seawatch.zones import load_zones

    zones = load_zones()
    start = time.perf_counter()
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        startup = time.perf_counter() - start
        client.run(_warm_worker)  # every worker prepares the join's grid before the timing
        start = time.perf_counter()
        result = presence_dask(folder, zones, PresenceOptions(batch_size=batch_size), client=client)
        wall = time.perf_counter() - start
    if out is not None:
        _save(result, out)
    return {
        "rows": result.counts.rows,
        "wall_s": wall,
        "cluster_start_s": startup,
        "workers": workers,
    }


def write_zones(path: Path) -> None:
    """The zones the join uses (derived ``status`` zones left out), as WKB for DuckDB."""
    import shapely

    from seawatch.zones import load_zones

    zones = load_zones()
    zones = zones[zones["kind"] != "status"]
    table = zones[["zone_id", "kind"]].copy()
    table["wkb"] = shapely.to_wkb(zones.geometry.to_numpy())
    table.to_parquet(path, index=False)


def duckdb_run(folder: Path, zones: Path) -> dict[str, Any]:
    """Vessel-days per zone with DuckDB spatial (run by ``--duckdb-python``)."""
    import glob
    import importlib.util

    import duckdb

    con = duckdb.connect()
    try:
        con.execute("LOAD spatial")
    except duckdb.Error:
        spec = importlib.util.find_spec("duckdb_extension_spatial")
        assert spec is not None and spec.submodule_search_locations
        where = list(spec.submodule_search_locations)[0]
        found = glob.glob(f"{where}/**/spatial.duckdb_extension", recursive=True)
        con.execute(f"LOAD '{found[0]}'")
    con.execute(
        f"CREATE TABLE zones AS SELECT zone_id, ST_GeomFromWKB(wkb) AS geom "
        f"FROM read_parquet('{zones}')"
    )
    cpu0, start = _cpu_s(), time.perf_counter()
    rows = con.execute(
        f"""
        SELECT count(*), sum(n) FROM (
          SELECT p.vessel_id, CAST(p.time AS DATE) AS day, z.zone_id, count(*) AS n
          FROM read_parquet('{folder}/part-*.parquet') p
          JOIN zones z ON ST_Intersects(z.geom, ST_Point(p.longitude, p.latitude))
          WHERE p.latitude BETWEEN -90 AND 90 AND p.longitude BETWEEN -180 AND 180
          GROUP BY ALL)
        """
    ).fetchone()
    wall, cpu = time.perf_counter() - start, _cpu_s() - cpu0
    assert rows is not None
    return {
        "duckdb": duckdb.__version__,
        "wall_s": wall,
        "cpu_s": cpu,
        "vessel_day_zone_rows": rows[0],
        "position_zone_pairs": rows[1],
        "peak_rss_mb": _peak_rss_mb(),
    }


def _warm_worker() -> None:
    import pandas as pd

    from seawatch.spatial import join
    from seawatch.zones import load_zones

    join(pd.DataFrame({"latitude": [10.0], "longitude": [114.0]}), load_zones())


def _save(result: Any, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    result.vessel_days.to_parquet(out / "days.parquet")
    result.events.to_parquet(out / "events.parquet")


def _same(a: Path, b: Path) -> bool:
    import pandas as pd

    try:
        for name in ("days.parquet", "events.parquet"):
            pd.testing.assert_frame_equal(pd.read_parquet(a / name), pd.read_parquet(b / name))
    except AssertionError:
        return False
    return True


def _child(
    phase: str, args: argparse.Namespace, extra: list[str], python: str = sys.executable
) -> dict[str, Any]:
    command = [python, __file__, "--phase", phase, "--data", str(args.data)]
    command += ["--positions", str(args.positions), "--batch-size", str(args.batch_size)]
    command += ["--workers", str(args.workers), "--vessels-per-file", str(args.vessels_per_file)]
    done = subprocess.run(command + extra, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--positions", type=int, default=10_000_000)
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "seawatch-presence-bench"
    )
    parser.add_argument("--batch-size", type=int, default=500_000)
    parser.add_argument("--vessels-per-file", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-inprocess", action="store_true")
    parser.add_argument(
        "--duckdb-python", help="a Python with duckdb + duckdb-extension-spatial (see above)"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--phase", choices=("generate", "inprocess", "dask", "duckdb"), help=argparse.SUPPRESS
    )
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase == "generate":
        print(json.dumps(generate(args.data, args.positions, args.vessels_per_file)))
        return 0
    if args.phase == "inprocess":
        print(json.dumps(inprocess(args.data, args.batch_size, args.out)))
        return 0
    if args.phase == "duckdb":
        print(json.dumps(duckdb_run(args.data, args.out)))
        return 0
    if args.phase == "dask":
        print(json.dumps(dask(args.data, args.batch_size, args.workers, args.out)))
        return 0
    numbers: dict[str, Any] = {"load_before": os.getloadavg(), "cpus": os.cpu_count()}
    numbers["data"] = _child("generate", args, [])
    with tempfile.TemporaryDirectory() as tmp:
        if args.duckdb_python:
            write_zones(Path(tmp) / "zones.parquet")
            numbers["duckdb"] = _child(
                "duckdb", args, ["--out", f"{tmp}/zones.parquet"], args.duckdb_python
            )
        if args.skip_inprocess:
            print(json.dumps(numbers, indent=2))
            return 0
        numbers["inprocess"] = _child("inprocess", args, ["--out", f"{tmp}/a"])
        if "duckdb" in numbers:
            numbers["duckdb_over_inprocess"] = (
                numbers["duckdb"]["wall_s"] / numbers["inprocess"]["wall_s"]
            )
        if not args.skip_dask:
            numbers["dask"] = _child("dask", args, ["--out", f"{tmp}/b"])
            numbers["dask_over_inprocess"] = (
                numbers["dask"]["wall_s"] / numbers["inprocess"]["wall_s"]
            )
            numbers["identical_outputs"] = _same(Path(tmp) / "a", Path(tmp) / "b")
    numbers["load_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(numbers, indent=2))
        return 0
    data, local = numbers["data"], numbers["inprocess"]
    print(f"data:        {data['rows']:,} rows, {data['vessels']} vessels, {data['files']} files")
    print(
        f"in-process:  {local['wall_s']:.1f} s wall, {local['cpu_s']:.1f} s CPU; "
        f"{local['rows_per_s']:,.0f} rows/s, {local['rows_per_cpu_s']:,.0f} rows per CPU-second; "
        f"peak RSS {local['peak_rss_mb']:.0f} MB"
    )
    if "dask" in numbers:
        remote = numbers["dask"]
        print(
            f"dask:        {remote['wall_s']:.1f} s wall on {remote['workers']} worker processes "
            f"(+{remote['cluster_start_s']:.1f} s cluster start); "
            f"{numbers['dask_over_inprocess']:.2f}x in-process; "
            f"identical outputs: {numbers['identical_outputs']}"
        )
    if "duckdb" in numbers:
        duck = numbers["duckdb"]
        print(
            f"duckdb:      {duck['wall_s']:.1f} s wall, {duck['cpu_s']:.1f} s CPU "
            f"(DuckDB {duck['duckdb']} spatial, zone ids only); "
            f"{numbers['duckdb_over_inprocess']:.2f}x in-process"
        )
    print(f"load:        {numbers['load_before']} -> {numbers['load_after']}")
    print("targets (issue 17): 100M positions, peak <= 2 GB; Dask on 2 workers within 1.3x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
