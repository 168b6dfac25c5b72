"""The store on SQLite and on PostgreSQL/PostGIS (issue 16): import, first read, filter change.

Run: ``.venv/bin/python benchmarks/bench_store_backends.py --postgres URL [--rows N]``
(URL: an empty database with the postgis extension, e.g. one the store tests' fixture makes;
without ``--postgres`` only SQLite is measured).

For each backend, in one process, with the bundled seed: one ``import_incidents`` of N
synthetic incidents (duplicate search + one-transaction insert into a fresh store: ``COPY`` on
PostgreSQL), then

- first read: the median of 3 ``current_incidents`` (what the dashboard reads after a store
  change, before its first paint);
- filter change, pushed down: for each of `FILTERS`, the median of 5 ``matching_incidents`` of
  the filter's store-side part followed by ``apply_filter`` of the rest (what the dashboard does
  on a filter change when it reads through SQL); the in-memory ``apply_filter`` on the whole
  frame is measured beside it for reference;
- the median of 20 ``store_version`` calls (what every dashboard run asks, to key its caches).

The synthetic incidents: random positions in 0.5-22N, 105-121E, random days 2008-2024 (every
fifth a period of up to 30 days), 1-2 countries of six, one of six types and of four
precisions (seed 16).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from seawatch import schema, store
from seawatch.filtering import IncidentFilter, apply_filter, split_for_store
from seawatch.incidents import typed_frame

CODES = ("CHN", "IDN", "MYS", "PHL", "TWN", "VNM")
TYPES = (
    "water_cannon",
    "boarding_seizure",
    "fishing_enforcement",
    "collision_ramming",
    "blocking_obstruction",
    "other",
)
#: Filter changes an analyst makes: name -> filter.
FILTERS = {
    "PHL since 2020": IncidentFilter(countries=("PHL",), since=dt.date(2020, 1, 1)),
    "water cannon": IncidentFilter(types=("water_cannon",)),
    "one year, VNM or CHN": IncidentFilter(
        countries=("CHN", "VNM"), since=dt.date(2023, 1, 1), until=dt.date(2023, 12, 31)
    ),
    "exact positions + search": IncidentFilter(precisions=("exact",), search="17"),
}


def synthetic(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(16)
    days = pd.to_datetime(rng.integers(14_000, 20_000, n), unit="D")
    ends = days + pd.to_timedelta(rng.integers(1, 30, n), unit="D")
    pairs = [";".join(sorted({a, b})) for a in CODES for b in CODES]
    frame = pd.DataFrame(
        {
            "incident_id": [f"B-{k}" for k in range(n)],
            "date": days.strftime("%Y-%m-%d"),
            "latitude": rng.uniform(0.5, 22.0, n),
            "longitude": rng.uniform(105.0, 121.0, n),
            "incident_type": np.asarray(TYPES)[rng.integers(0, len(TYPES), n)],
            "countries": np.asarray(pairs)[rng.integers(0, len(pairs), n)],
            "description": [f"synthetic {k}" for k in range(n)],
            "source": "bench",
        }
    )
    for column in schema.OPTIONAL_COLUMNS:
        frame[column] = ""
    frame["end_date"] = np.where(np.arange(n) % 5 == 0, ends.strftime("%Y-%m-%d"), "")
    frame["location_precision"] = np.asarray(schema.PRECISIONS)[
        rng.integers(0, len(schema.PRECISIONS), n)
    ]
    return typed_frame(frame)


def median_time(call: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def pushed(location: str, flt: IncidentFilter) -> pd.DataFrame:
    store_part, rest = split_for_store(flt)
    return apply_filter(store.matching_incidents(store_part, location)[0], rest)


def measure(location: str, rows: pd.DataFrame) -> dict[str, float]:
    start = time.perf_counter()
    store.import_incidents(rows, "bench.csv", "b" * 64, path=location)
    out = {"import_s": time.perf_counter() - start}
    out["first_read_s"], everything = median_time(lambda: store.current_incidents(location), 3)
    frame = everything[0]  # type: ignore[index]
    for name, flt in FILTERS.items():
        out[f"pushed[{name}]_s"], view = median_time(lambda f=flt: pushed(location, f), 5)
        out[f"rows[{name}]"] = len(view)  # type: ignore[arg-type]
        out[f"in_memory[{name}]_s"], _ = median_time(lambda f=flt: apply_filter(frame, f), 5)
    out["store_version_ms"] = 1000 * median_time(lambda: store.store_version(location), 20)[0]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="an empty PostGIS database")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    rows = synthetic(args.rows)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        locations = {"sqlite": str(Path(folder) / "store.sqlite")}
        if args.postgres:
            locations["postgresql"] = args.postgres
        results = {name: measure(where, rows) for name, where in locations.items()}
    load_after = os.getloadavg()
    if args.json:
        print(json.dumps({"rows": args.rows, "load": [load_before, load_after], **results}))
        return
    print(
        f"{args.rows:,} rows; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    for key in results["sqlite"]:
        shown = "  ".join(f"{name} {numbers[key]:10.3f}" for name, numbers in results.items())
        print(f"{key:<42} {shown}")
    if "postgresql" in results:
        pg, lite = results["postgresql"], results["sqlite"]
        for key in pg:
            if key == "first_read_s" or key.startswith("pushed["):
                print(f"{key} PostgreSQL / SQLite: {pg[key] / lite[key]:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
