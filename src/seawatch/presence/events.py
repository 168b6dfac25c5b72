"""Entries and exits: when each vessel entered and left each claim, EEZ or feature's 12 nm.

Positions become *runs* and runs become *events*:

run
    Consecutive positions of one vessel with the same *targets* (the set of claims, EEZ and
    feature 12-nm areas it is in) and no gap longer than ``max_gap`` between them
    (`runs_of`). Runs are small (one per change of area or gap), are computed per batch and
    stitched across batch and partition boundaries by `RunStitcher`, which is what lets both
    engines carry a vessel's state from one batch (or partition) to the next.
event
    For one vessel and one target, a maximal chain of runs that all contain the target with no
    gap longer than ``max_gap`` (`EventBuilder`). ``entry_time`` is the first position inside,
    ``exit_time`` the last; ``duration_h`` their difference: a lower bound of the time spent
    inside, since nothing is interpolated between positions, least of all across a gap.

How an event starts (``entry``): ``entered`` (the previous position, at most ``max_gap``
earlier, was outside), ``after_gap`` (the previous position is more than ``max_gap`` earlier)
or ``first_position`` (the vessel's first position in the data). How it ends (``exit``):
``left`` (the next position, at most ``max_gap`` later, is outside), ``gap`` (the next
position is more than ``max_gap`` later) or ``end_of_data``.

Ordering requirement: for each vessel, positions must come in time order from one batch to
the next (within a batch they are sorted). A position earlier than the vessel's last one in an
earlier batch is an `InputError` naming the batch; see ``docs/presence.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from seawatch.errors import InputError
from seawatch.presence.days import text_column

if TYPE_CHECKING:
    from seawatch.presence.engine import JoinedBatch

#: Columns of a runs table.
RUN_COLUMNS: Final = (
    "vessel_id",
    "targets",
    "t_first",
    "t_last",
    "n",
    "lat_first",
    "lon_first",
    "lat_last",
    "lon_last",
)
#: Separator of the targets inside a run's ``targets`` key.
TARGET_SEP: Final = "|"
#: Columns of the events table (before the vessel's descriptive columns are added).
EVENT_COLUMNS: Final = (
    "vessel_id",
    "target_kind",
    "target",
    "entry_time",
    "exit_time",
    "duration_h",
    "positions",
    "entry",
    "exit",
    "entry_latitude",
    "entry_longitude",
    "exit_latitude",
    "exit_longitude",
)
ENTRY_KINDS: Final = ("entered", "after_gap", "first_position")
EXIT_KINDS: Final = ("left", "gap", "end_of_data")


def runs_of(joined: JoinedBatch, max_gap: pd.Timedelta) -> pd.DataFrame:
    """The runs of a joined batch sorted by vessel and time (columns ``RUN_COLUMNS``).

    Parameters
    ----------
    joined
        A batch from `seawatch.presence.engine.join_positions` (sorted by vessel and time).
    max_gap
        A longer time between two positions of a vessel starts a new run.
    """
    frame = joined.frame
    if frame.empty:
        return pd.DataFrame({c: [] for c in RUN_COLUMNS})
    vessel = frame["vessel"].to_numpy()
    target = frame["target"].to_numpy()
    time = frame["time"].to_numpy(dtype="datetime64[ns]")
    start = np.ones(len(frame), dtype=bool)
    start[1:] = (
        (vessel[1:] != vessel[:-1])
        | (target[1:] != target[:-1])
        | ((time[1:] - time[:-1]) > max_gap.to_timedelta64())
    )
    first = np.flatnonzero(start)
    last = np.r_[first[1:] - 1, len(frame) - 1]
    lat = frame["latitude"].to_numpy(dtype=float)
    lon = frame["longitude"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "vessel_id": frame["vessel_id"].to_numpy(dtype=object)[first],
            "targets": joined.target_keys[target[first]],
            "t_first": time[first],
            "t_last": time[last],
            "n": (last - first + 1).astype(np.int64),
            "lat_first": lat[first],
            "lon_first": lon[first],
            "lat_last": lat[last],
            "lon_last": lon[last],
        }
    )


@dataclass
class _Run:
    vessel_id: str
    targets: str
    t_first: np.datetime64
    t_last: np.datetime64
    n: int
    lat_first: float
    lon_first: float
    lat_last: float
    lon_last: float


class RunStitcher:
    """Joins the runs of successive batches (or partitions) of the same positions.

    The last run of each vessel stays *open*: the next batch's first run of that vessel extends
    it when it has the same targets and follows within ``max_gap``. Memory: one run per vessel.
    `feed` returns the runs that are closed, in time order per vessel; `flush` the open ones.
    Stitching is associative, so stitching batch runs into partition runs and partition runs
    into the whole gives the same runs as stitching all batches in order.
    """

    def __init__(self, max_gap: pd.Timedelta) -> None:
        self.max_gap = max_gap.to_timedelta64()
        self.open: dict[str, _Run] = {}

    def feed(self, runs: pd.DataFrame, where: str) -> list[_Run]:
        """Add the runs of the next batch (sorted by vessel and time); return the closed runs."""
        closed: list[_Run] = []
        rows = [_Run(*values) for values in runs[list(RUN_COLUMNS)].itertuples(index=False)]
        for i, run in enumerate(rows):
            first_of_vessel = i == 0 or rows[i - 1].vessel_id != run.vessel_id
            last_of_vessel = i == len(rows) - 1 or rows[i + 1].vessel_id != run.vessel_id
            if first_of_vessel:
                run = self._join_open(run, closed, where)
            if last_of_vessel:
                self.open[run.vessel_id] = run
            else:
                closed.append(run)
        return closed

    def _join_open(self, run: _Run, closed: list[_Run], where: str) -> _Run:
        prev = self.open.pop(run.vessel_id, None)
        if prev is None:
            return run
        if run.t_first < prev.t_last:
            raise InputError(
                f"positions of vessel {run.vessel_id!r} are not in time order: {where} has "
                f"{pd.Timestamp(run.t_first).isoformat()}Z after "
                f"{pd.Timestamp(prev.t_last).isoformat()}Z in an earlier batch; sort the "
                "input by vessel and time (see docs/presence.md)"
            )
        if run.targets == prev.targets and run.t_first - prev.t_last <= self.max_gap:
            prev.t_last, prev.n = run.t_last, prev.n + run.n
            prev.lat_last, prev.lon_last = run.lat_last, run.lon_last
            return prev
        closed.append(prev)
        return run

    def flush(self) -> list[_Run]:
        """The open runs (call once, at the end of the data), sorted by vessel."""
        runs = [self.open[v] for v in sorted(self.open)]
        self.open = {}
        return runs

    @staticmethod
    def to_frame(runs: Iterable[_Run]) -> pd.DataFrame:
        """Runs as a runs table (to ship a partition's runs to the driver)."""
        rows = [
            (
                r.vessel_id,
                r.targets,
                r.t_first,
                r.t_last,
                r.n,
                r.lat_first,
                r.lon_first,
                r.lat_last,
                r.lon_last,
            )
            for r in runs
        ]
        frame = pd.DataFrame(rows, columns=list(RUN_COLUMNS))
        return frame.sort_values(["vessel_id", "t_first"], kind="stable").reset_index(drop=True)


@dataclass
class _Open:
    start: np.datetime64
    last: np.datetime64
    n: int
    entry: str
    entry_lat: float
    entry_lon: float
    exit_lat: float
    exit_lon: float


@dataclass
class _VesselState:
    last_time: np.datetime64 | None = None
    open: dict[str, _Open] = field(default_factory=dict)


class EventBuilder:
    """Turns each vessel's closed runs (in time order) into entry/exit events."""

    def __init__(self, max_gap: pd.Timedelta) -> None:
        self.max_gap = max_gap.to_timedelta64()
        self.state: dict[str, _VesselState] = {}
        # Closed events: the latest as tuples, the earlier ones as typed frames of
        # `_CHUNK` events (a tuple of Python objects costs ~4x the frame's row).
        self.events: list[tuple[Any, ...]] = []
        self._chunks: list[pd.DataFrame] = []

    def add(self, runs: Iterable[_Run]) -> None:
        """Process closed runs (any interleaving of vessels; each vessel's in time order)."""
        for run in runs:
            state = self.state.setdefault(run.vessel_id, _VesselState())
            targets = set(split_targets(run.targets))
            gap = state.last_time is None or run.t_first - state.last_time > self.max_gap
            for target in list(state.open):
                if gap or target not in targets:
                    self._close(
                        run.vessel_id, target, state.open.pop(target), "gap" if gap else "left"
                    )
            entry = (
                "first_position" if state.last_time is None else "after_gap" if gap else "entered"
            )
            for target in targets:
                found = state.open.get(target)
                if found is None:
                    state.open[target] = _Open(
                        run.t_first,
                        run.t_last,
                        run.n,
                        entry,
                        run.lat_first,
                        run.lon_first,
                        run.lat_last,
                        run.lon_last,
                    )
                else:
                    found.last, found.n = run.t_last, found.n + run.n
                    found.exit_lat, found.exit_lon = run.lat_last, run.lon_last
            state.last_time = run.t_last

    def finish(self) -> pd.DataFrame:
        """Close every open event (``end_of_data``) and return the events table."""
        for vessel in sorted(self.state):
            state = self.state[vessel]
            for target in sorted(state.open):
                self._close(vessel, target, state.open[target], "end_of_data")
            state.open = {}
        frames = [*self._chunks, *([_packed(_event_frame(self.events))] if self.events else [])]
        self._chunks, self.events = [], []
        if not frames:
            return _event_frame([])
        # The order from the sort keys alone, then the table built column by column, each
        # chunk's column dropped once copied: concatenating the chunks and sorting the whole
        # table made two copies of it (~250 MB each at 100M positions).
        keys = []
        for name in _SORT_KEYS:
            if name in _CODED:  # categories sorted: the codes sort as the text
                parts = [frame[name].array for frame in frames]
                keys.append(union_categoricals(parts, sort_categories=True).codes)
            else:
                column = pd.concat([frame[name] for frame in frames], ignore_index=True)
                keys.append(pd.factorize(column, sort=True)[0])
        order = np.lexsort(keys[::-1])  # stable, as a stable sort of the table by the keys
        del keys
        columns = {}
        for name in EVENT_COLUMNS:
            if name in _CODED:
                coded = union_categoricals([frame.pop(name).array for frame in frames])
                values = np.asarray(coded.categories, dtype=object)
                columns[name] = text_column(values, coded.codes[order])
            else:
                column = pd.concat([frame.pop(name) for frame in frames], ignore_index=True)
                columns[name] = column.take(order).reset_index(drop=True)
        return pd.DataFrame(columns, copy=False)

    def _close(self, vessel: str, target: str, found: _Open, exit_kind: str) -> None:
        kind, _, name = target.partition(":")
        hours = (found.last - found.start) / np.timedelta64(1, "s") / 3600.0
        self.events.append(
            (
                vessel,
                kind,
                name,
                found.start,
                found.last,
                round(float(hours), 4),
                found.n,
                found.entry,
                exit_kind,
                found.entry_lat,
                found.entry_lon,
                found.exit_lat,
                found.exit_lon,
            )
        )
        if len(self.events) >= _CHUNK:
            self._chunks.append(_packed(_event_frame(self.events)))
            self.events = []


#: The order of the events table.
_SORT_KEYS: Final = ("vessel_id", "entry_time", "target_kind", "target")
#: Text columns of few distinct values: categories in the packed chunks (a code per row).
_CODED: Final = ("target_kind", "target", "entry", "exit")
#: Closed events kept as tuples before they are packed into a frame.
_CHUNK: Final = 50_000


def _event_frame(events: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Events (tuples of `EVENT_COLUMNS`) as a typed frame."""
    frame = pd.DataFrame(events, columns=list(EVENT_COLUMNS))
    frame["entry_time"] = pd.to_datetime(frame["entry_time"], utc=True)
    frame["exit_time"] = pd.to_datetime(frame["exit_time"], utc=True)
    frame["positions"] = frame["positions"].astype(np.int64)
    frame["duration_h"] = frame["duration_h"].astype(float)
    return frame


def _packed(frame: pd.DataFrame) -> pd.DataFrame:
    """A chunk of events to keep until `EventBuilder.finish`: `_CODED` as categories."""
    return frame.astype({c: "category" for c in _CODED})


def split_targets(key: str) -> list[str]:
    """The targets of a run's key (``claim:CHN|eez:PHL|feature:Second Thomas Shoal``).

    >>> split_targets("claim:CHN|eez:PHL"), split_targets("")
    (['claim:CHN', 'eez:PHL'], [])
    """
    return key.split(TARGET_SEP) if key else []
