"""Checking a zone file at the edge: readable, geographic, the right columns, valid polygons.

Everything a zone file can get wrong is turned into a `ZoneFileError` naming the file (and the
row, column and value where there is one) or into an entry of a `ZoneReport`:

- not a geo file, unreadable, no geometry column, no features → `ZoneFileError`;
- no CRS → `ZoneCRSError`; a CRS other than WGS84 lon/lat → reprojected to EPSG:4326 and noted
  in the report; coordinates outside the lon/lat range → `ZoneCRSError` (the declared CRS is wrong);
- missing columns → `ZoneFileError` naming every missing column;
- invalid polygons → repaired with `shapely.make_valid` and REPORTED (zone id + GEOS's reason);
- empty or non-polygonal geometries → the row is rejected and REPORTED, never dropped silently.

`read_geo_file` and `repair_geometries` are shared with the Marine Regions import;
`read_zone_file` checks a file in seawatch's own zone schema (`schema.ZONE_COLUMNS`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
from pyproj import CRS

from seawatch import schema
from seawatch.errors import CRSError, DataFormatError, ZoneError
from seawatch.zones.status import format_families, parse_families

POLYGONAL = ("Polygon", "MultiPolygon")
_WGS84 = CRS.from_epsg(4326)
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


class ZoneFileError(DataFormatError, ZoneError):
    """A zone file cannot be used; carries the file, and the row/column/value when known.

    `row` is the 1-based feature number in the file.
    """


class ZoneCRSError(ZoneFileError, CRSError):
    """A zone file has no coordinate reference system, or coordinates that contradict it."""


@dataclass(frozen=True)
class ZoneIssue:
    """One feature that was repaired or rejected.

    Parameters
    ----------
    row
        1-based feature number in the file.
    zone_id
        The feature's id (``zone_id``, or ``mr-<MRGID>`` for Marine Regions), "" when unknown.
    problem
        What was wrong, in words (GEOS's reason for invalid geometries).
    action
        ``"repaired"`` (kept after `shapely.make_valid`) or ``"rejected"`` (left out).
    """

    row: int
    zone_id: str
    problem: str
    action: str

    def __str__(self) -> str:
        who = f" ({self.zone_id})" if self.zone_id else ""
        return f"row {self.row}{who}: {self.problem} -> {self.action}"


@dataclass
class ZoneReport:
    """What happened to a zone file on its way in.

    Attributes
    ----------
    path
        The file that was read.
    layer
        The layer read from it.
    n_read
        Features in the file.
    n_kept
        Features in the result.
    issues
        Features repaired or rejected, one `ZoneIssue` each.
    notes
        File-level facts worth telling the user (reprojection, features outside the region...).
    """

    path: str
    layer: str | None = None
    n_read: int = 0
    n_kept: int = 0
    issues: list[ZoneIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def repaired(self) -> list[ZoneIssue]:
        """Features whose geometry was repaired with `shapely.make_valid`."""
        return [i for i in self.issues if i.action == "repaired"]

    @property
    def rejected(self) -> list[ZoneIssue]:
        """Features left out, with the reason."""
        return [i for i in self.issues if i.action == "rejected"]

    @property
    def clean(self) -> bool:
        """True when nothing was repaired, rejected or reprojected."""
        return not self.issues and not self.notes

    def lines(self) -> list[str]:
        """The report as plain lines (the CLI prints them; the dashboard lists them)."""
        out = [f"{self.path}: {self.n_read} features read, {self.n_kept} kept"]
        out += [f"note: {n}" for n in self.notes]
        out += [str(i) for i in self.issues]
        return out


# --- reading -------------------------------------------------------------------------------------


def read_geo_file(
    path: str | Path,
    layer: str | None = None,
    prefer_columns: Sequence[str] = (),
    notes: list[str] | None = None,
) -> tuple[gpd.GeoDataFrame, str]:
    """Read one vector layer; every failure becomes a `ZoneFileError` naming the file.

    Parameters
    ----------
    path
        A shapefile, GeoPackage, GeoJSON, FlatGeobuf... (or a ``.zip`` holding one).
    layer
        The layer to read; by default the only layer, or the first whose fields include all of
        `prefer_columns` (case-insensitive), or the first polygon layer.
    prefer_columns
        Columns that identify the wanted layer in a multi-layer file.
    notes
        Receives the warnings GDAL/pyogrio gave while reading (they are not raised).

    Returns
    -------
    (GeoDataFrame, layer name)
    """
    p = Path(path)
    if not p.exists():
        raise ZoneFileError("no such file", path=str(p))
    if p.is_dir() and not any(p.glob("*.shp")):
        raise ZoneFileError("is a folder, not a zone file", path=str(p))
    name = _choose_layer(p, layer, prefer_columns)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gdf = gpd.read_file(p, layer=name, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise ZoneFileError(f"cannot read layer {name!r}: {_first_line(exc)}", path=str(p)) from exc
    except (pyogrio.errors.FeatureError, pyogrio.errors.GeometryError) as exc:
        raise ZoneFileError(
            f"damaged feature in layer {name!r}: {_first_line(exc)}", path=str(p)
        ) from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        raise ZoneFileError(f"layer {name!r} has no geometry column: not a geo file", path=str(p))
    if len(gdf) == 0:
        raise ZoneFileError(f"layer {name!r} has no features (empty file)", path=str(p))
    if notes is not None:
        notes.extend(f"reading: {w.message}" for w in caught)
    return gdf, name


def _choose_layer(p: Path, layer: str | None, prefer_columns: Sequence[str]) -> str:
    try:
        layers = pyogrio.list_layers(p)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise ZoneFileError(
            "not a geo file seawatch can read (shapefile, GeoPackage, GeoJSON, FlatGeobuf, "
            f"or a .zip holding one): {_first_line(exc)}",
            path=str(p),
        ) from exc
    names = [str(n) for n in layers[:, 0]]
    if not names:
        raise ZoneFileError("holds no layers (empty file)", path=str(p))
    if layer is not None:
        if layer not in names:
            raise ZoneFileError(f"has no layer {layer!r}; its layers are {names!r}", path=str(p))
        return layer
    if len(names) == 1:
        return names[0]
    wanted = {c.upper() for c in prefer_columns}
    polygon_layers = [n for n, g in zip(names, layers[:, 1], strict=True) if "Polygon" in str(g)]
    for n in polygon_layers or names:
        fields = {str(f).upper() for f in pyogrio.read_info(p, layer=n)["fields"]}
        if wanted <= fields:
            return n
    return (polygon_layers or names)[0]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return first.split("; It might help")[0].rstrip(".") + "."


# --- CRS -----------------------------------------------------------------------------------------


def to_wgs84(gdf: gpd.GeoDataFrame, path: str, report: ZoneReport) -> gpd.GeoDataFrame:
    """The frame in EPSG:4326: reprojected (and noted in `report`) if needed, checked for range."""
    if gdf.crs is None:
        raise ZoneCRSError(
            "has no coordinate reference system (CRS); seawatch needs one (EPSG:4326, WGS84 "
            "longitude/latitude, or any CRS it can reproject from): add the .prj file or re-save "
            "the file with its CRS",
            path=path,
        )
    crs = CRS.from_user_input(gdf.crs)
    if crs == _WGS84:
        pass
    elif crs.equals(_WGS84, ignore_axis_order=True):  # OGC:CRS84 (GeoJSON): same, lon/lat order
        gdf = gdf.set_crs(schema.CRS, allow_override=True)
    else:
        given = gdf.crs.to_string()
        try:
            gdf = gdf.to_crs(schema.CRS)
        except Exception as exc:  # noqa: BLE001 - pyproj raises several types; all mean the same
            raise ZoneCRSError(
                f"cannot reproject from {given} to EPSG:4326: {_first_line(exc)}", path=path
            ) from exc
        report.notes.append(f"reprojected from {given} to EPSG:4326 (WGS84 lon/lat)")
    _check_lonlat_range(gdf, path)
    return gdf


def _check_lonlat_range(gdf: gpd.GeoDataFrame, path: str) -> None:
    geoms = gdf.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return
    minx, miny, maxx, maxy = shapely.total_bounds(geoms[present])
    finite = np.isfinite([minx, miny, maxx, maxy]).all()
    if not finite or minx < -180.5 or maxx > 360.5 or miny < -90.5 or maxy > 90.5:
        raise ZoneCRSError(
            f"coordinates (x {minx:.6g}..{maxx:.6g}, y {miny:.6g}..{maxy:.6g}) are outside the "
            "longitude/latitude range of EPSG:4326: the file's declared CRS is wrong (metres "
            "given as degrees? a GeoJSON without 'crs' means WGS84 lon/lat)",
            path=path,
        )


# --- columns -------------------------------------------------------------------------------------


def require_columns(
    gdf: gpd.GeoDataFrame, required: Sequence[str], path: str, what: str
) -> gpd.GeoDataFrame:
    """The frame with column names lower-cased; raises naming every missing column.

    Parameters
    ----------
    required
        Column names that must be present (compared case-insensitively).
    what
        What kind of file this should be, for the message ("seawatch zone file"...).
    """
    found = [str(c) for c in gdf.columns if c != gdf.geometry.name]
    gdf = lowercase_columns(gdf, path)
    missing = [c for c in required if c.lower() not in gdf.columns]
    if missing:
        raise ZoneFileError(
            f"missing column(s) {', '.join(repr(c) for c in missing)}: a {what} needs "
            f"{', '.join(required)}; the file has {', '.join(found) or 'no attribute columns'}",
            path=path,
        )
    return gdf


def lowercase_columns(gdf: gpd.GeoDataFrame, path: str) -> gpd.GeoDataFrame:
    """Column names in lower case (Marine Regions v11 is upper-case, v12 lower-case)."""
    geom = gdf.geometry.name
    mapping = {c: (c if c == geom else str(c).lower()) for c in gdf.columns}
    lowered = list(mapping.values())
    dupes = sorted({c for c in lowered if lowered.count(c) > 1})
    if dupes:
        raise ZoneFileError(
            f"has columns that differ only in case: {', '.join(dupes)}", path=path, column=dupes[0]
        )
    return gdf.rename(columns=mapping)


# --- geometries ----------------------------------------------------------------------------------


def repair_geometries(
    gdf: gpd.GeoDataFrame, ids: Sequence[str], report: ZoneReport
) -> gpd.GeoDataFrame:
    """Polygonal, valid geometries: invalid ones repaired, others rejected; all reported.

    Parameters
    ----------
    gdf
        The features, in file order (row ``i`` of the frame is feature ``i + 1`` of the file).
    ids
        The zone id of each row, for the report.
    report
        Receives one `ZoneIssue` per repaired or rejected feature.

    Returns
    -------
    GeoDataFrame
        The kept rows (original index), with repaired geometries.
    """
    geoms, keep = repair_geometry_array(gdf.geometry.to_numpy(), ids, report)
    out = gdf.copy()
    out[gdf.geometry.name] = gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)
    return out[keep]


def repair_geometry_array(
    geoms: np.ndarray, ids: Sequence[str], report: ZoneReport
) -> tuple[np.ndarray, np.ndarray]:
    """`repair_geometries` on an array: returns (geometries, boolean mask of rows kept)."""
    geoms = geoms.copy()
    keep = np.ones(len(geoms), dtype=bool)
    for i, geom in enumerate(geoms):
        problem = _shape_problem(geom)
        if problem:
            keep[i] = False
            report.issues.append(ZoneIssue(i + 1, str(ids[i]), problem, "rejected"))
    for j in np.flatnonzero(keep & ~shapely.is_valid(geoms)):
        i = int(j)
        reason = shapely.is_valid_reason(geoms[i])
        fixed = polygonal_part(shapely.make_valid(geoms[i]))
        if fixed is None:
            keep[i] = False
            problem = f"invalid geometry ({reason}), no area left"
            report.issues.append(ZoneIssue(i + 1, str(ids[i]), problem, "rejected"))
        else:
            geoms[i] = fixed
            problem = f"invalid geometry ({reason})"
            report.issues.append(ZoneIssue(i + 1, str(ids[i]), problem, "repaired"))
    report.issues.sort(key=lambda issue: issue.row)
    return geoms, keep


def _shape_problem(geom: object) -> str:
    if geom is None or shapely.is_missing(geom):
        return "no geometry"
    if shapely.is_empty(geom):
        return "empty geometry"
    kind = geom.geom_type  # type: ignore[attr-defined]
    if kind not in POLYGONAL:
        return f"{kind} geometry; zones must be Polygon or MultiPolygon"
    return ""


def polygonal_part(geom: shapely.Geometry) -> shapely.Geometry | None:
    """The Polygon/MultiPolygon part of a geometry (e.g. of `make_valid`'s output), or None.

    Examples
    --------
    >>> bowtie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    >>> shapely.is_valid_reason(bowtie)
    'Self-intersection[1 1]'
    >>> fixed = polygonal_part(shapely.make_valid(bowtie))
    >>> fixed.geom_type, fixed.area, fixed.is_valid
    ('MultiPolygon', 2.0, True)
    >>> polygonal_part(shapely.LineString([(0, 0), (1, 1)])) is None
    True
    """
    if geom.geom_type in POLYGONAL:
        return None if geom.is_empty else geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in POLYGONAL and not g.is_empty]
    if not parts:
        return None
    polys = [p for g in parts for p in shapely.get_parts(g)]
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


# --- seawatch's own zone schema -----------------------------------------------------------------


def read_zone_file(
    path: str | Path, layer: str | None = None
) -> tuple[gpd.GeoDataFrame, ZoneReport]:
    """Read and check a zone file in seawatch's schema (`schema.ZONE_COLUMNS`).

    Parameters
    ----------
    path
        A geo file whose features carry the columns of `schema.ZONE_COLUMNS`.
    layer
        The layer to read in a multi-layer file.

    Returns
    -------
    (GeoDataFrame, ZoneReport)
        EPSG:4326, columns `schema.ZONE_COLUMNS` + ``geometry``, only valid polygons.

    Raises
    ------
    ZoneFileError
        Unreadable, not a geo file, empty, missing columns, or a bad value (row, column, value).
    ZoneCRSError
        No CRS, or coordinates that do not fit it.
    """
    notes: list[str] = []
    gdf, name = read_geo_file(path, layer, prefer_columns=schema.ZONE_COLUMNS, notes=notes)
    frame, report = check_zone_frame(gdf, str(path), layer=name)
    report.notes[:0] = notes
    return frame, report


def check_zone_frame(
    gdf: gpd.GeoDataFrame, path: str, layer: str | None = None
) -> tuple[gpd.GeoDataFrame, ZoneReport]:
    """Check an already-read frame in seawatch's zone schema (see `read_zone_file`)."""
    report = ZoneReport(path=path, layer=layer, n_read=len(gdf))
    missing = [c for c in schema.ZONE_OPTIONAL_COLUMNS if c not in gdf.columns]
    if missing:  # zone files written before claim families and statuses
        gdf = gdf.assign(**{c: schema.ZONE_OPTIONAL_COLUMNS[c] for c in missing})
    gdf = require_columns(gdf, schema.ZONE_COLUMNS, path, "seawatch zone file")
    gdf = to_wgs84(gdf, path, report)
    # plain pandas/numpy from here: a GeoDataFrame re-checks its geometry on every assignment
    attrs = _check_zone_values(
        pd.DataFrame({c: gdf[c].to_numpy() for c in schema.ZONE_COLUMNS}), path
    )
    geoms, keep = repair_geometry_array(
        gdf.geometry.to_numpy(), attrs[schema.ZONE_ID].tolist(), report
    )
    out = gpd.GeoDataFrame(attrs[keep].reset_index(drop=True), geometry=geoms[keep], crs=schema.CRS)
    report.n_kept = len(out)
    require_some(report)
    return out, report


def require_some(report: ZoneReport) -> None:
    """Raise when no feature survived the checks (a zone layer with no zones is an error)."""
    if report.n_kept:
        return
    reasons = [str(i) for i in report.rejected[:3]] + report.notes[:2]
    raise ZoneFileError(
        f"no usable zone among its {report.n_read} features: " + "; ".join(reasons),
        path=report.path,
    )


def _check_zone_values(gdf: pd.DataFrame, path: str) -> pd.DataFrame:
    for col in (schema.ZONE_ID, schema.ZONE_KIND, schema.ZONE_NAME, schema.ZONE_SOURCE):
        gdf[col] = [_text(v, path, i, col, required=True) for i, v in enumerate(gdf[col])]
    for col in (
        schema.ZONE_BASIS,
        schema.ZONE_METHOD,
        schema.ZONE_VERSION,
        schema.ZONE_FAMILIES,
        schema.ZONE_STATUS,
    ):
        gdf[col] = [_text(v, path, i, col, required=False) for i, v in enumerate(gdf[col])]
    # zone files written before the status model (seawatch < 0.2) had a 'disputed' kind: the
    # areas claimed by several states, i.e. a claim of each (the status follows from it)
    gdf[schema.ZONE_KIND] = [LEGACY_KINDS.get(k, k) for k in gdf[schema.ZONE_KIND]]
    for i, kind in enumerate(gdf[schema.ZONE_KIND]):
        if kind not in schema.ZONE_KINDS:
            raise ZoneFileError(
                f"unknown zone kind; allowed: {', '.join(schema.ZONE_KINDS)}",
                path=path,
                row=i + 1,
                column=schema.ZONE_KIND,
                value=kind,
            )
    gdf[schema.ZONE_CLAIMANTS] = [
        _claimants(v, path, i) for i, v in enumerate(gdf[schema.ZONE_CLAIMANTS])
    ]
    gdf[schema.ZONE_FAMILIES] = [
        _families(f, c, path, i)
        for i, (f, c) in enumerate(
            zip(gdf[schema.ZONE_FAMILIES], gdf[schema.ZONE_CLAIMANTS], strict=True)
        )
    ]
    gdf[schema.ZONE_STATUS] = [
        _zone_status(v, path, i) for i, v in enumerate(gdf[schema.ZONE_STATUS])
    ]
    gdf[schema.ZONE_APPROXIMATE] = [
        _boolean(v, path, i) for i, v in enumerate(gdf[schema.ZONE_APPROXIMATE])
    ]
    dupes = gdf[schema.ZONE_ID][gdf[schema.ZONE_ID].duplicated()]
    if len(dupes):
        row = int(dupes.index[0]) + 1
        raise ZoneFileError(
            "duplicate zone_id (ids must be unique)",
            path=path,
            row=row,
            column=schema.ZONE_ID,
            value=dupes.iloc[0],
        )
    return gdf


#: Zone kinds of earlier versions -> today's kind.
LEGACY_KINDS = {"disputed": "claim"}


def _text(value: object, path: str, i: int, column: str, required: bool) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        text = ""
    else:
        text = str(value).strip()
    if required and not text:
        raise ZoneFileError("empty value", path=path, row=i + 1, column=column, value=value)
    return text


def _claimants(value: object, path: str, i: int) -> str:
    codes = [c.upper() for c in schema.split_list(value)]
    if not codes:
        raise ZoneFileError(
            "no claimant: give ISO 3166-1 alpha-3 codes joined by ';'",
            path=path,
            row=i + 1,
            column=schema.ZONE_CLAIMANTS,
            value=value,
        )
    unknown = [c for c in codes if c not in schema.ISO3_CODES]
    if unknown:
        raise ZoneFileError(
            f"unknown ISO3 code(s) {', '.join(unknown)}",
            path=path,
            row=i + 1,
            column=schema.ZONE_CLAIMANTS,
            value=value,
        )
    return schema.join_list(codes)


def _families(value: str, claimants: str, path: str, i: int) -> str:
    """A ``families`` cell grouping exactly the zone's claimants (empty: each state alone)."""
    families = parse_families(value, schema.split_list(claimants))
    states = sorted(s for f in families for s in f)
    if states != sorted(schema.split_list(claimants)) or len(states) != len(set(states)):
        raise ZoneFileError(
            f"claim families must group exactly the claimants {claimants!r}, each once "
            "(e.g. 'CHN+TWN;VNM')",
            path=path,
            row=i + 1,
            column=schema.ZONE_FAMILIES,
            value=value,
        )
    return format_families(families)


def _zone_status(value: str, path: str, i: int) -> str:
    if value and value not in schema.STATUSES:
        raise ZoneFileError(
            f"unknown status; allowed: {', '.join(schema.STATUSES)} (or empty)",
            path=path,
            row=i + 1,
            column=schema.ZONE_STATUS,
            value=value,
        )
    return value


def _boolean(value: object, path: str, i: int) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ZoneFileError(
        "not a boolean (true/false)",
        path=path,
        row=i + 1,
        column=schema.ZONE_APPROXIMATE,
        value=value,
    )
