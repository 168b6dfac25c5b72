"""Loading the curated incident file (``data/incidents.csv``) as a typed GeoDataFrame.

The curated file is written by hand and must be fully valid: `load_incidents` is strict and
fails loudly, naming the file, the line, the column and the value at fault. Uploaded files,
which are messy by nature, go through `seawatch.validation` instead, which reports problems
row by row and keeps the good rows.

The typed form (shared by `load_incidents`, the store and the upload validation):

============================  =====================================================
column                        type
============================  =====================================================
incident_id                   ``str``
date, end_date                ``datetime64[ns]`` (``NaT`` when ``end_date`` is absent)
latitude, longitude           ``float64`` (WGS84 degrees)
incident_type                 ``str``, one of `seawatch.schema.INCIDENT_TYPES`
countries                     ``object``: a Python ``list`` of ISO3 codes per row, sorted
                              (read-only: rows with the same codes share one list)
description, source           ``str``
location_name, vessels        ``str`` (missing = ``NaN``)
location_precision            ``str`` (missing = ``NaN``), one of `schema.PRECISIONS`
initiator                     ``str`` (missing = ``NaN``), an ISO3 code
casualties                    ``Int64`` (nullable integer)
geometry                      shapely ``Point(longitude, latitude)``, CRS EPSG:4326
============================  =====================================================
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from seawatch import datasets, schema
from seawatch.errors import DataFormatError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Decimal degrees as the canonical file writes them (``9.73``, ``-0.5``, ``1e-3``). Checked
#: before `float`, which also reads ``11_5``, ``nan`` and ``inf``: whatever passes here, the
#: typed form's `pandas.to_numeric` reads too.
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TEXT_COLUMNS = (
    schema.INCIDENT_ID,
    schema.INCIDENT_TYPE,
    schema.DESCRIPTION,
    schema.SOURCE,
    schema.LOCATION_NAME,
    schema.LOCATION_PRECISION,
    schema.INITIATOR,
    schema.VESSELS,
)


@dataclass(frozen=True)
class Problem:
    """One problem in one cell of a canonical incident table.

    ``index`` is the 0-based position of the row in the table; callers translate it to the
    line of the original file.
    """

    index: int
    column: str
    value: str
    message: str


def load_incidents(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Load the curated incidents as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    path
        A CSV file with exactly the columns of `seawatch.schema.INCIDENT_COLUMNS` (optional
        columns may be left out). Default: the bundled ``data/incidents.csv``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident in file order, typed as described in this module's docstring
        (``countries`` is a list of ISO3 codes per row).

    Raises
    ------
    DataFormatError
        When the file is missing, is not UTF-8 CSV, lacks a required column, has an unknown
        column, or any cell breaks the schema. The error names the file, the 1-based line
        (the header is line 1), the column and the value.

    Examples
    --------
    >>> incidents = load_incidents()
    >>> str(incidents.crs)
    'EPSG:4326'
    >>> isinstance(incidents["countries"].iloc[0], list)
    True
    """
    path = Path(path) if path is not None else datasets.incidents_path()
    header, records, lines = _read_csv(path)
    frame = pd.DataFrame(records, columns=header, dtype=object)
    for column in schema.OPTIONAL_COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame = frame[list(schema.INCIDENT_COLUMNS)]
    problems = check_canonical(frame)
    if problems:
        first = min(problems, key=lambda p: (p.index, schema.INCIDENT_COLUMNS.index(p.column)))
        raise DataFormatError(
            first.message, str(path), lines[first.index], first.column, first.value
        )
    return typed_frame(frame)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, records and the 1-based start line of every record of a UTF-8 CSV file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = [h.strip() for h in next(reader, [])]
            _check_header(header, path)
            records: list[list[str]] = []
            lines: list[int] = []
            previous_end = reader.line_num
            for record in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                if not record:
                    continue
                if len(record) != len(header):
                    raise DataFormatError(
                        f"has {len(record)} fields where the header has {len(header)}",
                        str(path),
                        start,
                    )
                records.append(record)
                lines.append(start)
    except FileNotFoundError:
        raise DataFormatError("incident file not found", str(path)) from None
    except OSError as exc:  # a folder, no permission...
        raise DataFormatError(
            f"cannot read the incident file ({exc.strerror or exc})", str(path)
        ) from None
    except UnicodeDecodeError as exc:
        raise DataFormatError(f"not UTF-8 text ({exc.reason})", str(path)) from None
    except csv.Error as exc:
        raise DataFormatError(f"not valid CSV ({exc})", str(path), reader.line_num) from None
    return header, records, lines


