"""``seawatch export map`` and ``seawatch export data``: the filtered view as report-ready files."""

from __future__ import annotations

import argparse
from pathlib import Path

from seawatch.cli.common import (
    add_filter_arguments,
    add_force_argument,
    check_output,
    filter_from_args,
    zone_inputs,
)
from seawatch.export import DATA_FORMATS, MAP_FORMATS, ZONE_FORMATS
from seawatch.export.data import write_bytes
from seawatch.export.errors import ExportError
from seawatch.filtering import IncidentFilter
from seawatch.search import match_summary

MAP_EPILOG = """\
examples:
  seawatch export map --format pdf --out map.pdf --disputed-only
  seawatch export map --format png --out scarborough.png --search Scarborough --names CHN
  seawatch export map --format report --out briefing.pdf --country PHL --since 2023-01-01 \\
      --title "Philippine incidents since 2023"
  seawatch export map --format html --out map.html --type water_cannon
  seawatch export map --format png --out osm.png --basemap osm   # needs internet

With no filter, the map shows every incident in the store (the bundled list and uploads).
An empty selection still gives a valid file that says "no incidents match".
"""

DATA_EPILOG = """\
examples:
  seawatch export data --format csv --out view.csv --country PHL --since 2023-01-01
  seawatch export data --format gpkg --out view.gpkg --disputed-only --zones-out zones.gpkg
  seawatch export data --format kml --out view.kml --claimant VNM
  seawatch export data --out view.geojson          # format from the extension

An existing --out file is replaced only with --force; the store and the zone file the
export reads are never written over.

Every format carries the incident columns plus the zone attribution (claimants, disputed,
zone_ids, eez, on_land, nearest_feature, nearest_feature_nm). CSV cells that a spreadsheet
would run as formulas (starting with = + - @) are prefixed with an apostrophe.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``export map`` and ``export data`` to the parser."""
    export = sub.add_parser(
        "export",
        help="export the filtered view as a map (HTML/PNG/PDF/report) or data files",
        description="Export the incidents in view (the same filters as the dashboard).",
    )
    groups = export.add_subparsers(dest="export_kind", metavar="{map,data}")
    export.set_defaults(func=lambda args: _missing_kind(export))
    _register_map(groups)
    _register_data(groups)


