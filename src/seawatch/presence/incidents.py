"""Entry events as candidate incidents, in seawatch's incident schema (one step to import).

Each entry into a claim, an EEZ or a feature's 12 nm (except into the vessel's own flag
state's claim or EEZ) becomes one row of the incident schema
(`seawatch.schema.INCIDENT_COLUMNS`), ready for ``seawatch import`` or the dashboard's upload
after an analyst has kept the ones that matter.

Decision: the incident type is ``other`` and the description starts with "Candidate
incursion". The incident vocabulary (`seawatch.schema.INCIDENT_TYPES`) has no ``incursion``:
adding one changes every palette, legend, filter and report that enumerates the types, which
is a decision for the taxonomy's owners rather than a side effect of this module. When the
type is added, `INCIDENT_TYPE` is the one line to change.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from seawatch import schema
from seawatch.zones.features import FEATURES

#: The type given to candidate incidents (see the module docstring).
INCIDENT_TYPE: Final = "other"
_KIND_LABELS: Final = {"claim": "waters claimed by", "eez": "the EEZ of", "feature": "12 nm of"}
_FEATURE_CLAIMANTS: Final = {f.name: f.claimants for f in FEATURES}


def candidate_incidents(events: pd.DataFrame, source: str) -> pd.DataFrame:
    """One incident-schema row per event: date and position of the entry, end date of the exit.

    Parameters
    ----------
    events
        The events table of `seawatch.presence.engine.presence`.
    source
        Where the positions came from (the ``source`` column), e.g. the input's file name.

    Returns
    -------
    DataFrame
        The columns of `seawatch.schema.INCIDENT_COLUMNS`, one row per event except a
        vessel's events in its own flag state's claim or EEZ (no incursion there);
        ``incident_id`` is ``presence-<vessel>-<n>``, n the event's row in the events table
        (index + 1: a subset of the events keeps the ids the whole table gives);
        ``countries`` is a list per row (the vessel's flag when it is an ISO3 code, plus the
        state whose area was entered, or a feature's claimants).
    """
    rows = []
    for number, event in zip(_numbers(events), events.itertuples(index=False), strict=True):
        data = event._asdict()
        if data["target_kind"] != "feature" and _flag(data) == data["target"]:
            continue  # a vessel in its own flag state's claim or EEZ is no incursion
        rows.append(
            {
                schema.INCIDENT_ID: f"presence-{data['vessel_id']}-{number}",
                schema.DATE: data["entry_time"].tz_convert(None).normalize(),
                schema.LATITUDE: data["entry_latitude"],
                schema.LONGITUDE: data["entry_longitude"],
                schema.INCIDENT_TYPE: INCIDENT_TYPE,
                schema.COUNTRIES: _countries(data),
                schema.DESCRIPTION: _description(data),
                schema.SOURCE: source,
                schema.LOCATION_NAME: data["target"] if data["target_kind"] == "feature" else "",
                schema.LOCATION_PRECISION: "exact",
                schema.INITIATOR: _flag(data),
                schema.VESSELS: _vessel_label(data),
                schema.CASUALTIES: None,
                schema.END_DATE: data["exit_time"].tz_convert(None).normalize(),
            }
        )
    return pd.DataFrame(rows, columns=list(schema.INCIDENT_COLUMNS))


def _numbers(events: pd.DataFrame) -> list[int]:
    """The number in each event's incident id: its row number in the whole events table (index
    + 1), so a subset of the events (one vessel class, say) keeps the ids of the whole."""
    if pd.api.types.is_integer_dtype(events.index) and events.index.is_unique:
        return [int(i) + 1 for i in events.index]
    return list(range(1, len(events) + 1))


def _flag(event: dict[str, object]) -> str:
    flag = str(event.get("flag") or "").strip().upper()
    return flag if flag in schema.ISO3_CODES else ""


def _countries(event: dict[str, object]) -> list[str]:
    found = {_flag(event)}
    target = str(event["target"])
    if event["target_kind"] == "feature":
        found.update(_FEATURE_CLAIMANTS.get(target, ()))
    else:
        found.add(target)
    return sorted(c for c in found if c)


def _vessel_label(event: dict[str, object]) -> str:
    name = str(event.get("name") or "").strip()
    vessel = str(event["vessel_id"])
    return f"{name} ({vessel})" if name and name != "<NA>" else vessel


def _description(event: dict[str, object]) -> str:
    vessel_class = str(event.get("vessel_class") or "").strip()
    what = (
        f"{vessel_class.replace('_', ' ')} vessel" if vessel_class not in ("", "<NA>") else "vessel"
    )
    entry, exit_ = pd.Timestamp(str(event["entry_time"])), pd.Timestamp(str(event["exit_time"]))
    hours = float(str(event["duration_h"]))
    return (
        f"Candidate incursion (from AIS positions): {what} {_vessel_label(event)} in "
        f"{_KIND_LABELS.get(str(event['target_kind']), '')} {event['target']} from "
        f"{entry:%Y-%m-%d %H:%M}Z to {exit_:%Y-%m-%d %H:%M}Z ({hours:.1f} h, "
        f"{event['positions']} positions; entry: {event['entry']}, exit: {event['exit']})."
    )
