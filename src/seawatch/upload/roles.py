"""Column roles decided by content, for files without a header or with an unknown one.

Each column's values are profiled (`profile_column`): four-digit years, month numbers 1-12,
day numbers 1-31, decimal coordinates within ±90/±180, country codes or names, full dates,
long free text. `infer_roles` then assigns the schema fields. Every role found this way is a
*guess* with a confidence (0-1); a role below `MIN_CONFIDENCE` is left unmapped rather than
guessed wrong. The callers treat guessed mappings as proposals: the command line refuses to
store them without ``--map`` or ``--accept-guess``, the dashboard asks for a confirmation.

Integers are never coordinates: a coordinate column must hold decimals in most of its cells.
This is what keeps month numbers (1-12) out of the latitude (the reported bug: a headerless
file of country codes, year, month, day, latitude, longitude was read as date <- year,
latitude <- month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from seawatch import schema
from seawatch.upload import vocabulary

#: The pseudo-field of a column holding both coordinates: `seawatch.columns.POSITION` (not
#: imported from there: `seawatch.columns` imports this module).
POSITION = "position"
#: Roles with a confidence below this are not proposed at all.
MIN_CONFIDENCE = 0.5
#: Rows looked at per column.
SAMPLE_ROWS = 200

_SPLIT = re.compile(r"[;,/|&]")


@dataclass(frozen=True)
class ColumnProfile:
    """What a column's values look like."""

    column: str
    filled: int
    integers: bool = False
    minimum: float = np.nan
    maximum: float = np.nan
    decimals: float = 0.0
    four_digit: bool = False
    countries: float = 0.0
    dates: float = 0.0
    positions: float = 0.0
    text_length: float = 0.0
    numeric: bool = False


@dataclass
class RoleGuess:
    """Fields guessed from values: ``mapping`` (field -> columns) and ``confidence`` (field ->
    0-1), plus ``roles`` (column -> a plain description of what it was taken for)."""

    mapping: dict[str, tuple[str, ...]] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    def add(self, field_name: str, columns: tuple[str, ...], confidence: float, *roles: str):
        if confidence < MIN_CONFIDENCE:
            return
        self.mapping[field_name] = columns
        self.confidence[field_name] = round(float(confidence), 2)
        for column, role in zip(columns, roles or (field_name,) * len(columns), strict=True):
            self.roles[column] = role


def profile_column(name: str, cells: pd.Series) -> ColumnProfile:
    """Profile one column of text cells (empty cells ignored)."""
    text = cells.astype(str).str.strip()
    text = text[text.ne("")].head(SAMPLE_ROWS)
    if text.empty:
        return ColumnProfile(name, 0)
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    numeric = bool(numbers.notna().all())
    if numeric:
        values = numbers.to_numpy(dtype="float64")
        integers = bool(np.all(values == np.round(values)) and not text.str.contains(r"[.,]").any())
        return ColumnProfile(
            name,
            len(text),
            integers=integers,
            minimum=float(values.min()),
            maximum=float(values.max()),
            decimals=float(np.mean(text.str.contains(r"[.,]\d", regex=True))),
            four_digit=bool(text.str.fullmatch(r"\d{4}").all()),
            numeric=True,
        )
    return ColumnProfile(
        name,
        len(text),
        countries=_share_countries(text),
        dates=_share_dates(text),
        positions=_share_positions(text),
        text_length=float(text.str.len().mean()),
    )


def _share_countries(text: pd.Series) -> float:
    def known(cell: str) -> bool:
        parts = [p.strip() for p in _SPLIT.split(cell) if p.strip()]
        return bool(parts) and all(vocabulary.country_code(p) for p in parts)

    unique = pd.unique(text)
    good = {v: known(v) for v in unique}
    return float(text.map(good).mean())


def _share_dates(text: pd.Series) -> float:
    from seawatch.dates import parse_dates

    parsed = parse_dates(text.reset_index(drop=True))
    return float(np.mean(parsed.problem.isna().to_numpy() & ~np.asarray(parsed.missing)))


def _share_positions(text: pd.Series) -> float:
    if not text.str.contains(r"[NSEWnsew°]").any():
        return 0.0
    from seawatch.coords import parse_positions

    lat, lon = parse_positions(text.reset_index(drop=True))
    ok = lat.problem.isna().to_numpy() & ~np.isnan(lat.values) & ~np.isnan(lon.values)
    return float(np.mean(ok))


