"""The Upload tab when the store refuses a write (issue 18.7): a message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch import store
from seawatch.errors import StoreError

REPO = Path(__file__).resolve().parents[2]
#: Three valid rows (see tests/data/upload/README.md).
FILE = REPO / "tests" / "data" / "upload" / "bom_semicolon.csv"


def test_undo_on_a_read_only_store_shows_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    store.import_incidents(store.current_incidents()[0].iloc[:0], FILE.name, "a" * 64)

    def read_only(batch_id: int, path: object = None, user: str | None = None) -> int:
        raise StoreError(f"the store at {str(tmp_path)!r} is read-only: the file is not writable")

    monkeypatch.setattr(store, "undo", read_only)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=180)
    at.session_state["view_tab"] = "Upload"
    at.run()
    at.button(key="upload_undo").click().run()
    assert not at.exception
    assert any("read\\-only" in e.value and "not writable" in e.value for e in at.error)
