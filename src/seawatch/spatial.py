"""The join of incidents to maritime zones: every incident, every zone that covers it.

`join` adds the columns of `seawatch.schema.JOIN_COLUMNS` to a table of incident points:

==================  ======================================================================
column              meaning
==================  ======================================================================
claimants           sorted ISO3 codes, ``;``-joined, of every state that *claims* the point:
                    zones of kind ``eez_provisional`` (EEZ/shelf claims), ``claim``,
                    ``feature_ts``, and ``joint`` where no agreement allocates the point
entitled            the states whose 200-nm ``entitlement`` covers the point (context only)
status              its legal status: disputed, joint, agreed, undelimited, single or none
                    (`seawatch.zones.status`, the rule every view reads)
disputed            ``status == "disputed"``
zone_ids            sorted ``;``-joined ids of every covering zone, of any kind
eez                 the state(s) whose ``eez_provisional`` zone covers the point, ``;``-joined
                    (two only exactly on a dividing line); empty on the high seas and on land
eez_basis           the agreement(s) that allocate it, else "provisional median line"
                    (entitlements overlap) or "200-nm entitlement, no overlap"
agreements          ``;``-joined ids of the boundary agreements in force that allocate it
on_land             the point is covered by the land layer
nearest_feature     English name of the nearest feature of `seawatch.zones.features.FEATURES`
nearest_feature_nm  its distance on the WGS84 ellipsoid, in nautical miles
==================  ======================================================================

Decisions
---------
- **Covered-by, not within.** A point exactly on a zone's boundary or vertex belongs to the
  zone. Incidents are often reported with rounded coordinates, and zone boundaries (median
  lines, treaty turning points, 12-nm arcs) pass through round numbers: with ``within`` an
  incident reported on the line would silently belong to *neither* side and vanish from both
  states' statistics; with covered-by it counts for both, which is the honest answer for a point
  on a line. See `_covers_xy`.
- **One status rule.** The values of a point come from the set of zones covering it through
  `seawatch.zones.status.classify`, the same function that coloured the zone build's status
  layer; ``status`` zones themselves are derived and never enter the grid.
- **Unknown kinds** (e.g. from an imported layer) add their zone id only.
- **Missing coordinates** (NaN) give no zone, ``on_land`` False and no nearest feature; the row
  is kept. Coordinates outside [-90, 90] / [-180, 180] are an `InputError` naming the row.

The text columns are pandas categoricals of strings (few distinct values; see `_take_strings`).

Speed: points are never turned into shapely objects. A lookup grid (`seawatch._grid`) answers
most points with an array lookup; in the cells a boundary crosses, a second level of 8 x 8
sub-cells answers most of the rest, and only points in sub-cells a boundary crosses get an exact
test (for 1M random points in the region: 71,000 point-zone tests instead of 462,000 with cells
alone). For large inputs the nearest feature runs on two worker threads meanwhile
(`_attribute`). The grid is cached in `seawatch.datasets.cache_dir` under a hash of the zone and
land geometries, so a changed zone set is never answered from a stale grid. See
``benchmarks/README.md``.
"""

from __future__ import annotations

import concurrent.futures
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from seawatch import _grid, _nearest, datasets, schema
from seawatch.errors import CRSError, InputError, ZoneError
from seawatch.zones import status as zone_status
from seawatch.zones.features import FEATURES, Feature

__all__ = ["claimants_at", "describe_point", "join", "status_at"]

_CACHE_LOCK = threading.Lock()
_PREPARED: OrderedDict[str, _Prepared] = OrderedDict()
_MAX_PREPARED = 4
_LAYER_KEYS: OrderedDict[tuple[int, ...], tuple[np.ndarray, str]] = OrderedDict()
#: Joins of at least this many points use the worker threads (coordinates, nearest feature).
_PARALLEL_MIN = 50_000
_POOL: concurrent.futures.ThreadPoolExecutor | None = None


# --- public API ---------------------------------------------------------------------------


