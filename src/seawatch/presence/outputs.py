"""Reading an output folder of ``seawatch presence`` back (for the dashboard's Presence view).

The folder is the one ``seawatch presence POSITIONS --out DIR`` writes
(`seawatch.presence.writing`); the view needs its vessel-days and its events, read from the
Parquet files (typed: times stay UTC timestamps, ids stay text). Anything else is an
`InputError` naming the path and what is wrong with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd
import pyarrow as pa

from seawatch.errors import InputError

#: The files the Presence view reads; a folder without them is not a presence output.
NEEDED: Final = ("vessel_days.parquet", "events.parquet")
#: The environment variable naming the folder the Presence view opens first.
ENV_VAR: Final = "SEAWATCH_PRESENCE_DIR"
_HOW: Final = "write one with `seawatch presence POSITIONS --out DIR`"
_DAY_COLUMNS: Final = ("day", "vessel_id", "zone_ids", "feature")
_EVENT_COLUMNS: Final = ("vessel_id", "target_kind", "target", "entry_time", "exit_time")


@dataclass(frozen=True)
class PresenceOutput:
    """The tables of one output folder.

    Attributes
    ----------
    folder
        The folder read.
    vessel_days
        ``vessel_days.parquet``: one row per (UTC day, vessel, area).
    events
        ``events.parquet`` without its geometry: one row per entry/exit event.
    source
        What the candidate incidents name as their source (the ``source`` of
        ``candidate_incidents.csv`` when present, else the folder's name).
    """

    folder: Path
    vessel_days: pd.DataFrame
    events: pd.DataFrame
    source: str


def default_folder() -> str:
    """The folder named by ``SEAWATCH_PRESENCE_DIR`` ('' when unset)."""
    return os.environ.get(ENV_VAR, "").strip()


def read_output(folder: str | Path) -> PresenceOutput:
    """Read the vessel-days and events of a presence output folder.

    Raises
    ------
    InputError
        The folder does not exist, is a file, lacks `NEEDED`, or a file is unreadable or
        lacks its columns; the message names the path.

    Examples
    --------
    >>> try:
    ...     read_output("/no/such/folder")
    ... except InputError as exc:
    ...     print(exc)
    presence output '/no/such/folder': no such folder (write one with `seawatch presence ...
    """
    path = Path(folder).expanduser()
    if not path.exists():
        raise InputError(f"presence output {str(folder)!r}: no such folder ({_HOW})")
    if not path.is_dir():
        raise InputError(f"presence output {str(folder)!r}: not a folder ({_HOW})")
    missing = [name for name in NEEDED if not (path / name).is_file()]
    if missing:
        raise InputError(
            f"presence output {str(folder)!r}: not a presence output, it lacks {missing!r} ({_HOW})"
        )
    days = _table(path / "vessel_days.parquet", _DAY_COLUMNS)
    events = _table(path / "events.parquet", _EVENT_COLUMNS).drop(
        columns="geometry", errors="ignore"
    )
    return PresenceOutput(path, days, events, _source(path))


def _table(path: Path, needed: tuple[str, ...]) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise InputError(f"presence output file {str(path)!r} cannot be read: {exc}") from None
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InputError(
            f"presence output file {str(path)!r} lacks the columns {missing!r} ({_HOW})"
        )
    return frame


def _source(path: Path) -> str:
    candidates = path / "candidate_incidents.csv"
    if candidates.is_file():
        try:
            first = pd.read_csv(
                candidates, usecols=["source"], nrows=1, dtype=str, encoding="utf-8-sig"
            )
        except (OSError, ValueError):
            first = pd.DataFrame()
        if len(first) and isinstance(first["source"].iloc[0], str):
            return first["source"].iloc[0]
    return f"AIS positions: {path.name}"
