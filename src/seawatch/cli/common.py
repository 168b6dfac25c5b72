"""Options and helpers shared by several sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from seawatch import datasets, schema
from seawatch.errors import InputError
from seawatch.filtering import IncidentFilter


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The dashboard's filters as CLI options (same names as the URL parameters)."""
    g = parser.add_argument_group("filters (the same as the dashboard's)")
    g.add_argument(
        "--country",
        action="append",
        metavar="ISO3",
        help="incidents involving this state (repeatable or comma-separated)",
    )
    g.add_argument(
        "--claimant",
        action="append",
        metavar="ISO3",
        help="incidents in waters claimed by this state (repeatable)",
    )
    g.add_argument("--since", metavar="YYYY-MM-DD", help="first day (inclusive)")
    g.add_argument("--until", metavar="YYYY-MM-DD", help="last day (inclusive)")
    g.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        help="incident type, one of: " + ", ".join(schema.INCIDENT_TYPES),
    )
    g.add_argument("--disputed-only", action="store_true", help="only incidents in disputed areas")
    g.add_argument(
        "--precision",
        action="append",
        metavar="P",
        help="location precision, one of: " + ", ".join(schema.PRECISIONS),
    )
    g.add_argument(
        "--search",
        metavar="TEXT",
        help="words of the description or location name (any case, punctuation or word form), "
        '"quoted phrases", type:water_cannon, country:VNM, place:"Second Thomas"',
    )
    g.add_argument(
        "--area",
        metavar="AREA",
        help="incidents inside a drawn area, as the dashboard's URL writes it: "
        "circle:LON,LAT,RADIUS_NM or polygon:LON,LAT;LON,LAT;LON,LAT",
    )


def filter_from_args(args: argparse.Namespace) -> IncidentFilter:
    """The `IncidentFilter` the filter options describe (raises FilterError on bad values)."""
    return IncidentFilter.from_cli(
        country=args.country,
        claimant=args.claimant,
        since=args.since,
        until=args.until,
        type=args.type,
        disputed_only=args.disputed_only,
        precision=args.precision,
        search=args.search,
        area=getattr(args, "area", None),
    )


class Progress:
    """A one-line progress bar on stderr when it is a terminal; silent when piped."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = -1

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        pct = min(100, int(100 * done / self.total))
        if pct != self._last:
            self._last = pct
            bar = "#" * (pct // 4)
            self.stream.write(f"\r{self.label} [{bar:<25}] {pct:3d}%")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def iter_progress(total: int, label: str, step: int) -> Iterator[tuple[int, int]]:
    """Chunks ``(start, stop)`` of ``range(total)`` with a progress bar."""
    bar = Progress(total, label)
    for start in range(0, total, step):
        stop = min(total, start + step)
        yield start, stop
        bar.update(stop)
    bar.close()


# --- files a command writes ----------------------------------------------------------------


def add_force_argument(parser: argparse.ArgumentParser) -> None:
    """``--force``: replace output files that already exist (see `check_output`)."""
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace output files that already exist (never the store or an input file)",
    )


def zone_inputs(spec: str | None) -> list[Path]:
    """The zone file a ``--zones builtin|imported|PATH`` option reads (none for builtin)."""
    if spec in (None, "builtin"):
        return []
    if spec == "imported":
        return [datasets.imported_zones_path()]
    return [Path(spec)]


def check_output(
    path: str | Path,
    option: str,
    *,
    inputs: Sequence[str | Path] = (),
    force: bool = False,
    folder: bool = False,
) -> Path:
    """The path a command may write to; refuses the store, the command's inputs and, without
    `force`, an existing file (or, with `folder`, a folder that is not empty).

    Paths are compared after resolving symbolic links, and by device and inode where both
    exist (a hard link to the store is the store).

    Parameters
    ----------
    path
        The output the user named.
    option
        How the user named it (``--out``, ``--errors``...), for the message.
    inputs
        Files the command reads (and outputs it writes before this one).
    force
        Replace an existing file (``--force``).
    folder
        `path` is a folder the command writes files into.

    Raises
    ------
    InputError
        Naming the path and the reason (the CLI exits with code 2).

    Examples
    --------
    >>> check_output("notes.txt", "--out", inputs=["notes.txt"])
    Traceback (most recent call last):
    ...
    seawatch.errors.InputError: --out 'notes.txt' is an input file of this command ('notes.txt'); refusing to write over it
    """  # noqa: E501
    out = Path(path)
    store = datasets.store_path()
    for protected in (store, *(Path(f"{store}{s}") for s in ("-wal", "-shm", "-journal"))):
        if _same_file(out, protected):
            raise InputError(
                f"{option} {str(out)!r} is the incident store ({str(store)!r}); refusing to "
                "write over it (choose another file)"
            )
    for given in inputs:
        if _same_file(out, Path(given)):
            raise InputError(
                f"{option} {str(out)!r} is an input file of this command ({str(given)!r}); "
                "refusing to write over it"
            )
    if folder:
        if out.exists() and not out.is_dir():
            raise InputError(f"{option} {str(out)!r} is a file, not a folder")
        if not force and out.is_dir() and any(out.iterdir()):
            raise InputError(
                f"{option} {str(out)!r} is a folder that is not empty; add --force to write "
                "into it (files of the same names are replaced)"
            )
        return out
    if out.is_dir():
        raise InputError(f"{option} {str(out)!r} is a folder; give a file name")
    if not force and (out.exists() or out.is_symlink()):
        raise InputError(f"{option} {str(out)!r} already exists; add --force to replace it")
    return out


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file: the same resolved path, or the same inode."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:  # a loop of symbolic links, a path we may not inspect...
        return False
