"""Writing the zone layers deterministically, with their manifest.

Zone and land layers are FlatGeobuf files (fast to read: ~5 ms a layer) written from
geometries snapped to a 1e-6 degree grid (0.1 m) and sorted by zone_id, so the same inputs
give byte-identical files. The display copy for web maps is GeoJSON written by hand (sorted,
4 decimals, simplified to 0.01 degree). ``manifest.json`` lists every file with its sha256.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from seawatch.schema import CRS, ZONE_COLUMNS, ZONE_KINDS
from seawatch.zones import agreements, coast, sources

#: Grid (degrees) every stored coordinate is snapped to.
PRECISION_DEG = 1e-6
#: Simplification of the land layer (degrees; at most ~0.55 km).
LAND_SIMPLIFY_DEG = 0.005
#: Simplification and decimals of the display copy (web map only, never for the join).
DISPLAY_SIMPLIFY_DEG = 0.01
DISPLAY_DECIMALS = 4
MANIFEST_FORMAT = "seawatch-zones-manifest/1"


@dataclass(frozen=True)
class ZoneRow:
    """One zone feature, with the columns of schema.ZONE_COLUMNS (version added on write)."""

    zone_id: str
    kind: str
    name: str
    claimants: str
    basis: str
    source: str
    method: str
    approximate: bool
    geometry: BaseGeometry
    families: str = ""
    status: str = ""


@dataclass(frozen=True)
class LineRow:
    """One line for maps: an agreed or signed boundary, or a claim line."""

    line_id: str
    kind: str
    name: str
    claimants: str
    status: str
    source: str
    geometry: BaseGeometry


#: Columns of the lines file, in order.
LINE_COLUMNS = ("line_id", "kind", "name", "claimants", "status", "source")


def _polygons(geom: BaseGeometry) -> list[BaseGeometry]:
    """The polygons inside a geometry, at any depth of multi-geometries and collections."""
    out: list[BaseGeometry] = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            out.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            out.extend(_polygons(part))
    return out


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygonal part of a geometry, snapped to PRECISION_DEG, as a MultiPolygon."""
    polys = _polygons(shapely.make_valid(geom))
    multi = shapely.multipolygons(polys) if polys else shapely.MultiPolygon()
    snapped = _polygons(shapely.set_precision(multi, PRECISION_DEG))
    return shapely.normalize(shapely.multipolygons(snapped) if snapped else shapely.MultiPolygon())


