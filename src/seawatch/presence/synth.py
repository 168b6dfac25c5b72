"""Synthetic but realistic AIS-like tracks (fixed seed) for the tests and the benchmark.

Each vessel has a class and a behaviour around the named features of
`seawatch.zones.features.FEATURES` (their real positions):

==============  ===========================================================================
class           behaviour
==============  ===========================================================================
coast_guard     patrols a circle of 4-15 nm around a feature at ~10 kn
navy            patrols like the coast guard, wider (10-25 nm)
militia         loiters within ~3 nm of a feature (a bounded random walk)
fishing         loiters within ~8 nm of a feature, drifting
survey          transits back and forth between a feature and a point 60-150 nm away
cargo           transits back and forth across the sea between two random points
==============  ===========================================================================

Positions come every ``interval`` (jittered by up to a quarter of it). The data also holds
what real AIS holds: *gaps* (a vessel silent for 7-30 hours, its transponder off), *duplicate*
rows (the same message received twice) and *bad positions* (latitude 91 / longitude 181, the
AIS "not available" values, and missing coordinates). The same seed gives the same data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from seawatch.zones.features import FEATURES

CLASSES: Final = ("coast_guard", "navy", "militia", "fishing", "survey", "cargo")
#: (MMSI prefix (MID), flag) drawn for each class.
_FLAGS: Final = {
    "coast_guard": ((412, "CHN"), (548, "PHL"), (574, "VNM"), (533, "MYS")),
    "navy": ((412, "CHN"), (548, "PHL")),
    "militia": ((412, "CHN"),),
    "fishing": ((412, "CHN"), (574, "VNM"), (548, "PHL")),
    "survey": ((412, "CHN"), (574, "VNM")),
    "cargo": ((563, "SGP"), (477, "HKG"), (538, "MHL")),
}
_CLASS_WEIGHTS: Final = (0.2, 0.05, 0.25, 0.25, 0.1, 0.15)
_NM_DEG: Final = 1.0 / 60.0


@dataclass(frozen=True)
class SynthOptions:
    """Parameters of `generate`; the defaults give 3 days of 10-minute positions."""

    n_vessels: int = 20
    start: str = "2026-03-01T00:00:00"
    days: float = 3.0
    interval_s: int = 600
    gap_share: float = 0.3
    duplicate_share: float = 0.005
    bad_share: float = 0.001
    seed: int = 17


def generate(options: SynthOptions | None = None) -> pd.DataFrame:
    """All vessels' positions, sorted by vessel and time (duplicates and bad rows included).

    Columns: ``vessel_id`` (MMSI-like text), ``time`` (UTC), ``latitude``, ``longitude``,
    ``name``, ``flag``, ``vessel_class``.

    Examples
    --------
    >>> frame = generate(SynthOptions(n_vessels=3, days=1))
    >>> list(frame.columns)
    ['vessel_id', 'time', 'latitude', 'longitude', 'name', 'flag', 'vessel_class']
    >>> frame.equals(generate(SynthOptions(n_vessels=3, days=1)))
    True
    """
    options = options or SynthOptions()
    return pd.concat(list(iter_vessels(options)), ignore_index=True)


def iter_vessels(options: SynthOptions, first: int = 0) -> Iterator[pd.DataFrame]:
    """The positions of vessels ``first .. first + n_vessels - 1``, one frame per vessel.

    A vessel's data depends only on the seed and its number, so vessels can be generated in
    any grouping (the benchmark writes them file by file).
    """
    for number in range(first, first + options.n_vessels):
        yield vessel_positions(number, options)


def vessel_positions(number: int, options: SynthOptions) -> pd.DataFrame:
    """The positions of vessel `number` (see the module docstring)."""
    rng = np.random.default_rng([options.seed, number])
    vessel_class = CLASSES[int(rng.choice(len(CLASSES), p=_CLASS_WEIGHTS))]
    mid, flag = _FLAGS[vessel_class][int(rng.integers(len(_FLAGS[vessel_class])))]
    n = int(options.days * 86_400 // options.interval_s)
    seconds = np.arange(n, dtype=np.float64) * options.interval_s
    seconds += rng.uniform(-0.25, 0.25, n) * options.interval_s
    seconds[0] = max(seconds[0], 0.0)
    hours = seconds / 3600.0
    lat, lon = _track(vessel_class, hours, rng)
    keep = _without_gaps(hours, rng, options.gap_share)
    lat, lon, seconds = lat[keep], lon[keep], seconds[keep]
    lat, lon = _bad_positions(lat, lon, rng, options.bad_share)
    start = np.datetime64(pd.Timestamp(options.start).tz_localize(None), "ns")
    times = start + (seconds * 1e9).astype("timedelta64[ns]")
    frame = pd.DataFrame(
        {
            "vessel_id": str(mid * 1_000_000 + number),
            "time": pd.DatetimeIndex(times).tz_localize("UTC"),
            "latitude": lat,
            "longitude": lon,
            "name": f"{vessel_class.upper().replace('_', ' ')} {number}",
            "flag": flag,
            "vessel_class": vessel_class,
        }
    )
    repeat = rng.random(len(frame)) < options.duplicate_share
    if repeat.any():
        frame = pd.concat([frame, frame[repeat]]).sort_values("time", kind="stable")
    return frame.reset_index(drop=True)


def _track(
    vessel_class: str, hours: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    feature = FEATURES[int(rng.integers(len(FEATURES)))]
    lat0, lon0 = feature.lat, feature.lon
    if vessel_class in ("coast_guard", "navy"):
        radius = rng.uniform(4, 15) if vessel_class == "coast_guard" else rng.uniform(10, 25)
        period = 2 * np.pi * radius / rng.uniform(8, 12)  # hours per lap
        angle = rng.uniform(0, 2 * np.pi) + 2 * np.pi * hours / period
        dlat, dlon = radius * np.sin(angle), radius * np.cos(angle)
    elif vessel_class in ("militia", "fishing"):
        reach = 3.0 if vessel_class == "militia" else 8.0
        walk = np.cumsum(rng.normal(0, 0.08, (2, len(hours))), axis=1)
        dlat, dlon = reach * np.sin(walk[0] + rng.uniform(0, 6)), reach * np.sin(walk[1])
    else:
        if vessel_class == "survey":
            bearing, distance = rng.uniform(0, 2 * np.pi), rng.uniform(60, 150)
            a = (lat0, lon0)
            b = (
                lat0 + distance * _NM_DEG * np.sin(bearing),
                lon0 + distance * _NM_DEG * np.cos(bearing),
            )
        else:
            a = (rng.uniform(2, 22), rng.uniform(105, 121))
            b = (rng.uniform(2, 22), rng.uniform(105, 121))
        return _shuttle(a, b, hours, rng.uniform(8, 14))
    noise = rng.normal(0, 0.05, (2, len(hours)))  # ~100 m of GPS noise
    lat = lat0 + (dlat + noise[0]) * _NM_DEG
    lon = lon0 + (dlon + noise[1]) * _NM_DEG / np.cos(np.radians(lat0))
    return lat, lon


def _shuttle(
    a: tuple[float, float], b: tuple[float, float], hours: np.ndarray, knots: float
) -> tuple[np.ndarray, np.ndarray]:
    """Back and forth between a and b at `knots` (a triangle wave along the segment)."""
    mid_lat = np.radians((a[0] + b[0]) / 2)
    length_nm = 60 * float(np.hypot(b[0] - a[0], (b[1] - a[1]) * np.cos(mid_lat)))
    phase = (hours * knots / max(length_nm, 1.0)) % 2.0
    s = np.where(phase <= 1.0, phase, 2.0 - phase)
    return a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1])


def _without_gaps(hours: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """A mask removing one or two silent spans of 7-30 hours from some vessels."""
    keep = np.ones(len(hours), dtype=bool)
    if len(hours) == 0 or rng.random() >= share:
        return keep
    for _ in range(int(rng.integers(1, 3))):
        begin = rng.uniform(hours[0], hours[-1])
        keep &= ~((hours >= begin) & (hours < begin + rng.uniform(7, 30)))
    return keep


def _bad_positions(
    lat: np.ndarray, lon: np.ndarray, rng: np.random.Generator, share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Some rows with lat 91 / lon 181 (AIS "not available") or missing coordinates."""
    lat, lon = lat.copy(), lon.copy()
    bad = np.flatnonzero(rng.random(len(lat)) < share)
    kind = rng.integers(0, 3, len(bad))
    lat[bad[kind == 0]] = 91.0
    lon[bad[kind == 1]] = 181.0
    lat[bad[kind == 2]] = np.nan
    return lat, lon


def write_parquet(
    folder: str | Path, options: SynthOptions, *, vessels_per_file: int = 50
) -> list[Path]:
    """Write the vessels as Parquet files of `vessels_per_file` vessels each (sorted by vessel
    and time); returns the paths. Memory: one file's positions at a time."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for first in range(0, options.n_vessels, vessels_per_file):
        count = min(vessels_per_file, options.n_vessels - first)
        part = SynthOptions(**{**options.__dict__, "n_vessels": count})
        frame = pd.concat(list(iter_vessels(part, first)), ignore_index=True)
        path = folder / f"part-{first // vessels_per_file:05d}.parquet"
        frame.to_parquet(path, index=False)
        paths.append(path)
    return paths
