"""The dashboard's page runs take turns in the server process (`seawatch.ui.turns`).

Sessions are ``AppTest`` runs of dashboard.py in one process. The test holds the process's
turn itself (as a long page run of another analyst would) and checks that a session's run waits
for it, then runs to the end once it is handed on.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch.ui import turns

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 180


def _page() -> AppTest:
    return AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)


def test_a_page_run_waits_for_its_turn(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(turns.MAX_WAIT_ENV, "3600")  # no run goes ahead without its turn here
    at = _page()
    at.run()  # the first run (cold caches) outside the measurement
    assert not at.exception
    with turns.PAGE_TURNS.turn() as had_turn:  # another analyst's run, holding the turn
        assert had_turn
        running = threading.Thread(target=at.run)
        running.start()
        deadline = time.monotonic() + TIMEOUT
        while turns.PAGE_TURNS.waiting() != 1:  # the page queued for its turn
            assert time.monotonic() < deadline, "the page never waited for its turn"
            assert running.is_alive(), "the page ran without waiting for its turn"
            time.sleep(0.01)
        assert running.is_alive()
    running.join(TIMEOUT)  # the turn was handed on: the page ran to the end
    assert not running.is_alive()
    assert not at.exception
    assert any(m.label == "Incidents in view" for m in at.metric)
    assert not turns.PAGE_TURNS.held()


def test_an_unusable_turn_setting_is_named_on_the_page(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(turns.MAX_WAIT_ENV, "lots")
    at = _page()
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(f"{turns.MAX_WAIT_ENV}='lots'" in w and "not a usable number" in w for w in warnings)
    assert any(m.label == "Incidents in view" for m in at.metric)  # the page works on


#: Two valid rows in the canonical schema (an analyst's own list).
ROWS = (
    b"incident_id,date,latitude,longitude,countries,incident_type,description,source\n"
    b"TURN-1,2024-03-05,9.7,115.5,CHN;PHL,water_cannon,Test row one,https://example.org/1\n"
    b"TURN-2,2024-03-06,9.8,115.6,CHN;PHL,collision,Test row two,https://example.org/2\n"
)


def test_a_commit_hands_its_turn_on_while_its_transaction_runs(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(turns.MAX_WAIT_ENV, "3600")  # no run goes ahead without its turn here
    from seawatch import auth

    real_import = auth.import_as
    in_transaction, release = threading.Event(), threading.Event()

    def slow_import(*args: object, **kwargs: object) -> object:
        in_transaction.set()
        assert release.wait(TIMEOUT)  # a large file's transaction, still running
        return real_import(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(auth, "import_as", slow_import)
    uploader = _page()
    uploader.session_state["view_tab"] = "Upload"
    uploader.run()
    uploader.file_uploader(key="seawatch_upload_file").set_value(("mine.csv", ROWS, "text/csv"))
    uploader.run()
    uploader.text_input(key="upload_user").input("ana").run()
    uploader.button(key="upload_commit").click()
    committing = threading.Thread(target=uploader.run)
    committing.start()
    try:
        assert in_transaction.wait(TIMEOUT)
        # the committing run no longer holds the turn: another analyst's run gets it at once
        # (a second AppTest run here would tear Streamlit's test runtime down under the first)
        assert committing.is_alive() and not turns.PAGE_TURNS.held()
        with turns.PAGE_TURNS.turn() as had_turn:
            assert had_turn
    finally:
        release.set()
        committing.join(TIMEOUT)
    assert not committing.is_alive()
    assert not uploader.exception
    assert any("added 2 incident(s)" in s.value for s in uploader.success)
