"""Counts and tables for the dashboard's metrics, timeline, table and dossiers (pure functions).

Every function takes an incident frame (the columns of `seawatch.schema`, with the join's columns
when a metric needs them) and returns plain values or frames; nothing here draws or prints.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from seawatch import schema
from seawatch.errors import InputError
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.presentation import type_label
from seawatch.zones import status as zone_status
from seawatch.zones.geodesic import GEOD

GroupBy = Literal["type", "country"]


def disputed_share(incidents: pd.DataFrame) -> float | None:
    """Share (0–1) of incidents in disputed areas; None when empty or not joined.

    Examples
    --------
    >>> disputed_share(pd.DataFrame({"disputed": [True, False, True, True]}))
    0.75
    """
    if schema.JOIN_DISPUTED not in incidents or len(incidents) == 0:
        return None
    return float(incidents[schema.JOIN_DISPUTED].fillna(False).astype(bool).mean())


def status_breakdown(incidents: pd.DataFrame) -> dict[str, int] | None:
    """Incidents per legal status (every status of `schema.STATUSES`, in that order, zeros
    included); None when the frame has no ``status`` column (not joined).

    Examples
    --------
    >>> status_breakdown(pd.DataFrame({"status": ["disputed", "agreed", "disputed", None]}))
    {'disputed': 2, 'joint': 0, 'agreed': 1, 'undelimited': 0, 'single': 0, 'none': 1}
    """
    if schema.JOIN_STATUS not in incidents:
        return None
    counts = incidents[schema.JOIN_STATUS].fillna("none").astype(str).replace("", "none")
    found = counts.value_counts()
    return {s: int(found.get(s, 0)) for s in schema.STATUSES}


def format_breakdown(counts: dict[str, int], labels: dict[str, str]) -> str:
    """``"12 disputed · 0 joint · …"`` with each status's label in lower case.

    Examples
    --------
    >>> format_breakdown({"disputed": 2, "agreed": 1}, {"disputed": "Disputed", "agreed": "Agreed"})
    '2 disputed · 1 agreed'
    """
    return " · ".join(f"{n:,} {labels.get(s, s).lower()}" for s, n in counts.items())


def top_country_pair(incidents: pd.DataFrame) -> tuple[tuple[str, str], int] | None:
    """The pair of countries involved together in the most incidents, and that count.

    Ties go to the alphabetically first pair. None when no incident names two countries.

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [["CHN", "PHL"], ["PHL", "CHN", "USA"], ["CHN", "VNM"]]})
    >>> top_country_pair(df)
    (('CHN', 'PHL'), 2)
    """
    counts: Counter[tuple[str, str]] = Counter()
    for value in incidents[schema.COUNTRIES] if schema.COUNTRIES in incidents else ():
        for a, b in itertools.combinations(sorted(set(schema.as_codes(value))), 2):
            counts[(a, b)] += 1
    if not counts:
        return None
    pair, n = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return pair, n


@dataclass(frozen=True)
class PeriodChange:
    """Incidents in a period and in the period of the same length just before it."""

    start: dt.date
    end: dt.date
    current: int
    previous_start: dt.date
    previous_end: dt.date
    previous: int

    @property
    def delta(self) -> int:
        """current - previous."""
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """Relative change in percent; None when the previous period had no incident."""
        return None if self.previous == 0 else 100.0 * self.delta / self.previous


def period_change(
    incidents: pd.DataFrame, f: IncidentFilter, *, default_days: int = 365
) -> PeriodChange | None:
    """Incidents matching `f` in its date range versus the previous range of the same length.

    Without ``since``/``until``, the period is the `default_days` ending at the latest incident
    (and ``since`` alone ends there too; ``until`` alone starts at the earliest incident).
    Returns None when `incidents` is empty.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-02-05", "2023-12-20"]),
    ...                    "countries": [["PHL"]] * 3, "description": ["a"] * 3,
    ...                    "incident_type": ["other"] * 3})
    >>> f = IncidentFilter(since=dt.date(2024, 1, 1), until=dt.date(2024, 2, 29))
    >>> c = period_change(df, f)
    >>> (c.current, c.previous, c.previous_start.isoformat())
    (2, 1, '2023-11-02')
    """  # noqa: E501
    if len(incidents) == 0:
        return None
    dates = pd.to_datetime(incidents[schema.DATE])
    return period_change_counted(
        dates.min().date(),
        dates.max().date(),
        f,
        lambda g: len(apply_filter(incidents, g)),
        default_days=default_days,
    )


def period_change_counted(
    first: dt.date,
    last: dt.date,
    f: IncidentFilter,
    count: Callable[[IncidentFilter], int],
    *,
    default_days: int = 365,
) -> PeriodChange:
    """`period_change` of a store whose incidents' dates run from `first` to `last`, where
    ``count(g)`` says how many incidents filter ``g`` keeps (e.g. a count read through SQL).

    Examples
    --------
    >>> days = [dt.date(2024, 1, 5), dt.date(2024, 2, 5), dt.date(2023, 12, 20)]
    >>> def count(g):
    ...     return sum(g.since <= d <= g.until for d in days)
    >>> c = period_change_counted(min(days), max(days), IncidentFilter(), count, default_days=30)
    >>> (c.start.isoformat(), c.current, c.previous)
    ('2024-01-07', 1, 2)
    """
    end = f.until or last
    start = f.since or (first if f.until else end - dt.timedelta(days=default_days - 1))
    if start > end:
        start = end
    length = (end - start).days + 1
    prev_end = start - dt.timedelta(days=1)
    prev_start = prev_end - dt.timedelta(days=length - 1)
    current = count(f.with_changes(since=start, until=end))
    previous = count(f.with_changes(since=prev_start, until=prev_end))
    return PeriodChange(start, end, current, prev_start, prev_end, previous)


def monthly_counts(incidents: pd.DataFrame, by: GroupBy = "type") -> pd.DataFrame:
    """Incidents per month, stacked by type or by country (an incident counts once per country).

    Returns columns ``month`` (first day, Timestamp), ``group`` (type label or country code) and
    ``count``; months without incidents are absent.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-01"]),
    ...                    "incident_type": ["other", "other", "water_cannon"],
    ...                    "countries": [["CHN", "PHL"], ["PHL"], ["VNM"]]})
    >>> monthly_counts(df, "country").values.tolist()[:2]
    [[Timestamp('2024-01-01 00:00:00'), 'CHN', 1], [Timestamp('2024-01-01 00:00:00'), 'PHL', 2]]
    """  # noqa: E501
    if by not in ("type", "country"):
        raise InputError(f"by={by!r} is not allowed; use 'type' or 'country'")
    month = pd.to_datetime(incidents[schema.DATE]).dt.to_period("M").dt.to_timestamp()
    if by == "type":
        labels = incidents[schema.INCIDENT_TYPE].map(type_label)
        frame = pd.DataFrame({"month": month, "group": labels})
    else:
        frame = pd.DataFrame(
            {"month": month, "group": incidents[schema.COUNTRIES].map(schema.as_codes)}
        ).explode("group")
        frame = frame.dropna(subset=["group"])
    if frame.empty:
        return pd.DataFrame({"month": [], "group": [], "count": []})
    out = frame.groupby(["month", "group"]).size().reset_index(name="count")
    return out.sort_values(["month", "group"]).reset_index(drop=True)


def http_url(value: object) -> str | None:
    """`value` when it is an http(s) URL without spaces (safe to show as a link), else None.

    Examples
    --------
    >>> http_url(" https://example.org/a "), http_url("javascript:alert(1)"), http_url(None)
    ('https://example.org/a', None, None)
    """
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if raw.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in raw):
        return raw
    return None


def table_frame(incidents: pd.DataFrame) -> pd.DataFrame:
    """The incidents as a display table: newest first, lists as text, the source as a URL.

    Only http(s) sources are in ``source`` (shown as links); any other source is in
    ``source (text)`` so that a ``javascript:`` value never becomes a link.
    """
    cols = {
        "id": schema.INCIDENT_ID,
        "date": schema.DATE,
        "type": schema.INCIDENT_TYPE,
        "countries": schema.COUNTRIES,
        "location": schema.LOCATION_NAME,
        "precision": schema.LOCATION_PRECISION,
        "claimed by": schema.JOIN_CLAIMANTS,
        "disputed": schema.JOIN_DISPUTED,
        "description": schema.DESCRIPTION,
        "source": schema.SOURCE,
    }
    out = pd.DataFrame(index=incidents.index)
    for label, col in cols.items():
        if col not in incidents:
            continue
        values = incidents[col]
        if col in (schema.COUNTRIES, schema.JOIN_CLAIMANTS):
            values = values.map(lambda v: ", ".join(schema.as_codes(v)))
        elif col == schema.INCIDENT_TYPE:
            values = values.map(type_label)
        elif col == schema.DATE:
            values = pd.to_datetime(values).dt.date
        out[label] = values
    if "source" in out:
        urls = out["source"].map(http_url)
        texts = out["source"].where(urls.isna()).map(lambda v: None if pd.isna(v) else str(v))
        out["source"] = urls
        out["source (text)"] = texts
    if "date" in out:
        out = out.sort_values("date", ascending=False, kind="stable")
    return out


def distance_nm(incidents: pd.DataFrame, lat: float, lon: float) -> np.ndarray:
    """Geodesic (WGS84) distance of each incident from a point, in nautical miles."""
    lats = incidents[schema.LATITUDE].to_numpy(float)
    lons = incidents[schema.LONGITUDE].to_numpy(float)
    _, _, meters = GEOD.inv(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)
    return np.asarray(meters) / schema.NM_IN_M


def incidents_near(incidents: pd.DataFrame, lat: float, lon: float, nm: float) -> pd.DataFrame:
    """Incidents within `nm` nautical miles of a point, nearest first, with ``distance_nm``.

    Examples
    --------
    >>> df = pd.DataFrame({"latitude": [9.73, 10.0, 15.0], "longitude": [115.87, 115.87, 117.0]})
    >>> incidents_near(df, 9.73, 115.87, 20).index.tolist()
    [0, 1]
    """
    if nm < 0:
        raise InputError(f"nm={nm!r} must be zero or positive")
    dist = distance_nm(incidents, lat, lon)
    out = incidents.assign(distance_nm=dist)[dist <= nm]
    return out.sort_values("distance_nm", kind="stable")


def incidents_in_zones(
    incidents: pd.DataFrame, zone_ids: Sequence[str], geometries: Iterable[BaseGeometry]
) -> pd.DataFrame:
    """Incidents in any of several zones (e.g. an agreement's areas, one per party).

    By the join's ``zone_ids`` when present, else geometrically (boundary counts as inside).
    """
    wanted = set(zone_ids)
    if schema.JOIN_ZONE_IDS in incidents:
        mask = incidents[schema.JOIN_ZONE_IDS].map(
            lambda v: not wanted.isdisjoint(schema.as_codes(v))
        )
        return incidents[mask.to_numpy(dtype=bool)]
    x = incidents[schema.LONGITUDE].to_numpy(float)
    y = incidents[schema.LATITUDE].to_numpy(float)
    mask = np.zeros(len(incidents), dtype=bool)
    for geometry in geometries:
        mask |= shapely.intersects_xy(geometry, x, y)
    return incidents[mask]


def incidents_in_zone(
    incidents: pd.DataFrame, zone_id: str, geometry: BaseGeometry
) -> pd.DataFrame:
    """Incidents in a zone: by the join's ``zone_ids`` when present, else geometrically.

    The geometric test uses `shapely.intersects_xy` so an incident exactly on the zone's
    boundary counts as inside (it must not vanish from a dossier).
    """
    return incidents_in_zones(incidents, [zone_id], [geometry])


def disputed_by_families(incidents: pd.DataFrame, zones: pd.DataFrame | None) -> Counter[str]:
    """Incidents in disputed waters counted by the claim families in dispute there.

    Keys read ``CHN+TWN / PHL / VNM`` (states of one claim family joined by ``+``, families by
    `` / ``). The families come from the same rule as the join's status
    (`seawatch.zones.status.classify` over the zones of each incident's ``zone_ids``); without
    `zones` or ``zone_ids``, each claimant counts as its own family.

    Examples
    --------
    >>> df = pd.DataFrame({"disputed": [True, True, False],
    ...                    "claimants": [["CHN", "TWN", "VNM"], ["CHN", "TWN", "VNM"], ["PHL"]],
    ...                    "zone_ids": [["dash", "v"], ["dash", "v"], ["p"]]})
    >>> zones = pd.DataFrame({"zone_id": ["dash", "v", "p"], "kind": ["claim"] * 3,
    ...                       "name": ["", "", ""], "claimants": ["CHN;TWN", "VNM", "PHL"],
    ...                       "families": ["CHN+TWN", "VNM", "PHL"]})
    >>> disputed_by_families(df, zones)
    Counter({'CHN+TWN / VNM': 2})
    """
    if schema.JOIN_DISPUTED not in incidents or len(incidents) == 0:
        return Counter()
    rows = incidents[incidents[schema.JOIN_DISPUTED].fillna(False).astype(bool)]
    covers = _covers_by_id(zones)
    counts: Counter[str] = Counter()
    memo: dict[tuple[str, ...], str] = {}
    use_zones = bool(covers) and schema.JOIN_ZONE_IDS in rows
    for record in rows.to_dict("records"):
        claimants = tuple(sorted(set(schema.as_codes(record.get(schema.JOIN_CLAIMANTS)))))
        ids = tuple(sorted(schema.as_codes(record.get(schema.JOIN_ZONE_IDS)))) if use_zones else ()
        key = ids or claimants
        if key not in memo:
            if ids and all(i in covers for i in ids):
                families = zone_status.classify([covers[i] for i in ids]).families
            else:
                families = tuple(frozenset({c}) for c in claimants)
            memo[key] = " / ".join(
                sorted(zone_status.FAMILY_JOIN.join(sorted(f)) for f in families)
            )
        counts[memo[key]] += 1
    return counts


def _covers_by_id(zones: pd.DataFrame | None) -> dict[str, zone_status.Cover]:
    if zones is None or schema.ZONE_ID not in zones or schema.ZONE_KIND not in zones:
        return {}
    out = {}
    for row in zones.drop(columns=["geometry"], errors="ignore").to_dict("records"):
        claimants = tuple(schema.split_list(row.get(schema.ZONE_CLAIMANTS)))
        families = zone_status.parse_families(row.get(schema.ZONE_FAMILIES) or "", claimants)
        zid = str(row[schema.ZONE_ID])
        out[zid] = zone_status.Cover(
            zid,
            str(row[schema.ZONE_KIND]),
            str(row.get(schema.ZONE_NAME) or ""),
            claimants,
            families,
        )
    return out
