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
It keeps the last tables it read, so a check does not send the table back to it, and a report
comes back without its table (the page has it): each transfer costs the page's process GIL time.
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
    #: Applied to the worker's result in the page's process (see `validate_job`).
    then: Callable[[Any], Any] | None = None

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
            value = self.future.result(timeout=timeout)
        except BrokenProcessPool as exc:
            _discard_broken()
            raise WorkerError(
                "the upload worker stopped while working on this file (too large for the "
                "server's memory?); nothing was stored"
            ) from exc
        return value if self.then is None else self.then(value)


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


def submit(
    fn: Callable[..., T], *args: Any, then: Callable[[Any], Any] | None = None, **kwargs: Any
) -> Job:
    """Run ``fn(*args, **kwargs)`` in the worker after the jobs already submitted.

    `fn` and its arguments must be picklable (a module-level function). `then` is applied to
    the result in this process (`Job.result`).
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
    return Job(future, ahead, then)


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
    """`seawatch.io.read_table` of an uploaded file's bytes, in the worker (which keeps the
    table for `validate_job`: it is not sent back to the worker to be checked).

    `limits` default to `Limits.from_env` read here (the page's process).
    """
    limits = Limits.from_env() if limits is None else limits
    return submit(_read_and_keep, data, name, header=header, encoding=encoding, limits=limits)


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
    ``(accepted rows, report)``.

    The worker checks its own copy when it read `table` (`read_job`) and still keeps it; else
    `table` is sent. The report comes back without its table and gets `table` again here.
    """
    options: dict[str, Any] = {
        "date_order": date_order,
        "swap": swap,
        "preset": preset,
        "limits": Limits.from_env() if limits is None else limits,
    }

    def attach(value: Any) -> tuple[Any, Any]:
        if isinstance(value, str) and value == NOT_KEPT:
            value = submit(_validate, table, None, mapping, **options).result()
        accepted, report = value
        report.table = table
        return accepted, report

    return submit(_validate, None, table_key(table), mapping, then=attach, **options)


#: What the worker answers when asked to check a table it does not keep.
NOT_KEPT = "seawatch: table not kept by the upload worker"
#: Tables the worker process keeps (its own module state), newest last.
_KEPT: dict[tuple[object, ...], RawTable] = {}
_KEEP = 2


def table_key(table: RawTable) -> tuple[object, ...]:
    """What identifies a read table: the file's hash and how it was read."""
    return (table.sha256, table.name, table.header, table.encoding, table.delimiter)


def _read_and_keep(data: bytes, name: str, **options: Any) -> RawTable:
    """In the worker: read, and keep the table for the checks that follow."""
    table = read_table(data, name, **options)
    key = table_key(table)
    _KEPT.pop(key, None)
    _KEPT[key] = table
    while len(_KEPT) > _KEEP:
        del _KEPT[next(iter(_KEPT))]
    return table


def _validate(
    table: RawTable | None, key: tuple[object, ...] | None, mapping: Mapping, **options: Any
) -> Any:
    """In the worker: check `table` (or the kept table `key`; `NOT_KEPT` if there is none);
    the report is sent back without the table, which the page has."""
    if table is None:
        table = _KEPT.get(key) if key is not None else None
        if table is None:
            return NOT_KEPT
    accepted, report = validate(table, mapping, **options)
    report.table = None  # type: ignore[assignment]  # the page attaches its own copy
    return accepted, report
