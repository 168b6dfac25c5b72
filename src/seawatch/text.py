"""Safety of text cells wherever they leave seawatch: spreadsheets, XML/HTML, display.

One place for each guard, imported by every writer (the CSV exports, the problem list, the
dashboard's tables, the KML and HTML writers, the map popups):

- `neutralise_formula` / `neutralise_frame`: the CSV formula guard (OWASP "CSV injection").
- `xml_safe` / `xml_forbidden`: characters XML 1.0 forbids (control characters, lone
  surrogates, U+FFFE, U+FFFF) are removed.
- `shorten`: unbounded text cut for display (map popups, table cells) with an ellipsis.
- `is_missing`: the one test of a cell with no value (None, NaN, ``pd.NA``, ``NaT``).

This module imports nothing of seawatch: the upload's validation (low in the import graph),
the exports and the dashboard all use it without an import cycle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")

#: Characters XML 1.0 does not allow in a document (section 2.2, production ``Char``): C0
#: controls other than tab, LF and CR; lone surrogates; the noncharacters U+FFFE and U+FFFF.
XML_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: The mark that ends a shortened text.
ELLIPSIS: Final = "…"


def is_missing(value: object) -> bool:
    """True for a cell with no value: None, NaN, ``pd.NA``, ``pd.NaT``, ``numpy.datetime64("NaT")``.

    An empty string is a value (writers that treat it as missing say so); a list is a value.

    Examples
    --------
    >>> import numpy as np
    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, pd.NaT, np.datetime64("NaT"))]
    [True, True, True, True, True]
    >>> [is_missing(v) for v in ("", 0, [], ["CHN"])]
    [False, False, False, False]
    """
    return bool(pd.api.types.is_scalar(value) and pd.isna(value))  # type: ignore[arg-type]


def neutralise_formula(value: object) -> object:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe.

    Text starting with ``= + - @``, a tab or a carriage return is a formula (or becomes one)
    in Excel, LibreOffice and Google Sheets; the apostrophe makes it show as typed. Other
    values (numbers, None, ordinary text) come back unchanged.

    Examples
    --------
    >>> neutralise_formula("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_formula("-1+1"), neutralise_formula("Water cannon"), neutralise_formula(-5)
    ("'-1+1", 'Water cannon', -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame, skip: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of `frame` whose text cells are passed through `neutralise_formula`.

    Only object and string columns are touched (numbers, dates and booleans are not
    formulas); columns named in `skip` are left as they are.

    Examples
    --------
    >>> frame = pd.DataFrame({"d": ["@SUM(A1)", "ok"], "lat": [-5.0, 9.7]})
    >>> neutralise_frame(frame).to_dict("list")
    {'d': ["'@SUM(A1)", 'ok'], 'lat': [-5.0, 9.7]}
    """
    out = frame.copy()
    skipped = set(skip)
    for col in out.columns:
        if col in skipped or not pd.api.types.is_string_dtype(out[col].dtype):
            continue
        out[col] = out[col].map(neutralise_formula)
    return out


def xml_forbidden(text: str) -> list[str]:
    """The characters of `text` that XML 1.0 forbids, as ``U+XXXX`` (each once, in order).

    Examples
    --------
    >>> xml_forbidden("a\\ufffeb\\x0bc\\ufffe"), xml_forbidden("Đà Nẵng")
    (['U+FFFE', 'U+000B'], [])
    """
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in XML_FORBIDDEN.findall(text))
    return list(found)


def xml_safe(value: object) -> object:
    """Text without the characters XML 1.0 forbids (other values unchanged).

    Every XML or HTML writer passes its text through this (KML, HTML map, popups): one such
    character makes a whole KML file unreadable.

    Examples
    --------
    >>> xml_safe("Scarborough\\ufffe Shoal\\x0c"), xml_safe(None)
    ('Scarborough Shoal', None)
    """
    if isinstance(value, str):
        return XML_FORBIDDEN.sub("", value)
    return value


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending with an ellipsis when cut.

    The cut falls on the last space of the kept part when there is one in its second half
    (no word cut in two).

    Examples
    --------
    >>> shorten("Water cannon used against a resupply boat", 20)
    'Water cannon used…'
    >>> shorten("short", 20)
    'short'
    """
    if len(text) <= limit:
        return text
    head = text[: max(limit - 1, 0)]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip() + ELLIPSIS
