"""Importing the Marine Regions "Maritime Boundaries and EEZ (200NM)" layer into seawatch's schema.

The layer (Flanders Marine Institute, CC BY 4.0; v11 2019, v12 2023) is downloaded from
https://www.marineregions.org/downloads.php as a shapefile, GeoPackage or GeoJSON, or fetched
from the Marine Regions web service (`download_marine_regions`). Its attribute columns are
upper-case in v11 and lower-case in v12 and the web service; both are accepted.

Conversion (one seawatch zone per Marine Regions polygon, ``zone_id`` = ``mr-<MRGID>``):

======================  ===================  ==============================================
``POL_TYPE``            seawatch ``kind``    ``claimants`` (claim families)
======================  ===================  ==============================================
``200NM``               ``eez_provisional``  ``ISO_SOV1`` (the EEZ claimed by that state)
``Overlapping claim``   ``claim``            ``ISO_SOV1..3``, each its own claim family, so
                                             the area's status is ``disputed``
``Joint regime``        ``joint``            ``ISO_SOV1..3`` (status ``joint``)
MRGID 49003             ``claim``            CHN;TWN;VNM;PHL;MYS;BRN (its sovereign fields
                                             are empty; the list is seawatch's own), CHN and
                                             TWN one family (the dashed line)
======================  ===================  ==============================================

The layer has no 200-nm entitlements, so with it no area is ``undelimited``: a 200NM polygon
is ``single`` (or ``agreed`` nowhere: the layer does not say which lines are agreed).

Geometries are checked and repaired like any zone file (`seawatch.zones.validate`), then
clipped to `schema.REGION_BOUNDS`; features entirely outside are left out and listed in the
report. The ``source`` column carries the Marine Regions citation with its version and licence.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio.errors
import shapely

from seawatch import datasets, schema
from seawatch.errors import ZoneError
from seawatch.zones.validate import (
    ZoneFileError,
    ZoneIssue,
    ZoneReport,
    polygonal_part,
    read_geo_file,
    repair_geometries,
    require_columns,
    require_some,
    to_wgs84,
)

#: Columns every Marine Regions EEZ layer has (compared case-insensitively).
REQUIRED_COLUMNS = ("MRGID", "GEONAME", "POL_TYPE", "ISO_SOV1")
SOVEREIGN_COLUMNS = ("iso_sov1", "iso_sov2", "iso_sov3")

#: Marine Regions' one polygon for the overlapping claims in the South China Sea.
SCS_OVERLAP_MRGID = 49003
#: Its claimants, which the layer does not list (seawatch's own list: the six states whose
#: claims overlap in the Spratly area; see issue 3).
SCS_OVERLAP_CLAIMANTS = ("BRN", "CHN", "MYS", "PHL", "TWN", "VNM")

POL_TYPE_KINDS = {
    "200nm": "eez_provisional",
    "overlapping claim": "claim",
    "joint regime": "joint",
}
#: Claim families of MRGID 49003's claimants (see seawatch.zones.status).
SCS_OVERLAP_FAMILIES = "BRN;CHN+TWN;MYS;PHL;VNM"
_BASIS = {
    "200nm": "Exclusive economic zone (UNCLOS Art. 55-57, 200 nm) as delimited by Marine Regions",
    "overlapping claim": (
        "Area claimed by several states (Marine Regions POL_TYPE 'Overlapping claim')"
    ),
    "joint regime": (
        "Area under a joint regime of several states (Marine Regions POL_TYPE 'Joint regime')"
    ),
}
_EMPTY_CODES = {"", "NA", "N/A", "-", "NONE", "NULL", "NAN"}

#: Published releases: version -> (year, DOI). Source: the citation Marine Regions gives on
#: https://www.marineregions.org/downloads.php for each release.
RELEASES = {"11": ("2019", "10.14284/386"), "12": ("2023", "10.14284/632")}

#: The Marine Regions web service (GeoServer WFS): layer MarineRegions:eez, the current release,
#: as GeoJSON, only features whose bounding box meets the seawatch region.
WFS_URL = (
    "https://geo.vliz.be/geoserver/MarineRegions/wfs?service=WFS&version=1.0.0"
    "&request=GetFeature&typeName=MarineRegions:eez&outputFormat=application/json"
    f"&bbox={schema.REGION_WEST},{schema.REGION_SOUTH},{schema.REGION_EAST},{schema.REGION_NORTH}"
)
_MAX_DOWNLOAD = 500 * 1024 * 1024


@dataclass
class ImportReport(ZoneReport):
    """A `ZoneReport` plus what the Marine Regions import did.

    Attributes
    ----------
    mr_version
        The Marine Regions release ("11", "12", or as given).
    outside_region
        ``mr-<MRGID>`` of features entirely outside `schema.REGION_BOUNDS` (left out).
    written_to
        The GeoPackage written, if any.
    """

    mr_version: str = ""
    outside_region: list[str] = field(default_factory=list)
    written_to: str | None = None

    def counts(self, zones: gpd.GeoDataFrame) -> dict[str, int]:
        """Zones per kind in the converted layer."""
        return {
            str(k): int(v) for k, v in zones[schema.ZONE_KIND].value_counts().sort_index().items()
        }


def import_marine_regions(
    path: str | Path,
    *,
    out: str | Path | None = None,
    write: bool = True,
    mr_version: str | None = None,
    layer: str | None = None,
) -> tuple[gpd.GeoDataFrame, ImportReport]:
    """Convert the Marine Regions EEZ layer to seawatch's zone schema and keep it.

    Parameters
    ----------
    path
        The layer as downloaded (shapefile, GeoPackage, GeoJSON, or a .zip holding one).
    out
        Where to write the converted layer (GeoPackage); default
        `seawatch.datasets.imported_zones_path`, which ``load_zones("imported")`` reads.
    write
        False to convert only.
    mr_version
        The release ("11", "12"...); by default read from the file name (``eez_v11.shp``...).
    layer
        The layer to read in a multi-layer file; by default the one with MRGID and POL_TYPE.

    Returns
    -------
    (GeoDataFrame, ImportReport)
        The zones (EPSG:4326, `schema.ZONE_COLUMNS` + geometry) and what was repaired,
        rejected or left outside the region.

    Raises
    ------
    ZoneFileError
        Not a geo file, empty, missing columns, a bad MRGID (the message names file, row, value).
    ZoneCRSError
        No CRS, or coordinates that contradict it.
    """
    notes: list[str] = []
    gdf, name = read_geo_file(path, layer, prefer_columns=("MRGID", "POL_TYPE"), notes=notes)
    version = mr_version or _version_from_name(Path(path))
    report = ImportReport(
        path=str(path), layer=name, n_read=len(gdf), mr_version=version, notes=notes
    )
    if not mr_version and version == "unknown":
        report.notes.append(
            "Marine Regions version not found in the file name; pass it (--mr-version 11/12)"
        )
    gdf = require_columns(gdf, REQUIRED_COLUMNS, str(path), "Marine Regions EEZ layer")
    gdf = to_wgs84(gdf, str(path), report).reset_index(drop=True)
    mrgids = [_mrgid(v, str(path), i) for i, v in enumerate(gdf["mrgid"])]
    gdf["mrgid"] = mrgids
    gdf = _drop_far(gdf, report)
    gdf = repair_geometries(gdf, [f"mr-{m}" for m in gdf["mrgid"]], report)
    zones = _convert(gdf, version, Path(path).name, report)
    zones = _clip_to_region(zones, report)
    report.issues.sort(key=lambda issue: issue.row)
    report.n_kept = len(zones)
    require_some(report)
    if write:
        target = Path(out) if out is not None else datasets.imported_zones_path()
        write_zones(zones, target)
        report.written_to = str(target)
    return zones, report


def citation(mr_version: str) -> str:
    """The citation Marine Regions asks for, for a release.

    Examples
    --------
    >>> citation("11")[:60]
    'Flanders Marine Institute (2019). Maritime Boundaries Geodat'
    >>> "10.14284/632" in citation("12")
    True
    >>> "retrieved 2026-01-31" in citation("wfs-2026-01-31")
    True
    """
    year, doi = RELEASES.get(mr_version, ("", ""))
    when = f" ({year})" if year else ""
    link = f" https://doi.org/{doi}." if doi else ""
    if mr_version.startswith("wfs-"):
        label = f"web-service layer MarineRegions:eez retrieved {mr_version[4:]}"
    elif mr_version == "unknown":
        label = "version not stated"
    else:
        label = f"version {mr_version}"
    return (
        f"Flanders Marine Institute{when}. Maritime Boundaries Geodatabase: Maritime Boundaries "
        f"and Exclusive Economic Zones (200NM), {label}. Available online at "
        f"https://www.marineregions.org/.{link} Licence CC BY 4.0."
    )


def write_zones(zones: gpd.GeoDataFrame, target: Path) -> None:
    """Write a zone frame to a GeoPackage atomically (a half-written file is never left behind)."""
    tmp = target.with_name(f".{target.stem}.tmp.gpkg")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        zones.to_file(tmp, driver="GPKG", layer="zones", engine="pyogrio")
        os.replace(tmp, target)
    except (OSError, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        if tmp.parent.is_dir():
            tmp.unlink(missing_ok=True)
        raise ZoneError(f"{target}: cannot write the imported zones: {exc}") from exc


def download_marine_regions(dest: str | Path, url: str = WFS_URL, timeout: float = 15.0) -> Path:
    """Fetch the EEZ layer from the Marine Regions web service as GeoJSON into `dest`.

    Parameters
    ----------
    dest
        The file to write (written only when a complete GeoJSON answer arrived).
    url
        The service URL (http, https, or file for an offline mirror); default `WFS_URL`.
    timeout
        Seconds to wait for the connection and for each read.

    Raises
    ------
    ZoneError
        No network, an HTTP error, or an answer that is not GeoJSON; the message says how to
        get the layer by hand.
    """
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https", "file"):
        raise ZoneError(f"URL {url!r}: scheme {scheme!r} not allowed; use http, https or file")
    data = _fetch(url, timeout)
    _check_geojson(data, url)
    target = Path(dest)
    tmp = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise ZoneError(f"{target}: cannot save the download: {exc}") from exc
    return target


# --- helpers -------------------------------------------------------------------------------------

_BY_HAND = (
    "download 'Maritime Boundaries and Exclusive Economic Zones (200NM)' from "
    "https://www.marineregions.org/downloads.php and run `seawatch zones import PATH`"
)


def _fetch(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "seawatch (zones download)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read(_MAX_DOWNLOAD + 1)
    except urllib.error.HTTPError as exc:
        raise ZoneError(
            f"the Marine Regions web service answered HTTP {exc.code} {exc.reason} for {url}; "
            + _BY_HAND
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ZoneError(
            f"cannot reach the Marine Regions web service at {url} ({reason}); is there a "
            f"network? Otherwise {_BY_HAND}"
        ) from exc
    if len(data) > _MAX_DOWNLOAD:
        raise ZoneError(f"{url}: answer larger than {_MAX_DOWNLOAD // 2**20} MB; {_BY_HAND}")
    return data


def _check_geojson(data: bytes, url: str) -> None:
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        head = data[:80].decode("utf-8", "replace").strip()
        raise ZoneError(
            f"{url}: the answer is not GeoJSON (it starts {head!r}); {_BY_HAND}"
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        raise ZoneError(
            f"{url}: the answer is JSON but not a GeoJSON FeatureCollection; {_BY_HAND}"
        )
    if not doc["features"]:
        raise ZoneError(f"{url}: the answer holds no features; {_BY_HAND}")


def _version_from_name(path: Path) -> str:
    match = re.search(r"v(\d{1,2})(?!\d)", path.name, flags=re.IGNORECASE)
    return match.group(1) if match else "unknown"


def _mrgid(value: object, path: str, i: int) -> int:
    try:
        number = float(str(value).strip())
    except ValueError:
        number = float("nan")
    if not np.isfinite(number) or number != int(number) or number <= 0:
        raise ZoneFileError(
            "MRGID must be a positive whole number",
            path=path,
            row=i + 1,
            column="MRGID",
            value=value,
        )
    return int(number)


def _codes(row: pd.Series, columns: tuple[str, ...]) -> list[str]:
    codes = []
    for col in columns:
        value = row.get(col)
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
        text = text.strip().upper()
        if text not in _EMPTY_CODES and text not in codes:
            codes.append(text)
    return codes


def _convert(
    gdf: gpd.GeoDataFrame, version: str, file_name: str, report: ImportReport
) -> gpd.GeoDataFrame:
    rows, geoms = [], []
    cite = citation(version)
    repaired = {i.row for i in report.repaired}
    for idx, row in gdf.iterrows():
        record = _convert_row(row, int(idx) + 1, cite, version, file_name, report)
        if record is None:
            continue
        if int(idx) + 1 in repaired:
            method = f"{record[schema.ZONE_METHOD]}; geometry repaired with shapely.make_valid"
            record[schema.ZONE_METHOD] = method
        rows.append(record)
        geoms.append(row[gdf.geometry.name])
    frame = pd.DataFrame(rows, columns=list(schema.ZONE_COLUMNS))
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=schema.CRS)


def _convert_row(
    row: pd.Series, n: int, cite: str, version: str, file_name: str, report: ImportReport
) -> dict[str, object] | None:
    mrgid = int(row["mrgid"])
    zone_id = f"mr-{mrgid}"
    pol_type = str(row["pol_type"]).strip()
    kind = POL_TYPE_KINDS.get(pol_type.lower())
    if kind is None:
        allowed = "'200NM', 'Overlapping claim', 'Joint regime'"
        report.issues.append(
            ZoneIssue(n, zone_id, f"POL_TYPE {pol_type!r} is not one of {allowed}", "rejected")
        )
        return None
    basis = _BASIS[pol_type.lower()]
    if mrgid == SCS_OVERLAP_MRGID:
        codes = list(SCS_OVERLAP_CLAIMANTS)
        basis += "; claimants from seawatch's list (Marine Regions lists no sovereigns here)"
    elif kind == "eez_provisional":
        codes = _codes(row, SOVEREIGN_COLUMNS[:1])
    else:
        codes = _codes(row, SOVEREIGN_COLUMNS)
    if not _codes_ok(codes, n, zone_id, kind, report):
        return None
    name = str(row["geoname"]).strip() if pd.notna(row["geoname"]) else ""
    return {
        schema.ZONE_ID: zone_id,
        schema.ZONE_KIND: kind,
        schema.ZONE_NAME: name or f"MRGID {mrgid}",
        schema.ZONE_CLAIMANTS: schema.join_list(codes),
        schema.ZONE_FAMILIES: SCS_OVERLAP_FAMILIES
        if mrgid == SCS_OVERLAP_MRGID
        else schema.join_list(codes),
        schema.ZONE_STATUS: "",
        schema.ZONE_BASIS: basis,
        schema.ZONE_SOURCE: (
            f"{cite} MRGID {mrgid}: https://www.marineregions.org/gazetteer.php?p=details&id={mrgid}"
        ),
        schema.ZONE_METHOD: (
            f"Imported from the Marine Regions layer {file_name!r} (POL_TYPE {pol_type!r}); "
            "clipped to 99-125E, 3S-26N"
        ),
        # Marine Regions states its boundaries have no legal value; in the South China Sea most
        # are unagreed median lines. seawatch flags them as approximate, like its own.
        schema.ZONE_APPROXIMATE: True,
        schema.ZONE_VERSION: f"marineregions-v{version}"
        if version.isdigit()
        else f"marineregions-{version}",
    }


def _codes_ok(codes: list[str], n: int, zone_id: str, kind: str, report: ImportReport) -> bool:
    if not codes:
        report.issues.append(ZoneIssue(n, zone_id, "no sovereign code in ISO_SOV1..3", "rejected"))
        return False
    unknown = [c for c in codes if c not in schema.ISO3_CODES]
    if unknown:
        report.issues.append(
            ZoneIssue(
                n,
                zone_id,
                f"sovereign code(s) {', '.join(unknown)} unknown to seawatch (schema.ISO3_CODES)",
                "rejected",
            )
        )
        return False
    if kind in ("claim", "joint") and len(codes) < 2:
        report.notes.append(
            f"row {n} ({zone_id}): an overlapping claim or joint regime with one sovereign "
            f"({codes[0]})"
        )
    return True


def _drop_far(gdf: gpd.GeoDataFrame, report: ImportReport) -> gpd.GeoDataFrame:
    """Leave out features whose bounding box misses the region (before the costly checks).

    The world layer has ~280 polygons and millions of vertices; only a few dozen come near the
    South China Sea. Rows without geometry stay, so that the geometry check reports them.
    """
    geoms = gdf.geometry.to_numpy()
    boxes = shapely.box(*shapely.bounds(geoms).T)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    near = missing | shapely.intersects(boxes, shapely.box(*schema.REGION_BOUNDS))
    report.outside_region += [f"mr-{m}" for m in gdf.loc[~near, "mrgid"]]
    return gdf[near]


def _clip_to_region(zones: gpd.GeoDataFrame, report: ImportReport) -> gpd.GeoDataFrame:
    region = shapely.box(*schema.REGION_BOUNDS)
    clipped = shapely.intersection(zones.geometry.to_numpy(), region)
    parts = [polygonal_part(g) if g is not None else None for g in clipped]
    inside = np.array([p is not None for p in parts], dtype=bool)
    report.outside_region += list(zones.loc[~inside, schema.ZONE_ID])
    if report.outside_region:
        report.notes.append(
            f"{len(report.outside_region)} feature(s) entirely outside the region "
            f"(99-125E, 3S-26N) left out: {', '.join(report.outside_region[:10])}"
            + (" ..." if len(report.outside_region) > 10 else "")
        )
    kept = zones.loc[inside].copy()
    kept[kept.geometry.name] = gpd.GeoSeries(
        [p for p in parts if p is not None], index=kept.index, crs=schema.CRS
    )
    return kept.reset_index(drop=True)


__all__ = [
    "ImportReport",
    "citation",
    "download_marine_regions",
    "import_marine_regions",
    "write_zones",
]
