"""The output folder of ``seawatch presence``: Parquet (GeoParquet for events) and CSV.

Files (columns in ``docs/presence.md``):

==========================  ===================================================================
file                        content
==========================  ===================================================================
vessel_days.parquet/.csv    one row per vessel, UTC day and area (status, claimants, EEZ, zones,
                            feature within ``--feature-nm``)
events.parquet              entries and exits, GeoParquet (geometry: the entry position)
events.csv                  the same without geometry
candidate_incidents.csv     the events in seawatch's incident schema (`seawatch.presence.incidents`)
summary.parquet/.csv        vessel-days, vessels and entries per area
vessels.csv                 the descriptive columns of each vessel (first value seen)
rejected.csv                rows that were not positions, with the reason
==========================  ===================================================================

The files are written into a temporary folder beside `out` and moved in only when all are
written, so a failed run never leaves a half-written set. CSV text cells that a spreadsheet
would run as formulas are neutralised (`seawatch.text.neutralise_formula`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd

from seawatch import schema
from seawatch.errors import InputError
from seawatch.export.data import to_csv
from seawatch.presence.engine import PresenceResult
from seawatch.presence.incidents import candidate_incidents
from seawatch.text import neutralise_formula

#: Rows formatted as CSV at a time.
CHUNK_ROWS: Final = 25_000
FILES: Final = (
    "vessel_days.parquet",
    "vessel_days.csv",
    "events.parquet",
    "events.csv",
    "candidate_incidents.csv",
    "summary.parquet",
    "summary.csv",
    "vessels.csv",
    "rejected.csv",
)


def write_outputs(result: PresenceResult, out: str | Path, *, source: str) -> list[Path]:
    """Write every file of `FILES` into the folder `out` (created); returns their paths."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".presence-", dir=folder))
    except OSError as exc:
        raise InputError(f"--out {str(out)!r}: cannot create the folder ({exc.strerror})") from None
    try:
        _write_all(result, staging, source)
        paths = []
        for name in FILES:
            target = folder / name
            (staging / name).replace(target)
            paths.append(target)
        return paths
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_all(result: PresenceResult, folder: Path, source: str) -> None:
    result.vessel_days.to_parquet(folder / "vessel_days.parquet", index=False)
    _csv(result.vessel_days, folder / "vessel_days.csv")
    events_geo(result.events).to_parquet(folder / "events.parquet", index=False)
    _csv(result.events, folder / "events.csv")
    _candidates_csv(result.events, folder / "candidate_incidents.csv", source)
    result.summary.to_parquet(folder / "summary.parquet", index=False)
    _csv(result.summary, folder / "summary.csv")
    _csv(result.vessels, folder / "vessels.csv")
    _csv(result.rejected, folder / "rejected.csv")


def events_geo(events: pd.DataFrame) -> gpd.GeoDataFrame:
    """The events with their entry positions as point geometries (EPSG:4326)."""
    geometry = gpd.points_from_xy(events["entry_longitude"], events["entry_latitude"])
    return gpd.GeoDataFrame(events, geometry=geometry, crs=schema.CRS)


def _csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV with ISO 8601 UTC times (``...Z``) and formula-guarded text, `CHUNK_ROWS` rows at a
    time (the text of a whole table is a Python string per cell)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        for number, start in enumerate(_starts(frame)):
            table = frame.iloc[start : start + CHUNK_ROWS].copy()
            for column in table.columns:
                values = table[column]
                if isinstance(values.dtype, pd.DatetimeTZDtype):
                    table[column] = values.dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                elif values.dtype == object or pd.api.types.is_string_dtype(values):
                    table[column] = values.map(neutralise_formula)
            table.to_csv(handle, index=False, lineterminator="\n", header=number == 0)


def _candidates_csv(events: pd.DataFrame, path: Path, source: str) -> None:
    """``candidate_incidents.csv`` (`seawatch.export.data.to_csv`), `CHUNK_ROWS` events at a
    time: the whole table's incident rows as Python dicts were ~2 KB per event (GBs at 100M
    positions). The chunks keep the events' row numbers, so the incident ids are the same."""
    if not (pd.api.types.is_integer_dtype(events.index) and events.index.is_unique):
        events = events.reset_index(drop=True)  # numbered by row, as for the whole table
    with path.open("wb") as handle:
        for number, start in enumerate(_starts(events)):
            incidents = candidate_incidents(events.iloc[start : start + CHUNK_ROWS], source)
            data = to_csv(incidents)
            if number:  # the byte-order mark and the header only once
                data = data[data.index(b"\r\n") + 2 :]
            handle.write(data)


def _starts(frame: pd.DataFrame) -> range:
    """The first row of each chunk (one chunk for an empty table: its header)."""
    return range(0, max(len(frame), 1), CHUNK_ROWS)