def join(
    incidents: pd.DataFrame,
    zones: gpd.GeoDataFrame | None = None,
    *,
    land: Any = None,
    features: Sequence[Feature] | None = None,
) -> gpd.GeoDataFrame:
    """Attribute every incident to every zone that covers it.

    Parameters
    ----------
    incidents
        A GeoDataFrame of points (any CRS; reprojected to EPSG:4326 with a warning) or a plain
        DataFrame with ``latitude`` and ``longitude`` columns (WGS84 degrees).
    zones
        Zone layers with the columns of `seawatch.schema.ZONE_COLUMNS` (at least ``zone_id``,
        ``kind``, ``claimants``); default the built-in layers (`seawatch.load_zones`).
    land
        Land polygons (GeoDataFrame, GeoSeries or geometry); default the built-in land layer.
        An empty GeoDataFrame means no land.
    features
        Named features for ``nearest_feature``; default `seawatch.zones.features.FEATURES`.

    Returns
    -------
    GeoDataFrame
        The incidents, same index, same columns and order, plus `seawatch.schema.JOIN_COLUMNS`
        (existing columns of those names are recomputed). Exactly one row per incident.

    Raises
    ------
    CRSError
        A GeoDataFrame without a CRS.
    InputError
        No coordinates, non-point geometries or coordinates out of range.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely import box
    >>> zones = gpd.GeoDataFrame(
    ...     {"zone_id": ["a", "b", "e"], "kind": ["eez_provisional", "claim", "entitlement"],
    ...      "claimants": ["PHL", "CHN", "VNM"]},
    ...     geometry=[box(0, 0, 2, 2), box(1, 0, 3, 2), box(2, 0, 4, 2)], crs="EPSG:4326")
    >>> pts = pd.DataFrame({"latitude": [1.0, 1.0, 1.0], "longitude": [0.5, 1.5, 2.5]})
    >>> out = join(pts, zones, land=gpd.GeoDataFrame(geometry=[], crs="EPSG:4326"), features=[])
    >>> out[["claimants", "entitled", "status"]].values.tolist()
    [['PHL', '', 'single'], ['CHN;PHL', '', 'disputed'], ['CHN', 'VNM', 'undelimited']]
    """
    frame, lat, lon = _points_of(incidents)
    attribution = _attribute(lat, lon, zones, land, features)
    return _with_columns(frame, attribution.columns())


def claimants_at(
    lat: float,
    lon: float,
    zones: gpd.GeoDataFrame | None = None,
    *,
    land: Any = None,
) -> list[str]:
    """The sorted ISO3 codes of the states that *claim* one point (same code path as `join`).

    A state whose 200-nm entitlement merely reaches the point is not a claimant: see
    `status_at` for ``entitled`` and the status.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import box
    >>> zones = gpd.GeoDataFrame(
    ...     {"zone_id": ["a", "e"], "kind": ["claim", "entitlement"],
    ...      "claimants": ["VNM;CHN", "MYS"]},
    ...     geometry=[box(0, 0, 2, 2), box(0, 0, 2, 2)], crs="EPSG:4326")
    >>> claimants_at(2.0, 1.0, zones, land=gpd.GeoDataFrame(geometry=[], crs="EPSG:4326"))
    ['CHN', 'VNM']
    """
    info = describe_point(lat, lon, zones, land=land, features=())
    return list(info["claimants"])


def status_at(
    lat: float,
    lon: float,
    zones: gpd.GeoDataFrame | None = None,
    *,
    land: Any = None,
    features: Sequence[Feature] | None = None,
) -> dict[str, Any]:
    """The join's values for one point, keyed as the join's columns (lists for list cells).

    Returns
    -------
    dict
        ``latitude``, ``longitude`` and every column of `seawatch.schema.JOIN_COLUMNS`:
        ``claimants``, ``entitled``, ``eez``, ``agreements`` and ``zone_ids`` as lists,
        ``status`` and ``eez_basis`` as text, ``disputed`` and ``on_land`` as bools,
        ``nearest_feature`` (name or None) and ``nearest_feature_nm`` (float or None); plus
        ``families`` (the claim families, lists of states).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import box
    >>> zones = gpd.GeoDataFrame(
    ...     {"zone_id": ["dash", "ts"], "kind": ["claim", "feature_ts"],
    ...      "claimants": ["CHN;TWN", "CHN;TWN"], "families": ["CHN+TWN", "CHN;TWN"]},
    ...     geometry=[box(0, 0, 4, 4), box(1, 1, 2, 2)], crs="EPSG:4326")
    >>> no_land = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
    >>> status_at(3.0, 3.0, zones, land=no_land, features=())["status"]
    'single'
    >>> status_at(1.5, 1.5, zones, land=no_land, features=())["status"]
    'disputed'
    """
    info = describe_point(lat, lon, zones, land=land, features=features)
    nearest = info["nearest_feature"]
    return {
        "latitude": info["latitude"],
        "longitude": info["longitude"],
        schema.JOIN_CLAIMANTS: info["claimants"],
        schema.JOIN_ENTITLED: info["entitled"],
        schema.JOIN_STATUS: info["status"],
        schema.JOIN_DISPUTED: info["disputed"],
        schema.JOIN_ZONE_IDS: [z["zone_id"] for z in info["zones"]],
        schema.JOIN_EEZ: info["eez"],
        schema.JOIN_EEZ_BASIS: info["eez_basis"],
        schema.JOIN_AGREEMENTS: info["agreements"],
        schema.JOIN_ON_LAND: info["on_land"],
        schema.JOIN_NEAREST_FEATURE: nearest["name"] if nearest else None,
        schema.JOIN_NEAREST_FEATURE_NM: nearest["distance_nm"] if nearest else None,
        "families": info["families"],
    }


