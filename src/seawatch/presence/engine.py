"""The streaming presence engine: positions -> seawatch's join -> vessel-days and events.

`presence(path)` reads the positions batch by batch (`seawatch.presence.positions`), joins
each batch with `seawatch.spatial.join` (the same join as incidents, so a position's claimants,
status and EEZ are exactly those an incident there would get), and folds it into three small
accumulators: the vessel-days (`seawatch.presence.days.DayAccumulator`), the runs of each
vessel stitched across batches (`seawatch.presence.events.RunStitcher`) and the events built
from the closed runs (`seawatch.presence.events.EventBuilder`). Nothing keeps positions: memory
is bounded by the batch size plus the vessels, days and areas seen.

One fragment (a file of the dataset) is processed by `process_fragment`; the in-process engine
runs it on every fragment in order and the Dask engine (`seawatch.presence.dask_engine`) runs
it on the workers: both see the same batches, so their outputs are identical.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from seawatch import schema
from seawatch.presence import positions as pos
from seawatch.presence.days import DayAccumulator, summary_table
from seawatch.presence.events import TARGET_SEP, EventBuilder, RunStitcher, runs_of

#: Radius of a feature's area for entry/exit events (its territorial sea), nautical miles.
FEATURE_EVENT_NM: Final = 12.0
#: Default batch size (positions joined at once); ~150 MB of working memory per million.
BATCH_SIZE: Final = 500_000
#: Rejected rows listed in the rejects table (all are counted).
MAX_REJECTS_LISTED: Final = 100_000
REJECT_COLUMNS: Final = ["batch", "row", "column", "value", "reason"]


@dataclass(frozen=True)
class PresenceOptions:
    """The parameters of a presence count.

    Attributes
    ----------
    feature_nm
        A position counts for a named feature's vessel-days within this distance (nm).
    max_gap
        Two positions of a vessel further apart than this do not connect: the presence
        interval ends at the first and resumes (as a new event) at the second.
    batch_size
        Positions read and joined at once (bounds the working memory).
    input_format
        ``"parquet"``, ``"csv"`` or None (from the file extensions).
    """

    feature_nm: float = 12.0
    max_gap: pd.Timedelta = field(default_factory=lambda: pd.Timedelta(hours=6))
    batch_size: int = BATCH_SIZE
    input_format: str | None = None

    def __post_init__(self) -> None:
        if not self.feature_nm >= 0:
            raise ValueError(f"feature_nm must be >= 0, got {self.feature_nm!r}")
        if not self.max_gap > pd.Timedelta(0):
            raise ValueError(f"max_gap must be positive, got {self.max_gap!r}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {self.batch_size!r}")


@dataclass
class Counts:
    """Rows read, kept, rejected and duplicated (all fragments)."""

    rows: int = 0
    kept: int = 0
    rejected: int = 0
    duplicates: int = 0

    def add(self, other: Counts) -> None:
        self.rows += other.rows
        self.kept += other.kept
        self.rejected += other.rejected
        self.duplicates += other.duplicates


@dataclass
class FragmentResult:
    """What one fragment contributes: small tables only (shipped from a Dask worker)."""

    number: int
    days: pd.DataFrame
    runs: pd.DataFrame
    vessels: pd.DataFrame
    rejected: pd.DataFrame
    counts: Counts


@dataclass
class PresenceResult:
    """The outputs of a presence count (see ``docs/presence.md`` for every column)."""

    vessel_days: pd.DataFrame
    events: pd.DataFrame
    summary: pd.DataFrame
    vessels: pd.DataFrame
    rejected: pd.DataFrame
    counts: Counts


@dataclass
class JoinedBatch:
    """A clean batch joined to the zones, as integer codes (cheap to group and compare).

    ``frame`` holds ``vessel_id``, ``time``, ``latitude``, ``longitude`` (from the batch) and
    ``vessel`` (code of the vessel in this batch), ``day`` (days since 1970-01-01, UTC),
    ``area`` (row of `areas`) and ``target`` (index into `target_keys`). `areas` has one row
    per distinct area of the batch with the text columns of
    `seawatch.presence.days.AREA_COLUMNS`; `target_keys` the event targets of each distinct
    target set (`seawatch.presence.events.split_targets`).
    """

    frame: pd.DataFrame
    areas: pd.DataFrame
    target_keys: np.ndarray

    @property
    def empty(self) -> bool:
        return self.frame.empty


def join_positions(
    batch: pd.DataFrame, zones: gpd.GeoDataFrame | None, options: PresenceOptions
) -> JoinedBatch:
    """One clean batch joined to the zones with `seawatch.spatial.join`.

    An *area* is the join's ``status``, ``claimants``, ``eez`` and ``zone_ids`` plus
    ``feature``: the nearest named feature when within ``options.feature_nm``, else empty. The
    event *targets* of a position are one ``claim:ISO3`` per claimant, one ``eez:ISO3`` per EEZ
    state and ``feature:NAME`` within `FEATURE_EVENT_NM`. Both are computed once per distinct
    combination of the join's values, never per position.
    """
    from seawatch.spatial import join

    points = pd.DataFrame(
        {schema.LATITUDE: batch[pos.LATITUDE], schema.LONGITUDE: batch[pos.LONGITUDE]}
    )
    joined = join(points, zones)
    distance = joined[schema.JOIN_NEAREST_FEATURE_NM].to_numpy(dtype=float)
    nearest = joined[schema.JOIN_NEAREST_FEATURE].cat.codes.to_numpy(dtype=np.int64)
    text = {
        name: joined[column]
        for name, column in (
            ("status", schema.JOIN_STATUS),
            ("claimants", schema.JOIN_CLAIMANTS),
            ("eez", schema.JOIN_EEZ),
            ("zone_ids", schema.JOIN_ZONE_IDS),
        )
    }
    codes = [text[name].cat.codes.to_numpy(dtype=np.int64) for name in text]
    codes.append(np.where(distance <= options.feature_nm, nearest, -1))
    codes.append(np.where(distance <= FEATURE_EVENT_NM, nearest, -1))
    combos, area = _distinct_rows(codes)
    feature_names = np.asarray(joined[schema.JOIN_NEAREST_FEATURE].cat.categories, dtype=object)

    def names(values: np.ndarray, categories: pd.Index) -> np.ndarray:
        table = np.append(np.asarray(categories, dtype=object), "")
        return table[np.where(values < 0, len(table) - 1, values)]

    areas = pd.DataFrame(
        {name: names(combos[:, i], text[name].cat.categories) for i, name in enumerate(text)}
    )
    areas["feature"] = names(combos[:, 4], feature_names)
    feature_12 = names(combos[:, 5], feature_names)
    keys = [
        _target_key(c, e, f)
        for c, e, f in zip(areas["claimants"], areas["eez"], feature_12, strict=True)
    ]
    target_keys, target_of_area = np.unique(np.asarray(keys, dtype=object), return_inverse=True)
    time = batch[pos.TIME]
    out = batch[[pos.VESSEL_ID, pos.TIME, pos.LATITUDE, pos.LONGITUDE]].copy()
    out["vessel"] = pd.factorize(batch[pos.VESSEL_ID])[0]
    out["day"] = time.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)
    out["area"] = area
    out["target"] = target_of_area.reshape(-1)[area]
    return JoinedBatch(out, areas, target_keys)


def _distinct_rows(codes: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of columns of small codes (>= -1), and each row's index among them.

    The columns are packed into one integer (mixed radix) and hashed with `pandas.factorize`:
    ~50x faster than ``np.unique(..., axis=0)``, which sorts rows as bytes.
    """
    radix = [int(c.max(initial=-1)) + 2 for c in codes]
    if float(np.prod(np.array(radix, dtype=float))) >= 2.0**62:  # would overflow: sort rows
        rows, inverse = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
        return rows, inverse.reshape(-1)
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for column, base in zip(codes, radix, strict=True):
        key = key * base + (column + 1)
    index, uniques = pd.factorize(key)
    rows = np.empty((len(uniques), len(codes)), dtype=np.int64)
    rest = np.asarray(uniques, dtype=np.int64)
    for i in range(len(codes) - 1, -1, -1):
        rest, rows[:, i] = np.divmod(rest, radix[i])
    return rows - 1, index.astype(np.int64)


