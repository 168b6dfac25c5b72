"""Columns of an upload that the schema does not know, kept per row as JSON text.

An uploaded file often carries more than the schema holds (a vessel flag, an attack number,
a reporting centre). Those cells are not dropped: `extra_column` turns the unmapped columns of
each accepted row into one JSON object (``{"Flag": "PA", "Ref": "2024-117"}``; empty cells
left out, ``None`` when nothing is left), the store keeps it in its ``extra`` column, and
`expand_extra` turns it back into one column per key for the CSV and GeoPackage exports.
"""

from __future__ import annotations

import json
from collections.abc import Collection

import geopandas as gpd
import numpy as np
import pandas as pd

from seawatch import schema
from seawatch.columns import Mapping
from seawatch.io import RawTable
from seawatch.validation import REJECTED, ValidationReport

#: Prefix of an exported extra column whose name is already taken by a schema column.
CLASH_PREFIX = "extra: "


def extra_column(table: RawTable, mapping: Mapping, rows: np.ndarray) -> pd.Series:
    """The JSON text of the columns `mapping` does not use, for the rows `rows` of `table`.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({"date": ["2024-01-01", "2024-01-02"], "Flag": ["PA", ""],
    ...                       "Ref": ["7", "8"]})
    >>> table = RawTable("f.csv", "csv", frame, np.array([2, 3]), True, "0" * 64, 10)
    >>> extra_column(table, {"date": ("date",)}, np.array([0, 1])).tolist()
    ['{"Flag": "PA", "Ref": "7"}', '{"Ref": "8"}']
    """
    used = {column for columns in mapping.values() for column in columns}
    unknown = [c for c in table.columns if c not in used]
    if not unknown or not len(rows):
        return pd.Series([None] * len(rows), dtype=object)
    body = pd.Series("", index=pd.RangeIndex(len(rows)), dtype=object)
    for column in unknown:
        cells = pd.Series(table.frame[column].to_numpy(dtype=object)[rows]).fillna("").astype(str)
        filled = cells.str.strip().ne("")
        # json.dumps once per distinct value: uploads repeat values a lot
        encoded = cells[filled].map(
            {v: json.dumps(v, ensure_ascii=False) for v in cells[filled].unique()}
        )
        body[filled] = body[filled] + ", " + json.dumps(column, ensure_ascii=False) + ": " + encoded
    text = "{" + body.str.slice(2) + "}"
    return text.where(body.ne(""), None).astype(object)


def with_extra(accepted: gpd.GeoDataFrame, report: ValidationReport) -> gpd.GeoDataFrame:
    """The accepted rows of `seawatch.validation.validate` with their ``extra`` column."""
    rows = np.flatnonzero(report.status != REJECTED)
    extra = extra_column(report.table, report.mapping, rows)
    return accepted.assign(**{schema.EXTRA: extra.to_numpy(dtype=object)})


def expand_extra(extra: pd.Series, taken: Collection[str]) -> pd.DataFrame:
    """One text column per key of the JSON objects in `extra` (keys in order of appearance).

    A key that is already a column name (in `taken`) becomes ``extra: <key>``; rows without
    the key, or without extra, are missing (``None``). Cells that are not JSON objects are
    ignored.

    Examples
    --------
    >>> expand_extra(pd.Series(['{"Flag": "PA"}', None, '{"date": "x", "Flag": "VN"}']),
    ...              ["date"]).to_dict("list")
    {'Flag': ['PA', None, 'VN'], 'extra: date': [None, None, 'x']}
    """
    records: list[dict[str, object]] = []
    for value in extra.to_numpy(dtype=object):
        parsed: object = None
        if isinstance(value, str) and value:
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
        records.append(parsed if isinstance(parsed, dict) else {})
    keys = list(dict.fromkeys(k for record in records for k in record))
    out = pd.DataFrame(index=pd.RangeIndex(len(records)))
    for key in keys:
        name = f"{CLASH_PREFIX}{key}" if key in taken else key
        out[name] = pd.Series(
            [None if r.get(key) is None else str(r[key]) for r in records], dtype=object
        )
    return out