def describe_point(
    lat: float,
    lon: float,
    zones: gpd.GeoDataFrame | None = None,
    *,
    land: Any = None,
    features: Sequence[Feature] | None = None,
) -> dict[str, Any]:
    """Everything the join knows about one point ("what is here?").

    Returns
    -------
    dict
        ``latitude``, ``longitude``; ``claimants``, ``entitled``, ``eez``, ``agreements``
        (sorted lists); ``families`` (sorted lists of states); ``status``, ``eez_basis``
        (text); ``disputed`` (bool); ``zones`` (list of dicts with ``zone_id``, ``name``,
        ``kind``, ``claimants``, sorted by id); ``on_land`` (bool); ``nearest_feature``
        (dict with ``key``, ``name``, ``distance_nm``, or None when there are no features).
    """
    lat_f, lon_f = _one_point(lat, lon)
    attribution = _attribute(np.array([lat_f]), np.array([lon_f]), zones, land, features)
    rows = attribution.zone_rows(0)
    meta = attribution.meta
    on_land = attribution.on_land(0)
    found = zone_status.classify([meta.cover(i) for i in rows], on_land=on_land)
    nearest = None
    if attribution.feature_index[0] >= 0:
        feat = attribution.features[int(attribution.feature_index[0])]
        nearest = {
            "key": feat.key,
            "name": feat.name,
            "distance_nm": float(attribution.feature_m[0] / schema.NM_IN_M),
        }
    return {
        "latitude": lat_f,
        "longitude": lon_f,
        "claimants": list(found.claimants),
        "families": [sorted(f) for f in found.families],
        "entitled": list(found.entitled),
        "status": found.status,
        "disputed": found.disputed,
        "zones": [
            {
                "zone_id": meta.ids[i],
                "name": meta.names[i],
                "kind": meta.kinds[i],
                "claimants": list(meta.claimants[i]),
            }
            for i in sorted(rows, key=lambda i: meta.ids[i])
        ],
        "eez": list(found.eez),
        "eez_basis": found.eez_basis,
        "agreements": list(found.agreements),
        "on_land": on_land,
        "nearest_feature": nearest,
    }


# --- input checks ---------------------------------------------------------------------------


def _one_point(lat: float, lon: float) -> tuple[float, float]:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise InputError(
            f"latitude and longitude must be numbers, got {lat!r} and {lon!r}"
        ) from None
    if not -90 <= lat_f <= 90:
        raise InputError(f"latitude must be between -90 and 90 degrees, got {lat!r}")
    if not -180 <= lon_f <= 180:
        raise InputError(f"longitude must be between -180 and 180 degrees, got {lon!r}")
    return lat_f, lon_f


def _points_of(incidents: object) -> tuple[gpd.GeoDataFrame, np.ndarray, np.ndarray]:
    """The incidents as a GeoDataFrame in EPSG:4326 plus their latitude and longitude arrays."""
    if isinstance(incidents, gpd.GeoDataFrame) and incidents._geometry_column_name in incidents:
        frame = _in_wgs84(incidents)
        geoms = frame.geometry.to_numpy()
        found = _xy_of_points(geoms)
        if found is not None:
            lon, lat = found
        else:  # missing or empty points have no coordinates: NaN
            _check_points(frame.index, geoms)
            lon, lat = np.full(len(geoms), np.nan), np.full(len(geoms), np.nan)
            present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
            lon[present], lat[present] = (
                shapely.get_x(geoms[present]),
                shapely.get_y(geoms[present]),
            )
    elif isinstance(incidents, pd.DataFrame):
        lat = _numeric_column(incidents, schema.LATITUDE)
        lon = _numeric_column(incidents, schema.LONGITUDE)
        if "geometry" in incidents.columns:
            raise InputError(
                "incidents have a 'geometry' column but are not a GeoDataFrame: pass a "
                "GeoDataFrame, or drop the column to use 'latitude' and 'longitude'"
            )
        geometry = shapely.points(lon, lat)
        geometry[~(np.isfinite(lat) & np.isfinite(lon))] = None
        frame = gpd.GeoDataFrame(incidents, geometry=geometry, crs=schema.CRS)
    else:
        raise InputError(
            "incidents must be a GeoDataFrame of points or a DataFrame with 'latitude' and "
            f"'longitude' columns, got {type(incidents).__name__}"
        )
    _check_range(frame.index, lat, "latitude", 90)
    _check_range(frame.index, lon, "longitude", 180)
    return frame, np.ascontiguousarray(lat, dtype=float), np.ascontiguousarray(lon, dtype=float)


