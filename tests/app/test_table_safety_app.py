"""What the dashboard's tables hand to Streamlit: safe for their own "Download as CSV" toolbar.

Streamlit's table toolbar downloads the cells exactly as sent to the browser, outside
seawatch's CSV writer; so every table the page draws must already carry the formula guard
(issue 18.2), and long descriptions are cut in the cells (issue 18.5).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from seawatch import store
from seawatch.io import Limits, read_table
from seawatch.text import FORMULA_START
from seawatch.ui.panels import TABLE_TEXT_CHARS
from seawatch.validation import validate

REPO = Path(__file__).resolve().parents[2]
FORMULAS = REPO / "tests" / "data" / "upload" / "formula_everywhere.csv"
TIMEOUT = 180


def _import(path: Path, description: str | None = None) -> None:
    table = read_table(path)
    if description is not None:
        table.frame["description"] = description
    # a raised description limit: the table cuts whatever the store holds
    accepted, report = validate(table, land=False, limits=Limits(max_description_chars=50_000))
    assert report.rejected == 0
    store.import_incidents(accepted, table.name, table.sha256)


def _formula_cells(frame: pd.DataFrame) -> list[str]:
    return [
        str(v)
        for col in frame.columns
        for v in frame[col]
        if isinstance(v, str) and v.startswith(FORMULA_START)
    ]


def _page(tab: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    at.session_state["view_tab"] = tab
    return at.run()


def test_incident_table_cells_carry_no_formula(env: Path) -> None:
    _import(FORMULAS)
    at = _page("Timeline & table")
    assert not at.exception
    table = at.dataframe[0].value
    ours = table[table["description"].isin(["'=cmd|' /C notepad'!A1", "'-1+1"])]
    assert len(ours) == 2
    assert _formula_cells(table) == []
    assert '\'=HYPERLINK("http://evil.example/","click")' in table["id"].tolist()
    assert "'@SUM(1+1)" in table["location"].tolist()
    assert {"'+cmd", "'@SUM(A1:A9)"} <= set(table["source (text)"].dropna())


def test_upload_tab_tables_carry_no_formula(env: Path) -> None:
    at = _page("Upload")
    data = FORMULAS.read_bytes()
    at.file_uploader(key="seawatch_upload_file").set_value((FORMULAS.name, data, "text/csv"))
    at.run()
    assert not at.exception
    assert len(at.dataframe) >= 2  # the preview and the batches
    for frame in at.dataframe:
        assert _formula_cells(pd.DataFrame(frame.value)) == []


def test_long_descriptions_are_cut_in_the_table(env: Path) -> None:
    long = "Boarding reported. " * 1000  # 19,000 characters
    _import(FORMULAS, description=long.strip())
    at = _page("Timeline & table")
    table = at.dataframe[0].value
    ours = table[table["description"].str.startswith("Boarding reported.")]
    assert len(ours) == 3
    assert ours["description"].str.len().max() <= TABLE_TEXT_CHARS
    assert ours["description"].str.endswith("…").all()