def _frame(rows: list[ZoneRow], version: str) -> gpd.GeoDataFrame:
    rows = sorted(rows, key=lambda r: r.zone_id)
    data = {c: [getattr(r, c) for r in rows] for c in ZONE_COLUMNS if c != "version"}
    data["version"] = [version] * len(rows)
    geoms = [_polygonal(r.geometry) for r in rows]
    frame = gpd.GeoDataFrame(data, geometry=geoms, crs=CRS)[[*ZONE_COLUMNS, "geometry"]]
    return frame[~frame.geometry.is_empty].reset_index(drop=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_fgb(frame: gpd.GeoDataFrame, path: Path) -> None:
    if path.exists():
        path.unlink()
    frame.to_file(path, driver="FlatGeobuf", engine="pyogrio", SPATIAL_INDEX="NO")


def land_frame(land: coast.Land, clip_bbox: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The land layer: one row per state with land in the region, plus disputed land."""
    items = [(iso3, False, geom) for iso3, geom in land.states.items()]
    items.append(("", True, land.disputed))
    rows = []
    for iso3, disputed, geom in items:
        clipped = shapely.clip_by_rect(geom, *clip_bbox)
        if not disputed:
            clipped = shapely.simplify(clipped, LAND_SIMPLIFY_DEG, preserve_topology=True)
        geom_out = _polygonal(clipped)
        if not geom_out.is_empty:
            rows.append((iso3, disputed, geom_out))
    return gpd.GeoDataFrame(
        {
            "iso3": [r[0] for r in rows],
            "disputed": [r[1] for r in rows],
            "source": [sources.NATURAL_EARTH] * len(rows),
        },
        geometry=[r[2] for r in rows],
        crs=CRS,
    )


def _round_coords(obj: object, decimals: int) -> object:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float):
            return [round(float(v), decimals) for v in obj]
        return [_round_coords(v, decimals) for v in obj]
    return obj


def display_geojson(frames: dict[str, gpd.GeoDataFrame]) -> str:
    """All zone layers simplified for drawing, as a compact deterministic GeoJSON string."""
    features = []
    for kind in ZONE_KINDS:
        for row in frames[kind].itertuples(index=False):
            geom = shapely.simplify(row.geometry, DISPLAY_SIMPLIFY_DEG, preserve_topology=True)
            geom = shapely.set_precision(geom, 10.0**-DISPLAY_DECIMALS)
            if geom.is_empty:
                continue
            mapped = shapely.geometry.mapping(geom)
            props = {c: getattr(row, c) for c in ZONE_COLUMNS}
            props["approximate"] = bool(props["approximate"])
            features.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": {
                        "type": mapped["type"],
                        "coordinates": _round_coords(
                            json.loads(json.dumps(mapped["coordinates"])), DISPLAY_DECIMALS
                        ),
                    },
                }
            )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def lines_geojson(lines: list[LineRow]) -> str:
    """Agreed boundaries and claim lines as a deterministic GeoJSON string (not simplified)."""
    features = []
    for row in sorted(lines, key=lambda r: r.line_id):
        geom = shapely.set_precision(row.geometry, PRECISION_DEG)
        mapped = shapely.geometry.mapping(geom)
        features.append(
            {
                "type": "Feature",
                "properties": {c: getattr(row, c) for c in LINE_COLUMNS},
                "geometry": {
                    "type": mapped["type"],
                    "coordinates": _round_coords(json.loads(json.dumps(mapped["coordinates"])), 6),
                },
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_layers(
    out_dir: Path,
    layers: dict[str, list[ZoneRow]],
    land: coast.Land,
    lines: list[LineRow],
    version: str,
    clip_bbox: tuple[float, float, float, float],
) -> dict:
    """Write every layer, the land layer, the display copy and manifest.json; return it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = {kind: _frame(layers[kind], version) for kind in ZONE_KINDS}
    manifest: dict = {
        "format": MANIFEST_FORMAT,
        "version": version,
        "crs": CRS,
        "bbox": list(clip_bbox),
        "layers": {},
    }
    for kind in ZONE_KINDS:
        path = out_dir / f"{kind}.fgb"
        _write_fgb(frames[kind], path)
        manifest["layers"][kind] = _entry(path, len(frames[kind]))
    land_path = out_dir / "land.fgb"
    lf = land_frame(land, clip_bbox)
    _write_fgb(lf, land_path)
    manifest["land"] = _entry(land_path, len(lf))
    display_path = out_dir / "zones_display.geojson"
    display_path.write_text(display_geojson(frames), encoding="utf-8")
    manifest["display"] = _entry(display_path, sum(len(f) for f in frames.values()))
    lines_path = out_dir / "lines.geojson"
    lines_path.write_text(lines_geojson(lines), encoding="utf-8")
    manifest["lines"] = _entry(lines_path, len(lines))
    manifest["tolerances_deg"] = {
        "coast_simplify": coast.COAST_SIMPLIFY_DEG,
        "coordinate_grid": PRECISION_DEG,
        "land_simplify": LAND_SIMPLIFY_DEG,
        "display_simplify": DISPLAY_SIMPLIFY_DEG,
    }
    manifest["sources"] = sorted(
        {
            sources.NATURAL_EARTH,
            sources.KIG_SOURCE,
            sources.NINE_DASH_SOURCE,
            *(a.source for a in sources.CLAIM_AREAS),
            *(a.citation for a in agreements.AGREEMENTS if a.points),
            *(a.citation for a in agreements.JOINT_AREAS if a.ring),
        }
    )
    text = json.dumps(manifest, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    (out_dir / "manifest.json").write_text(text, encoding="utf-8")
    return manifest


def _entry(path: Path, count: int) -> dict:
    return {
        "file": path.name,
        "features": int(count),
        "bytes": path.stat().st_size,
        "sha256": _sha256(path),
    }
