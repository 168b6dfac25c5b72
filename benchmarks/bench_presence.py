"""Presence at scale (issue 17): synthetic AIS positions from Parquet -> vessel-days and events.

Phases, each in its own Python process so that peak memory is the engine's alone:

1. ``generate``: write synthetic tracks (`seawatch.presence.synth`, seed 17, 10-minute
   positions, gaps, duplicates, bad rows) as Parquet files of ``--vessels-per-file`` vessels,
   unless the folder already holds them (reused between runs).
2. ``inprocess``: `seawatch.presence.presence` on the folder, built-in zones; wall time, CPU
   time (user + system: the join uses two worker threads on large batches) and peak RSS
   (``resource.getrusage``), and RSS sampled every 50 ms by phase: reading the files, building
   the tables once the last is read, writing them.
3. ``dask``: `seawatch.presence.dask_engine.presence_dask` on a ``LocalCluster`` of
   ``--workers`` worker *processes* (one thread each), started before the timing (its start-up
   is reported apart); outputs compared with the in-process run's.

4. ``duckdb`` (with ``--duckdb-python``): the reference a user would otherwise pick, DuckDB
   spatial on the same Parquet files and the same zones (the join's zones, derived ``status``
   zones left out): vessel-days per zone, ``ST_Within(ST_Point(lon, lat), zone)`` (DuckDB plans
   it as its ``SPATIAL_JOIN`` operator, an R-tree over the zones' boxes). Two variants:
   ``tiles`` (default), the zones cut into 0.5-degree tiles first (in Python with
   ``shapely.clip_by_rect``, timed apart), which a DuckDB user does because DuckDB tests a point
   against the whole polygon, ~92,000 vertices here; and ``plain``, the zones as they are, on
   the first ``--duckdb-limit`` rows only (its rate is ~20x lower). The distinct (vessel, UTC
   day, zone) triples are compared with seawatch's vessel-days exploded by zone. It gives zone
   ids only (no status, claimants, nearest feature or events). DuckDB's ``INSTALL spatial``
   downloads from the internet; offline, install the PyPI wheels ``duckdb`` and
   ``duckdb-extension-spatial`` of the same version (1.5.5 here) into any Python (or
   ``pip install --target DIR`` and a wrapper setting ``PYTHONPATH``) and pass it as
   ``--duckdb-python``; the extension is loaded from the wheel's file.

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
import threading
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


class RssSampler:
    """A thread reading this process's RSS (``VmRSS``) every `interval` seconds and keeping
    the largest value of each phase (set by `phase`) and the first one."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.current = interval, "reading"
        self.peaks: dict[str, float] = {}
        self.first: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def phase(self, name: str) -> None:
        self.first.setdefault(name, _rss_mb())
        self.current = name

    def _run(self) -> None:
        while not self._stop.is_set():
            value, name = _rss_mb(), self.current
            self.peaks[name] = max(self.peaks.get(name, 0.0), value)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


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
    with RssSampler() as rss:
        result = presence(
            folder,
            zones,
            PresenceOptions(batch_size=batch_size),
            progress=lambda done, total: rss.phase("final" if done == total else "reading"),
        )
        wall, cpu = time.perf_counter() - start, _cpu_s() - cpu0
        if out is not None:
            rss.phase("save")
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
        # sampled every 50 ms: the largest RSS while the files are read, when the last is
        # read, while the accumulators become the tables, and while they are written
        "rss_reading_max_mb": rss.peaks.get("reading", 0.0),
        "rss_read_end_mb": rss.first.get("final", 0.0),
        "rss_tables_max_mb": rss.peaks.get("final", 0.0),
        "rss_save_max_mb": rss.peaks.get("save", 0.0),
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


def write_zones(path: Path, tile_deg: float | None) -> dict[str, Any]:
    """The zones the join uses (derived ``status`` zones left out) as WKB for DuckDB; with
    `tile_deg`, each zone cut into tiles of that size (the same area, smaller polygons)."""
    import numpy as np
    import pandas as pd
    import shapely

    from seawatch.zones import load_zones

    zones = load_zones()
    zones = zones[zones["kind"] != "status"]
    start = time.perf_counter()
    ids, parts = zones["zone_id"].astype(str).tolist(), list(zones.geometry.to_numpy())
    if tile_deg is not None:
        ids, parts = [], []
        for zone_id, geometry in zip(zones["zone_id"].astype(str), zones.geometry, strict=True):
            x0, y0, x1, y1 = geometry.bounds
            for x in np.arange(np.floor(x0 / tile_deg) * tile_deg, x1, tile_deg):
                for y in np.arange(np.floor(y0 / tile_deg) * tile_deg, y1, tile_deg):
                    part = shapely.clip_by_rect(geometry, x, y, x + tile_deg, y + tile_deg)
                    if not part.is_empty:
                        ids.append(zone_id)
                        parts.append(part)
    table = pd.DataFrame({"zone_id": ids, "wkb": shapely.to_wkb(np.array(parts, dtype=object))})
    table.to_parquet(path, index=False)
    return {
        "zones": len(zones),
        "polygons": len(table),
        "vertices": int(shapely.get_num_coordinates(np.array(parts, dtype=object)).sum()),
        "tile_deg": tile_deg,
        "prepare_s": time.perf_counter() - start,
    }


