"""Options and helpers shared by several sub-commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import TextIO

from seawatch import schema
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
    g.add_argument("--search", metavar="TEXT", help="text in the description or location name")


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
