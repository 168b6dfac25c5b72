"""The ``seawatch`` command line: the only part of seawatch that prints or exits.

Each group of sub-commands lives in its own module with a ``register(subparsers)`` function;
every handler takes the parsed arguments and returns an exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from seawatch import __version__
from seawatch.cli import data_cmd, export_cmd, join_cmd, presence_cmd, zones_cmd
from seawatch.errors import SeawatchError

EPILOG = """\
examples:
  seawatch claimants 9.73 115.87
  seawatch join my_incidents.csv --out joined.gpkg
  seawatch validate asam.csv --errors rejected.csv
  seawatch import asam.csv --map date=Year+Month+Day
  seawatch export data --format csv --out view.csv --country PHL --since 2023-01-01
  seawatch export map --format pdf --out map.pdf --disputed-only
  seawatch zones build
  seawatch presence ais_positions/ --out presence/ --max-gap 6h
"""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (used by `main` and by the tests)."""
    parser = argparse.ArgumentParser(
        prog="seawatch",
        description="Maritime incidents in the South China Sea, joined against maritime zones.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"seawatch {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (join_cmd, data_cmd, export_cmd, zones_cmd, presence_cmd):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except SeawatchError as exc:
        print(f"seawatch {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # output piped into a command that stopped reading (`seawatch zones list | head`)
        sys.stderr.close()
        return 0
    except OSError as exc:
        # backstop: a file the user named cannot be read or written (commands convert the usual
        # cases themselves, with more context)
        target = f" {exc.filename!r}" if exc.filename else ""
        print(f"seawatch {args.command}: error:{target} {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