def infer_roles(sample: pd.DataFrame, skip: set[str] | None = None) -> RoleGuess:
    """Guess the schema fields of a table's columns from their values.

    Parameters
    ----------
    sample
        The first rows of the table, every cell text.
    skip
        Columns already mapped by their header names.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "column 1": ["CN/VN", "PH"], "column 2": ["2019", "2020"], "column 3": ["3", "11"],
    ...     "column 4": ["14", "2"], "column 5": ["9.52", "15.1"], "column 6": ["115.8", "117.7"],
    ... })
    >>> guess = infer_roles(frame)
    >>> guess.mapping["date"], guess.mapping["latitude"], guess.mapping["longitude"]
    (('column 2', 'column 3', 'column 4'), ('column 5',), ('column 6',))
    >>> guess.mapping["countries"]
    ('column 1',)
    """
    skip = skip or set()
    profiles = [profile_column(str(c), sample[c]) for c in sample.columns if c not in skip]
    profiles = [p for p in profiles if p.filled]
    guess = RoleGuess()
    used: set[str] = set()
    _dates(profiles, guess, used)
    _coordinates(profiles, guess, used)
    rest = [p for p in profiles if p.column not in used]
    countries = max(rest, key=lambda p: p.countries, default=None)
    if countries is not None and countries.countries >= 0.8:
        guess.add(schema.COUNTRIES, (countries.column,), 0.6 + 0.35 * countries.countries)
        used.add(countries.column)
    texts = [p for p in profiles if p.column not in used and not p.numeric and p.text_length >= 15]
    if texts:
        best = max(texts, key=lambda p: p.text_length)
        guess.add(schema.DESCRIPTION, (best.column,), min(0.9, 0.5 + best.text_length / 100))
    return guess


def _dates(profiles: list[ColumnProfile], guess: RoleGuess, used: set[str]) -> None:
    full = [p for p in profiles if not p.numeric and p.dates >= 0.9 and p.positions < 0.5]
    if full:
        best = max(full, key=lambda p: p.dates)
        guess.add(schema.DATE, (best.column,), 0.5 + 0.45 * best.dates, "date")
        used.add(best.column)
        return
    years = [
        p
        for p in profiles
        if p.integers and p.four_digit and 1800 <= p.minimum <= p.maximum <= 2100
    ]
    if len(years) != 1:
        return
    year = years[0]
    order = [p.column for p in profiles]
    small = [
        p
        for p in profiles
        if p.integers and p.column != year.column and 1 <= p.minimum and p.maximum <= 31
    ]
    month, confidence = _next_part(
        [p for p in small if p.maximum <= 12], year.column, order, unique=0.95, adjacent=0.75
    )
    if month is None:
        return
    rest = [p for p in small if p.column != month.column]
    over_twelve = [p for p in rest if p.maximum > 12]
    if over_twelve:
        day, day_confidence = _next_part(over_twelve, month.column, order, 0.95, 0.75)
    else:  # no value above 12 decides it: only the column right after the month
        day, day_confidence = _next_part(rest, month.column, order, None, 0.6)
    parts = (year, month) if day is None else (year, month, day)
    if day is not None:
        confidence = min(confidence, day_confidence)
    roles = ("date: year", "date: month", "date: day")[: len(parts)]
    guess.add(schema.DATE, tuple(p.column for p in parts), confidence, *roles)
    if confidence >= MIN_CONFIDENCE:
        used.update(p.column for p in parts)


def _next_part(
    candidates: list[ColumnProfile],
    previous: str,
    order: list[str],
    unique: float | None,
    adjacent: float,
) -> tuple[ColumnProfile | None, float]:
    """The one candidate (confidence `unique`, unless None), else the one right after
    `previous` (confidence `adjacent`: year, month, day is the common order), else none."""
    if len(candidates) == 1 and unique is not None:
        return candidates[0], unique
    following = order[order.index(previous) + 1] if order.index(previous) + 1 < len(order) else ""
    for p in candidates:
        if p.column == following:
            return p, adjacent
    return None, 0.0


def _coordinates(profiles: list[ColumnProfile], guess: RoleGuess, used: set[str]) -> None:
    west, south, east, north = schema.REGION_BOUNDS
    candidates = [
        p
        for p in profiles
        if p.column not in used
        and p.numeric
        and not p.integers
        and p.decimals >= 0.5
        and -180 <= p.minimum
        and p.maximum <= 180
    ]
    if len(candidates) >= 2:
        lon_like = [p for p in candidates if max(abs(p.minimum), abs(p.maximum)) > 90]
        region_lon = [p for p in candidates if west <= p.minimum and p.maximum <= east]
        lats = [p for p in candidates if max(abs(p.minimum), abs(p.maximum)) <= 90]
        pool = lon_like or region_lon
        lon = pool[0] if pool else None
        lat_pool = [p for p in lats if lon is None or p.column != lon.column]
        if lon is not None and lat_pool:
            lat = lat_pool[0]
            in_region = south <= lat.minimum and lat.maximum <= north
            confidence = 0.95 if lon_like and len(candidates) == 2 else 0.8
            confidence -= 0.0 if in_region else 0.1
        else:
            lat, lon = candidates[0], candidates[1]
            confidence = 0.5
        guess.add(schema.LATITUDE, (lat.column,), confidence, "latitude")
        guess.add(schema.LONGITUDE, (lon.column,), confidence, "longitude")
        if confidence >= MIN_CONFIDENCE:
            used.update((lat.column, lon.column))
        return
    positions = [p for p in profiles if p.column not in used and p.positions >= 0.9]
    if positions:
        best = max(positions, key=lambda p: p.positions)
        guess.add(POSITION, (best.column,), 0.5 + 0.45 * best.positions, "position")
        used.add(best.column)
