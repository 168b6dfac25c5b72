"""The map arguments' files shared by server processes (`seawatch.ui.shared.from_file_or_built`):
read when present, built and written otherwise, never half-written, bounded in number, and a
folder that cannot be written to only loses the sharing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from seawatch.ui import shared

KEY = "a" * 64
ARGS = {"script": "L.map('m')", "center": [9.7, 115.9], "zoom": None, "height": 480}


def _counting(args: dict) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> dict:
        calls.append(1)
        return args

    return calls, build


def test_built_once_then_read_from_the_file(tmp_path: Path) -> None:
    calls, build = _counting(ARGS)
    assert shared.from_file_or_built(tmp_path, KEY, build) == ARGS
    assert json.loads((tmp_path / f"{KEY}.json").read_text(encoding="utf-8")) == ARGS
    assert shared.from_file_or_built(tmp_path, KEY, build) == ARGS  # another process
    assert len(calls) == 1
    assert [p.name for p in tmp_path.iterdir()] == [f"{KEY}.json"]  # no temporary file left


@pytest.mark.parametrize("content", ['{"script": "L.ma', "[1, 2]", ""])
def test_a_broken_file_is_built_again_and_replaced(tmp_path: Path, content: str) -> None:
    (tmp_path / f"{KEY}.json").write_text(content, encoding="utf-8")  # e.g. a disk that filled
    calls, build = _counting(ARGS)
    assert shared.from_file_or_built(tmp_path, KEY, build) == ARGS
    assert len(calls) == 1
    assert json.loads((tmp_path / f"{KEY}.json").read_text(encoding="utf-8")) == ARGS


def test_a_folder_that_cannot_be_written_only_loses_the_sharing(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    calls, build = _counting(ARGS)
    assert shared.from_file_or_built(blocked / "maps", KEY, build) == ARGS
    assert shared.from_file_or_built(blocked / "maps", KEY, build) == ARGS
    assert len(calls) == 2  # built each time, no error


def test_only_the_newest_files_are_kept(tmp_path: Path) -> None:
    for i in range(5):
        key = f"{i:064x}"
        shared.from_file_or_built(tmp_path, key, lambda: ARGS, keep=3)
        os.utime(tmp_path / f"{key}.json", (1_000_000 + i, 1_000_000 + i))  # distinct ages
    shared.from_file_or_built(tmp_path, "f" * 64, lambda: ARGS, keep=3)
    kept = sorted(p.stem for p in tmp_path.glob("*.json"))
    assert kept == [f"{3:064x}", f"{4:064x}", "f" * 64]


@pytest.mark.parametrize("key", ["../../etc/passwd", "A" * 64, "a" * 63, ""])
def test_a_key_that_is_not_a_map_key_is_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="is not a map key"):
        shared.from_file_or_built(tmp_path, key, lambda: ARGS)