def _xy_of_points(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """x and y of every geometry when all are non-empty Points, else None.

    The fast path for the usual input: `shapely.get_x` and `shapely.get_y` are ~2x faster than
    `shapely.get_coordinates` for points, and for a large input the y and the type check run on
    the worker threads meanwhile. A missing geometry (type -1), another type (a single-part
    MultiPoint too) or an empty Point (``get_x`` raises) leaves the slow path to reject or blank
    the row.
    """
    if len(geoms) < _PARALLEL_MIN:
        try:
            if not bool((shapely.get_type_id(geoms) == 0).all()):
                return None
            return shapely.get_x(geoms), shapely.get_y(geoms)
        except shapely.errors.GEOSException:  # an empty Point has no x
            return None
    later = [_pool().submit(shapely.get_y, geoms), _pool().submit(shapely.get_type_id, geoms)]
    try:
        x = shapely.get_x(geoms)  # NaN for other types, which the type check rejects below
        y, types = (f.result() for f in later)
    except shapely.errors.GEOSException:  # an empty Point has no x
        return None
    finally:  # never leave them running past this call
        for f in later:
            f.cancel()
        concurrent.futures.wait(later)
    return (x, y) if bool((types == 0).all()) else None


def _in_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        raise CRSError(
            "incidents have no CRS: set it first, e.g. gdf.set_crs('EPSG:4326') when the "
            "coordinates are longitude/latitude degrees"
        )
    if frame.crs.equals(schema.CRS):
        return frame
    warnings.warn(
        f"incidents are in {frame.crs.to_string()!r}; reprojected to {schema.CRS} for the join",
        UserWarning,
        stacklevel=4,
    )
    return frame.to_crs(schema.CRS)


def _check_points(index: pd.Index, geoms: np.ndarray) -> None:
    types = shapely.get_type_id(geoms)
    bad = np.flatnonzero((types != 0) & (types != -1))
    bad = bad[~shapely.is_empty(geoms[bad])]  # an empty geometry of any type is a missing point
    if len(bad):
        first = bad[0]
        raise InputError(
            f"incidents must be points: row {index[first]!r} is a {geoms[first].geom_type} "
            f"({len(bad)} non-point rows in all)"
        )


def _numeric_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        raise InputError(
            f"incidents have no {column!r} column (columns: {list(map(str, frame.columns))!r}); "
            "pass a GeoDataFrame of points or a DataFrame with 'latitude' and 'longitude'"
        )
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    raw = frame[column]
    bad = np.flatnonzero(np.isnan(values) & raw.notna().to_numpy())
    if len(bad):
        first = bad[0]
        raise InputError(
            f"column {column!r}, row {frame.index[first]!r}: {raw.iloc[first]!r} is not a number"
        )
    return values


def _check_range(index: pd.Index, values: np.ndarray, column: str, limit: float) -> None:
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(np.abs(values) > limit)
    if len(bad):
        first = bad[0]
        raise InputError(
            f"column {column!r}, row {index[first]!r}: {float(values[first])!r} is outside "
            f"[-{limit:g}, {limit:g}] ({len(bad)} rows in all)"
        )


# --- zones and land -------------------------------------------------------------------------


#: The join values of one set of covering layers: claimants, entitled, status, disputed,
#: zone_ids, eez, eez_basis, agreements, on_land.
_Row = tuple[str, str, str, bool, str, str, str, str, bool]


@dataclass(frozen=True)
class _ZoneMeta:
    ids: list[str]
    names: list[str]
    kinds: list[str]
    claimants: list[tuple[str, ...]]
    families: list[tuple[zone_status.Family, ...]]

    def cover(self, i: int) -> zone_status.Cover:
        return zone_status.Cover(
            self.ids[i], self.kinds[i], self.names[i], self.claimants[i], self.families[i]
        )


def _zones_of(zones: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    if zones is None:
        from seawatch.zones import load_zones

        zones = load_zones()
    if not isinstance(zones, gpd.GeoDataFrame):
        raise ZoneError(f"zones must be a GeoDataFrame, got {type(zones).__name__}")
    missing = [
        c for c in (schema.ZONE_ID, schema.ZONE_KIND, schema.ZONE_CLAIMANTS) if c not in zones
    ]
    if missing:
        raise ZoneError(
            f"zones lack the column(s) {missing!r}; required: {list(schema.ZONE_COLUMNS)!r}"
        )
    if zones.crs is None:
        raise CRSError("zones have no CRS: set it first, e.g. zones.set_crs('EPSG:4326')")
    if not zones.crs.equals(schema.CRS):
        warnings.warn(
            f"zones are in {zones.crs.to_string()!r}; reprojected to {schema.CRS} for the join",
            UserWarning,
            stacklevel=5,
        )
        zones = zones.to_crs(schema.CRS)
    geoms = zones.geometry.to_numpy()
    types = shapely.get_type_id(geoms)
    bad = np.flatnonzero(~np.isin(types, (-1, 3, 6)) & ~shapely.is_empty(geoms))
    if len(bad):
        row = zones.iloc[bad[0]]
        raise ZoneError(
            f"zone {row[schema.ZONE_ID]!r} is a {row.geometry.geom_type}; zones must be polygons"
        )
    return zones


def _land_of(land: Any) -> np.ndarray:
    """The land as an array of polygonal geometries (possibly empty)."""
    if land is None:
        from seawatch.zones.loading import load_land

        land = load_land()
    if isinstance(land, gpd.GeoDataFrame | gpd.GeoSeries):
        if land.crs is not None and len(land) and not land.crs.equals(schema.CRS):
            land = land.to_crs(schema.CRS)
        geoms = np.asarray(
            land.geometry.to_numpy() if isinstance(land, gpd.GeoDataFrame) else land.to_numpy()
        )
    elif isinstance(land, shapely.Geometry):
        geoms = np.array([land], dtype=object)
    else:
        geoms = np.asarray(list(land), dtype=object)
    keep = (
        ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) if len(geoms) else np.zeros(0, bool)
    )
    return geoms[keep]


def _meta_of(zones: gpd.GeoDataFrame) -> _ZoneMeta:
    names = zones[schema.ZONE_NAME] if schema.ZONE_NAME in zones else zones[schema.ZONE_ID]
    claimants = [tuple(sorted(set(schema.split_list(v)))) for v in zones[schema.ZONE_CLAIMANTS]]
    cells = zones[schema.ZONE_FAMILIES] if schema.ZONE_FAMILIES in zones else [""] * len(zones)
    return _ZoneMeta(
        ids=[str(v) for v in zones[schema.ZONE_ID]],
        names=["" if pd.isna(v) else str(v) for v in names],
        kinds=[str(v) for v in zones[schema.ZONE_KIND]],
        claimants=claimants,
        families=[
            zone_status.parse_families(cell, own)
            for cell, own in zip(cells, claimants, strict=True)
        ],
    )


# --- prepared layers (cached) ---------------------------------------------------------------


@dataclass
class _Prepared:
    """A lookup grid with its layers: the zone geometries, then (optionally) the land."""

    key: str
    grid: _grid.LookupGrid
    layers: np.ndarray
    n_zones: int
    has_land: bool
    _local: threading.local = field(default_factory=threading.local)
    _cands: dict[tuple[Any, ...], _nearest.CellCandidates] = field(default_factory=dict)
    _rows: dict[tuple[Any, ...], list[_Row]] = field(default_factory=dict)
    _tables: tuple[np.ndarray, np.ndarray] | None = None

    def prepared_layers(self) -> np.ndarray:
        """This thread's own prepared copies (GEOS prepared geometries are not thread-safe)."""
        copies = getattr(self._local, "layers", None)
        if copies is None:
            copies = shapely.from_wkb(shapely.to_wkb(self.layers))
            shapely.prepare(copies)
            self._local.layers = copies
        return copies

    def cell_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """Per cell, its layer-set id and its number of boundary layers, each with one more
        entry (0) at the end that cell index -1 (outside the grid) reads."""
        tables = self._tables
        if tables is None:
            combo = np.append(self.grid.cell_combo, 0).astype(np.int32)
            count = np.append(np.diff(self.grid.bnd_offsets), 0).astype(np.int32)
            tables = self._tables = (combo, count)
        return tables

    def candidates(self, features: Sequence[Feature]) -> _nearest.CellCandidates:
        """Candidate features per grid cell (in memory, else from the cache file, else built)."""
        coords = tuple((float(f.lat), float(f.lon)) for f in features)
        with _CACHE_LOCK:
            found = self._cands.get(coords)
        if found is None:
            found = _nearest.load_or_build_candidates(self.grid, coords, self.key)
            with _CACHE_LOCK:
                self._cands[coords] = found
        return found

    def combo_rows(self, meta: _ZoneMeta) -> list[_Row]:
        """The join values of every layer set of the grid's table, for zones with `meta`.

        They depend only on the grid and the zones' ids, kinds and claimants, so they are
        worked out once (~300 sets for the built-in zones: ~15 ms) and kept.
        """
        key = (tuple(meta.ids), tuple(meta.kinds), tuple(meta.claimants), tuple(meta.families))
        with _CACHE_LOCK:
            found = self._rows.get(key)
        if found is None:
            found = [_combo_row(self, meta, bits) for bits in self.grid.combo_bits]
            with _CACHE_LOCK:
                if len(self._rows) >= _MAX_PREPARED:
                    self._rows.clear()
                self._rows[key] = found
        return found


def _prepared(zone_geoms: np.ndarray, land: np.ndarray) -> _Prepared:
    parts = np.concatenate([zone_geoms, land]).astype(object)
    key = f"{_layers_key(parts)}-{len(zone_geoms)}"
    with _CACHE_LOCK:
        found = _PREPARED.get(key)
        if found is not None:
            _PREPARED.move_to_end(key)
            return found
    grid, land_geom = _load_or_build_grid(key, zone_geoms, land)
    layers = np.concatenate([zone_geoms, np.array([land_geom], dtype=object)[: int(len(land) > 0)]])
    prepared = _Prepared(key, grid, layers, len(zone_geoms), land_geom is not None)
    with _CACHE_LOCK:
        _PREPARED[key] = prepared
        while len(_PREPARED) > _MAX_PREPARED:
            _PREPARED.popitem(last=False)
    return prepared


def _layers_key(parts: np.ndarray) -> str:
    """`seawatch._grid.layers_key`, remembered for the same geometry objects.

    Hashing the WKB of the built-in layers costs ~10 ms per join. Shapely geometries are
    immutable, and the remembered arrays hold their geometries alive (so no other object can
    take their ids): the same objects in the same order have the same key.
    """
    ids = tuple(map(id, parts))
    with _CACHE_LOCK:
        found = _LAYER_KEYS.get(ids)
        if found is not None:
            _LAYER_KEYS.move_to_end(ids)
            return found[1]
    key = _grid.layers_key(parts)
    with _CACHE_LOCK:
        _LAYER_KEYS[ids] = (parts, key)
        while len(_LAYER_KEYS) > _MAX_PREPARED:
            _LAYER_KEYS.popitem(last=False)
    return key


def _load_or_build_grid(
    key: str, zone_geoms: np.ndarray, land: np.ndarray
) -> tuple[_grid.LookupGrid, shapely.Geometry | None]:
    """The lookup grid and the union of the land, from the cache file or computed and cached."""
    directory = datasets.cache_dir()
    n_layers = len(zone_geoms) + int(len(land) > 0)
    cached = _grid.load_cached(directory, key)
    if cached is not None and cached[0].n_layers == n_layers:
        grid, arrays = cached
        if len(land) == 0:
            return grid, None
        if "land_wkb" in arrays:
            return grid, shapely.from_wkb(arrays["land_wkb"].tobytes())
    land_geom = None
    if len(land):
        land_geom = land[0] if len(land) == 1 else shapely.union_all(land)
    layers = np.concatenate(
        [zone_geoms, np.array([land_geom], dtype=object)[: n_layers - len(zone_geoms)]]
    )
    grid = _grid.build_grid(layers)
    extra = {}
    if land_geom is not None:
        extra["land_wkb"] = np.frombuffer(shapely.to_wkb(land_geom), dtype=np.uint8)
    _grid.save_cached(directory, key, grid, extra)
    return grid, land_geom


# --- the attribution ------------------------------------------------------------------------


@dataclass
class _Attribution:
    """Per point: the id of its set of covering layers, and its nearest feature."""

    combo: np.ndarray
    combo_bits: np.ndarray
    prepared: _Prepared
    meta: _ZoneMeta
    features: Sequence[Feature]
    feature_index: np.ndarray
    feature_m: np.ndarray

    def zone_rows(self, point: int) -> list[int]:
        layers = _layers_of(self.combo_bits[self.combo[point]], self.prepared.grid.n_layers)
        return [i for i in layers if i < self.prepared.n_zones]

    def on_land(self, point: int) -> bool:
        layers = _layers_of(self.combo_bits[self.combo[point]], self.prepared.grid.n_layers)
        return self.prepared.has_land and self.prepared.n_zones in layers

    def columns(self) -> dict[str, Any]:
        """The join columns as arrays, built once per distinct layer set."""
        table = self.prepared.combo_rows(self.meta)
        base = len(table)  # rows of the grid's table come first in combo_bits
        table = table + [_combo_row(self.prepared, self.meta, b) for b in self.combo_bits[base:]]
        cols = [list(col) for col in zip(*table, strict=True)]
        names = (
            schema.JOIN_CLAIMANTS,
            schema.JOIN_ENTITLED,
            schema.JOIN_STATUS,
            schema.JOIN_DISPUTED,
            schema.JOIN_ZONE_IDS,
            schema.JOIN_EEZ,
            schema.JOIN_EEZ_BASIS,
            schema.JOIN_AGREEMENTS,
            schema.JOIN_ON_LAND,
        )
        out: dict[str, Any] = {}
        for name, values in zip(names, cols, strict=True):
            if name in (schema.JOIN_DISPUTED, schema.JOIN_ON_LAND):
                out[name] = np.array(values, dtype=bool)[self.combo]
            else:
                out[name] = _take_strings(values, self.combo)
        feature_names = [f.name for f in self.features] + [""]
        missing = self.feature_index < 0
        out[schema.JOIN_NEAREST_FEATURE] = _take_strings(
            feature_names, np.where(missing, len(self.features), self.feature_index)
        )
        out[schema.JOIN_NEAREST_FEATURE_NM] = self.feature_m / schema.NM_IN_M
        return out


def _layers_of(bits: np.ndarray, n_layers: int) -> list[int]:
    return np.flatnonzero(np.unpackbits(bits, bitorder="little")[:n_layers]).tolist()


def _combo_row(prepared: _Prepared, meta: _ZoneMeta, bits: np.ndarray) -> _Row:
    """The join values of one set of covering layers (`seawatch.zones.status.classify`)."""
    layers = _layers_of(bits, prepared.grid.n_layers)
    zones = [i for i in layers if i < prepared.n_zones]
    on_land = prepared.has_land and prepared.n_zones in layers
    found = zone_status.classify([meta.cover(i) for i in zones], on_land=on_land)
    return (
        schema.join_list(found.claimants),
        schema.join_list(found.entitled),
        found.status,
        found.disputed,
        schema.join_list(meta.ids[i] for i in zones),
        schema.join_list(found.eez),
        found.eez_basis,
        schema.join_list(found.agreements),
        on_land,
    )


def _take_strings(values: list[str], index: np.ndarray) -> pd.Categorical:
    """``values[index]`` as a categorical of strings.

    The text columns have few distinct values (one per set of covering zones), so a
    categorical holds each string once: building a 1M-row column costs ~10 ms instead of
    ~50 ms for a string column, and 8 MB instead of up to 100 MB for ``zone_ids``. It reads like
    a string column (``==``, ``.str``, ``.map`` work as usual).
    """
    categories, inverse = np.unique(np.asarray(values, dtype=object), return_inverse=True)
    codes = inverse.reshape(-1).astype(np.int32)[index]
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype="str"))


