"""``seawatch presence``: vessel positions -> vessel-days, entries/exits and a summary."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from seawatch.cli.common import Progress
from seawatch.errors import InputError

EPILOG = """\
examples:
  seawatch presence ais_2026/ --out presence/
  seawatch presence AIS_2024_01_01.csv --out presence/ --max-gap 3h --feature-nm 24
  seawatch presence positions.parquet --out presence/ --workers 2
  seawatch presence /shared/ais/ --out presence/ --scheduler tcp://10.0.0.5:8786

POSITIONS is Parquet or CSV (a file, a folder or a partitioned dataset) with a vessel id
(MMSI...), a UTC time, latitude and longitude; NOAA MarineCadastre column names (MMSI,
BaseDateTime, LAT, LON, VesselName...) are recognised. Each vessel's positions must come in
time order from one file to the next (see docs/presence.md). Written to DIR: vessel_days,
events, candidate_incidents, summary, vessels and rejected (Parquet and CSV).
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``presence`` to the parser."""
    p = sub.add_parser(
        "presence",
        help="vessel-days and entries/exits of vessel positions (AIS) in the zones",
        description="Join vessel positions against the maritime zones in bounded memory and "
        "write vessel-days per zone, entries and exits, candidate incidents and a summary.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("positions", metavar="POSITIONS", help="Parquet or CSV file or folder")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument(
        "--feature-nm",
        type=float,
        default=12.0,
        metavar="NM",
        help="count vessel-days at a named feature within NM nautical miles (default 12)",
    )
    p.add_argument(
        "--max-gap",
        default="6h",
        metavar="DURATION",
        help="no position for longer than this ends a presence interval (default 6h; "
        "e.g. 90min, 3h, 1d)",
    )
    p.add_argument(
        "--zones",
        default="builtin",
        metavar="builtin|imported|PATH",
        help="zone set (default: the built-in layers)",
    )
    p.add_argument(
        "--format", choices=("parquet", "csv"), help="input format (default: by extension)"
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=500_000,
        metavar="N",
        help="positions joined at once (bounds memory; default 500000)",
    )
    engine = p.add_mutually_exclusive_group()
    engine.add_argument(
        "--workers", type=int, metavar="N", help="run on a local Dask cluster of N workers"
    )
    engine.add_argument(
        "--scheduler", metavar="URL", help="run on the Dask cluster at URL (tcp://HOST:8786)"
    )
    p.set_defaults(func=run_presence)


def parse_duration(text: str, option: str) -> pd.Timedelta:
    """A positive duration such as ``6h``, ``90min``, ``1d`` (pandas' Timedelta syntax).

    >>> parse_duration("6h", "--max-gap")
    Timedelta('0 days 06:00:00')
    """
    try:
        value = pd.Timedelta(text)
    except ValueError:
        value = pd.NaT
    if pd.isna(value) or value <= pd.Timedelta(0):
        raise InputError(f"{option} {text!r} is not a positive duration (e.g. 90min, 6h, 1d)")
    return value


def run_presence(args: argparse.Namespace) -> int:
    """Count, write, print the counts."""
    from seawatch.presence.engine import PresenceOptions, presence
    from seawatch.presence.writing import write_outputs
    from seawatch.zones import load_zones

    if not args.feature_nm >= 0:
        raise InputError(f"--feature-nm {args.feature_nm!r} must be 0 or more nautical miles")
    if args.batch_size < 1:
        raise InputError(f"--batch-size {args.batch_size!r} must be at least 1")
    options = PresenceOptions(
        feature_nm=args.feature_nm,
        max_gap=parse_duration(args.max_gap, "--max-gap"),
        batch_size=args.batch_size,
        input_format=args.format,
    )
    zones = load_zones(None if args.zones == "builtin" else args.zones)
    bar = Progress(1, "fragments")

    def progress(done: int, total: int) -> None:
        bar.total = max(total, 1)
        bar.update(done)

    if args.workers is not None or args.scheduler:
        from seawatch.presence.dask_engine import presence_dask

        result = presence_dask(
            args.positions,
            zones,
            options,
            scheduler=args.scheduler,
            workers=args.workers,
            progress=progress,
        )
    else:
        result = presence(args.positions, zones, options, progress=progress)
    bar.close()
    paths = write_outputs(result, args.out, source=f"AIS positions: {Path(args.positions).name}")
    counts = result.counts
    for line in (
        f"rows:         {counts.rows}",
        f"positions:    {counts.kept}",
        f"duplicates:   {counts.duplicates} (same vessel and time; counted once)",
        f"rejected:     {counts.rejected} (see rejected.csv)",
        f"vessels:      {len(result.vessels)}",
        f"vessel-days:  {result.vessel_days[['vessel_id', 'day']].drop_duplicates().shape[0]}",
        f"events:       {len(result.events)}",
        f"written:      {paths[0].parent}",
    ):
        print(line)
    return 0
