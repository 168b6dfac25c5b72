"""The Upload tab when the store refuses a write (issue 18.7): a message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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
    batch = at.selectbox(key="upload_undo_batch").value
    at.checkbox(key=f"upload_undo_sure_{batch}").check().run()
    at.button(key="upload_undo").click().run()
    assert not at.exception
    assert any("read\\-only" in e.value and "not writable" in e.value for e in at.error)


def test_undo_says_what_it_removes_and_waits_for_confirmation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16.3: the Upload tab names the batch and the incidents an undo removes; the button
    does nothing until the analyst confirms. The upload: three seed rows moved to new ids, days
    and places (so none is a duplicate of the seed)."""
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    seed = store.current_incidents()[0]
    upload = seed.iloc[:3].copy()
    upload["incident_id"] = ["U-1", "U-2", "U-3"]
    upload["date"] = pd.to_datetime(["2030-01-01", "2030-01-02", "2030-01-03"])
    upload["latitude"] = [5.0, 6.0, 7.0]
    upload["description"] = ["first upload row", "second upload row", "third upload row"]
    result = store.import_incidents(upload, "three_[x](http://evil).csv", "c" * 64)
    assert result.added == 3
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=180)
    at.session_state["view_tab"] = "Upload"
    at.run()
    warning = " ".join(w.value for w in at.warning)
    # the file name is shown as typed (markdown escaped), never as a link
    assert f"Undoing batch {result.batch_id} (three\\_\\[x\\]\\(http\\://evil\\)\\.csv" in warning
    assert "removes 3 incident(s)" in warning
    assert at.button(key="upload_undo").disabled
    at.checkbox(key=f"upload_undo_sure_{result.batch_id}").check().run()
    assert not at.button(key="upload_undo").disabled
    at.button(key="upload_undo").click().run()
    assert not at.exception
    assert store.current_incidents()[0]["incident_id"].tolist() == seed["incident_id"].tolist()