def _attribute(
    lat: np.ndarray,
    lon: np.ndarray,
    zones: gpd.GeoDataFrame | None,
    land: Any,
    features: Sequence[Feature] | None,
) -> _Attribution:
    zones = _zones_of(zones)
    derived = zones[schema.ZONE_KIND].isin(list(zone_status.DERIVED_KINDS)).to_numpy()
    if derived.any():  # derived from the others (map layers): never joined
        zones = zones[~derived]
    feats = FEATURES if features is None else tuple(features)
    prepared = _prepared(zones.geometry.to_numpy(), _land_of(land))
    cells = prepared.grid.cells_of(lon, lat)
    cand = prepared.candidates(feats)
    if len(lat) >= _PARALLEL_MIN:  # the nearest feature on the worker threads meanwhile
        halves = (slice(0, len(lat) // 2), slice(len(lat) // 2, None))
        nearest = [
            _pool().submit(_nearest.nearest_with_grid, lat[h], lon[h], cells[h], cand)
            for h in halves
        ]
        combo, combo_bits = _covering(prepared, cells, lon, lat)
        found = [f.result() for f in nearest]
        index = np.concatenate([i for i, _ in found])
        metres = np.concatenate([m for _, m in found])
    else:
        combo, combo_bits = _covering(prepared, cells, lon, lat)
        index, metres = _nearest.nearest_with_grid(lat, lon, cells, cand)
    return _Attribution(combo, combo_bits, prepared, _meta_of(zones), feats, index, metres)


def _pool() -> concurrent.futures.ThreadPoolExecutor:
    """Two worker threads shared by all joins (numpy and shapely release the GIL).

    Each worker thread prepares its own copies of the polygons (`_Prepared.prepared_layers`).
    """
    global _POOL
    with _CACHE_LOCK:
        if _POOL is None:
            _POOL = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="seawatch-join")
        return _POOL


def _covering(
    prepared: _Prepared, cells: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per point, the id of its set of covering layers, and the bit rows of those sets.

    A point in a cell that no boundary crosses takes the cell's layer set. A point in a boundary
    cell looks up its sub-cell for each layer crossing the cell: covered, outside, or crossed by
    the layer's boundary, and only the last are tested exactly (see `seawatch._grid`).
    """
    grid = prepared.grid
    combo_of, count_of = prepared.cell_tables()
    combo = combo_of[cells]  # cell -1 (outside the grid) reads the last entry: no layer
    counts = count_of[cells]
    near = np.flatnonzero(counts)
    if len(near) == 0:
        return combo, grid.combo_bits
    near_x, near_y, near_cells = x[near], y[near], cells[near]
    point, pair = _boundary_pairs(grid, near_cells, counts[near].astype(np.int64))
    sub = grid.sub_bits(near_x, near_y, near_cells)[point]
    layer = grid.bnd_layers[pair]
    covered = (grid.bnd_sub_in[pair] & sub) != 0
    edge = np.flatnonzero(grid.bnd_sub_edge[pair] & sub)
    # On this thread only: in a large join both workers are busy with the nearest feature, and
    # handing them half of these tests made this thread wait for them (they are ~1/3 of it).
    results = _exact_tests(prepared, _layer_tasks(point[edge], layer[edge]), near_x, near_y)
    hit_points = [point[covered], *(pts for _, pts in results)]
    hit_layers = [layer[covered], *(np.full(len(pts), lyr) for lyr, pts in results)]
    bits = grid.combo_bits[combo[near]]
    _set_bits(bits, np.concatenate(hit_points), np.concatenate(hit_layers))
    return _merge_combos(combo, near, bits, grid.combo_bits)


def _layer_tasks(point: np.ndarray, layer: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """The (layer, points) groups of the (point, layer) pairs, by layer."""
    order = np.argsort(layer.astype(np.int16 if layer.max(initial=0) < 2**15 else np.int64))
    if len(order) == 0:
        return []
    starts = np.flatnonzero(np.r_[True, layer[order][1:] != layer[order][:-1]])
    return [(int(layer[g[0]]), point[g]) for g in np.split(order, starts[1:])]


def _set_bits(bits: np.ndarray, point: np.ndarray, layer: np.ndarray) -> None:
    """Set bit `layer` in row `point` of `bits` for each (point, layer) pair.

    ``bitwise_or.at`` applies every pair; a fancy-indexed ``|=`` would keep only one of the bits
    that fall in the same byte of the same row.
    """
    flat = point * bits.shape[1] + layer // 8
    np.bitwise_or.at(bits.reshape(-1), flat, np.left_shift(1, layer % 8).astype(np.uint8))


def _exact_tests(
    prepared: _Prepared, tasks: list[tuple[int, np.ndarray]], x: np.ndarray, y: np.ndarray
) -> list[tuple[int, np.ndarray]]:
    """For each (layer, points) task, the points the layer covers (this thread's polygons)."""
    copies = prepared.prepared_layers()
    return [(lyr, pts[_covers_xy(copies[lyr], x[pts], y[pts])]) for lyr, pts in tasks]


def _covers_xy(geom: shapely.Geometry, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Exact covered-by test: True when the point is inside the polygon OR on its boundary.

    For a point and a polygon, ``intersects`` is exactly ``covered_by`` (the point meets the
    closed polygon), and `shapely.intersects_xy` tests raw coordinates against the prepared
    polygon without creating Point objects. ``contains_xy`` would be faster to explain but
    drops points on the boundary: see the module docstring for why they must count.
    """
    return shapely.intersects_xy(geom, x, y)


def _boundary_pairs(
    grid: _grid.LookupGrid, cells: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(position in `cells`, entry of ``grid.bnd_layers``) for every layer whose boundary may
    cross the point's cell."""
    point = np.repeat(np.arange(len(cells)), counts)
    start = np.repeat(grid.bnd_offsets[cells], counts)
    within = np.arange(len(point)) - np.repeat(np.cumsum(counts) - counts, counts)
    return point, start + within


def _merge_combos(
    combo: np.ndarray, near: np.ndarray, bits: np.ndarray, base: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Give the exactly-tested points the ids of their (possibly new) layer sets."""
    rows, inverse = _unique_rows(bits)
    known = {row.tobytes(): i for i, row in enumerate(base)}
    extra: list[np.ndarray] = []
    ids = np.empty(len(rows), dtype=np.int64)
    for i, row in enumerate(rows):
        found = known.get(row.tobytes())
        if found is None:
            found = len(base) + len(extra)
            extra.append(row)
        ids[i] = found
    combo[near] = ids[inverse]  # combo is this join's own array
    table = np.vstack([base, *extra]) if extra else base
    return combo, table


def _unique_rows(bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(bits, axis=0, return_inverse=True)``, fast: rows are hashed to one integer
    (sorting integers instead of byte rows), and the grouping is then checked row by row so
    that a hash collision can never merge two different layer sets."""
    words = -(-bits.shape[1] // 8)
    padded = np.zeros((len(bits), words * 8), dtype=np.uint8)
    padded[:, : bits.shape[1]] = bits
    packed = padded.view(np.uint64)
    if words == 1:
        key = packed[:, 0]
    else:
        rng = np.random.default_rng(words)
        mult = rng.integers(1, 2**63, words, dtype=np.uint64) | np.uint64(1)
        key = (packed * mult).sum(axis=1, dtype=np.uint64)  # wraps modulo 2**64
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rows, inverse = bits[first], inverse.reshape(-1)
    if words > 1 and not np.array_equal(rows[inverse], bits):
        rows, inverse = np.unique(bits, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
    return rows, inverse


def _with_columns(frame: gpd.GeoDataFrame, columns: dict[str, Any]) -> gpd.GeoDataFrame:
    out = frame.drop(columns=[c for c in schema.JOIN_COLUMNS if c in frame.columns])
    out = out.copy(deep=False) if out is frame else out
    new = pd.DataFrame({name: columns[name] for name in schema.JOIN_COLUMNS}, index=frame.index)
    result = pd.concat([out, new], axis=1)
    return gpd.GeoDataFrame(result, geometry=frame.geometry.name, crs=frame.crs)
