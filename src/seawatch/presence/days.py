"""Vessel-days: on which UTC days each vessel was seen in which waters, and the summary.

A *vessel-day* is one vessel on one UTC calendar day (00:00 to 24:00 UTC) with at least one
position in an area. Days are counted from positions only: a vessel seen at 23:50 and again at
00:10 counts on both days; a vessel with no position on a day (a gap) does not count on it,
even if it was in the area before and after (nothing is interpolated).

`DayAccumulator` keeps, per batch, one row per (vessel, day, area) with the number of
positions and the first and last time: memory grows with vessels x days x areas, never with
the number of positions. Accumulators of different batches or partitions `merge`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from seawatch.presence import positions as pos

if TYPE_CHECKING:
    from seawatch.presence.engine import JoinedBatch

#: The columns that define an area of a vessel-day row (join values of the positions).
AREA_COLUMNS: Final = ("status", "claimants", "eez", "zone_ids", "feature")
DAY_KEYS: Final = ("day", "vessel_id", *AREA_COLUMNS)
#: Columns of the vessel-days table (before the vessel's descriptive columns are added).
DAY_COLUMNS: Final = (*DAY_KEYS, "positions", "first_time", "last_time")
#: Accumulated rows above which the accumulator compacts itself.
_COMPACT_AT = 200_000


class DayAccumulator:
    """Per (vessel, day, area): positions, first and last time; bounded by distinct keys.

    The rows are kept as integer codes (day, vessel, area; times as nanoseconds), ~50 bytes a
    row: the vessel ids and the areas' five text columns are stored once each, in
    dictionaries, and become text only in `table`. Seven text columns per row cost ~4x as much
    and their merges copied them: at 100M positions (~1.4M rows) that was most of the run's
    peak memory.
    """

    def __init__(self) -> None:
        self._done: list[pd.DataFrame] = []  # merged groups of earlier parts
        self._parts: list[pd.DataFrame] = []  # parts added since the last merge
        self._rows = 0
        self._vessels: dict[str, int] = {}  # vessel id -> code
        self._areas: dict[tuple[str, ...], int] = {}  # AREA_COLUMNS values -> code

    def add(self, joined: JoinedBatch) -> None:
        """Add a joined batch (`seawatch.presence.engine.join_positions`)."""
        if joined.empty:
            return
        frame = joined.frame
        local = frame["vessel"].to_numpy()
        first = np.unique(local, return_index=True)[1]
        vessel_ids = frame[pos.VESSEL_ID].to_numpy(dtype=object)[first]
        vessel = self._vessel_codes(vessel_ids)[local]
        area_rows = joined.areas[list(AREA_COLUMNS)].itertuples(index=False, name=None)
        area = self._area_codes([tuple(str(v) for v in row) for row in area_rows])
        codes = pd.DataFrame(
            {
                "day": frame["day"].to_numpy(dtype=np.int64),
                "vessel": vessel,
                "area": area[frame["area"].to_numpy()],
                "time": _nanoseconds(frame["time"]),
            }
        )
        grouped = (
            codes.groupby(_CODE_KEYS, sort=False)["time"]
            .agg(positions="size", first="min", last="max")
            .reset_index()
        )
        grouped["positions"] = grouped["positions"].astype(np.int64)
        self._append(grouped)

    def add_table(self, table: pd.DataFrame) -> None:
        """Add an already aggregated table (columns `DAY_COLUMNS`), e.g. a partition's."""
        if table.empty:
            return
        table = table.astype({c: str for c in DAY_KEYS}).dropna(subset=list(DAY_KEYS))
        day_codes, day_values = pd.factorize(table["day"])
        days = np.asarray(day_values, dtype=object).astype("datetime64[D]").astype(np.int64)
        vessel_codes, vessel_ids = pd.factorize(table[pos.VESSEL_ID])
        area_codes, areas = pd.factorize(pd.MultiIndex.from_frame(table[list(AREA_COLUMNS)]))
        vessel = self._vessel_codes(np.asarray(vessel_ids, dtype=object))
        area = self._area_codes([tuple(row) for row in areas])
        self._append(
            pd.DataFrame(
                {
                    "day": days[day_codes],
                    "vessel": vessel[vessel_codes],
                    "area": area[area_codes],
                    "positions": table["positions"].to_numpy(dtype=np.int64),
                    "first": _nanoseconds(table["first_time"]),
                    "last": _nanoseconds(table["last_time"]),
                }
            )
        )

    def _vessel_codes(self, ids: np.ndarray) -> np.ndarray:
        return np.array([self._vessels.setdefault(v, len(self._vessels)) for v in ids], np.int64)

    def _area_codes(self, areas: list[tuple[str, ...]]) -> np.ndarray:
        return np.array([self._areas.setdefault(a, len(self._areas)) for a in areas], np.int64)

    def _append(self, part: pd.DataFrame) -> None:
        self._parts.append(part)
        self._rows += len(part)
        if self._rows > _COMPACT_AT and len(self._parts) > 1:
            self._compact()

    def _compact(self) -> None:
        # Only the parts added since the last merge are merged (a vessel-day split across
        # consecutive batches becomes one row); `table` merges the groups at the end. Merging
        # everything each time re-grouped the whole table on every batch once it passed
        # _COMPACT_AT rows: quadratic time and a copy of the table each time.
        self._done.append(_combine(self._parts))
        self._parts, self._rows = [], 0

    def table(self) -> pd.DataFrame:
        """The vessel-days table, sorted by day, vessel and area (as text); hands the rows
        over (the accumulator is empty afterwards)."""
        parts, self._done, self._parts, self._rows = [*self._done, *self._parts], [], [], 0
        vessels, self._vessels = np.array(list(self._vessels), dtype=object), {}
        areas, self._areas = list(self._areas), {}
        if not parts:
            return _empty_table()
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        del parts
        if frame.empty:
            return _empty_table()
        # One int64 key per row in the table's order: day, then vessel and area ranked by
        # their text (code point order, as pandas sorts text; ISO days sort as text the same
        # way as numbers). Sorting the keys groups each vessel-day and area and sorts the
        # table at once, with a few arrays of one int64 per row.
        by_vessel = sorted(range(len(vessels)), key=vessels.__getitem__)
        by_area = sorted(range(len(areas)), key=areas.__getitem__)
        day = frame["day"].to_numpy(dtype=np.int64)
        day0, n_vessels, n_areas = int(day.min()), len(vessels), len(areas)
        if (int(day.max()) - day0 + 1) * n_vessels * n_areas >= 2**63:
            raise ValueError("too many days x vessels x areas for int64 keys")
        key = (day - day0) * n_vessels + _ranks(by_vessel)[frame["vessel"].to_numpy()]
        key = key * n_areas + _ranks(by_area)[frame["area"].to_numpy()]
        del day
        order = np.argsort(key, kind="stable")
        key = key[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        key = key[starts]
        day_of, rest = np.divmod(key, n_vessels * n_areas)
        vessel_of, area_of = np.divmod(rest, n_areas)  # ranks
        del key, rest
        day_values, day_codes = np.unique(day_of, return_inverse=True)
        sorted_areas = [areas[i] for i in by_area]
        columns: dict[str, Any] = {
            "day": text_column((day_values + day0).astype("datetime64[D]").astype(str), day_codes),
            pos.VESSEL_ID: text_column(vessels[by_vessel], vessel_of),
        }
        for i, name in enumerate(AREA_COLUMNS):
            values = np.array([a[i] for a in sorted_areas], dtype=object)
            columns[name] = text_column(values, area_of)
        columns["positions"] = np.add.reduceat(frame["positions"].to_numpy()[order], starts)
        for name, code, reduce in (
            ("first_time", "first", np.minimum),
            ("last_time", "last", np.maximum),
        ):
            ns = reduce.reduceat(frame[code].to_numpy(dtype=np.int64)[order], starts)
            columns[name] = pd.Series(ns.view("datetime64[ns]")).dt.tz_localize("UTC")
        return pd.DataFrame(columns, copy=False)


def _empty_table() -> pd.DataFrame:
    frame = pd.DataFrame({c: [] for c in DAY_COLUMNS})
    frame["positions"] = frame["positions"].astype("int64")
    for c in ("first_time", "last_time"):
        frame[c] = pd.to_datetime(frame[c], utc=True)
    return frame.astype({c: str for c in DAY_KEYS})


_CODE_KEYS: Final = ["day", "vessel", "area"]


def _combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return (
        frame.groupby(_CODE_KEYS, sort=False)
        .agg(positions=("positions", "sum"), first=("first", "min"), last=("last", "max"))
        .reset_index()
    )


def _nanoseconds(times: pd.Series) -> np.ndarray:
    """UTC times (tz-aware or naive UTC) as int64 nanoseconds since 1970."""
    index = pd.DatetimeIndex(times)
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.as_unit("ns").asi8


def _ranks(order: list[int]) -> np.ndarray:
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    return ranks


def text_column(values: np.ndarray, codes: np.ndarray) -> pd.Series:
    """A text column (pandas ``str``) of ``values[codes]`` (codes >= 0), built by Arrow's take:
    no Python string per row."""
    return pd.Series(pd.array(values, dtype="str").take(codes))


def summary_table(days: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Vessel-days and vessels per area, with the entries counted from the events.

    One row per (``area_kind``, ``area``): ``area_kind`` is ``status``, ``claimant``, ``eez``,
    ``zone`` or ``feature`` (a feature within ``--feature-nm``); ``vessel_days`` counts distinct
    (vessel, day) pairs, so a vessel in two zones of one claimant on the same day counts once
    for that claimant; ``vessels`` the distinct vessels; ``entries`` the events of that target
    (claims, EEZ and features; empty for the other kinds).
    """
    # Each distinct (area, vessel, day) of a kind is one int64 key (area, vessel and day as
    # codes; days in date order, so the smallest code is the first day): sorting these keys
    # replaces exploding the rows into a frame of Python strings, then integers, and dropping
    # its duplicates, which at 100M positions (~1.4M rows, ~5M exploded) took ~0.6 GB.
    day_codes, day_values = pd.factorize(days["day"], sort=True)
    vessel_codes = pd.factorize(days["vessel_id"])[0].astype(np.int64)
    n_days, n_vessels = max(len(day_values), 1), max(int(vessel_codes.max(initial=-1)) + 1, 1)
    vessel_day = vessel_codes * n_days + day_codes
    del vessel_codes, day_codes
    day_text = np.asarray(day_values, dtype=object)
    rows: list[pd.DataFrame] = []
    for kind, column, listed in (
        ("status", "status", False),
        ("claimant", "claimants", True),
        ("eez", "eez", True),
        ("zone", "zone_ids", True),
        ("feature", "feature", False),
    ):
        keys, names = _area_keys(days[column], listed, vessel_day, n_vessels * n_days)
        area, rest = np.divmod(keys, n_vessels * n_days)
        day = rest % n_days
        del rest
        vessel_days = np.bincount(area, minlength=len(names))  # keys are distinct
        vessels = np.bincount(np.unique(keys // n_days) // n_vessels, minlength=len(names))
        first, last = np.full(len(names), n_days), np.full(len(names), -1)
        np.minimum.at(first, area, day)
        np.maximum.at(last, area, day)
        present = np.flatnonzero(vessel_days)
        rows.append(
            pd.DataFrame(
                {
                    "area": names[present],
                    "vessel_days": vessel_days[present].astype(np.int64),
                    "vessels": vessels[present].astype(np.int64),
                    "first_day": day_text[first[present]],
                    "last_day": day_text[last[present]],
                }
            ).assign(area_kind=kind)
        )
    table = pd.concat(rows, ignore_index=True)
    kind_of_target = {"claim": "claimant", "eez": "eez", "feature": "feature"}
    entries = (
        events.assign(area_kind=events["target_kind"].map(kind_of_target))
        .groupby(["area_kind", "target"])
        .size()
        .rename("entries")
    )
    table = table.join(entries, on=["area_kind", "area"])
    table["entries"] = table["entries"].astype("Int64")
    columns = ["area_kind", "area", "vessel_days", "vessels", "entries", "first_day", "last_day"]
    return table[columns].sort_values(["area_kind", "area"]).reset_index(drop=True)


def _area_keys(
    values: pd.Series, listed: bool, vessel_day: np.ndarray, radix: int
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``area * radix + vessel_day`` of the rows (sorted) and the areas' names
    (indexed by the area codes): one area per row, or each item of a listed column
    (``CHN;PHL``), empty ones left out.

    A listed value is split once per distinct value (a few hundred), not per row.
    """
    codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
    items = [[x for x in (u.split(";") if listed else [u]) if x != ""] for u in uniques]
    item_codes, names = pd.factorize(np.array([x for i in items for x in i], dtype=object))
    if len(names) * radix >= 2**63:
        raise ValueError(f"too many areas x vessels x days for int64 keys: {len(names) * radix}")
    lengths = np.array([len(i) for i in items], dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    parts = []
    for j in range(int(lengths.max(initial=0))):  # the j-th item of each row that has one
        rows = np.flatnonzero(lengths[codes] > j)
        area = item_codes[starts[codes[rows]] + j].astype(np.int64)
        parts.append(area * radix + vessel_day[rows])
    keys = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
    return keys, np.asarray(names, dtype=object)
