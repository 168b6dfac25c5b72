"""The ``seawatch`` command line: the only part of seawatch that prints or exits.

Each group of sub-commands lives in its own module with a ``register(subparsers)`` function;
every handler takes the parsed arguments and returns an exit code.

Exit codes: 0 done; 1 only where a command documents it (``validate``: some rows are invalid;
``zones list``: no zone source); 2 the command could not do its work: bad options, an input
that cannot be read, an output that may not be written, a store error — always one message
on stderr, never a traceback (``SEAWATCH_DEBUG=1`` re-raises unexpected errors to show one);
130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from seawatch import __version__
from seawatch.cli import data_cmd, datasets_cmd, export_cmd, join_cmd, presence_cmd, zones_cmd
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
  seawatch datasets fetch scsdi
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
    for module in (join_cmd, data_cmd, export_cmd, zones_cmd, datasets_cmd, presence_cmd):
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
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, exit 2
        if os.environ.get("SEAWATCH_DEBUG"):
            raise
        print(f"seawatch {args.command}: error: {unexpected_message(exc, args)}", file=sys.stderr)
        return 2


def unexpected_message(exc: BaseException, args: argparse.Namespace) -> str:
    """The message for an error no command turned into a `SeawatchError`.

    Such errors come from content the readers do not guard against (a GeoJSON nested 10,000
    deep: RecursionError; a number too large for its column: OverflowError), so the message
    names the input files of the command and the error, without a traceback.

    Examples
    --------
    >>> args = argparse.Namespace(command="validate", file="deep.geojson")
    >>> unexpected_message(RecursionError("maximum recursion depth exceeded"), args)
    "cannot process 'deep.geojson': RecursionError: maximum recursion depth exceeded (nested too deeply, a value out of range or damaged content?); set SEAWATCH_DEBUG=1 to see where it failed"
    """  # noqa: E501
    inputs = [str(v) for k in ("file", "input", "path") if (v := getattr(args, k, None))]
    detail = f"{type(exc).__name__}: {str(exc)[:300] or '(no details)'}"
    hint = "set SEAWATCH_DEBUG=1 to see where it failed"
    if not inputs:
        return f"failed: {detail}; {hint}"
    return (
        f"cannot process {', '.join(repr(i) for i in inputs)}: {detail} (nested too deeply, a "
        f"value out of range or damaged content?); {hint}"
    )
