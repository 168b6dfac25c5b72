"""Reading vessel positions: Parquet or CSV, one file, a folder or a partitioned dataset.

Positions are read with `pyarrow.dataset` in record batches (never the whole input at once).
Each source column is found through `ALIASES` (normalised header names, the spellings of common
public AIS exports such as NOAA MarineCadastre's ``MMSI, BaseDateTime, LAT, LON, VesselName``),
then every batch is checked by `clean_batch`: a row without a vessel id, a readable time or
coordinates in range is *rejected with its reason* (never silently dropped), and exact
repeats of a vessel's position at the same time are counted as duplicates.

Schema (see ``docs/presence.md``)
---------------------------------
==============  ========  ==============================================================
column          needed    meaning
==============  ========  ==============================================================
vessel_id       yes       MMSI or any other stable id (read as text)
time            yes       time of the position; naive times are UTC, others are converted
latitude        yes       WGS84 degrees, -90..90
longitude       yes       WGS84 degrees, -180..180
name            no        vessel name
flag            no        flag state (ISO3 or as given)
vessel_type     no        AIS ship type (code or text)
vessel_class    no        analyst class: coast_guard, militia, survey, fishing, navy...
==============  ========  ==============================================================
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as ds

from seawatch.columns import normalise
from seawatch.errors import InputError

VESSEL_ID: Final = "vessel_id"
TIME: Final = "time"
LATITUDE: Final = "latitude"
LONGITUDE: Final = "longitude"
NAME: Final = "name"
FLAG: Final = "flag"
VESSEL_TYPE: Final = "vessel_type"
VESSEL_CLASS: Final = "vessel_class"
REQUIRED: Final = (VESSEL_ID, TIME, LATITUDE, LONGITUDE)
OPTIONAL: Final = (NAME, FLAG, VESSEL_TYPE, VESSEL_CLASS)
#: The descriptive columns kept per vessel (first non-empty value seen).
VESSEL_INFO: Final = OPTIONAL

#: Normalised source header names (`seawatch.columns.normalise`) accepted for each column.
ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    VESSEL_ID: ("vesselid", "mmsi", "shipid", "imo", "callsign", "id", "vessel", "ssvid"),
    TIME: (
        "time",
        "basedatetime",  # NOAA MarineCadastre
        "timestamp",
        "datetime",
        "timeutc",
        "datetimeutc",
        "timestamputc",
        "postime",
        "date",
    ),
    LATITUDE: ("latitude", "lat", "y"),
    LONGITUDE: ("longitude", "lon", "long", "lng", "x"),
    NAME: ("name", "vesselname", "shipname"),
    FLAG: ("flag", "flagstate", "country", "flagiso3"),
    VESSEL_TYPE: ("vesseltype", "shiptype", "shipandcargotype", "type"),
    VESSEL_CLASS: ("vesselclass", "class", "category", "role"),
}

#: Reasons a row is rejected (the ``reason`` column of the rejects table).
REASONS: Final = {
    VESSEL_ID: "no vessel id",
    TIME: "time is missing or not a date-time",
    LATITUDE: "latitude is missing or outside -90..90",
    LONGITUDE: "longitude is missing or outside -180..180",
}
FORMATS: Final = ("parquet", "csv")
_SUFFIXES: Final = {"parquet": (".parquet", ".pq"), "csv": (".csv", ".txt")}


@dataclass
class BatchReport:
    """What `clean_batch` did with one batch: rows read, kept, rejected, duplicates."""

    rows: int = 0
    kept: int = 0
    duplicates: int = 0
    rejected: list[pd.DataFrame] = field(default_factory=list)

    @property
    def n_rejected(self) -> int:
        return int(sum(len(r) for r in self.rejected))


def open_positions(path: str | Path, *, format: str | None = None) -> ds.Dataset:
    """The positions at `path` as a pyarrow dataset (Parquet or CSV; file or folder).

    Parameters
    ----------
    path
        A file, or a folder of files (searched recursively and read in path order; hidden and
        ``_``-prefixed files are skipped; ``key=value`` folder names are hive partitions).
    format
        ``"parquet"`` or ``"csv"``; default from the file extension(s).

    Raises
    ------
    InputError
        The path does not exist, holds no positions file, or the format is unknown.
    """
    source = Path(path)
    if not source.exists():
        raise InputError(f"positions {str(path)!r}: no such file or folder")
    fmt = format or _format_of(source)
    if fmt not in FORMATS:
        raise InputError(f"positions format {fmt!r} is not one of {', '.join(FORMATS)}")
    files = _files(source, _SUFFIXES[fmt])
    if not files:
        raise InputError(f"positions {str(path)!r}: no {fmt} file found")
    base = {} if source.is_file() else {"partition_base_dir": str(source)}
    if fmt == "csv":
        columns = resolve_columns(_csv_header(files[0]))
        strings = {src: pa.string() for src in columns.values()}
        file_format: ds.FileFormat = ds.CsvFileFormat(
            convert_options=pacsv.ConvertOptions(column_types=strings)
        )
    else:
        file_format = ds.ParquetFileFormat()
    names = [str(f) for f in files]
    return ds.dataset(names, format=file_format, partitioning="hive", **base)


def _files(source: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The data files at `source`, in path order (hidden and ``_``-prefixed files skipped)."""
    if source.is_file():
        return [source]
    found = [
        p
        for p in source.rglob("*")
        if p.is_file()
        and p.suffix.lower() in suffixes
        and not any(part.startswith((".", "_")) for part in p.relative_to(source).parts)
    ]
    return sorted(found)


