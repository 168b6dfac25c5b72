"""Dates as people write them -> calendar days, vectorised, never a silent wrong day.

Accepted forms (a time of day after the date is ignored — the schema keeps days):

- ISO ``2024-03-05``, ``2024/3/5``, ``20240305``, ``2024-03-05T14:20:00Z``
- numeric day and month ``05/03/2024``, ``5.3.24``, ``03-05-2024``: whether the first number
  is the day (D/M/Y) or the month (M/D/Y) is decided once per file from the values (a first
  number above 12 proves D/M/Y, a second number above 12 proves M/D/Y). When no value
  decides, D/M/Y is assumed and every row whose reading depends on it is marked suspect;
  the caller can force the order. When the file holds both (a messy merge), the majority
  order is used, rows that only read in the other order are rejected as such, and rows that
  read either way (``03/04/2024``) are marked suspect.
- month names (English, full or 3 letters): ``5 Mar 2024``, ``Mar 5, 2024``, ``05-MAR-24``,
  ``2024 Mar 5``
- two-digit years: ``yy`` up to this year's two digits is 20yy, above it 19yy; only years
  written with one or two digits are expanded: ``0024-03-05`` is the year 24, refused as
  before `MIN_YEAR` (never silently 2024)
- Excel serial day numbers (5 digits, e.g. ``45143`` = 2023-08-05)
- reduced precision: ``2024-03``, ``03/2024``, ``Mar 2024`` (a month) or ``2024`` (a year)
  become a period: the first day as ``date`` and the last day as ``end_date``, with
  precision ``month``/``year`` so that the caller can warn — never a made-up day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from seawatch.coords import _as_text, extract_groups

DateOrder = Literal["DMY", "MDY"]

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}
_TIME = re.compile(
    r"(?:[T ]+|\s*,\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
    r"(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)
_SEP = r"[\s\-/.,]*"
_ORD = r"(?:st|nd|rd|th)?"
# (regex, precision, roles of the groups) — tried in this order on rows not yet read
_PATTERNS: list[tuple[str, str, tuple[str, ...]]] = [
    (r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$", "day", ("y", "m", "d")),
    (r"^(\d{4})(\d{2})(\d{2})$", "day", ("y", "m", "d")),
    (r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$", "day", ("a", "b", "y")),
    (rf"^([A-Za-z]{{3,9}})\.?{_SEP}(\d{{4}})$", "month", ("mon", "y")),
    (rf"^(\d{{1,2}}){_ORD}{_SEP}([A-Za-z]{{3,9}})\.?{_SEP}(\d{{4}}|\d{{2}})$", "day", ("d", "mon", "y")),  # noqa: E501
    (rf"^([A-Za-z]{{3,9}})\.?{_SEP}(\d{{1,2}}){_ORD},?{_SEP}(\d{{4}}|\d{{2}})$", "day", ("mon", "d", "y")),  # noqa: E501
    (rf"^(\d{{4}}){_SEP}([A-Za-z]{{3,9}})\.?{_SEP}(\d{{1,2}})$", "day", ("y", "mon", "d")),
    (r"^(\d{4})[-/.](\d{1,2})$", "month", ("y", "m")),
    (r"^(\d{1,2})[-/.](\d{4})$", "month", ("m", "y")),
    (r"^(\d{4})$", "year", ("y",)),
    (r"^(\d{5})(?:\.\d+)?$", "day", ("serial",)),
]  # fmt: skip
_EXCEL_EPOCH = np.datetime64("1899-12-30")
UNREADABLE = "not a date (expected e.g. 2024-03-05, 05/03/2024, 5 Mar 2024, Mar 2024)"
#: Earliest year accepted (written with four digits; two-digit years are expanded).
MIN_YEAR = 1900
#: Latest year considered a year at all (later ones are "in the future" when a day is read).
_MAX_YEAR = 2200


@dataclass
class ParsedDates:
    """Per row: first day, last day of a reduced-precision period, precision and problems.

    ``start``/``end`` are datetime64[ns] (``end`` is NaT for whole days); ``precision`` is
    ``"day"``, ``"month"``, ``"year"`` or ``""`` (missing/unreadable); ``problem`` holds a
    message for unreadable cells; ``ambiguous`` marks rows read with an assumed D/M order
    (no value decides the order, or the file mixes both orders and the row reads either way).
    """

    start: np.ndarray
    end: np.ndarray
    precision: np.ndarray
    problem: pd.Series
    ambiguous: np.ndarray
    missing: np.ndarray
    order: DateOrder | None
    order_reason: str


def parse_dates(
    cells: pd.Series, order: DateOrder | None = None, today: dt.date | None = None
) -> ParsedDates:
    """Parse a column of dates (see the module docstring for the accepted forms).

    Parameters
    ----------
    cells
        Text cells.
    order
        Force D/M/Y or M/D/Y for numeric day-month dates; by default decided from the values.
    today
        Reference for two-digit years (default: today).

    Examples
    --------
    >>> p = parse_dates(pd.Series(["2023-08-05", "25/12/2023", "Mar 2024", "45143", "x"]))
    >>> [str(d)[:10] for d in p.start], p.order, p.precision.tolist()
    (['2023-08-05', '2023-12-25', '2024-03-01', '2023-08-05', 'NaT'], 'DMY', ['day', 'day', 'month', 'day', ''])
    >>> str(p.end[2])[:10]
    '2024-03-31'
    """  # noqa: E501
    today = today or dt.date.today()
    text = _as_text(cells)
    timed = text.str.contains(":", regex=False).to_numpy(dtype=bool)
    if timed.any():  # Python's re on the few cells with a time of day only
        text[timed] = text[timed].str.replace(_TIME.pattern, "", regex=True).str.strip()
    n = len(text)
    missing = text.eq("").to_numpy()
    parts = {k: np.full(n, np.nan) for k in ("y", "m", "d", "a", "b", "serial", "ydigits")}
    precision = np.full(n, "", dtype=object)
    done = missing.copy()
    bad_month = np.zeros(n, dtype=bool)
    for pattern, prec, roles in _PATTERNS:
        todo = np.flatnonzero(~done)
        if len(todo) == 0:
            break
        numeric = tuple(f"g{i}" for i, role in enumerate(roles) if role not in ("mon", "y"))
        found = extract_groups(text.iloc[todo], _named(pattern), numeric)
        hit = found["g0"].notna().to_numpy()
        rows = todo[hit]
        for i, role in enumerate(roles):
            values = found[f"g{i}"][hit]
            if role == "mon":
                month = values.str.lower().map(_MONTHS).to_numpy(dtype="float64")
                bad_month[rows[np.isnan(month)]] = True
                parts["m"][rows] = month
            elif role == "y":  # as text: how many digits it was written with matters
                parts["y"][rows] = pd.to_numeric(values).to_numpy(dtype="float64")
                parts["ydigits"][rows] = values.str.len().to_numpy(dtype="float64")
            else:
                parts[role][rows] = values.to_numpy(dtype="float64")
        precision[rows] = prec
        done[rows] = True
    order, reason, ambiguous = _decide_order(parts["a"], parts["b"], order)
    first_is_day = order != "MDY"
    has_ab = ~np.isnan(parts["a"])
    parts["d"][has_ab] = (parts["a"] if first_is_day else parts["b"])[has_ab]
    parts["m"][has_ab] = (parts["b"] if first_is_day else parts["a"])[has_ab]
    start, end = _assemble(parts, precision, today)
    problem = pd.Series(None, index=range(n), dtype=object)
    problem[~done] = UNREADABLE
    problem[bad_month] = "unknown month name"
    years = _full_years(parts["y"], parts["ydigits"], today)
    beyond = np.isnat(start) & (years > today.year)
    problem[beyond & problem.isna().to_numpy()] = "date is in the future"
    early = np.isnat(start) & (years < MIN_YEAR) & problem.isna().to_numpy()
    problem[early] = f"the year is before {MIN_YEAR}: write it with four digits (or two: 24 = 2024)"
    if order is not None and reason and "majority" in reason:
        problem[_minority(parts["a"], parts["b"], order) & problem.isna().to_numpy()] = (
            f"reads as {_other(order)} but this file is {_slashed(order)} by majority"
        )
    invalid = done & ~missing & np.isnat(start) & problem.isna().to_numpy()
    problem[invalid] = "no such day in the calendar"
    precision[np.isnat(start)] = ""
    return ParsedDates(start, end, precision, problem, ambiguous & has_ab, missing, order, reason)


def _named(pattern: str) -> str:
    """Give the capturing groups of `pattern` the names g0, g1... (RE2 wants names)."""
    counter = iter(range(100))
    return re.sub(r"\((?!\?)", lambda _: f"(?P<g{next(counter)}>", pattern)


def _slashed(order: DateOrder) -> str:
    return "/".join(order)


def _other(order: DateOrder) -> str:
    return "M/D/Y" if order == "DMY" else "D/M/Y"


def _minority(a: np.ndarray, b: np.ndarray, order: DateOrder) -> np.ndarray:
    """Rows that only read in the other order (their 'month' is above 12, their 'day' not)."""
    month, day = (b, a) if order == "DMY" else (a, b)
    with np.errstate(invalid="ignore"):
        return (month > 12) & (month <= 31) & (day <= 12)


def _decide_order(
    a: np.ndarray, b: np.ndarray, forced: DateOrder | None
) -> tuple[DateOrder | None, str, np.ndarray]:
    """Choose D/M/Y or M/D/Y for numeric dates; mark rows whose reading depends on a guess."""
    no_guess = np.zeros(len(a), dtype=bool)
    if forced is not None:
        return forced, f"{forced} as requested", no_guess
    has = ~np.isnan(a)
    if not has.any():
        return None, "", no_guess
    day_first = int(np.sum(has & (a > 12)))
    month_first = int(np.sum(has & (b > 12)))
    if day_first and not month_first:
        return "DMY", f"D/M/Y: {day_first} value(s) have a first number above 12", no_guess
    if month_first and not day_first:
        return "MDY", f"M/D/Y: {month_first} value(s) have a second number above 12", no_guess
    if day_first and month_first:
        # a file holding both orders proves nothing about 03/04: such rows are flagged
        order: DateOrder = "DMY" if day_first >= month_first else "MDY"
        return (
            order,
            f"{order[0]}/{order[1]}/Y by majority, but the file mixes both orders "
            f"({day_first} rows read D/M, {month_first} M/D): rows of the other order are "
            "rejected and rows that read either way are suspect",
            has & (a <= 12) & (b <= 12) & (a != b),
        )
    ambiguous = has & (a != b)
    return "DMY", "D/M/Y assumed: no value has a number above 12 to decide", ambiguous


def _full_years(y: np.ndarray, digits: np.ndarray, today: dt.date) -> np.ndarray:
    """Four-digit years; a ``yy`` written with one or two digits up to this year's is 20yy,
    above it 19yy. A year written with more digits is kept as written (``0024`` is 24).

    Examples
    --------
    >>> _full_years(np.array([24.0, 99.0, 24.0]), np.array([2.0, 2.0, 4.0]), dt.date(2025, 1, 1))
    array([2024., 1999.,   24.])
    """
    y = y.copy()
    with np.errstate(invalid="ignore"):
        short = digits <= 2
    pivot = today.year % 100
    y[short] = np.where(y[short] <= pivot, 2000 + y[short], 1900 + y[short])
    return y


def _assemble(
    parts: dict[str, np.ndarray], precision: np.ndarray, today: dt.date
) -> tuple[np.ndarray, np.ndarray]:
    y = _full_years(parts["y"], parts["ydigits"], today)
    m = np.where(precision == "year", 1, parts["m"])
    d = np.where(np.isin(precision, ["month", "year"]), 1, parts["d"])
    frame = pd.DataFrame({"year": y, "month": m, "day": d})
    ok = frame.notna().all(axis=1) & frame["year"].between(MIN_YEAR, _MAX_YEAR)
    start = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if ok.any():
        start[ok] = pd.to_datetime(frame[ok].astype("int64"), errors="coerce")
    serial = ~np.isnan(parts["serial"])
    if serial.any():
        days = _EXCEL_EPOCH + parts["serial"][serial].astype("int64").astype("timedelta64[D]")
        start[serial] = days.astype("datetime64[ns]")
    start_arr = start.to_numpy(dtype="datetime64[ns]")
    end = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    month = precision == "month"
    end[month] = start[month] + pd.offsets.MonthEnd(0)
    year = precision == "year"
    end[year] = start[year] + pd.offsets.YearEnd(0)
    return start_arr, end.to_numpy(dtype="datetime64[ns]")
