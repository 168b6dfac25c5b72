"""The tables of the dashboard's Presence view, from a presence output (`.outputs`).

- `ship_days_by_zone_month`: ship-days of one vessel class per zone and calendar month;
- `vessels_near_feature`: the vessels that entered a feature's 12 nm, with their time there;
- `vessel_events`: one vessel's entries and exits (the output keeps no positions, so a vessel's
  "track" near a feature is its timeline of events);
- `candidates`: the events as candidate incidents in seawatch's incident schema.

Plain functions on the output's frames; the view (`seawatch.ui.presence`) only draws them.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from seawatch import schema
from seawatch.mapping import country_label
from seawatch.presence.incidents import candidate_incidents
from seawatch.presence.outputs import PresenceOutput
from seawatch.presentation import PRESENCE_TARGET_STYLE

#: The `vessel_class` choice meaning every class.
ALL_CLASSES: Final = ""
_CLASS: Final = "vessel_class"


def vessel_classes(vessel_days: pd.DataFrame) -> list[str]:
    """The distinct non-empty vessel classes of the vessel-days, sorted ([] without the column)."""
    if _CLASS not in vessel_days:
        return []
    values = vessel_days[_CLASS].dropna().astype(str).str.strip()
    return sorted(v for v in values.unique() if v not in ("", "<NA>"))


def of_class(frame: pd.DataFrame, vessel_class: str = ALL_CLASSES) -> pd.DataFrame:
    """The rows of one vessel class (all rows for `ALL_CLASSES`; none when the class column is
    absent and a class is asked for)."""
    if vessel_class == ALL_CLASSES:
        return frame
    if _CLASS not in frame:
        return frame.iloc[0:0]
    return frame[frame[_CLASS].astype(str).str.strip() == vessel_class]


def ship_days_by_zone_month(
    vessel_days: pd.DataFrame, vessel_class: str = ALL_CLASSES
) -> pd.DataFrame:
    """Ship-days of `vessel_class` per zone and UTC calendar month.

    A ship-day is a distinct (vessel, UTC day) pair with at least one position in the zone
    (``docs/presence.md``); a vessel in two overlapping zones on one day counts once in each.
    Positions outside every zone (empty ``zone_ids``) are not counted.

    Returns
    -------
    DataFrame
        ``month`` (YYYY-MM), ``zone_id``, ``ship_days``, sorted by month then zone.

    Examples
    --------
    >>> days = pd.DataFrame({"day": ["2026-03-01", "2026-03-01", "2026-03-02", "2026-04-01"],
    ...     "vessel_id": ["1", "1", "1", "2"], "vessel_class": ["militia"] * 4,
    ...     "zone_ids": ["a;b", "a", "a", ""], "feature": ["", "X", "", ""]})
    >>> ship_days_by_zone_month(days, "militia").values.tolist()
    [['2026-03', 'a', 2], ['2026-03', 'b', 1]]
    """
    rows = of_class(vessel_days, vessel_class)
    pairs = pd.DataFrame(
        {
            "month": rows["day"].astype(str).str.slice(0, 7),
            "day": rows["day"].astype(str),
            "vessel_id": rows["vessel_id"].astype(str),
            "zone_id": rows["zone_ids"].fillna("").astype(str).str.split(schema.LIST_SEP),
        }
    ).explode("zone_id")
    pairs["zone_id"] = pairs["zone_id"].astype(str).str.strip()
    pairs = pairs[pairs["zone_id"].ne("") & pairs["zone_id"].ne("nan")].drop_duplicates()
    counts = pairs.groupby(["month", "zone_id"], sort=True).size().rename("ship_days")
    return counts.reset_index().astype({"ship_days": "int64"})


def presence_features(events: pd.DataFrame) -> list[str]:
    """The features some vessel entered (events of kind ``feature``), sorted by name."""
    return sorted(events.loc[events["target_kind"] == "feature", "target"].astype(str).unique())


def vessels_near_feature(
    events: pd.DataFrame, feature: str, vessel_class: str = ALL_CLASSES
) -> pd.DataFrame:
    """The vessels of `vessel_class` with events inside `feature`'s 12 nm.

    Returns
    -------
    DataFrame
        ``vessel_id``, ``name``, ``vessel_class`` (those present in the events), ``entries``
        (events), ``hours`` (sum of the events' ``duration_h``), ``first_entry``,
        ``last_exit``; the vessel with the most hours first.
    """
    inside = of_class(events, vessel_class)
    inside = inside[(inside["target_kind"] == "feature") & (inside["target"] == feature)]
    described = [c for c in ("name", _CLASS) if c in inside]
    table = inside.groupby("vessel_id", sort=True).agg(
        **{c: (c, "first") for c in described},
        entries=("target", "size"),
        hours=("duration_h", "sum"),
        first_entry=("entry_time", "min"),
        last_exit=("exit_time", "max"),
    )
    table = table.reset_index().sort_values(["hours", "vessel_id"], ascending=[False, True])
    return table.reset_index(drop=True)


def target_label(kind: str, target: str) -> str:
    """How a presence target is named: ``"EEZ: Philippines (PHL)"``, ``"Feature's 12 nm: X"``.

    Examples
    --------
    >>> target_label("claim", "CHN"), target_label("feature", "Whitsun Reef")
    ('Claimed waters: China (CHN)', "Feature's 12 nm: Whitsun Reef")
    """
    label = PRESENCE_TARGET_STYLE.get(kind, (kind, ""))[0]
    return f"{label}: {target if kind == 'feature' else country_label(target)}"


def vessel_events(events: pd.DataFrame, vessel_id: str) -> pd.DataFrame:
    """One vessel's events in time order, with ``target_label`` (`target_label`) added."""
    mine = events[events["vessel_id"].astype(str) == str(vessel_id)].copy()
    mine["target_label"] = [
        target_label(str(k), str(t))
        for k, t in zip(mine["target_kind"], mine["target"], strict=True)
    ]
    return mine.sort_values(["entry_time", "target_kind", "target"]).reset_index(drop=True)


def candidates(output: PresenceOutput, vessel_class: str = ALL_CLASSES) -> pd.DataFrame:
    """The events of `vessel_class` as candidate incidents (`seawatch.presence.incidents`):
    seawatch's incident schema, type ``other``, descriptions "Candidate incursion ...", source
    `PresenceOutput.source`; ready for `seawatch.export.data.to_csv` and an upload."""
    return candidate_incidents(of_class(output.events, vessel_class), output.source)
