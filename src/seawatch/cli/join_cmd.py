"""``seawatch join`` (a whole incident file) and ``seawatch claimants`` (one point)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from seawatch import schema
from seawatch.cli.common import add_force_argument, check_output, iter_progress, zone_inputs
from seawatch.cli.upload_args import add_reading_arguments
from seawatch.errors import InputError
from seawatch.zones.status import STATUS_RULES

#: Output formats of ``seawatch join``, by file extension.
OUT_FORMATS = {".csv": "csv", ".geojson": "geojson", ".gpkg": "gpkg", ".parquet": "parquet"}
#: Rows joined per step of the progress bar.
CHUNK = 200_000

JOIN_EPILOG = """\
examples:
  seawatch join my_incidents.csv --out joined.gpkg
  seawatch join asam.xlsx --out asam_zones.csv --map date=Year+Month+Day
  seawatch join tracks.geojson --out joined.parquet --zones imported
  seawatch join events.csv --out joined.geojson --zones my_zones.gpkg

INPUT is any file the upload accepts (CSV and other delimited text, .xlsx, GeoJSON or
GeoPackage points). Rows that cannot be read (no date, no position...) are counted and left
out; `seawatch validate INPUT --errors rejected.csv` lists them with the reason.
"""

CLAIMANTS_EPILOG = """\
examples:
  seawatch claimants 9.73 115.87          # Second Thomas Shoal
  seawatch claimants 15.15 117.76 --zones imported
  seawatch claimants -2.5 108.0           # south of the equator: negative latitude
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``join`` and ``claimants`` to the parser."""
    p = sub.add_parser(
        "join",
        help="attribute every incident of a file to the zones that cover it",
        description="Attribute every incident of INPUT to every maritime zone that covers it "
        "(claimants, disputed, zone ids, EEZ, on land, nearest feature) and write OUT.",
        epilog=JOIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="INPUT", help="incident file (as accepted by the upload)")
    p.add_argument(
        "--out",
        required=True,
        metavar="OUT",
        help="output file; format by extension: " + ", ".join(OUT_FORMATS),
    )
    _zones_argument(p)
    add_force_argument(p)
    add_reading_arguments(p)
    p.set_defaults(func=run_join)

    c = sub.add_parser(
        "claimants",
        help="claimants, status, zones, EEZ and nearest feature of one point",
        description="Print the states claiming the waters at LAT LON, the states only entitled "
        "to them, their legal status (disputed, joint, agreed, undelimited, single, none), the "
        "zones covering the point, the EEZ and its basis, whether it is on land, and the "
        "nearest named feature.",
        epilog=CLAIMANTS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("lat", metavar="LAT", help="latitude in decimal degrees (north positive)")
    c.add_argument("lon", metavar="LON", help="longitude in decimal degrees (east positive)")
    c.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object keyed as the join's columns (seawatch.status_at)",
    )
    _zones_argument(c)
    c.set_defaults(func=run_claimants)


def _zones_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--zones",
        default="builtin",
        metavar="builtin|imported|PATH",
        help="zone set: the built-in layers (default), the imported Marine Regions layer "
        "(`seawatch zones import`) or a zone file",
    )


def _load_zones(spec: str) -> gpd.GeoDataFrame:
    from seawatch.zones import load_zones

    return load_zones(None if spec == "builtin" else spec)


# --- seawatch join ------------------------------------------------------------------------


def run_join(args: argparse.Namespace) -> int:
    """Read, validate, join and write; print the counts."""
    inputs = [args.input, *zone_inputs(args.zones)]
    out = check_output(args.out, "--out", inputs=inputs, force=args.force)
    fmt = OUT_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputError(
            f"--out {args.out!r}: unknown extension {out.suffix!r}; use one of "
            f"{', '.join(OUT_FORMATS)}"
        )
    incidents, rows, unreadable = _read_incidents(args)
    zones = _load_zones(args.zones)
    joined = join_with_progress(incidents, zones)
    from seawatch.export.data import write_data

    write_data(joined, fmt, out)
    for line in summary_lines(joined, rows, unreadable, out):
        print(line)
    return 0


def _read_incidents(args: argparse.Namespace) -> tuple[gpd.GeoDataFrame, int, int]:
    """The readable incidents of INPUT, the number of data rows and of unreadable rows."""
    from seawatch.cli.upload_args import load_upload

    _, incidents, report = load_upload(args.input, args)
    return incidents, report.rows, report.rejected


def join_with_progress(incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """`seawatch.spatial.join` in chunks, with a progress bar on a terminal."""
    from seawatch.spatial import join

    if len(incidents) <= CHUNK:
        return join(incidents, zones)
    parts = [
        join(incidents.iloc[start:stop], zones)
        for start, stop in iter_progress(len(incidents), "joining", CHUNK)
    ]
    return gpd.GeoDataFrame(pd.concat(parts), crs=incidents.crs)


def summary_lines(joined: pd.DataFrame, rows: int, unreadable: int, out: Path) -> list[str]:
    """The counts printed after a join."""
    attributed = int((joined[schema.JOIN_CLAIMANTS] != "").sum())
    disputed = int(joined[schema.JOIN_DISPUTED].sum())
    on_land = int(joined[schema.JOIN_ON_LAND].sum())
    return [
        f"rows:        {rows}",
        f"joined:      {len(joined)}",
        f"attributed:  {attributed} (claimed by at least one state)",
        f"disputed:    {disputed}",
        f"on land:     {on_land}",
        f"unreadable:  {unreadable} (not joined; see `seawatch validate`)",
        f"written:     {out}",
    ]


# --- seawatch claimants -------------------------------------------------------------------


def run_claimants(args: argparse.Namespace) -> int:
    """Describe one point."""
    from seawatch.spatial import describe_point, status_at

    lat, lon = _number(args.lat, "LAT"), _number(args.lon, "LON")
    if args.json:
        print(json.dumps(status_at(lat, lon, _load_zones(args.zones)), ensure_ascii=False))
        return 0
    info = describe_point(lat, lon, _load_zones(args.zones))
    for line in describe_lines(info):
        print(line)
    return 0


def _number(text: str, name: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{name} {text!r} is not a number in decimal degrees") from None


def describe_lines(info: dict[str, Any]) -> list[str]:
    """`seawatch.spatial.describe_point`'s answer as text lines."""
    lat, lon = info["latitude"], info["longitude"]
    unclaimed = "none (on land)" if info["on_land"] else "none (high seas or unclaimed)"
    claimants = ", ".join(info["claimants"]) or unclaimed
    if info["disputed"]:
        claimants += "  [disputed]"
    families = " / ".join("+".join(f) for f in info["families"]) or "-"
    entitled_only = [s for s in info["entitled"] if s not in info["claimants"]]
    eez = ", ".join(info["eez"])
    lines = [
        f"point:      {abs(lat):.4f}°{'N' if lat >= 0 else 'S'} "
        f"{abs(lon):.4f}°{'E' if lon >= 0 else 'W'}",
        f"claimants:  {claimants}",
        f"status:     {info['status']} ({STATUS_RULES[info['status']]})",
        f"families:   {families}",
        f"entitled:   {', '.join(info['entitled']) or '-'}"
        + (f"  (only entitled: {', '.join(entitled_only)})" if entitled_only else ""),
        f"eez:        {eez + ' (' + info['eez_basis'] + ')' if eez else '-'}",
        f"agreements: {', '.join(info['agreements']) or '-'}",
        f"on land:    {'yes' if info['on_land'] else 'no'}",
    ]
    nearest = info["nearest_feature"]
    if nearest is not None:
        lines.append(f"nearest:    {nearest['name']} ({nearest['distance_nm']:.1f} nm)")
    lines.append(f"zones:      {len(info['zones'])}")
    for zone in info["zones"]:
        owners = ";".join(zone["claimants"]) or "-"
        lines.append(f"  {zone['zone_id']}  [{zone['kind']}, {owners}]  {zone['name']}")
    return lines
