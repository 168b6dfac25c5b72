"""``seawatch zones``: build the built-in layers, import or download Marine Regions, list zones."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from seawatch import datasets, schema
from seawatch.cli.common import add_force_argument, check_output
from seawatch.errors import ZoneError

_FMT = argparse.RawDescriptionHelpFormatter

ZONES_EPILOG = """\
examples:
  seawatch zones list
  seawatch zones build
  seawatch zones import ~/Downloads/World_EEZ_v12_20231025_gpkg.zip
  seawatch zones download
"""
BUILD_EPILOG = """\
examples:
  seawatch zones build                  # regenerate data/eez/ (needs the build extra)
  seawatch zones build --out /tmp/eez   # build elsewhere, e.g. to compare with data/eez/
"""
IMPORT_EPILOG = """\
The layer is "Maritime Boundaries and Exclusive Economic Zones (200NM)" (v11 or v12) from
https://www.marineregions.org/downloads.php (Flanders Marine Institute, CC BY 4.0).

examples:
  seawatch zones import eez_v11.shp
  seawatch zones import World_EEZ_v12_20231025_gpkg.zip
  seawatch zones import eez.geojson --mr-version 12 --dry-run
then use it: seawatch zones list --source imported, or pick "imported" in the dashboard.
"""
DOWNLOAD_EPILOG = """\
Fetches the current EEZ layer from the Marine Regions web service (geo.vliz.be) as GeoJSON,
restricted to the region, then imports it. Without a network it stops with a message.

examples:
  seawatch zones download
  seawatch zones download --out ~/eez_scs.geojson --no-import
