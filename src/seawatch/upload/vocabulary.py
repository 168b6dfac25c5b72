"""The vocabulary tables of the upload: country codes and names, per-source incident types and
location precisions, read from the CSV files in ``seawatch/upload/vocabularies/``.

The tables are data (each row names its source); this module only reads and applies them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

_PACKAGE = "seawatch.upload"


def table_rows(name: str) -> list[dict[str, str]]:
    """The rows of one vocabulary file (``countries.csv``, ``types.csv``, ``precision.csv``)."""
    text = resources.files(_PACKAGE).joinpath("vocabularies", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# --- countries -------------------------------------------------------------------------------


@cache
def _country_lookup() -> dict[str, str]:
    """Case-folded ISO3, ISO2, English name and aliases -> ISO3."""
    lookup: dict[str, str] = {}
    for row in table_rows("countries.csv"):
        code = row["iso3"]
        names = [code, row["iso2"], row["name"], *row["aliases"].split(";")]
        for name in filter(None, (n.strip() for n in names)):
            lookup.setdefault(name.casefold(), code)
    return lookup


def country_code(name: str) -> str | None:
    """The ISO3 code of one country given by ISO3, ISO2, English name or a common alias.

    Examples
    --------
    >>> country_code("CN"), country_code("vnm"), country_code("Viet Nam"), country_code("XX")
    ('CHN', 'VNM', 'VNM', None)
    """
    return _country_lookup().get(name.strip().casefold())


@cache
def _names_in_text() -> re.Pattern[str]:
    names = sorted(
        (n for n in _country_lookup() if len(n) > 3), key=lambda n: (-len(n), n)
    )  # names only: two- and three-letter codes are too likely inside words
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)


def countries_in_text(text: str) -> list[str]:
    """ISO3 codes of the country names written inside free text, in order, without repeats.

    Used for actor columns such as ACLED's ``actor1`` ("Military Forces of China (2013-)").

    Examples
    --------
    >>> countries_in_text("Military Forces of China (2013-) Coast Guard")
    ['CHN']
    >>> countries_in_text("Fishers (Vietnam); Police Forces of Viet Nam")
    ['VNM']
    """
    found: list[str] = []
    for match in _names_in_text().finditer(text):
        code = _country_lookup()[match.group(1).casefold()]
        if code not in found:
            found.append(code)
    return found


# --- incident types and precisions -----------------------------------------------------------


@dataclass(frozen=True)
class TypeRule:
    """One row of ``types.csv``: a source value (exact or substring) -> an incident type."""

    value: str
    match: str
    incident_type: str
    source: str

    def matches(self, folded: str) -> bool:
        return folded == self.value if self.match == "exact" else self.value in folded


@cache
def type_rules(vocabulary: str) -> tuple[TypeRule, ...]:
    """The rules of one source vocabulary, in file order (the first match wins)."""
    rules = tuple(
        TypeRule(r["value"].casefold(), r["match"], r["incident_type"], r["source"])
        for r in table_rows("types.csv")
        if r["vocabulary"] == vocabulary
    )
    if not rules:
        raise KeyError(f"no incident type vocabulary {vocabulary!r} in types.csv")
    return rules


def vocabularies() -> list[str]:
    """The names of the incident type vocabularies, in file order."""
    return list(dict.fromkeys(r["vocabulary"] for r in table_rows("types.csv")))


def map_types(cells: pd.Series, vocabulary: str) -> pd.Series:
    """Incident type per cell through a source vocabulary (NaN when no rule matches).

    Examples
    --------
    >>> map_types(pd.Series(["Boarded", "Fired Upon", "NA", ""]), "crime_at_sea").tolist()
    ['piracy_armed_robbery', 'piracy_armed_robbery', nan, nan]
    """
    rules = type_rules(vocabulary)
    lookup: dict[object, object] = {}
    for value in pd.unique(cells):
        folded = str(value).strip().casefold()
        hit = next((r.incident_type for r in rules if folded and r.matches(folded)), None)
        lookup[value] = hit if hit is not None else np.nan
    return cells.map(lookup)


@cache
def _precision_lookup(vocabulary: str) -> dict[str, str]:
    lookup = {
        r["value"].strip().casefold(): r["location_precision"]
        for r in table_rows("precision.csv")
        if r["vocabulary"] == vocabulary
    }
    if not lookup:
        raise KeyError(f"no precision vocabulary {vocabulary!r} in precision.csv")
    return lookup


def map_precision(cells: pd.Series, vocabulary: str) -> pd.Series:
    """``location_precision`` per cell through a source vocabulary (the cell when unknown).

    Numbers written as ``2.0`` count as ``2``; unknown values are returned unchanged so that
    validation reports them.

    Examples
    --------
    >>> map_precision(pd.Series(["1", "3.0", "9", ""]), "scsdi").tolist()
    ['exact', 'approximate', '9', '']
    """
    lookup = _precision_lookup(vocabulary)

    def one(value: str) -> str:
        key = re.sub(r"\.0+$", "", str(value).strip()).casefold()
        return lookup.get(key, value)

    return cells.map({v: one(v) for v in pd.unique(cells)})
