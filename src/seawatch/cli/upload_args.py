"""Reading an incident file as the upload does, shared by ``validate``, ``import`` and ``join``.

`add_reading_arguments` adds ``--preset``, ``--map``, ``--accept-guess``, ``--no-header``,
``--encoding``, ``--date-order``, ``--swap-latlon`` and ``--use-remembered``; `load_upload` reads
and validates a file with those options. One place, so
that the commands cannot drift apart again (``join`` once lacked ``--date-order`` and
``--swap-latlon`` and recalled remembered mappings for header-less files).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd

from seawatch.columns import Mapping, apply_overrides, detect_mapping, recall_mapping
from seawatch.errors import InputError, SeawatchError
from seawatch.io import RawTable, read_table
from seawatch.upload.presets import detect_preset, get_preset, preset_names
from seawatch.validation import ValidationReport, validate


def add_reading_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options that say how to read an incident file."""
    p.add_argument(
        "--preset",
        choices=preset_names(),
        metavar="NAME",
        help="read the file as a public dataset format (default: recognised from the header): "
        + ", ".join(preset_names()),
    )
    p.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="map a field to a column by name or 1-based position (repeatable), e.g. "
        "latitude=Lat, position=4, date=Year+Month+Day",
    )
    p.add_argument(
        "--accept-guess",
        action="store_true",
        help="accept the column roles guessed from the values (printed with a sample value "
        "per column); without it, or --map, a guessed mapping is not imported",
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
    p.add_argument(
        "--use-remembered",
        action="store_true",
        help="apply the column mapping you used before for files with this header (without "
        "it, a remembered mapping is only shown); columns named like a schema field always "
        "feed that field",
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
    preset = get_preset(args.preset) if getattr(args, "preset", None) else None
    format_ = preset or (detect_preset(table.columns) if table.header else None)
    detected = (
        format_.mapping(table.columns)
        if format_ is not None
        else detect_mapping(table.columns, table.frame.head(200))
    )
    # a remembered mapping belongs to a header (numbered columns have none) and to a user
    remembered = recall_mapping(table.columns) if table.header else None
    proposal = remembered if remembered and remembered != detected else None
    use = bool(proposal and args.use_remembered)
    mapping = None  # validate detects: a preset, or roles by name, or guessed from the values
    if use and proposal:
        mapping = apply_overrides(proposal, args.map, table.columns) if args.map else proposal
    elif args.map:  # --map adjusts the recognised preset's (or the detected) mapping
        mapping = apply_overrides(detected, args.map, table.columns)
    try:
        accepted, report = validate(
            table, mapping, date_order=args.date_order, swap=args.swap_latlon, preset=preset
        )
    except SeawatchError as exc:
        if proposal and not use:
            raise InputError(
                f"{exc}; the mapping you used before for files with this header is "
                f"{describe(proposal)}: add --use-remembered to apply it"
            ) from None
        raise
    if use and proposal:
        report.notices.append(f"used the column mapping you remembered: {describe(proposal)}")
    elif proposal:
        report.notices.append(
            f"you used another column mapping for files with this header: {describe(proposal)}"
            " (not applied; add --use-remembered to apply it)"
        )
    return table, accepted, report


def describe(mapping: Mapping) -> str:
    """A mapping as ``field <- column, ...`` (date parts joined with ``+``).

    Examples
    --------
    >>> describe({"date": ("Y", "M"), "latitude": ("Lat",)})
    'date <- Y+M, latitude <- Lat'
    """
    return ", ".join(f"{f} <- {'+'.join(c)}" for f, c in mapping.items())