def _target_key(claimants: str, eez: str, feature: str) -> str:
    parts = [f"claim:{c}" for c in schema.split_list(claimants)]
    parts += [f"eez:{c}" for c in schema.split_list(eez)]
    if feature:
        parts.append(f"feature:{feature}")
    return TARGET_SEP.join(parts)


class FragmentReader:
    """Reads, checks and joins the batches of fragments, folding them into accumulators.

    `run_sink` receives the closed runs of each batch: the in-process engine sends them
    straight to its `EventBuilder`; a Dask task keeps them to ship with its result.
    """

    def __init__(
        self,
        path: str,
        zones: gpd.GeoDataFrame | None,
        options: PresenceOptions,
        run_sink: Callable[[list[Any]], None],
    ) -> None:
        self.path, self.zones, self.options, self.run_sink = path, zones, options, run_sink
        self.dataset = pos.open_positions(path, format=options.input_format)
        self.columns = pos.resolve_columns(self.dataset.schema.names)
        self.days = DayAccumulator()
        self.stitcher = RunStitcher(options.max_gap)
        self.vessels: list[pd.DataFrame] = []
        self.rejected: list[pd.DataFrame] = []
        self.n_listed = 0
        self.counts = Counts()
        self.last_time: dict[str, np.datetime64] = {}

    def fragments(self) -> list[Any]:
        return list(self.dataset.get_fragments())

    def read(self, number: int, fragment: Any) -> None:
        """Fold every batch of one fragment into the accumulators."""
        name = Path(fragment.path).name
        self.last_time = {}
        for _, offset, raw in pos.fragment_batches(
            self.dataset, fragment, number, self.columns, batch_size=self.options.batch_size
        ):
            where = f"{name} rows {offset + 1}-{offset + len(raw)}"
            clean, report = pos.clean_batch(raw, where)
            self.counts.add(Counts(report.rows, report.kept, report.n_rejected, report.duplicates))
            self._list_rejected(report.rejected, offset)
            clean = self._without_repeats(clean)
            if clean.empty:
                continue
            self.vessels = [_first_info([*self.vessels, _vessel_info(clean)])]
            joined = join_positions(clean, self.zones, self.options)
            self.days.add(joined)
            self.run_sink(self.stitcher.feed(runs_of(joined, self.options.max_gap), where))

    def _without_repeats(self, clean: pd.DataFrame) -> pd.DataFrame:
        """Drop a vessel's position repeating the last one of the previous batch (same time).

        `seawatch.presence.positions.clean_batch` removes repeats within a batch; this catches
        those split across two batches of one fragment. A repeat split across two files is
        counted twice in ``positions`` (vessel-days and events are unchanged): each engine
        would otherwise need the previous file's last rows.
        """
        if clean.empty:
            return clean
        vessels = clean[pos.VESSEL_ID].to_numpy(dtype=object)
        times = clean[pos.TIME].to_numpy(dtype="datetime64[ns]")
        first = np.flatnonzero(np.r_[True, vessels[1:] != vessels[:-1]])
        last = np.r_[first[1:] - 1, len(vessels) - 1]
        repeat = [i for i in first if self.last_time.get(vessels[i]) == times[i]]
        self.last_time.update(zip(vessels[last], times[last], strict=True))
        if repeat:
            self.counts.duplicates += len(repeat)
            self.counts.kept -= len(repeat)
            clean = clean.drop(index=clean.index[repeat]).reset_index(drop=True)
        return clean

    def _list_rejected(self, parts: list[pd.DataFrame], offset: int) -> None:
        for part in parts:
            room = MAX_REJECTS_LISTED - self.n_listed
            if room <= 0:
                return
            part = part.iloc[:room]
            self.rejected.append(part.assign(row=part["row"] + offset + 1))
            self.n_listed += len(part)


