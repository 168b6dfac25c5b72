"""`seawatch.upload.worker`: uploads read and checked in a worker process, one at a time.

Fixtures: tests/data/upload (see the README there): ``asam_style.csv`` (an NGA ASAM-like
export, read with its preset), ``hostile_cells.csv`` (1 accepted, 2 suspect, 3 rejected rows)
and ``gbk_chinese.csv`` (GBK-encoded Chinese text, detected as gb18030).
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from seawatch.errors import InputError
from seawatch.io import Limits, read_table
from seawatch.upload import worker
from seawatch.validation import validate

UPLOAD = Path(__file__).resolve().parents[1] / "data" / "upload"
TIMEOUT = 120


def _same_table(got, expected) -> None:
    pd.testing.assert_frame_equal(got.frame, expected.frame)
    for name, value in vars(expected).items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(getattr(got, name), value, err_msg=name)
        elif name != "frame":
            assert getattr(got, name) == value, name


@pytest.mark.parametrize("name", ["asam_style.csv", "hostile_cells.csv", "gbk_chinese.csv"])
def test_read_and_validate_give_what_they_give_in_process(name: str) -> None:
    data = (UPLOAD / name).read_bytes()
    table = worker.read_job(data, name).result(TIMEOUT)
    expected = read_table(data, name)
    _same_table(table, expected)
    want_accepted, want = validate(expected, report_mapping(expected))
    # the worker's own copy of the table it read; a table it never read is sent to it
    for given in (table, expected):
        accepted, report = worker.validate_job(given, report_mapping(expected)).result(TIMEOUT)
        assert report.table is given  # the report comes back with the page's table
        assert_geodataframe_equal(accepted, want_accepted)
        pd.testing.assert_frame_equal(report.problems, want.problems)
        assert report.summary() == want.summary()
        assert report.rejected_text() == want.rejected_text()


def report_mapping(table):
    """The mapping validation detects for `table` (as the upload tab starts from)."""
    return validate(table)[1].mapping


def test_the_page_process_limits_apply_in_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits are read where the page runs, at each upload: a limit set after the worker
    started still refuses the file there, with the message of an in-process read."""
    worker.start()
    monkeypatch.setenv("SEAWATCH_MAX_UPLOAD_ROWS", "2")
    data = (UPLOAD / "hostile_cells.csv").read_bytes()
    with pytest.raises(InputError) as in_process:
        read_table(data, "hostile_cells.csv")
    with pytest.raises(InputError, match="2") as in_worker:
        worker.read_job(data, "hostile_cells.csv").result(TIMEOUT)
    assert str(in_worker.value) == str(in_process.value)
    assert worker.read_job(data, "x.csv", limits=Limits()).result(TIMEOUT).frame.shape[0] == 6


def test_a_second_upload_is_queued_behind_the_first() -> None:
    """While one job holds the worker (it waits for an event the test sets), a job submitted
    after it says it is queued, and runs once the first is done."""
    with multiprocessing.get_context("spawn").Manager() as manager:
        gate = manager.Event()
        first = worker.submit(gate.wait, TIMEOUT)
        second = worker.submit(os.getpid)
        assert second.queued()
        assert not second.wait_turn(timeout=0.2)  # still held
        gate.set()
        assert first.result(TIMEOUT) is True
        assert second.wait_turn(timeout=TIMEOUT)
        assert not second.queued()
        assert second.result(TIMEOUT) != os.getpid()  # another process did the work


def test_a_worker_that_dies_fails_its_job_and_the_next_job_gets_a_new_one() -> None:
    with pytest.raises(worker.WorkerError, match="stopped while working on this file"):
        worker.submit(os._exit, 3).result(TIMEOUT)
    assert worker.submit(sum, [1, 2]).result(TIMEOUT) == 3