def _check_header(header: list[str], path: Path) -> None:
    missing = [c for c in schema.REQUIRED_COLUMNS if c not in header]
    if missing:
        raise DataFormatError(
            f"missing required column(s) {missing}; "
            f"the columns are {list(schema.INCIDENT_COLUMNS)}",
            str(path),
            1,
        )
    unknown = [c for c in header if c not in schema.INCIDENT_COLUMNS]
    if unknown:
        raise DataFormatError(
            f"unknown column(s) {unknown}; allowed: {list(schema.INCIDENT_COLUMNS)}", str(path), 1
        )
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise DataFormatError(f"column(s) {duplicated} appear more than once", str(path), 1)


def check_canonical(frame: pd.DataFrame, today: dt.date | None = None) -> list[Problem]:
    """Every schema problem of a table of canonical text cells (all of INCIDENT_COLUMNS).

    Cells are strings as written in ``data/incidents.csv``: ISO dates, decimal degrees,
    ``;``-separated ISO3 codes, empty string for missing optional values.

    Examples
    --------
    >>> row = dict.fromkeys(schema.INCIDENT_COLUMNS, "")
    >>> row.update(incident_id="a", date="2024-02-30", latitude="9.7", longitude="115.9",
    ...            incident_type="water_cannon", countries="CHN;PHL", description="d", source="s")
    >>> [(p.column, p.message) for p in check_canonical(pd.DataFrame([row]))]
    [('date', 'not a real calendar date in ISO form YYYY-MM-DD')]
    """
    today = today or dt.date.today()
    columns = list(schema.INCIDENT_COLUMNS)
    raw = frame[columns].to_numpy(dtype=object)
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, row in enumerate(raw):
        cells = {
            c: ("" if v is None or v != v else str(v).strip())
            for c, v in zip(columns, row, strict=True)
        }
        for column, message in _row_problems(cells, seen, today):
            problems.append(Problem(i, column, cells[column], message))
        seen.add(cells[schema.INCIDENT_ID])
    return problems


_TYPES = frozenset(schema.INCIDENT_TYPES)
_TYPE_MESSAGE = "unknown incident type; allowed: " + ", ".join(schema.INCIDENT_TYPES)
_PRECISION_MESSAGE = "unknown precision; allowed: " + ", ".join(schema.PRECISIONS)
_BOUNDS = {
    schema.LATITUDE: (schema.REGION_SOUTH, schema.REGION_NORTH),
    schema.LONGITUDE: (schema.REGION_WEST, schema.REGION_EAST),
}


def _row_problems(
    cells: dict[str, str], seen: set[str], today: dt.date
) -> Iterator[tuple[str, str]]:
    """(column, message) for every problem of one row of canonical cells."""
    for column in schema.REQUIRED_COLUMNS:
        if not cells[column]:
            yield column, "required value is missing"
    if cells[schema.INCIDENT_ID] and cells[schema.INCIDENT_ID] in seen:
        yield schema.INCIDENT_ID, "incident_id repeats"
    days = {}
    for column in (schema.DATE, schema.END_DATE):
        value = cells[column]
        if not value:
            continue
        if _ISO_DATE.match(value) and value > today.isoformat():
            yield column, "date is in the future"
            continue
        try:
            days[column] = dt.date.fromisoformat(value) if _ISO_DATE.match(value) else None
        except ValueError:
            days[column] = None
        if days[column] is None:
            yield column, "not a real calendar date in ISO form YYYY-MM-DD"
    start, end = days.get(schema.DATE), days.get(schema.END_DATE)
    if start and end and end < start:
        yield schema.END_DATE, "end_date is before date"
    for column, (low, high) in _BOUNDS.items():
        if not cells[column]:
            continue
        if not _DECIMAL.fullmatch(cells[column]):
            yield column, "not a number in decimal degrees"
            continue
        number = float(cells[column])
        if not low <= number <= high:
            yield column, f"outside the region ({low} to {high} degrees)"
    if cells[schema.INCIDENT_TYPE] and cells[schema.INCIDENT_TYPE] not in _TYPES:
        yield schema.INCIDENT_TYPE, _TYPE_MESSAGE
    if any(code not in schema.ISO3_CODES for code in schema.split_list(cells[schema.COUNTRIES])):
        yield schema.COUNTRIES, "contains an unknown ISO 3166-1 alpha-3 code"
    precision = cells[schema.LOCATION_PRECISION]
    if precision and precision not in schema.PRECISIONS:
        yield schema.LOCATION_PRECISION, _PRECISION_MESSAGE
    initiator = cells[schema.INITIATOR]
    if initiator and initiator not in schema.ISO3_CODES:
        yield schema.INITIATOR, "not a known ISO 3166-1 alpha-3 code"
    casualties = cells[schema.CASUALTIES]
    if casualties and not re.fullmatch(r"\d+", casualties):
        yield schema.CASUALTIES, "not a whole number of people (0 or more)"


