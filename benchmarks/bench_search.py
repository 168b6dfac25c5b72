"""Speed of the incident search (issue 15: stemmed words, phrases and fields).

Run: ``.venv/bin/python benchmarks/bench_search.py [--incidents 100000] [--repeat 3]``.

The bundled incidents resampled to `--incidents` rows, each description made unique (a running
number appended). For each query it prints the best wall time of `--repeat` calls of
`search_mask` (nothing is cached between calls: every call folds the text and scans it), next
to the old substring search (case-folded ``str.contains``) on the same frame as the baseline.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

import seawatch
from seawatch import schema
from seawatch.search import parse_query, search_mask

QUERIES = ("water cannon", '"water cannon"', "type:water_cannon country:PHL", "rammed place:shoal")


def timed(fn: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def substring(frame: pd.DataFrame, text: str) -> np.ndarray:
    """The search before issue 15: one case-folded substring of description + place."""
    both = frame[schema.DESCRIPTION].fillna("") + "\n" + frame[schema.LOCATION_NAME].fillna("")
    return both.str.casefold().str.contains(text.casefold(), regex=False).to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = pd.DataFrame(seawatch.load_incidents().drop(columns="geometry"))
    frame = base.sample(args.incidents, replace=True, random_state=0).reset_index(drop=True)
    frame[schema.DESCRIPTION] = frame[schema.DESCRIPTION] + [f" #{i}" for i in range(len(frame))]
    print(f"{len(frame):,} incidents, {frame[schema.DESCRIPTION].nunique():,} distinct texts")
    for text in QUERIES:
        query = parse_query(text)
        n = int(search_mask(frame, query).sum())
        best = timed(lambda q=query: search_mask(frame, q), args.repeat)
        old = timed(lambda t=text: substring(frame, t), args.repeat)
        print(f"{text!r:<34} {n:>7,} found  {best:5.2f} s  (substring search {old:5.2f} s)")


if __name__ == "__main__":
    main()
