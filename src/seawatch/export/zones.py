"""The zone layers in view as GeoJSON (one FeatureCollection) or GeoPackage (one layer per kind)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import geopandas as gpd
import pyogrio
import shapely

from seawatch import schema
from seawatch.export.errors import ExportError

ZONE_FORMATS: Final = {"geojson": ".geojson", "gpkg": ".gpkg"}


def zones_in_view(
    zones: gpd.GeoDataFrame,
    *,
    kinds: Iterable[str] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> gpd.GeoDataFrame:
    """The zones of the given kinds (all when None) that intersect `bbox` (W, S, E, N)."""
    keep = zones
    if kinds is not None:
        wanted = set(kinds)
        unknown = sorted(wanted - set(schema.ZONE_KINDS))
        if unknown:
            raise ExportError(
                f"kinds={unknown!r} are not zone kinds; choose from {list(schema.ZONE_KINDS)!r}"
            )
        keep = keep[keep[schema.ZONE_KIND].isin(wanted)]
    if bbox is not None:
        keep = keep[keep.intersects(shapely.box(*bbox))]
    return keep


def _zone_table(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    absent = [c for c in schema.ZONE_OPTIONAL_COLUMNS if c not in zones.columns]
    zones = zones.assign(**{c: schema.ZONE_OPTIONAL_COLUMNS[c] for c in absent})
    missing = [c for c in schema.ZONE_COLUMNS if c not in zones.columns]
    if missing:
        raise ExportError(f"cannot export zones: missing columns {missing!r}")
    if zones.crs is None:
        raise ExportError("cannot export zones without a CRS; expected EPSG:4326")
    out = zones[[*schema.ZONE_COLUMNS, zones.geometry.name]].to_crs(schema.CRS)
    out = out.rename_geometry("geometry") if zones.geometry.name != "geometry" else out
    out[schema.ZONE_CLAIMANTS] = out[schema.ZONE_CLAIMANTS].map(_claimants_cell)
    out[schema.ZONE_APPROXIMATE] = out[schema.ZONE_APPROXIMATE].astype(bool)
    return out.reset_index(drop=True)


def _claimants_cell(value: object) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return schema.join_list(value)
    return schema.join_list(schema.split_list(value))


def export_zones(zones: gpd.GeoDataFrame, fmt: str) -> bytes:
    """The zones as GeoJSON (RFC 7946) or GeoPackage (one layer per zone kind) bytes."""
    if fmt not in ZONE_FORMATS:
        raise ExportError(
            f"format={fmt!r} is not a zone format; choose one of {sorted(ZONE_FORMATS)!r}"
        )
    table = _zone_table(zones)
    with tempfile.TemporaryDirectory(prefix="seawatch-zones-") as tmp:
        path = Path(tmp) / f"zones{ZONE_FORMATS[fmt]}"
        if fmt == "geojson":
            pyogrio.write_dataframe(
                table, path, driver="GeoJSON", layer="zones", layer_options={"RFC7946": "YES"}
            )
        else:
            _write_gpkg_layers(table, path)
        return path.read_bytes()


def _write_gpkg_layers(table: gpd.GeoDataFrame, path: Path) -> None:
    if table.empty:  # a valid GeoPackage with an empty layer
        pyogrio.write_dataframe(table, path, driver="GPKG", layer="zones")
        return
    for kind, part in table.groupby(schema.ZONE_KIND, sort=True):
        pyogrio.write_dataframe(
            part, path, driver="GPKG", layer=str(kind), promote_to_multi=True, append=False
        )
