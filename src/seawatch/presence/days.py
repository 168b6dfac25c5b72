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

from typing import TYPE_CHECKING, Final

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
    """Per (vessel, day, area): positions, first and last time; bounded by distinct keys."""

    def __init__(self) -> None:
        self._done: list[pd.DataFrame] = []  # merged groups of earlier parts
        self._parts: list[pd.DataFrame] = []  # parts added since the last merge
        self._rows = 0

    def add(self, joined: JoinedBatch) -> None:
        """Add a joined batch (`seawatch.presence.engine.join_positions`)."""
        if joined.empty:
            return
        frame = joined.frame
        grouped = (
            frame.groupby(["day", "vessel", "area"], sort=False)["time"]
            .agg(["size", "min", "max"])
            .reset_index()
        )
        vessel_ids = frame[pos.VESSEL_ID].to_numpy(dtype=object)[
            np.unique(frame["vessel"].to_numpy(), return_index=True)[1]
        ]
        days = grouped["day"].to_numpy().astype("datetime64[D]").astype(str)
        table = pd.DataFrame({"day": days, "vessel_id": vessel_ids[grouped["vessel"].to_numpy()]})
        areas = joined.areas.iloc[grouped["area"].to_numpy()].reset_index(drop=True)
        table = pd.concat([table, areas[list(AREA_COLUMNS)]], axis=1)
        table["positions"] = grouped["size"].to_numpy(dtype=np.int64)
        table["first_time"] = grouped["min"].to_numpy()
        table["last_time"] = grouped["max"].to_numpy()
        table["first_time"] = pd.to_datetime(table["first_time"], utc=True)
        table["last_time"] = pd.to_datetime(table["last_time"], utc=True)
        self.add_table(table)

    def add_table(self, table: pd.DataFrame) -> None:
        """Add an already aggregated table (columns `DAY_COLUMNS`), e.g. a partition's."""
        if table.empty:
            return
        table = table.astype({c: str for c in DAY_KEYS})
        self._parts.append(table)
        self._rows += len(table)
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
        """The vessel-days table, sorted by day, vessel and area; hands the rows over (the
        accumulator is empty afterwards: its parts are freed before the table is sorted)."""
        parts, self._done, self._parts, self._rows = [*self._done, *self._parts], [], [], 0
        if not parts:
            frame = pd.DataFrame({c: [] for c in DAY_COLUMNS})
            frame["positions"] = frame["positions"].astype("int64")
            for c in ("first_time", "last_time"):
                frame[c] = pd.to_datetime(frame[c], utc=True)
            return frame.astype({c: str for c in DAY_KEYS})
        merged = _combine(parts)
        del parts  # the parts go before the sort's copy is made
        return merged.sort_values(list(DAY_KEYS), kind="stable").reset_index(drop=True)


def _combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(parts, ignore_index=True)
    return (
        frame.groupby(list(DAY_KEYS), sort=False)
        .agg(
            positions=("positions", "sum"),
            first_time=("first_time", "min"),
            last_time=("last_time", "max"),
        )
        .reset_index()
    )


def summary_table(days: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Vessel-days and vessels per area, with the entries counted from the events.

    One row per (``area_kind``, ``area``): ``area_kind`` is ``status``, ``claimant``, ``eez``,
    ``zone`` or ``feature`` (a feature within ``--feature-nm``); ``vessel_days`` counts distinct
    (vessel, day) pairs, so a vessel in two zones of one claimant on the same day counts once
    for that claimant; ``vessels`` the distinct vessels; ``entries`` the events of that target
    (claims, EEZ and features; empty for the other kinds).
    """
    rows: list[pd.DataFrame] = []
    for kind, column, listed in (
        ("status", "status", False),
        ("claimant", "claimants", True),
        ("eez", "eez", True),
        ("zone", "zone_ids", True),
        ("feature", "feature", False),
    ):
        part = _areas_of_rows(days, column, listed).drop_duplicates()
        grouped = part.groupby("area").agg(
            vessel_days=("day", "size"),
            vessels=("vessel_id", "nunique"),
            first_day=("day", "min"),
            last_day=("day", "max"),
        )
        rows.append(grouped.reset_index().assign(area_kind=kind))
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


def _areas_of_rows(days: pd.DataFrame, column: str, listed: bool) -> pd.DataFrame:
    """(``day``, ``vessel_id``, ``area``) for each non-empty area of each row of `days`.

    A listed column (``CHN;PHL``) is split once per distinct value (a few hundred), not per
    row: splitting and exploding 1.4M rows (100M positions) made a Python list and strings per
    row, the largest memory step after the positions are read.
    """
    codes, uniques = pd.factorize(days[column].fillna("").astype(str), sort=False)
    items = [[x for x in (u.split(";") if listed else [u]) if x != ""] for u in uniques]
    lengths = np.array([len(i) for i in items], dtype=np.int64)
    flat = np.array([x for i in items for x in i], dtype=object)
    starts = np.cumsum(lengths) - lengths
    per_row = lengths[codes]
    rows = np.repeat(np.arange(len(days)), per_row)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return pd.DataFrame(
        {
            "day": days["day"].to_numpy()[rows],
            "vessel_id": days["vessel_id"].to_numpy()[rows],
            "area": flat[starts[codes[rows]] + within] if len(rows) else flat[:0],
        }
    )
