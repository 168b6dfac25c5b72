"""Files a cache keeps for other runs and processes: written atomically, the newest few kept.

The join's prepared grids (`seawatch._grid`) and the dashboard's shared maps
(`seawatch.ui.shared`) are written here the same way: to a temporary file renamed into place (a
reader never sees half a file), then the older files of the same kind pruned, and temporary files
left by a writer killed mid-write removed once they are old.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

#: Name prefix of a cache file being written (renamed into place when complete).
TMP_PREFIX = ".tmp-"
#: A temporary cache file older than this (seconds) is a dead writer's leftover: a file is
#: written in well under a minute, so an hour leaves a wide margin for a slow disk.
STALE_TMP_SECONDS = 3600.0


def write(
    directory: Path,
    prefix: str,
    key: str,
    suffix: str,
    fill: Callable[[BinaryIO], object],
    keep: int,
) -> Path | None:
    """Write ``<prefix><key><suffix>`` in `directory` atomically with `fill` (it writes the
    content to the open file); keep only the `keep` newest files of `prefix` and `suffix`.
    None when the file could not be written (a full disk, a read-only folder)."""
    path = directory / f"{prefix}{key}{suffix}"
    tmp: str | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=TMP_PREFIX, suffix=suffix)
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
        os.replace(tmp, path)
        tmp = None  # renamed: nothing left to clean up
    except OSError:
        return None
    finally:  # a failed write (full disk, any error) must not leave its temporary file behind
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    prune(directory, prefix, suffix, path, keep)
    return path


def prune(directory: Path, prefix: str, suffix: str, current: Path, keep: int) -> None:
    """Delete all but the `keep` newest files of `prefix` and `suffix` (`current` among them),
    so that changed data do not leave files behind forever.

    Temporary files older than `STALE_TMP_SECONDS` (left by a process killed mid-write) go
    too; younger ones may be another process's write in progress and are kept.
    """
    now = time.time()
    for tmp in directory.glob(f"{TMP_PREFIX}*{suffix}"):
        try:
            if now - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()
        except OSError:  # renamed or removed meanwhile by its writer
            continue
    others = []
    for p in directory.glob(f"{prefix}*{suffix}"):
        try:
            if p != current and not p.name.startswith(TMP_PREFIX):
                others.append((p.stat().st_mtime, p))
        except OSError:  # removed meanwhile by another process
            continue
    others.sort(reverse=True)
    for _, old in others[keep - 1 :]:
        try:
            old.unlink()
        except OSError:
            pass
