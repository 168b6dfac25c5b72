"""The store on SQLite and on PostgreSQL/PostGIS (issue 16): import and read 100k incidents.

Run: ``.venv/bin/python benchmarks/bench_store_backends.py --postgres URL [--rows N]``
(URL: an empty database with the postgis extension, e.g. one the store tests' fixture makes;
without ``--postgres`` only SQLite is measured).

For each backend, in one process, with the bundled seed: one ``import_incidents`` of N
synthetic incidents (duplicate search + one-transaction insert into a fresh store), then the
median of 3 ``current_incidents`` (what the dashboard's first paint after a store change
reads) and of 20 ``store_version`` calls (what every dashboard run asks, to key its caches; a
filter change costs this plus the in-memory filter, the same for both backends).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from seawatch import schema, store
from seawatch.incidents import typed_frame


def synthetic(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(16)
    frame = pd.DataFrame(
        {
            "incident_id": [f"B-{k}" for k in range(n)],
            "date": pd.to_datetime(rng.integers(14_000, 20_000, n), unit="D").strftime("%Y-%m-%d"),
            "latitude": rng.uniform(0.5, 22.0, n),
            "longitude": rng.uniform(105.0, 121.0, n),
            "incident_type": "other",
            "countries": "PHL",
            "description": [f"synthetic {k}" for k in range(n)],
            "source": "bench",
        }
    )
    for column in schema.OPTIONAL_COLUMNS:
        frame[column] = ""
    return typed_frame(frame)


def measure(location: str, rows: pd.DataFrame) -> dict[str, float]:
    start = time.perf_counter()
    store.import_incidents(rows, "bench.csv", "b" * 64, path=location)
    imported = time.perf_counter() - start
    reads, versions = [], []
    for _ in range(3):
        start = time.perf_counter()
        store.current_incidents(location)
        reads.append(time.perf_counter() - start)
    for _ in range(20):
        start = time.perf_counter()
        store.store_version(location)
        versions.append(time.perf_counter() - start)
    return {
        "import_s": imported,
        "current_incidents_s": statistics.median(reads),
        "store_version_ms": 1000 * statistics.median(versions),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="an empty PostGIS database")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    rows = synthetic(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        locations = {"sqlite": str(Path(folder) / "store.sqlite")}
        if args.postgres:
            locations["postgresql"] = args.postgres
        results = {name: measure(where, rows) for name, where in locations.items()}
    for name, numbers in results.items():
        shown = ", ".join(f"{k} {v:.3f}" for k, v in numbers.items())
        print(f"{name:<10} {args.rows:,} rows: {shown}")
    if "postgresql" in results:
        ratio = (
            results["postgresql"]["current_incidents_s"] / results["sqlite"]["current_incidents_s"]
        )
        print(f"current_incidents PostgreSQL / SQLite: {ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
