"""Page runs take turns (`seawatch.ui.turns`): one at a time, first come first served, with a
limit on the wait and a way to hand the turn on before waiting outside the GIL.

Threads stand for sessions' page runs. Orders are made deterministic by waiting until the
turns report a run as queued (`Turns.waiting`) before starting the next; nothing is timed
except the `max_wait` limit itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from seawatch.errors import InputError
from seawatch.ui import turns
from seawatch.ui.turns import Turns

WAIT = 30.0  # seconds a test waits for a thread at most (a failure, never a pass)


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition never became true")
        time.sleep(0.002)


class _Run(threading.Thread):
    """A page run: takes its turn, notes whether it got it, runs until `finish` is set."""

    def __init__(self, gate: Turns, name: str, log: list[str], busy: list[int]) -> None:
        super().__init__(name=name, daemon=True)
        self.gate, self.log, self.busy = gate, log, busy
        self.finish = threading.Event()
        self.entered = threading.Event()
        self.had_turn: bool | None = None

    def run(self) -> None:
        with self.gate.turn() as had_turn:
            self.had_turn = had_turn
            self.busy.append(1)
            self.log.append(f"{self.name} in (with {len(self.busy)} running)")
            self.entered.set()
            self.finish.wait(WAIT)
            self.busy.pop()


def test_runs_take_turns_in_the_order_they_arrived() -> None:
    gate = Turns(max_wait=None)
    log: list[str] = []
    busy: list[int] = []
    first = _Run(gate, "a", log, busy)
    first.start()
    first.entered.wait(WAIT)
    waiting = []
    for i, name in enumerate(["b", "c", "d"], start=1):
        run = _Run(gate, name, log, busy)
        run.start()
        _until(lambda i=i: gate.waiting() == i)  # queued behind the others: arrival order known
        waiting.append(run)
    assert log == ["a in (with 1 running)"]  # the others wait while `a` runs
    for run in [first, *waiting]:
        run.finish.set()
        run.join(WAIT)
    assert log == [f"{n} in (with 1 running)" for n in "abcd"]
    assert all(r.had_turn for r in [first, *waiting])
    assert not gate.held() and gate.waiting() == 0


def test_a_run_that_waited_max_wait_goes_ahead_without_its_turn() -> None:
    gate = Turns(max_wait=0.05)
    log: list[str] = []
    busy: list[int] = []
    slow = _Run(gate, "slow", log, busy)  # e.g. a large export
    slow.start()
    slow.entered.wait(WAIT)
    late = _Run(gate, "late", log, busy)
    late.start()
    late.entered.wait(WAIT)  # entered although `slow` still runs
    assert late.had_turn is False and slow.is_alive()
    assert log == ["slow in (with 1 running)", "late in (with 2 running)"]
    assert gate.waiting() == 0  # it left the queue
    late.finish.set()
    late.join(WAIT)
    assert gate.held()  # finishing without a turn does not end `slow`'s turn
    slow.finish.set()
    slow.join(WAIT)
    assert not gate.held()


def test_give_up_hands_the_turn_to_the_next_run_at_once() -> None:
    gate = Turns(max_wait=None)
    log: list[str] = []
    busy: list[int] = []
    handed = threading.Event()
    carry_on = threading.Event()

    def uploader() -> None:
        with gate.turn() as had_turn:
            assert had_turn
            _until(lambda: gate.waiting() == 1)
            gate.give_up()  # about to wait for the upload worker
            handed.set()
            carry_on.wait(WAIT)  # still running, without a turn
            gate.give_up()  # a second give-up does nothing

    up = threading.Thread(target=uploader, daemon=True)
    up.start()
    _until(gate.held)
    other = _Run(gate, "other", log, busy)
    other.start()
    other.entered.wait(WAIT)  # got the turn while the uploader still runs
    assert handed.is_set() and up.is_alive() and other.had_turn is True
    carry_on.set()
    up.join(WAIT)
    assert gate.held()  # the uploader's end did not take the other's turn away
    third = _Run(gate, "third", log, busy)
    third.start()
    _until(lambda: gate.waiting() == 1)
    other.finish.set()
    third.entered.wait(WAIT)
    third.finish.set()
    for run in (other, third):
        run.join(WAIT)
    assert [line.split()[0] for line in log] == ["other", "third"]
    assert not gate.held() and gate.waiting() == 0


def test_an_error_in_a_run_ends_its_turn() -> None:
    gate = Turns(max_wait=None)
    with pytest.raises(RuntimeError, match="the page failed"), gate.turn():
        raise RuntimeError("the page failed")
    assert not gate.held()
    with gate.turn() as had_turn:  # the next run gets it without waiting
        assert had_turn


def test_a_run_that_holds_the_turn_keeps_it_when_it_asks_again() -> None:
    gate = Turns(max_wait=None)
    with gate.turn() as outer, gate.turn() as inner:
        assert outer and inner and gate.held()
    assert not gate.held()


def test_turns_off_never_wait() -> None:
    gate = Turns(max_wait=0)
    assert not gate.enabled
    with gate.turn() as a, gate.turn() as b:
        assert a is False and b is False
    assert not gate.held()


@pytest.mark.parametrize(("raw", "seconds"), [("", 2.0), ("0.5", 0.5), (" 10 ", 10.0), ("0", 0.0)])
def test_max_wait_setting(monkeypatch: pytest.MonkeyPatch, raw: str, seconds: float) -> None:
    monkeypatch.setenv(turns.MAX_WAIT_ENV, raw)
    assert turns.max_wait_setting() == seconds


@pytest.mark.parametrize("raw", ["lots", "-1", "nan", "inf", "2s"])
def test_an_unusable_max_wait_setting_is_named(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(turns.MAX_WAIT_ENV, raw)
    with pytest.raises(InputError, match=rf"SEAWATCH_TURN_WAIT='{raw}': not a usable number"):
        turns.max_wait_setting()
