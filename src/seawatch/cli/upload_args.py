"""Reading an incident file as the upload does, shared by ``validate``, ``import`` and ``join``.

`add_reading_arguments` adds ``--map``, ``--no-header``, ``--encoding``, ``--date-order``
and ``--swap-latlon``; `load_upload` reads and validates a file with those options. One place, so
that the commands cannot drift apart again (``join`` once lacked ``--date-order`` and
``--swap-latlon`` and recalled remembered mappings for header-less files).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd

from seawatch.columns import apply_overrides, detect_mapping, recall_mapping
from seawatch.errors import InputError
from seawatch.io import RawTable, read_table
from seawatch.validation import ValidationReport, validate


def add_reading_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options that say how to read an incident file."""
    p.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="map a field to a column by name or 1-based position (repeatable), e.g. "
        "latitude=Lat, position=4, date=Year+Month+Day",
    )
    p.add_argument("--no-header", action="store_true", help="the file has no header row")
    p.add_argument(
        "--encoding",
        metavar="CODEC",
        help="the text encoding of a CSV/TSV file, e.g. gbk, big5, cp1258, shift_jis, utf-16 "
        "(default: detected; the report gives the encoding found and its confidence)",
    )
    p.add_argument(
        "--date-order",
        choices=("DMY", "MDY"),
        help="how to read numeric dates like 03/04/2024 (default: decided from the values)",
    )
    p.add_argument(
        "--swap-latlon",
        action="store_true",
        help="swap latitude and longitude in the rows where they look swapped",
    )


def load_upload(
    file: str, args: argparse.Namespace
) -> tuple[RawTable, gpd.GeoDataFrame, ValidationReport]:
    """Read and validate `file` with the options of `add_reading_arguments`.

    Returns
    -------
    (RawTable, geopandas.GeoDataFrame, ValidationReport)
        The raw table, the accepted rows in the typed form and the report.

    Raises
    ------
    InputError
        No such file, or the file cannot be read at all.
    """
    path = Path(file)
    if not path.is_file():
        raise InputError(f"{file!r}: no such file")
    header = False if args.no_header else None
    table = read_table(path, header=header, encoding=getattr(args, "encoding", None))
    mapping = None
    if args.map:
        # a remembered mapping belongs to a header; numbered columns have none
        remembered = recall_mapping(table.columns) if table.header else None
        base = remembered or detect_mapping(table.columns, table.frame.head(200))
        mapping = apply_overrides(base, args.map, table.columns)
    accepted, report = validate(table, mapping, date_order=args.date_order, swap=args.swap_latlon)
    return table, accepted, report
