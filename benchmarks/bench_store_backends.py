"""The store on SQLite and on PostgreSQL/PostGIS (issue 16): import, first read, filter change.

Run: ``.venv/bin/python benchmarks/bench_store_backends.py --postgres URL [--rows N]``
(URL: an empty database with the postgis extension, e.g. one the store tests' fixture makes;
without ``--postgres`` only SQLite is measured).

For each backend, in one process, with the bundled seed: one ``import_incidents`` of N
synthetic incidents (duplicate search + one-transaction insert into a fresh store: ``COPY`` on
PostgreSQL), then

- first read: the median of ``--repeat`` ``current_incidents`` (what the dashboard reads after
  a store change, before its first paint);
- filter change, pushed down: for each of `FILTERS`, the median of ``--repeat``
  ``matching_incidents`` of the filter's store-side part followed by ``apply_filter`` of the
  rest (a dashboard's filter change when it reads views through SQL); the in-memory
  ``apply_filter`` on the whole frame is measured beside it for reference;
- the median of 4 x ``--repeat`` ``store_version`` calls (what every dashboard run asks, to key
  its caches).

The reads of the two backends take turns (SQLite, PostgreSQL, SQLite, ...) so that both see the
same load on a shared machine.

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


def interleaved(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median wall time of each call, the backends taking turns (so both see the same load)."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def pushed(location: str, flt: IncidentFilter) -> pd.DataFrame:
    store_part, rest = split_for_store(flt)
    return apply_filter(store.matching_incidents(store_part, location)[0], rest)


def measure(locations: dict[str, str], rows: pd.DataFrame, repeat: int) -> dict[str, dict]:
    out: dict[str, dict] = {name: {} for name in locations}
    for name, location in locations.items():
        start = time.perf_counter()
        store.import_incidents(rows, "bench.csv", "b" * 64, path=location)
        out[name]["import_s"] = time.perf_counter() - start
    reads = {n: (lambda loc=loc: store.current_incidents(loc)) for n, loc in locations.items()}
    for name, seconds in interleaved(reads, repeat).items():
        out[name]["first_read_s"] = seconds
    frames = {name: store.current_incidents(loc)[0] for name, loc in locations.items()}
    for label, flt in FILTERS.items():
        calls = {n: (lambda loc=loc, f=flt: pushed(loc, f)) for n, loc in locations.items()}
        for name, seconds in interleaved(calls, repeat).items():
            out[name][f"pushed[{label}]_s"] = seconds
            out[name][f"rows[{label}]"] = len(pushed(locations[name], flt))
        for name, frame in frames.items():
            out[name][f"in_memory[{label}]_s"] = interleaved(
                {name: lambda fr=frame, f=flt: apply_filter(fr, f)}, repeat
            )[name]
    versions = {n: (lambda loc=loc: store.store_version(loc)) for n, loc in locations.items()}
    for name, seconds in interleaved(versions, 4 * repeat).items():
        out[name]["store_version_ms"] = 1000 * seconds
    return out


def dashboard_paths(location: str, repeat: int) -> dict[str, float | int]:
    """What a dashboard replica does on a PostgreSQL store in each of its two modes
    (`seawatch.ui.data`): the whole store read, put in sea areas and joined to the built-in zones
    (once per store version; then every filter is in memory), against one view read through SQL
    (the filter's store part in SQL, the rows put in sea areas and joined, the rest in memory)
    plus the previous-period metric (`store.date_span` and two counts). Medians of `repeat` runs;
    each run reads anew (the dashboard caches both, per store version)."""
    from seawatch import summary
    from seawatch.sea_areas import with_sea_area
    from seawatch.spatial import join
    from seawatch.zones import loading

    zones = loading.load_zones("builtin")
    join(with_sea_area(store.incidents_with_ids([], location)[0]), zones)  # grid built once

    def whole() -> None:
        frame = join(with_sea_area(store.current_incidents(location)[0]), zones)
        for flt in FILTERS.values():
            apply_filter(frame, flt)

    def through_sql(flt: IncidentFilter) -> int:
        store_part, rest = split_for_store(flt)
        rows = join(with_sea_area(store.matching_incidents(store_part, location)[0]), zones)
        view = apply_filter(rows, rest)
        span = store.date_span(location)
        assert span is not None

        def count(g: IncidentFilter) -> int:
            g_store, g_rest = split_for_store(g)
            if g_rest == IncidentFilter():
                return store.incident_count(location, g_store)
            sub = join(with_sea_area(store.matching_incidents(g_store, location)[0]), zones)
            return len(apply_filter(sub, g_rest))

        summary.period_change_counted(*span, flt, count)
        return len(view)

    out: dict[str, float | int] = {}
    calls: dict[str, Callable[[], object]] = {"whole read + join + 4 filters": whole}
    for label, flt in FILTERS.items():
        calls[f"view through SQL [{label}]"] = lambda f=flt: through_sql(f)
        out[f"rows[{label}]"] = through_sql(flt)
    for name, seconds in interleaved(calls, repeat).items():
        out[f"{name}_s"] = seconds
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="an empty PostGIS database")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7, help="runs per measure (median)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument(
        "--views",
        action="store_true",
        help="with --postgres: only the dashboard's two read paths at --rows incidents",
    )
    args = parser.parse_args()
    if args.views:
        if not args.postgres:
            parser.error("--views needs --postgres URL")
        load_before = os.getloadavg()
        start = time.perf_counter()
        store.import_incidents(synthetic(args.rows), "bench.csv", "b" * 64, path=args.postgres)
        imported = time.perf_counter() - start
        numbers = dashboard_paths(args.postgres, args.repeat)
        load = [load_before, os.getloadavg()]
        result = {"rows": args.rows, "import_s": imported, "load": load, **numbers}
        print(json.dumps(result, indent=None if args.json else 1))
        return
    rows = synthetic(args.rows)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        locations = {"sqlite": str(Path(folder) / "store.sqlite")}
        if args.postgres:
            locations["postgresql"] = args.postgres
        results = measure(locations, rows, args.repeat)
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