def duckdb_run(folder: Path, zones: Path, limit: int | None) -> dict[str, Any]:
    """Distinct (vessel, UTC day, zone) with DuckDB spatial (run by ``--duckdb-python``)."""
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
    con.execute("SET TimeZone = 'UTC'")  # CAST(timestamptz AS DATE) is a UTC day
    con.execute(
        f"CREATE TABLE zones AS SELECT zone_id, ST_GeomFromWKB(wkb) AS geom "
        f"FROM read_parquet('{zones}')"
    )
    source = f"read_parquet('{folder}/part-*.parquet')"
    if limit is not None:
        source = f"(SELECT * FROM {source} LIMIT {limit})"
    cpu0, start = _cpu_s(), time.perf_counter()
    con.execute(
        f"""
        CREATE TABLE triples AS
          SELECT DISTINCT p.vessel_id, CAST(p.time AS DATE) AS day, z.zone_id
          FROM {source} p
          JOIN zones z ON ST_Within(ST_Point(p.longitude, p.latitude), z.geom)
          WHERE p.latitude BETWEEN -90 AND 90 AND p.longitude BETWEEN -180 AND 180
        """
    )
    wall, cpu = time.perf_counter() - start, _cpu_s() - cpu0
    rows = con.execute("SELECT count(*) FROM triples").fetchone()
    read = con.execute(f"SELECT count(*) FROM {source}").fetchone()
    assert rows is not None and read is not None
    return {
        "duckdb": duckdb.__version__,
        "threads": con.execute("SELECT current_setting('threads')").fetchone(),
        "rows": read[0],
        "wall_s": wall,
        "cpu_s": cpu,
        "rows_per_cpu_s": read[0] / cpu,
        "vessel_day_zone": rows[0],
        "peak_rss_mb": _peak_rss_mb(),
    }


def vessel_day_zones(days_parquet: Path) -> int:
    """Distinct (vessel, day, zone id) in seawatch's vessel-days (``zone_ids`` exploded)."""
    import pandas as pd

    days = pd.read_parquet(days_parquet, columns=["vessel_id", "day", "zone_ids"])
    days["zone_ids"] = days["zone_ids"].str.split(";")
    days = days.explode("zone_ids")
    days = days[days["zone_ids"].fillna("") != ""]
    return len(days.drop_duplicates())


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
    parser.add_argument("--duckdb-zones", choices=("tiles", "plain"), default="tiles")
    parser.add_argument(
        "--duckdb-limit", type=int, help="DuckDB joins only the first N rows (for 'plain')"
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
        print(json.dumps(duckdb_run(args.data, args.out, args.duckdb_limit)))
        return 0
    if args.phase == "dask":
        print(json.dumps(dask(args.data, args.batch_size, args.workers, args.out)))
        return 0
    numbers: dict[str, Any] = {"load_before": os.getloadavg(), "cpus": os.cpu_count()}
    numbers["data"] = _child("generate", args, [])
    with tempfile.TemporaryDirectory() as tmp:
        if args.duckdb_python:
            tile = 0.5 if args.duckdb_zones == "tiles" else None
            numbers["duckdb_zones"] = write_zones(Path(tmp) / "zones.parquet", tile)
            extra = ["--out", f"{tmp}/zones.parquet"]
            if args.duckdb_limit:
                extra += ["--duckdb-limit", str(args.duckdb_limit)]
            numbers["duckdb"] = _child("duckdb", args, extra, args.duckdb_python)
        if args.skip_inprocess:
            print(json.dumps(numbers, indent=2))
            return 0
        numbers["inprocess"] = _child("inprocess", args, ["--out", f"{tmp}/a"])
        numbers["inprocess"]["vessel_day_zone"] = vessel_day_zones(Path(tmp) / "a" / "days.parquet")
        if "duckdb" in numbers:
            # per CPU-second: seawatch's rate over DuckDB's (both read the same rows)
            numbers["inprocess_over_duckdb_per_cpu_s"] = (
                numbers["inprocess"]["rows_per_cpu_s"] / numbers["duckdb"]["rows_per_cpu_s"]
            )
            numbers["duckdb_over_inprocess_wall"] = (
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
    print(
        f"             RSS: reading max {local['rss_reading_max_mb']:.0f} MB, "
        f"{local['rss_read_end_mb']:.0f} MB when read, building the tables max "
        f"{local['rss_tables_max_mb']:.0f} MB, writing them max {local['rss_save_max_mb']:.0f} MB"
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
        duck, shape = numbers["duckdb"], numbers["duckdb_zones"]
        print(
            f"duckdb:      {duck['rows']:,} rows, {duck['wall_s']:.1f} s wall, "
            f"{duck['cpu_s']:.1f} s CPU, {duck['rows_per_cpu_s']:,.0f} rows per CPU-second "
            f"(DuckDB {duck['duckdb']} spatial, ST_Within, {shape['polygons']} polygons of "
            f"{shape['vertices']:,} vertices, prepared in {shape['prepare_s']:.1f} s; "
            f"peak RSS {duck['peak_rss_mb']:.0f} MB); "
            f"seawatch {numbers['inprocess_over_duckdb_per_cpu_s']:.2f}x DuckDB per CPU-second"
        )
        print(
            f"             distinct (vessel, day, zone): DuckDB {duck['vessel_day_zone']:,}, "
            f"seawatch {local['vessel_day_zone']:,}"
        )
    print(f"load:        {numbers['load_before']} -> {numbers['load_after']}")
    print("targets (issue 17): 100M positions, peak <= 2 GB; Dask on 2 workers within 1.3x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
