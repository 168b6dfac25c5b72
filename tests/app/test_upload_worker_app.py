"""One analyst's upload cannot starve the others (issue 18.5): the Upload tab reads and checks
a file in the server-wide upload worker (`seawatch.upload.worker`), so while it waits there
another session's page runs to the end. The uploading page also hands its page turn on while it
waits (`seawatch.ui.turns`): with no limit on waiting for a turn, the other page would wait for
the upload otherwise.

Sessions are ``AppTest`` runs of dashboard.py in one process (one server). Another upload holds
the worker (a job that waits for an event the test sets); the analyst's file is
tests/data/upload/hostile_cells.csv (1 accepted, 2 suspect, 3 rejected rows).
"""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch.ui import turns
from seawatch.upload import worker

REPO = Path(__file__).resolve().parents[2]
FILE = REPO / "tests" / "data" / "upload" / "hostile_cells.csv"
TIMEOUT = 180


def _page(tab: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    at.session_state["view_tab"] = tab
    at.run()
    assert not at.exception
    return at


def test_another_session_runs_while_an_upload_waits_in_the_worker(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(turns.MAX_WAIT_ENV, "3600")  # no page goes ahead without its turn
    uploader = _page("Upload")
    uploader.file_uploader(key="seawatch_upload_file").set_value(
        (FILE.name, FILE.read_bytes(), "text/csv")
    )
    with multiprocessing.get_context("spawn").Manager() as manager:
        gate = manager.Event()
        ahead = worker.submit(gate.wait, TIMEOUT)  # another upload, being parsed
        running = threading.Thread(target=uploader.run)
        running.start()
        try:
            assert worker.wait_pending(2, timeout=TIMEOUT)  # the file is queued in the worker
            other = _page("Map")  # another analyst's page, meanwhile
            assert _in_view(other) > 0
            assert running.is_alive() and not ahead.future.done()
        finally:
            gate.set()
            running.join(TIMEOUT)
    assert not running.is_alive()
    assert not uploader.exception
    report = "\n".join(t.value for t in uploader.text)
    assert "accepted 1, suspect (kept with a warning) 2, rejected 3" in report


def _in_view(at: AppTest) -> int:
    metric = next(m for m in at.metric if m.label == "Incidents in view")
    return int(str(metric.value).replace(",", ""))