def _parse_iso(values: pd.Series) -> pd.Series:
    """ISO ``YYYY-MM-DD`` strings to datetime64[ns]; empty (or anything else) -> NaT."""
    parsed = pd.to_datetime(values.where(values != ""), format="%Y-%m-%d", errors="coerce")
    return parsed.astype("datetime64[ns]")


def _text(values: pd.Series) -> pd.Series:
    """Stripped text cells with missing values as empty strings (index reset)."""
    return pd.Series(values.to_numpy(), dtype="str").fillna("").str.strip()


def typed_frame(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Convert a valid table of canonical cells to the typed GeoDataFrame.

    Cells may be text as in ``data/incidents.csv`` or already numeric (latitude, longitude,
    casualties as numbers, as the store keeps them). The caller has checked them
    (`check_canonical`); this function only converts.
    """
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for column in _TEXT_COLUMNS:
        out[column] = _text(frame[column]).replace("", np.nan)
    out[schema.DATE] = _parse_iso(_text(frame[schema.DATE]))
    out[schema.END_DATE] = _parse_iso(_text(frame[schema.END_DATE]))
    for column in (schema.LATITUDE, schema.LONGITUDE):
        out[column] = _number(frame[column]).astype("float64")
    out[schema.COUNTRIES] = _country_lists(frame[schema.COUNTRIES])
    out[schema.CASUALTIES] = _number(frame[schema.CASUALTIES]).astype("Int64")
    out = out[list(schema.INCIDENT_COLUMNS)]
    geometry = gpd.points_from_xy(out[schema.LONGITUDE], out[schema.LATITUDE], crs=schema.CRS)
    return gpd.GeoDataFrame(out, geometry=geometry, crs=schema.CRS)


def _country_lists(cells: pd.Series) -> pd.Series:
    """A sorted list of codes per row.

    Rows with the same codes share one list object (a million fresh lists cost seconds):
    treat the lists as read-only.
    """
    text = _text(cells)
    lookup = {v: sorted(set(schema.split_list(v))) for v in pd.unique(text)}
    return pd.Series(text.map(lookup).to_numpy(dtype=object), dtype=object)


def _number(values: pd.Series) -> pd.Series:
    values = pd.Series(values.to_numpy())
    if pd.api.types.is_numeric_dtype(values):
        return values
    return pd.to_numeric(_text(values).replace("", np.nan))


def to_canonical(incidents: pd.DataFrame) -> pd.DataFrame:
    """The inverse of `typed_frame`: ISO date text, ``;``-joined countries, numbers kept.

    Missing optional values become ``None`` (SQL NULL / an empty CSV cell).

    Examples
    --------
    >>> row = to_canonical(load_incidents()).iloc[0]
    >>> row["date"], row["countries"]
    ('2009-03-08', 'CHN;USA')
    """
    out = pd.DataFrame(index=pd.RangeIndex(len(incidents)))
    for column in _TEXT_COLUMNS:
        out[column] = pd.Series(incidents[column].to_numpy(), dtype=object)
    for column in (schema.DATE, schema.END_DATE):
        days = incidents[column].to_numpy().astype("datetime64[D]")
        text = np.datetime_as_string(days, unit="D").astype(object)
        text[np.isnat(days)] = None
        out[column] = text
    for column in (schema.LATITUDE, schema.LONGITUDE):
        out[column] = incidents[column].to_numpy(dtype="float64")
    out[schema.COUNTRIES] = [
        schema.LIST_SEP.join(sorted(v)) if isinstance(v, list) else schema.join_list(v or [])
        for v in incidents[schema.COUNTRIES]
    ]
    cas = pd.Series(incidents[schema.CASUALTIES].to_numpy()).astype("Int64")
    out[schema.CASUALTIES] = cas.astype(object).where(cas.notna(), None)
    out = out[list(schema.INCIDENT_COLUMNS)]
    return out.where(out.notna(), None)
