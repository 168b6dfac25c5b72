"""One filter object shared by the dashboard, its URL state, the CLI and the exports.

`IncidentFilter` is a frozen dataclass; `apply_filter` narrows an incident frame with it;
`IncidentFilter.from_query_params` / `to_query_params` translate it to and from URL parameters
(the same names as the CLI options) and `from_cli` from parsed command-line options.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from seawatch import schema, sea_areas
from seawatch.areas import DrawnArea
from seawatch.errors import FilterError
from seawatch.presentation import country_label, type_label
from seawatch.search import SearchQuery, any_code_mask, parse_query, search_mask

#: URL parameter / CLI option names, in the order they appear in a URL.
PARAM_NAMES = (
    "country",
    "claimant",
    "type",
    "precision",
    "sea_area",
    "since",
    "until",
    "disputed_only",
    "q",
    "area",
)


@dataclass(frozen=True)
class IncidentFilter:
    """What an analyst has chosen to look at. Empty selections mean "no restriction".

    Parameters
    ----------
    countries
        Keep incidents involving any of these ISO3 codes.
    claimants
        Keep incidents in waters claimed by any of these ISO3 codes (needs the join's `claimants`).
    since, until
        Keep incidents whose period (date to end_date) overlaps ``[since, until]`` (inclusive).
    types
        Keep incidents of these `incident_type` values.
    disputed_only
        Keep only incidents in areas claimed by two or more states (needs the join's `disputed`).
    precisions
        Keep incidents with these `location_precision` values.
    search
        A query for `seawatch.search`: words (any case, punctuation or word form) and
        ``"quoted phrases"`` of the description or location name, and ``type:``,
        ``country:`` and ``place:`` fields.
    sea_areas
        Keep incidents in these IHO S-23 sea areas (`seawatch.sea_areas.SEA_AREAS`), read from
        the frame's ``sea_area`` column or computed from its coordinates.
    area
        Keep incidents inside this drawn polygon or geodesic circle (`seawatch.areas`), its
        edge included.
    """

    countries: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    types: tuple[str, ...] = ()
    disputed_only: bool = False
    precisions: tuple[str, ...] = ()
    search: str = ""
    sea_areas: tuple[str, ...] = ()
    area: DrawnArea | None = None

    def __post_init__(self) -> None:
        for name in ("countries", "claimants", "types", "precisions", "sea_areas"):
            value = getattr(self, name)
            if isinstance(value, str):  # one code given as a string, not a tuple of codes
                value = (value,)
            object.__setattr__(self, name, tuple(sorted(set(value))))
        object.__setattr__(self, "search", (self.search or "").strip())
        _check(self)
        parse_query(self.search)  # a bad field value (type:laser) is refused here

    @property
    def query(self) -> SearchQuery:
        """The parsed `search` (`seawatch.search.parse_query`)."""
        return parse_query(self.search)

    @property
    def is_empty(self) -> bool:
        """True when the filter keeps every incident."""
        return self == IncidentFilter()

    def with_changes(self, **changes: Any) -> IncidentFilter:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def describe(self) -> list[str]:
        """The active restrictions in plain words, for captions of exports and reports.

        Examples
        --------
        >>> IncidentFilter(countries=("PHL",), disputed_only=True).describe()
        ['countries involved: Philippines (PHL)', 'disputed areas only']
        """
        parts = []
        if self.countries:
            parts.append("countries involved: " + ", ".join(map(country_label, self.countries)))
        if self.claimants:
            parts.append("in waters claimed by: " + ", ".join(map(country_label, self.claimants)))
        if self.since or self.until:
            parts.append(f"dates: {self.since or '…'} to {self.until or '…'}")
        if self.types:
            parts.append("types: " + ", ".join(map(type_label, self.types)))
        if self.disputed_only:
            parts.append("disputed areas only")
        if self.precisions:
            parts.append("location precision: " + ", ".join(self.precisions))
        if self.sea_areas:
            parts.append("sea areas: " + ", ".join(self.sea_areas))
        if self.search:
            parts.append(f"text: {self.search!r}")
        if self.area is not None:
            parts.append(f"drawn area: {self.area.describe()}")
        return parts

    # --- URL state ---------------------------------------------------------------------------

    def to_query_params(self) -> dict[str, str]:
        """URL parameters for this filter; multi-valued fields are comma-separated.

        Examples
        --------
        >>> IncidentFilter(countries=("VNM", "CHN"), since=dt.date(2023, 1, 1)).to_query_params()
        {'country': 'CHN,VNM', 'since': '2023-01-01'}
        """
        params: dict[str, str] = {}
        for name, value in (
            ("country", self.countries),
            ("claimant", self.claimants),
            ("type", self.types),
            ("precision", self.precisions),
            ("sea_area", self.sea_areas),
        ):
            if value:
                params[name] = ",".join(value)
        if self.since:
            params["since"] = self.since.isoformat()
        if self.until:
            params["until"] = self.until.isoformat()
        if self.disputed_only:
            params["disputed_only"] = "true"
        if self.search:
            params["q"] = self.search
        if self.area is not None:
            params["area"] = self.area.to_param()
        return params

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | Sequence[str]]
    ) -> tuple[IncidentFilter, list[str]]:
        """Read a filter from URL parameters; invalid values are dropped and reported.

        Returns the filter and a list of notices, one per ignored value, naming the parameter
        and the value.

        Examples
        --------
        >>> f, notices = IncidentFilter.from_query_params({"country": "PHL,XXX", "since": "2024"})
        >>> f.countries
        ('PHL',)
        >>> notices
        ["Ignored country='XXX': not a known ISO 3166-1 alpha-3 code", "Ignored since='2024': not an ISO date (YYYY-MM-DD)"]
        """  # noqa: E501
        notices: list[str] = []
        kwargs: dict[str, Any] = {}
        for key in params:
            if key not in PARAM_NAMES:
                notices.append(f"Ignored unknown parameter {key!r}")
        for key, attr, allowed, what in (
            ("country", "countries", schema.ISO3_CODES, "not a known ISO 3166-1 alpha-3 code"),
            ("claimant", "claimants", schema.ISO3_CODES, "not a known ISO 3166-1 alpha-3 code"),
            ("type", "types", frozenset(schema.INCIDENT_TYPES), "not an incident type"),
            ("precision", "precisions", frozenset(schema.PRECISIONS), "not a location precision"),
            ("sea_area", "sea_areas", frozenset(sea_areas.SEA_AREAS), "not an IHO sea area"),
        ):
            good = []
            for item in _param_values(params.get(key)):
                value = _normalise(attr, item)
                if value in allowed:
                    good.append(value)
                else:
                    notices.append(f"Ignored {key}={item!r}: {what}")
            kwargs[attr] = tuple(good)
        for key in ("since", "until"):
            for item in _param_values(params.get(key))[:1]:
                try:
                    kwargs[key] = dt.date.fromisoformat(item)
                except ValueError:
                    notices.append(f"Ignored {key}={item!r}: not an ISO date (YYYY-MM-DD)")
        for item in _param_values(params.get("disputed_only"))[:1]:
            if item.lower() in ("true", "1", "yes"):
                kwargs["disputed_only"] = True
            elif item.lower() not in ("false", "0", "no"):
                notices.append(f"Ignored disputed_only={item!r}: use true or false")
        q = _param_values(params.get("q"), split=False)
        if q:
            try:
                kwargs["search"] = parse_query(q[0]).text
            except FilterError as exc:
                notices.append(f"Ignored q={q[0]!r}: {exc}")
        for item in _param_values(params.get("area"), split=False)[:1]:
            try:
                kwargs["area"] = DrawnArea.parse(item)
            except FilterError as exc:
                notices.append(f"Ignored area: {exc}")
        if kwargs.get("since") and kwargs.get("until") and kwargs["since"] > kwargs["until"]:
            notices.append(
                f"Ignored until={kwargs['until'].isoformat()!r}: it is before since="
                f"{kwargs['since'].isoformat()!r}"
            )
            del kwargs["until"]
        return cls(**kwargs), notices

    @classmethod
    def from_cli(
        cls,
        *,
        country: Iterable[str] | None = None,
        claimant: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        type: Iterable[str] | None = None,  # noqa: A002 - the CLI option's name
        disputed_only: bool = False,
        precision: Iterable[str] | None = None,
        search: str | None = None,
        area: str | None = None,
    ) -> IncidentFilter:
        """Build a filter from CLI options; raises `FilterError` naming the bad option."""

        def parse_date(option: str, value: str | None) -> dt.date | None:
            if not value:
                return None
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise FilterError(f"--{option} {value!r} is not an ISO date (YYYY-MM-DD)") from None

        def split(values: Iterable[str] | None, upper: bool) -> tuple[str, ...]:
            out: list[str] = []
            for v in values or ():
                out += [p.strip().upper() if upper else p.strip().lower() for p in v.split(",")]
            return tuple(p for p in out if p)

        return cls(
            countries=split(country, True),
            claimants=split(claimant, True),
            since=parse_date("since", since),
            until=parse_date("until", until),
            types=split(type, False),
            disputed_only=disputed_only,
            precisions=split(precision, False),
            search=search or "",
            area=DrawnArea.parse(area) if area else None,
        )


def _normalise(attr: str, item: str) -> str:
    """A URL value in the spelling the filter stores (codes upper, names as in SEA_AREAS)."""
    if attr in ("countries", "claimants"):
        return item.upper()
    if attr == "sea_areas":
        return _SEA_AREA_NAMES.get(item.casefold(), item)
    return item.lower()


_SEA_AREA_NAMES = {name.casefold(): name for name in sea_areas.SEA_AREAS}


def _param_values(raw: str | Sequence[str] | None, split: bool = True) -> list[str]:
    """URL values as a flat list: repeated parameters and comma-separated lists both work."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    out: list[str] = []
    for item in items:
        parts = item.split(",") if split else [item]
        out += [p.strip() for p in parts if p.strip()]
    return out


def _check(f: IncidentFilter) -> None:
    """Raise FilterError naming the field (and its CLI/URL name) and the value not allowed."""
    for name, option, allowed, what in (
        ("countries", "country", schema.ISO3_CODES, "ISO 3166-1 alpha-3 codes"),
        ("claimants", "claimant", schema.ISO3_CODES, "ISO 3166-1 alpha-3 codes"),
        ("types", "type", schema.INCIDENT_TYPES, "incident types"),
        ("precisions", "precision", schema.PRECISIONS, "location precisions"),
        ("sea_areas", "sea_area", sea_areas.SEA_AREAS, "IHO sea areas"),
    ):
        bad = [v for v in getattr(f, name) if v not in allowed]
        if bad:
            raise FilterError(
                f"{name}={bad!r} (--{option}) not allowed; expected {what} from "
                f"{', '.join(sorted(allowed))}"
            )
    if f.since and f.until and f.since > f.until:
        raise FilterError(f"since={f.since.isoformat()!r} is after until={f.until.isoformat()!r}")


#: The fields of `IncidentFilter` a store can evaluate on its own columns (SQL pushdown, see
#: `seawatch.store.matching_incidents`); the others need the zones or text search in memory.
STORE_FIELDS = ("countries", "since", "until", "types", "precisions")


def split_for_store(f: IncidentFilter) -> tuple[IncidentFilter, IncidentFilter]:
    """`f` as (what the store evaluates, what `apply_filter` does after it).

    ``apply_filter(store_rows, rest)`` equals ``apply_filter(all_rows, f)`` when `store_rows`
    are the rows `store_part` keeps (in their stored order).

    Examples
    --------
    >>> store_part, rest = split_for_store(IncidentFilter(countries=("PHL",), search="reef"))
    >>> store_part.countries, store_part.search, rest.countries, rest.search
    (('PHL',), '', (), 'reef')
    """
    pushed = {name: getattr(f, name) for name in STORE_FIELDS}
    rest = replace(f, **{name: getattr(IncidentFilter(), name) for name in STORE_FIELDS})
    return IncidentFilter(**pushed), rest


def filter_mask(incidents: pd.DataFrame, f: IncidentFilter) -> np.ndarray:
    """Boolean mask of the rows of `incidents` that `f` keeps."""
    n = len(incidents)
    mask = np.ones(n, dtype=bool)
    if n == 0:
        return mask
    if f.countries:
        mask &= any_code_mask(incidents[schema.COUNTRIES], f.countries)
    if f.claimants:
        _require(incidents, schema.JOIN_CLAIMANTS, "claimants")
        mask &= any_code_mask(incidents[schema.JOIN_CLAIMANTS], f.claimants)
    if f.since or f.until:
        start = pd.to_datetime(incidents[schema.DATE])
        end = start
        if schema.END_DATE in incidents:
            end = pd.to_datetime(incidents[schema.END_DATE]).fillna(start)
        if f.since:
            mask &= (end >= pd.Timestamp(f.since)).to_numpy(dtype=bool)
        if f.until:
            mask &= (start <= pd.Timestamp(f.until)).to_numpy(dtype=bool)
    if f.types:
        mask &= incidents[schema.INCIDENT_TYPE].isin(f.types).to_numpy(dtype=bool)
    if f.disputed_only:
        _require(incidents, schema.JOIN_DISPUTED, "disputed_only")
        mask &= incidents[schema.JOIN_DISPUTED].fillna(False).to_numpy(dtype=bool)
    if f.precisions:
        _require(incidents, schema.LOCATION_PRECISION, "precision", joined=False)
        mask &= incidents[schema.LOCATION_PRECISION].isin(f.precisions).to_numpy(dtype=bool)
    if f.sea_areas:
        mask &= np.isin(_sea_area_column(incidents), f.sea_areas)
    if f.search:
        mask &= search_mask(incidents, f.query)
    if f.area is not None:
        for column in (schema.LATITUDE, schema.LONGITUDE):
            _require(incidents, column, "area", joined=False)
        lon = pd.to_numeric(incidents[schema.LONGITUDE], errors="coerce").to_numpy(dtype=float)
        lat = pd.to_numeric(incidents[schema.LATITUDE], errors="coerce").to_numpy(dtype=float)
        mask &= f.area.contains(lon, lat)
    return mask


def apply_filter(incidents: pd.DataFrame, f: IncidentFilter) -> pd.DataFrame:
    """The rows of `incidents` that `f` keeps, in their original order.

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [["CHN", "PHL"], ["VNM"]], "incident_type": ["water_cannon", "other"],
    ...                    "date": ["2024-03-05", "2014-05-02"], "description": ["a", "b"]})
    >>> apply_filter(df, IncidentFilter(countries=("PHL",))).index.tolist()
    [0]
    """  # noqa: E501
    return incidents[filter_mask(incidents, f)]


def _sea_area_column(incidents: pd.DataFrame) -> np.ndarray:
    """The frame's ``sea_area`` column, or the areas computed from its coordinates."""
    if sea_areas.SEA_AREA_COLUMN in incidents:
        return incidents[sea_areas.SEA_AREA_COLUMN].fillna("").astype(str).to_numpy()
    for column in (schema.LATITUDE, schema.LONGITUDE):
        _require(incidents, column, "sea_area", joined=False)
    lat = pd.to_numeric(incidents[schema.LATITUDE], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(incidents[schema.LONGITUDE], errors="coerce").to_numpy(dtype=float)
    return sea_areas.sea_area_of(lat, lon).astype(str)


def _require(incidents: pd.DataFrame, column: str, option: str, joined: bool = True) -> None:
    if column not in incidents:
        hint = ": run seawatch.join() on the incidents first" if joined else ""
        raise FilterError(f"the {option!r} filter needs the column {column!r}{hint}")
