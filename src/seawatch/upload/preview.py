"""What the analyst is shown before anything is stored: a sample value per column, the
proposed mapping when roles were guessed, and what the commit will store.

Plain text, shared by the command line (printed) and the dashboard (shown as text): the
wording lives in one place.
"""

from __future__ import annotations

import geopandas as gpd

from seawatch import schema
from seawatch.io import RawTable

#: Characters of a sample value shown.
SAMPLE_CHARS = 40


def sample_values(table: RawTable) -> dict[str, str]:
    """The first non-empty value of every column (shortened), "" for empty columns."""
    samples: dict[str, str] = {}
    for column in table.columns:
        cells = table.frame[column].astype(str).str.strip()
        filled = cells[cells.ne("")]
        value = str(filled.iloc[0]) if len(filled) else ""
        samples[column] = value if len(value) <= SAMPLE_CHARS else value[: SAMPLE_CHARS - 1] + "…"
    return samples


def column_roles(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Column -> the field it feeds ("date: month" for date parts).

    Examples
    --------
    >>> column_roles({"date": ("Y", "M", "D"), "latitude": ("5",)})
    {'Y': 'date: year', 'M': 'date: month', 'D': 'date: day', '5': 'latitude'}
    """
    roles: dict[str, str] = {}
    for field_name, columns in mapping.items():
        if field_name == schema.DATE and len(columns) > 1:
            for part, column in zip(("year", "month", "day"), columns, strict=False):
                roles[column] = f"date: {part}"
        else:
            for column in columns:
                roles.setdefault(column, field_name)
    return roles


def proposal_rows(
    table: RawTable, mapping: dict[str, tuple[str, ...]], guessed: dict[str, float]
) -> list[dict[str, str]]:
    """Per column: its name, a sample value, the field it feeds and how that was decided."""
    roles = column_roles(mapping)
    fields = {c: f for f, cols in mapping.items() for c in cols}
    rows = []
    for column, sample in sample_values(table).items():
        role = roles.get(column)
        if role is None:
            how = ""
        elif fields[column] in guessed:
            how = f"guessed, confidence {guessed[fields[column]]:.2f}"
        else:
            how = "by name"
        rows.append({"column": column, "sample": sample, "field": role or "(not used)", "how": how})
    return rows


def proposal_lines(
    table: RawTable, mapping: dict[str, tuple[str, ...]], guessed: dict[str, float]
) -> list[str]:
    """One line per column: its sample value and the field it is proposed for.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> t = RawTable("f", "csv", pd.DataFrame({"column 1": ["2019"], "column 2": ["3"]}),
    ...              np.array([1]), False, "", 0)
    >>> for line in proposal_lines(t, {"date": ("column 1", "column 2")}, {"date": 0.75}):
    ...     print(line)
      column 1  '2019'  -> date: year (guessed, confidence 0.75)
      column 2  '3'  -> date: month (guessed, confidence 0.75)
    """
    lines = []
    for row in proposal_rows(table, mapping, guessed):
        how = f" ({row['how']})" if row["how"] and row["how"] != "by name" else ""
        lines.append(f"  {row['column']}  {row['sample']!r}  -> {row['field']}{how}")
    return lines


def commit_summary(accepted: gpd.GeoDataFrame, guessed: dict[str, float], outside: int = 0) -> str:
    """What a commit will store, in words: rows, missing descriptions, guessed roles.

    Parameters
    ----------
    accepted
        The rows that will be stored (after any clipping to the region).
    guessed
        Fields whose columns were guessed from the values.
    outside
        Rows among `accepted` that lie outside the region.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = gpd.GeoDataFrame({"description": ["", "", "x"], "incident_type": ["other"] * 3})
    >>> commit_summary(rows, {"latitude": 0.9, "longitude": 0.9, "date": 0.6})
    '3 rows, 2 without a description, 3 typed other, positions and date guessed'
    """
    n = len(accepted)
    parts = [f"{n:,} row{'s' if n != 1 else ''}"]
    if n and schema.DESCRIPTION in accepted:
        empty = int(accepted[schema.DESCRIPTION].fillna("").astype(str).str.strip().eq("").sum())
        if empty:
            parts.append(f"{empty:,} without a description")
    if n and schema.INCIDENT_TYPE in accepted:
        other = int(accepted[schema.INCIDENT_TYPE].eq("other").sum())
        if other:
            parts.append(f"{other:,} typed other")
    if outside:
        parts.append(f"{outside:,} outside the region")
    if guessed:
        names = []
        for field_name in guessed:
            label = (
                "positions"
                if field_name in (schema.LATITUDE, schema.LONGITUDE, "position")
                else field_name.replace("_", " ")
            )
            if label not in names:
                names.append(label)
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(listed + " guessed")
    return ", ".join(parts)
