"""Speed of reading, validating and importing uploads (issue 7: 100k rows < 10 s, 1M < 90 s).

Run: ``.venv/bin/python benchmarks/bench_import.py [--rows N ...]`` (default 100000 1000000).

Each size writes a synthetic CSV in a temporary folder, shaped like a messy real export:
``;``-delimited, D/M/Y dates (every 10th row a month name, every 50th only a month), a
coordinate mix (70 % decimal with comma decimals, 20 % DMM ``09-43.8N``, 10 % DMS
``9°43'48"N``), free-text types, country names, 1 % rows without a longitude, 1 % with a date
in 2999. Then it times, in one process on one core:

- ``read_table``: decode, sniff, parse;
- ``validate``: every column parsed and checked, report built (land check included);
- ``import_incidents``: the duplicate search against the store and the one-transaction insert
  into a fresh store (seeded from data/incidents.csv);
- a second ``import_incidents`` of the same rows (all duplicates: the worst case of the search).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

TYPES = ["Water cannon", "ramming", "Piracy", "armed robbery", "boarding", "survey standoff"]
COUNTRIES = ["China, Philippines", "CHN;VNM", "Malaysia", "IDN", "China/Philippines"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def synthetic_csv(path: Path, n: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    lat = rng.uniform(0.5, 22.0, n)
    lon = rng.uniform(105.0, 121.0, n)
    day = rng.integers(1, 29, n)
    month = rng.integers(1, 13, n)
    year = rng.integers(2009, 2026, n)
    i = np.arange(n)
    date = pd.Series([f"{d:02d}/{m:02d}/{y}" for d, m, y in zip(day, month, year, strict=True)])
    named = i % 10 == 3
    date[named] = [
        f"{d} {MONTHS[m - 1]} {y}"
        for d, m, y in zip(day[named], month[named], year[named], strict=True)
    ]  # noqa: E501
    date[i % 50 == 7] = [
        f"{m:02d}/{y}" for m, y in zip(month[i % 50 == 7], year[i % 50 == 7], strict=True)
    ]  # noqa: E501
    date[i % 100 == 11] = "01/01/2999"
    lat_text = pd.Series(np.char.replace(np.round(lat, 4).astype(str), ".", ","))
    lon_text = pd.Series(np.char.replace(np.round(lon, 4).astype(str), ".", ","))
    dmm = (i % 10 >= 7) & (i % 10 < 9)
    lat_text[dmm] = [f"{int(a):02d}-{(a % 1) * 60:04.1f}N" for a in lat[dmm]]
    lon_text[dmm] = [f"{int(a):03d}-{(a % 1) * 60:04.1f}E" for a in lon[dmm]]
    dms = i % 10 == 9
    lat_text[dms] = [_dms(a, "N") for a in lat[dms]]
    lon_text[dms] = [_dms(a, "E") for a in lon[dms]]
    lon_text[i % 100 == 13] = ""
    frame = pd.DataFrame(
        {
            "Ref": [f"R{k}" for k in i],
            "Incident Date": date,
            "Lat": lat_text,
            "Long": lon_text,
            "Type": np.array(TYPES)[i % len(TYPES)],
            "Country": np.array(COUNTRIES)[i % len(COUNTRIES)],
            "Remarks": "Synthetic incident; several words of description",
        }
    )
    frame.to_csv(path, sep=";", index=False)


def _dms(value: float, hemi: str) -> str:
    d = int(value)
    m = int((value - d) * 60)
    s = ((value - d) * 60 - m) * 60
    return f"{d}°{m:02d}'{s:04.1f}\"{hemi}"


def run(n: int) -> None:
    from seawatch import store
    from seawatch.io import Limits, read_table
    from seawatch.validation import validate

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SEAWATCH_STORE"] = str(Path(tmp) / "store.sqlite")
        os.environ["SEAWATCH_CONFIG_DIR"] = str(Path(tmp) / "config")
        path = Path(tmp) / "upload.csv"
        synthetic_csv(path, n)
        store.current_incidents()  # seed the fresh store outside the timings
        size = path.stat().st_size / 1e6
        limits = Limits(max_bytes=10**10, max_rows=10**8)
        c0, t0 = time.process_time(), time.perf_counter()
        table = read_table(path, limits=limits)
        c1, t1 = time.process_time(), time.perf_counter()
        accepted, report = validate(table)
        c2, t2 = time.process_time(), time.perf_counter()
        result = store.import_incidents(accepted, path.name, table.sha256)
        c3, t3 = time.process_time(), time.perf_counter()
        again = store.import_incidents(accepted, path.name, table.sha256)
        c4, t4 = time.process_time(), time.perf_counter()
        load = os.getloadavg()[0]
        print(
            f"{n:>9,} rows ({size:6.1f} MB), load {load:.1f}: wall (CPU) read {t1 - t0:.2f} "
            f"({c1 - c0:.2f}) s | validate {t2 - t1:.2f} ({c2 - c1:.2f}) s | import "
            f"{t3 - t2:.2f} ({c3 - c2:.2f}) s | total {t3 - t0:.2f} ({c3 - c0:.2f}) s | "
            f"re-import, all duplicates {t4 - t3:.2f} ({c4 - c3:.2f}) s"
        )
        print(
            f"{'':>9}   accepted {report.accepted:,}, suspect {report.suspect:,}, rejected "
            f"{report.rejected:,}; added {result.added:,}, dups {result.duplicates:,}; "
            f"second import added {again.added:,}"
        )
        print(f"{'':>9}   targets (issue 7): 100,000 rows < 10 s, 1,000,000 rows < 90 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[100_000, 1_000_000], help="sizes to measure"
    )
    args, _ = parser.parse_known_args()  # run.py may pass other scripts' options
    for size in args.rows:
        run(size)


if __name__ == "__main__":
    main()
