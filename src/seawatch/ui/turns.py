"""Page runs take turns: one at a time per server process, in the order they arrived.

Streamlit runs each session's script in its own thread, and a page run is almost all Python work
under the one GIL. When several analysts rerun at once (eight filter changes in the same second),
interleaved threads share the GIL by time slices, so every run ends at about the time the last
one does: with eight runs of 30 ms each, all eight wait ~0.2 s. Taking turns in arrival order
does the same work with no one waiting longer and most waiting less (the first after 30 ms,
the median after ~4 runs instead of 8); several server processes (`docs/deploy.md`) then add
what this one GIL cannot: a core each.

A turn is not a lock held at any cost:

- a run that has waited `max_wait` seconds goes ahead without its turn (a slow run — a large
  export, a cold store read — delays others by at most that, then they share the GIL as before);
- a run about to wait for something outside the GIL (the upload worker, a database) gives its
  turn to the next run and finishes without one (`Turns.give_up`).

Only `dashboard.py` takes turns (`page_turn`); plain code never needs to know.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from seawatch.errors import InputError

#: Seconds a page run waits for its turn before it goes ahead anyway.
DEFAULT_MAX_WAIT = 2.0
#: The environment variable that changes `DEFAULT_MAX_WAIT` (``0``: runs never take turns).
MAX_WAIT_ENV = "SEAWATCH_TURN_WAIT"


class Turns:
    """A first-come, first-served turn for page runs (see the module's text).

    `max_wait`: seconds a run waits before going ahead without its turn (None: no limit;
    0 or less: runs never wait, the turns are off).
    """

    def __init__(self, max_wait: float | None = DEFAULT_MAX_WAIT) -> None:
        self.max_wait = max_wait
        self._lock = threading.Lock()
        self._held = False
        self._queue: deque[threading.Event] = deque()  # the waiting runs, in arrival order
        self._mine = threading.local()  # whether this thread holds the turn

    @property
    def enabled(self) -> bool:
        return self.max_wait is None or self.max_wait > 0

    def waiting(self) -> int:
        """How many runs wait for their turn now."""
        with self._lock:
            return len(self._queue)

    def held(self) -> bool:
        """Whether some run has its turn now."""
        with self._lock:
            return self._held

    def _holding(self) -> bool:
        return bool(getattr(self._mine, "holding", False))

    def _acquire(self) -> bool:
        """Wait for the turn; True when it was given, False when `max_wait` ran out first."""
        with self._lock:
            if not self._held and not self._queue:
                self._held = True
                return True
            ticket = threading.Event()
            self._queue.append(ticket)
        if ticket.wait(self.max_wait):
            return True
        with self._lock:
            if ticket.is_set():  # handed over just as the wait ran out
                return True
            self._queue.remove(ticket)
            return False

    def _release(self) -> None:
        with self._lock:
            if self._queue:
                self._queue.popleft().set()  # the turn passes straight to the longest waiting
            else:
                self._held = False

    @contextmanager
    def turn(self) -> Iterator[bool]:
        """Run the block in this thread's turn; yields whether the turn was given (False: the
        wait ran out, or turns are off). A thread that holds the turn already keeps it."""
        if not self.enabled or self._holding():
            yield self._holding()
            return
        self._mine.holding = self._acquire()
        try:
            yield self._mine.holding
        finally:
            if self._mine.holding:
                self._mine.holding = False
                self._release()

    def give_up(self) -> None:
        """The calling run gives its turn to the next (it is about to wait outside the GIL: the
        upload worker, a database) and finishes without one. Does nothing in a thread that does
        not hold the turn.

        It does not queue again: a run that did would wait behind the others while it may hold
        what they need next (a shared cache entry it is building).
        """
        if self._holding():
            self._mine.holding = False
            self._release()


def max_wait_setting() -> float:
    """`DEFAULT_MAX_WAIT`, or the seconds in ``$SEAWATCH_TURN_WAIT``.

    Raises `InputError` naming the variable and its value when that is not a number >= 0.
    """
    raw = os.environ.get(MAX_WAIT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_WAIT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):  # also NaN
        raise InputError(
            f"{MAX_WAIT_ENV}={raw!r}: not a usable number of seconds; give a number >= 0 "
            f"(0 turns the turns off); using {DEFAULT_MAX_WAIT:g}"
        )
    return seconds


#: The server process's turns (every session's page runs).
PAGE_TURNS = Turns()


@contextmanager
def page_turn() -> Iterator[str | None]:
    """`PAGE_TURNS.turn()` with the deployment's `max_wait` setting; yields a note for the
    page when that setting is unusable (the default is used), else None."""
    note = None
    try:
        PAGE_TURNS.max_wait = max_wait_setting()
    except InputError as exc:
        PAGE_TURNS.max_wait, note = DEFAULT_MAX_WAIT, str(exc)
    with PAGE_TURNS.turn():
        yield note
