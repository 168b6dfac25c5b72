"""Reading and validating uploads in a worker process, one upload at a time per server.

Parsing a large file (a 50 MB CSV, an .xlsx that expands to hundreds of MB) and validating its
rows holds Python's GIL for seconds: done in the dashboard server's own process, it stalls every
other analyst's page. Here the work runs in one worker process shared by the whole server
(``ProcessPoolExecutor`` with one worker, started with ``spawn``: forking a server with running
threads can copy held locks). The page waits on the result without holding the GIL; a second
upload queues behind the first (`Job.queued`) instead of competing with it. The limits
(`seawatch.io.Limits`) are read in the page's process and applied in the worker.

The worker sends back what `seawatch.io.read_table` and `seawatch.validation.validate` return
(pickled by the worker, which seawatch starts itself; nothing is unpickled from a user's file).
A worker that dies (killed, out of memory) fails its job with `WorkerError`; the next job starts
a new worker.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_all
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from seawatch.columns import Mapping
from seawatch.dates import DateOrder
from seawatch.errors import SeawatchError
from seawatch.io import Limits, RawTable, read_table
from seawatch.upload.presets import Preset
from seawatch.validation import validate

T = TypeVar("T")

_LOCK = threading.Lock()
#: Notified whenever a job is submitted or done (see `wait_pending`).
_CHANGED = threading.Condition(_LOCK)
_POOL: ProcessPoolExecutor | None = None
#: Jobs submitted and not yet done, oldest first.
_PENDING: list[Future[Any]] = []


class WorkerError(SeawatchError):
    """The upload worker stopped before finishing a job (killed, or out of memory)."""


@dataclass(frozen=True)
class Job:
    """One piece of upload work in the worker, and the jobs that were ahead of it."""

    future: Future[Any]
    ahead: tuple[Future[Any], ...] = ()

    def queued(self) -> bool:
        """True while an earlier job (another upload) still runs or waits."""
        return any(not f.done() for f in self.ahead)

    def wait_turn(self, timeout: float | None = None) -> bool:
        """Wait until the jobs ahead are done; False if `timeout` seconds passed first."""
        return not wait_all(self.ahead, timeout=timeout).not_done

    def result(self, timeout: float | None = None) -> Any:
        """The job's result; its `SeawatchError` is raised as the worker raised it.

        Raises `WorkerError` when the worker died during the job.
        """
        try:
            return self.future.result(timeout=timeout)
        except BrokenProcessPool as exc:
            _discard_broken()
            raise WorkerError(
                "the upload worker stopped while working on this file (too large for the "
                "server's memory?); nothing was stored"
            ) from exc


def _pool() -> ProcessPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _POOL


def _discard_broken() -> None:
    """Forget a pool whose worker died (its jobs have all failed); the next job starts anew."""
    global _POOL
    with _LOCK:
        if _POOL is not None and getattr(_POOL, "_broken", False):
            _POOL.shutdown(wait=False, cancel_futures=True)
            _POOL = None


def submit(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Job:
    """Run ``fn(*args, **kwargs)`` in the worker after the jobs already submitted.

    `fn` and its arguments must be picklable (a module-level function).
    """
    with _LOCK:
        _PENDING[:] = [f for f in _PENDING if not f.done()]
        ahead = tuple(_PENDING)
        try:
            future = _pool().submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            global _POOL
            _POOL = None
            future = _pool().submit(fn, *args, **kwargs)
        _PENDING.append(future)
        _CHANGED.notify_all()
    future.add_done_callback(_notify)
    return Job(future, ahead)


def _notify(_: Future[Any]) -> None:
    with _CHANGED:
        _CHANGED.notify_all()


def pending() -> int:
    """How many jobs are in the worker or waiting for it."""
    with _LOCK:
        return sum(not f.done() for f in _PENDING)


def wait_pending(count: int, timeout: float | None = None) -> bool:
    """Wait until `count` jobs (or more) are in the worker or waiting for it; False if
    `timeout` seconds passed first."""
    with _CHANGED:
        return _CHANGED.wait_for(
            lambda: sum(not f.done() for f in _PENDING) >= count, timeout=timeout
        )


def start() -> None:
    """Start the worker and load what validation needs (imports, the land layer), so that the
    first upload does not wait for it; returns at once."""
    submit(_warm)


def _warm() -> None:
    from seawatch.zones.loading import load_land

    try:
        load_land()
    except (SeawatchError, OSError):
        pass  # validation reports the missing layer itself


def read_job(
    data: bytes,
    name: str,
    *,
    header: bool | None = None,
    encoding: str | None = None,
    limits: Limits | None = None,
) -> Job:
    """`seawatch.io.read_table` of an uploaded file's bytes, in the worker.

    `limits` default to `Limits.from_env` read here (the page's process).
    """
    limits = Limits.from_env() if limits is None else limits
    return submit(read_table, data, name, header=header, encoding=encoding, limits=limits)


def validate_job(
    table: RawTable,
    mapping: Mapping,
    *,
    date_order: DateOrder | None = None,
    swap: bool = False,
    preset: Preset | None = None,
    limits: Limits | None = None,
) -> Job:
    """`seawatch.validation.validate` of a read table, in the worker; its result is
    ``(accepted rows, report)``."""
    limits = Limits.from_env() if limits is None else limits
    return submit(
        validate, table, mapping, date_order=date_order, swap=swap, preset=preset, limits=limits
    )