def process_fragment(
    path: str,
    number: int,
    zones: gpd.GeoDataFrame | None,
    options: PresenceOptions,
) -> FragmentResult:
    """Join one fragment (file) of the positions at `path`: the unit of work of a Dask task.

    The fragment's runs are stitched within the fragment; its last run per vessel stays in the
    result (`seawatch.presence.events.RunStitcher` joins it to the next fragment's first).
    """
    closed: list[Any] = []
    reader = FragmentReader(path, zones, options, closed.extend)
    reader.read(number, reader.fragments()[number])
    return FragmentResult(
        number,
        reader.days.table(),
        RunStitcher.to_frame([*closed, *reader.stitcher.flush()]),
        _first_info(reader.vessels),
        _concat(reader.rejected, REJECT_COLUMNS),
        reader.counts,
    )


def _vessel_info(clean: pd.DataFrame) -> pd.DataFrame:
    present = [c for c in pos.VESSEL_INFO if c in clean.columns]
    if not present:
        return pd.DataFrame({pos.VESSEL_ID: clean[pos.VESSEL_ID].unique()})
    return clean.groupby(pos.VESSEL_ID, sort=False)[present].first().reset_index()


def _first_info(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Per vessel, the first non-empty value of each descriptive column."""
    if not parts:
        return pd.DataFrame({pos.VESSEL_ID: pd.Series([], dtype=str)})
    frame = pd.concat(parts, ignore_index=True)
    present = [c for c in pos.VESSEL_INFO if c in frame.columns]
    if not present:
        return frame.drop_duplicates(pos.VESSEL_ID).reset_index(drop=True)
    return frame.groupby(pos.VESSEL_ID, sort=True)[present].first().reset_index()


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame({c: [] for c in columns})
    return pd.concat(parts, ignore_index=True)


class Combiner:
    """Folds `FragmentResult`s, in fragment order, into the `PresenceResult`."""

    def __init__(self, options: PresenceOptions) -> None:
        self.options = options
        self.days = DayAccumulator()
        self.stitcher = RunStitcher(options.max_gap)
        self.events = EventBuilder(options.max_gap)
        self.vessels: list[pd.DataFrame] = []
        self.rejected: list[pd.DataFrame] = []
        self.counts = Counts()

    def add(self, result: FragmentResult, label: str) -> None:
        self.days.add_table(result.days)
        self.events.add(self.stitcher.feed(result.runs, label))
        self.vessels.append(result.vessels)
        if len(result.rejected):
            self.rejected.append(result.rejected)
        self.counts.add(result.counts)

    def add_tables(self, reader: FragmentReader) -> None:
        """Take the tables of an in-process reader (its runs went to `events` already)."""
        self.days = reader.days
        self.vessels = reader.vessels
        self.rejected = reader.rejected
        self.counts = reader.counts

    def result(self) -> PresenceResult:
        self.events.add(self.stitcher.flush())
        vessels = _first_info(self.vessels)
        days = _with_vessels(self.days.table(), vessels)
        events = _with_vessels(self.events.finish(), vessels)
        rejected = _concat(self.rejected, REJECT_COLUMNS)[:MAX_REJECTS_LISTED]
        return PresenceResult(
            days, events, summary_table(days, events), vessels, rejected, self.counts
        )


def _with_vessels(table: pd.DataFrame, vessels: pd.DataFrame) -> pd.DataFrame:
    """`table` with the vessels' descriptive columns after ``vessel_id``."""
    extra = [c for c in vessels.columns if c != pos.VESSEL_ID]
    if not extra:
        return table
    # Columns inserted in place (a merge and a reorder each copied the whole table: at 100M
    # positions, ~1.4M vessel-day rows, that was the peak of the run's memory).
    rows = pd.Index(vessels[pos.VESSEL_ID]).get_indexer(table[pos.VESSEL_ID])
    at = list(table.columns).index(pos.VESSEL_ID) + 1
    for offset, column in enumerate(extra):
        values = vessels[column].take(rows).set_axis(table.index)
        table.insert(at + offset, column, values.where(rows >= 0))
    return table


def presence(
    path: str | Path,
    zones: gpd.GeoDataFrame | None = None,
    options: PresenceOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> PresenceResult:
    """Vessel-days, entries/exits and the summary of the positions at `path`, in-process.

    Parameters
    ----------
    path
        Parquet or CSV positions: a file, a folder or a partitioned dataset
        (`seawatch.presence.positions.open_positions`).
    zones
        Zone layers (`seawatch.load_zones`); default the built-in ones.
    options
        `PresenceOptions`; default 12 nm for features and a 6-hour gap.
    progress
        Called with (fragments done, fragments) after each fragment.

    Raises
    ------
    InputError
        No such input, missing columns, or a vessel's positions out of time order across
        batches.
    """
    options = options or PresenceOptions()
    combiner = Combiner(options)
    reader = FragmentReader(str(path), zones, options, combiner.events.add)
    fragments = reader.fragments()
    for number, fragment in enumerate(fragments):
        reader.read(number, fragment)
        if progress is not None:
            progress(number + 1, len(fragments))
    combiner.events.add(reader.stitcher.flush())
    combiner.add_tables(reader)
    return combiner.result()