def _missing_kind(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _common(p: argparse.ArgumentParser, formats: dict[str, str]) -> None:
    p.add_argument(
        "--format",
        choices=list(formats),
        help="file format (default: from the extension of --out)",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="file to write")
    p.add_argument(
        "--zones",
        default="builtin",
        metavar="builtin|imported|PATH",
        help="zone set to draw and join against (default: the built-in layers)",
    )
    add_force_argument(p)
    add_filter_arguments(p)


def _register_map(groups: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = groups.add_parser(
        "map",
        help="the map as standalone HTML, PNG (300 dpi), PDF (vector) or a PDF report pack",
        description="Write the map of the incidents in view: standalone interactive HTML "
        "(works offline), a static A4 map as PNG or PDF, or a report pack (PDF: map, "
        "timeline, summary, table of incidents with sources).",
        epilog=MAP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(p, MAP_FORMATS)
    p.add_argument("--title", help="map title (default: made from the filters)")
    p.add_argument(
        "--names",
        default="en",
        metavar="en|ISO3",
        help="place names of the features: English (en) or a claimant's, e.g. CHN, PHL, VNM",
    )
    p.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")
    p.add_argument(
        "--basemap",
        choices=["osm"],
        help="web tiles under the static map (needs internet; default: none, the bundled land)",
    )
    p.add_argument("--no-summary", action="store_true", help="report pack without summary page")
    p.set_defaults(func=run_map)


def _register_data(groups: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = groups.add_parser(
        "data",
        help="the incidents in view as CSV, GeoJSON, GeoPackage, KML or GeoParquet",
        description="Write the incidents in view with their zone attribution.",
        epilog=DATA_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(p, DATA_FORMATS)
    p.add_argument(
        "--zones-out",
        metavar="FILE",
        help="also write the zone layers that intersect the view (.geojson or .gpkg)",
    )
    p.set_defaults(func=run_data)


def format_for(out: Path, fmt: str | None, formats: dict[str, str]) -> str:
    """The format asked for, or the one the extension of `out` names.

    Examples
    --------
    >>> format_for(Path("view.geojson"), None, {"csv": ".csv", "geojson": ".geojson"})
    'geojson'
    """
    if fmt:
        clash = [n for n, suffix in formats.items() if out.suffix.lower() == suffix]
        if clash and formats[fmt] != out.suffix.lower():
            raise ExportError(
                f"--out {str(out)!r} has the extension of {clash[0]} files but --format is "
                f"{fmt!r}; use the extension {formats[fmt]!r}"
            )
        return fmt
    for name, suffix in formats.items():
        if out.suffix.lower() == suffix:
            return name
    raise ExportError(
        f"--out {str(out)!r}: cannot tell the format from the extension {out.suffix!r}; "
        f"give --format, one of {list(formats)!r}"
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def run_map(args: argparse.Namespace) -> int:
    from seawatch.export import export_map
    from seawatch.export.static_map import check_names
    from seawatch.export.view import load_view

    out = check_output(args.out, "--out", inputs=zone_inputs(args.zones), force=args.force)
    fmt = format_for(out, args.format, MAP_FORMATS)
    names = check_names(args.names)
    if not 30 <= args.dpi <= 1200:
        raise ExportError(f"--dpi {args.dpi} is out of range; use 30 to 1200")
    flt = filter_from_args(args)
    v = load_view(flt, zones_source=args.zones)
    data = export_map(
        v.incidents,
        v.zones,
        fmt,
        land=v.land,
        flt=flt,
        title=args.title,
        names=names,
        dpi=args.dpi,
        summary=not args.no_summary,
        basemap=args.basemap,
        lines=v.lines,
    )
    write_bytes(out, data)
    print(f"wrote {out} ({fmt}, {_size(len(data))}): {_count(len(v.incidents), v.total)}")
    _print_search(flt, len(v.incidents))
    return 0


def run_data(args: argparse.Namespace) -> int:
    from seawatch.export import export_data, export_zones
    from seawatch.export.view import load_view
    from seawatch.export.zones import zones_in_view

    inputs = zone_inputs(args.zones)
    out = check_output(args.out, "--out", inputs=inputs, force=args.force)
    fmt = format_for(out, args.format, DATA_FORMATS)
    zones_out = (
        check_output(args.zones_out, "--zones-out", inputs=[*inputs, out], force=args.force)
        if args.zones_out
        else None
    )
    zones_fmt = format_for(zones_out, None, ZONE_FORMATS) if zones_out else None
    flt = filter_from_args(args)
    v = load_view(flt, zones_source=args.zones)
    data = export_data(v.incidents, fmt)
    write_bytes(out, data)
    print(f"wrote {out} ({fmt}, {_size(len(data))}): {_count(len(v.incidents), v.total)}")
    _print_search(flt, len(v.incidents))
    if zones_out and zones_fmt:
        bbox = tuple(v.incidents.total_bounds) if len(v.incidents) else None
        shown = zones_in_view(v.zones, bbox=bbox)  # type: ignore[arg-type]
        zdata = export_zones(shown, zones_fmt)
        write_bytes(zones_out, zdata)
        print(f"wrote {zones_out} ({zones_fmt}, {_size(len(zdata))}): {len(shown)} zones")
    return 0


def _print_search(flt: IncidentFilter, shown: int) -> None:
    """What the search matched (its stems and fields), when there is one."""
    if flt.search:
        print(match_summary(shown, flt.query))


def _count(shown: int, total: int) -> str:
    if shown == 0:
        return f"no incidents match the filters (of {total} in the store)"
    return f"{shown} of {total} incidents"