def _format_of(source: Path) -> str:
    files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    suffixes = {p.suffix.lower() for p in files if not p.name.startswith((".", "_"))}
    if suffixes & {".parquet", ".pq"}:
        return "parquet"
    if suffixes & {".csv", ".txt"}:
        return "csv"
    raise InputError(f"positions {str(source)!r}: no .parquet or .csv file found (give --format)")


def _csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline().rstrip("\r\n")
    return [c.strip().strip('"') for c in first.split(",")]


def resolve_columns(names: list[str]) -> dict[str, str]:
    """The source column of every position column present (required ones must be).

    Exact canonical names win over aliases; otherwise the first alias in `ALIASES` order.

    Examples
    --------
    >>> resolve_columns(["MMSI", "BaseDateTime", "LAT", "LON", "VesselName", "Heading"])
    {'vessel_id': 'MMSI', 'time': 'BaseDateTime', 'latitude': 'LAT', 'longitude': 'LON', \
'name': 'VesselName'}
    """
    by_norm: dict[str, str] = {}
    for name in names:
        by_norm.setdefault(normalise(name), name)
    found: dict[str, str] = {}
    used: set[str] = set()
    for column, aliases in ALIASES.items():
        for alias in aliases:
            source = by_norm.get(alias)
            if source is not None and source not in used:
                found[column] = source
                used.add(source)
                break
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        wanted = "; ".join(f"{c}: one of {', '.join(ALIASES[c])}" for c in missing)
        raise InputError(
            f"positions have no column for {', '.join(missing)} (columns found: "
            f"{', '.join(map(repr, names))}); accepted names ({wanted})"
        )
    return found


def iter_fragment_batches(
    dataset: ds.Dataset, columns: Mapping[str, str], *, batch_size: int
) -> Iterator[tuple[int, int, pd.DataFrame]]:
    """(fragment number, row offset in the fragment, batch) for every batch, in dataset order.

    The batches have the position column names. Both engines read through this one function,
    so they see the same batches.
    """
    for number, fragment in enumerate(dataset.get_fragments()):
        yield from fragment_batches(dataset, fragment, number, columns, batch_size=batch_size)


def fragment_batches(
    dataset: ds.Dataset,
    fragment: ds.Fragment,
    number: int,
    columns: Mapping[str, str],
    *,
    batch_size: int,
) -> Iterator[tuple[int, int, pd.DataFrame]]:
    """The batches of one fragment (see `iter_fragment_batches`)."""
    scanner = ds.Scanner.from_fragment(
        fragment, schema=dataset.schema, columns=list(columns.values()), batch_size=batch_size
    )
    offset = 0
    rename = {src: col for col, src in columns.items()}
    for batch in scanner.to_batches():
        if batch.num_rows == 0:
            continue
        frame = batch.to_pandas().rename(columns=rename)
        yield number, offset, frame
        offset += batch.num_rows