"""
LIST_EPILOG = """\
examples:
  seawatch zones list                       # built-in and imported, zones per kind
  seawatch zones list --source imported --verbose
  seawatch zones list --source my_zones.gpkg
  seawatch zones list --source /tmp/eez        # a build made with --out
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``zones build|import|download|list`` to the parser."""
    zones = sub.add_parser(
        "zones",
        help="maritime zone layers: build, import, download, list",
        description="Build, import, download and list the maritime zone layers.",
        epilog=ZONES_EPILOG,
        formatter_class=_FMT,
    )
    zsub = zones.add_subparsers(dest="zones_command", metavar="ACTION")
    zones.set_defaults(func=lambda args: _help(zones))
    _add_build(zsub)
    _add_import(zsub)
    _add_download(zsub)
    _add_list(zsub)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _add_build(zsub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = zsub.add_parser(
        "build",
        help="regenerate the built-in zone layers (data/eez/) from their sources",
        description="Regenerate the built-in zone layers and their manifest, deterministically.",
        epilog=BUILD_EPILOG,
        formatter_class=_FMT,
    )
    p.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: data/eez/)")
    add_force_argument(p)
    p.set_defaults(func=run_build)


def _add_import(zsub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = zsub.add_parser(
        "import",
        help="convert the Marine Regions EEZ layer into seawatch's zones",
        description="Convert the Marine Regions EEZ layer (shapefile, GeoPackage, GeoJSON or a "
        ".zip of one) into seawatch's zone schema, clipped to the region.",
        epilog=IMPORT_EPILOG,
        formatter_class=_FMT,
    )
    p.add_argument("path", type=Path, metavar="PATH", help="the downloaded layer")
    p.add_argument(
        "--out", type=Path, metavar="PATH", help="GeoPackage to write (default: the user data dir)"
    )
    p.add_argument("--mr-version", metavar="V", help="Marine Regions release, e.g. 11 or 12")
    p.add_argument("--layer", metavar="NAME", help="layer to read in a multi-layer file")
    p.add_argument("--dry-run", action="store_true", help="check and convert, write nothing")
    add_force_argument(p)
    p.set_defaults(func=run_import)


def _add_download(zsub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from seawatch.zones.marineregions import WFS_URL

    p = zsub.add_parser(
        "download",
        help="fetch the Marine Regions EEZ layer from its web service and import it",
        description="Fetch the EEZ layer from the Marine Regions web service, then import it.",
        epilog=DOWNLOAD_EPILOG,
        formatter_class=_FMT,
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="where to keep the GeoJSON (default: marineregions_eez.geojson in the cache dir)",
    )
    p.add_argument("--url", default=WFS_URL, help="service URL (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=15.0, metavar="S", help="seconds (default 15)")
    p.add_argument("--no-import", action="store_true", help="only download")
    add_force_argument(p)
    p.set_defaults(func=run_download)


def _add_list(zsub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = zsub.add_parser(
        "list",
        help="list the zone layers, their counts and versions",
        description="List the zone sources (built-in, imported), zones per kind and versions.",
        epilog=LIST_EPILOG,
        formatter_class=_FMT,
    )
    p.add_argument(
        "--source",
        metavar="SRC",
        help="builtin, imported, a zone file or a build folder (default: both sources)",
    )
    p.add_argument("--verbose", "-v", action="store_true", help="one line per zone")
    p.set_defaults(func=run_list)


# --- handlers ------------------------------------------------------------------------------------


def run_build(args: argparse.Namespace) -> int:
    """``seawatch zones build``: call `seawatch.zones.build.build_zones` and summarize."""
    # the built-in folder is regenerated (that is the command's job); another needs --force
    builtin = datasets.zones_dir()
    out = args.out or builtin
    regenerate = Path(out).resolve() == builtin.resolve()
    check_output(out, "--out", force=args.force or regenerate, folder=True)
    build_zones = _import_builder()
    manifest = build_zones(Path(out))
    print(f"built zone layers in {out}")
    _print_manifest(manifest, Path(out) / "manifest.json")
    return 0


def _import_builder() -> Any:
    try:
        from seawatch.zones.build import build_zones
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("seawatch"):
            raise ZoneError(
                "this copy of seawatch has no zone builder (seawatch.zones.build)"
            ) from exc
        raise ZoneError(
            f"building the zones needs the 'build' extra (missing module {exc.name!r}): "
            "pip install -e '.[build]'"
        ) from exc
    return build_zones


def _print_manifest(manifest: dict[str, Any], path: Path) -> None:
    from seawatch.zones.loading import manifest_layers

    for layer in manifest_layers(manifest, path):
        count = "?" if layer.count is None else str(layer.count)
        sha = (layer.sha256 or "")[:12]
        print(f"  {layer.name:<16} {count:>6} features  {layer.path.name}  sha256 {sha}")


def run_import(args: argparse.Namespace) -> int:
    """``seawatch zones import PATH``: convert, report, write."""
    from seawatch.zones.marineregions import import_marine_regions

    if not args.dry_run:  # the default file is the previous import: replacing it is the point
        out = args.out or datasets.imported_zones_path()
        check_output(out, "--out", inputs=[args.path], force=args.force or not args.out)
    zones, report = import_marine_regions(
        args.path,
        out=args.out,
        write=not args.dry_run,
        mr_version=args.mr_version,
        layer=args.layer,
    )
    for line in report.lines():
        print(line)
    for kind, count in report.counts(zones).items():
        print(f"  {kind:<16} {count:>5} zones")
    if report.written_to:
        print(f"written to {report.written_to}; use it with --source imported or in the dashboard")
    else:
        print("dry run: nothing written")
    if report.rejected:
        print(
            f"warning: {len(report.rejected)} feature(s) rejected (listed above)", file=sys.stderr
        )
    return 0


def run_download(args: argparse.Namespace) -> int:
    """``seawatch zones download``: fetch from the web service, then import."""
    from seawatch.zones.marineregions import download_marine_regions

    dest = args.out or (datasets.cache_dir() / "marineregions_eez.geojson")
    check_output(dest, "--out", force=args.force or not args.out)
    print(f"downloading {args.url}", file=sys.stderr)
    path = download_marine_regions(dest, url=args.url, timeout=args.timeout)
    print(f"saved {path} ({path.stat().st_size} bytes)")
    if args.no_import:
        return 0
    today = dt.datetime.now(dt.UTC).date().isoformat()
    args_import = argparse.Namespace(
        path=path, out=None, mr_version=f"wfs-{today}", layer=None, dry_run=False, force=False
    )
    return run_import(args_import)


def run_list(args: argparse.Namespace) -> int:
    """``seawatch zones list``: zones per kind and version of each source."""
    from seawatch.zones.loading import BUILTIN, IMPORTED

    if args.source:
        _list_source(args.source, args.verbose)
        return 0
    available = 0
    for source in (BUILTIN, IMPORTED):
        try:
            _list_source(source, args.verbose)
            available += 1
        except ZoneError as exc:
            print(f"{source} zones: not available: {exc}")
    return 0 if available else 1


def _list_source(source: str, verbose: bool) -> None:
    from seawatch.zones.loading import load_zones, zones_version

    zones = load_zones(source)
    versions = ", ".join(sorted(set(zones[schema.ZONE_VERSION])))
    print(
        f"{source} zones: {len(zones)} zones, data version {versions}, hash {zones_version(source)}"
    )
    for kind in schema.ZONE_KINDS:
        sub = zones[zones[schema.ZONE_KIND] == kind]
        if len(sub):
            print(f"  {kind:<16} {len(sub):>5} zones")
            if verbose:
                for row in sub.itertuples(index=False):
                    zid = getattr(row, schema.ZONE_ID)
                    name = getattr(row, schema.ZONE_NAME)
                    claimants = getattr(row, schema.ZONE_CLAIMANTS)
                    print(f"    {zid:<36} {claimants:<24} {name}")
