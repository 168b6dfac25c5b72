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