def clean_batch(frame: pd.DataFrame, where: str) -> tuple[pd.DataFrame, BatchReport]:
    """Typed, valid positions of one batch, sorted by vessel and time, and what was rejected.

    Parameters
    ----------
    frame
        A batch with the position column names (`fragment_batches`).
    where
        A label of the batch (file and first row) for the rejects table.

    Returns
    -------
    (DataFrame, BatchReport)
        ``vessel_id`` (str), ``time`` (UTC, ns), ``latitude``, ``longitude`` (float) and the
        optional columns present (text or None); grouped by vessel (in order of first
        appearance) and sorted by time within each vessel, repeats of (vessel, time)
        removed. The report's ``rejected`` frame names the batch, the row within it, the
        column, the value and the reason.
    """
    report = BatchReport(rows=len(frame))
    vessel = _vessel_ids(frame[VESSEL_ID])
    time = _utc_times(frame[TIME])
    lat = pd.to_numeric(frame[LATITUDE], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(frame[LONGITUDE], errors="coerce").to_numpy(dtype=float)
    checks = {
        VESSEL_ID: vessel.isna().to_numpy(),
        TIME: time.isna().to_numpy(),
        LATITUDE: ~(np.abs(lat) <= 90),
        LONGITUDE: ~(np.abs(lon) <= 180),
    }
    bad = np.zeros(len(frame), dtype=bool)
    for column, failed in checks.items():
        failed = failed & ~bad  # one reason per row: the first check it fails
        if failed.any():
            rows = np.flatnonzero(failed)
            report.rejected.append(
                pd.DataFrame(
                    {
                        "batch": where,
                        "row": rows,
                        "column": column,
                        "value": frame[column].iloc[rows].astype(str).to_numpy(),
                        "reason": REASONS[column],
                    }
                )
            )
        bad |= failed
    keep = np.flatnonzero(~bad)
    ids = vessel.to_numpy(dtype=object)[keep]
    ns = time.to_numpy(dtype="datetime64[ns]")[keep]
    codes = pd.factorize(ids)[0]
    order = np.lexsort((ns, codes))  # vessels in order of first appearance, then time
    codes, ns, rows = codes[order], ns[order], keep[order]
    repeat = np.zeros(len(rows), dtype=bool)
    repeat[1:] = (codes[1:] == codes[:-1]) & (ns[1:] == ns[:-1])
    report.duplicates = int(repeat.sum())
    rows, ns = rows[~repeat], ns[~repeat]
    out = pd.DataFrame(
        {
            VESSEL_ID: vessel.to_numpy(dtype=object)[rows],
            TIME: pd.Series(ns).dt.tz_localize("UTC"),
            LATITUDE: lat[rows],
            LONGITUDE: lon[rows],
        }
    )
    for column in OPTIONAL:
        if column in frame.columns:
            values = frame[column].to_numpy(dtype=object)[rows]
            out[column] = pd.Series(values, dtype=object).where(pd.notna(values), None)
    report.kept = len(out)
    return out, report


def _vessel_ids(values: pd.Series) -> pd.Series:
    """Vessel ids as text; integral floats (an MMSI read as float) lose their ``.0``."""
    if pd.api.types.is_float_dtype(values):
        as_int = values.astype("Int64")
        text = as_int.astype("string")
    else:
        text = values.astype("string").str.strip()
    return text.mask(text == "")


def _utc_times(values: pd.Series) -> pd.Series:
    """Times in UTC; naive times are taken as UTC, unreadable ones are NaT."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
    if pd.api.types.is_datetime64_dtype(values):
        return values.dt.tz_localize("UTC").astype("datetime64[ns, UTC]")
    text = values.astype("string").str.strip()
    parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    return parsed.astype("datetime64[ns, UTC]")
