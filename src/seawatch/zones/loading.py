"""Loading the zone layers: built-in (``data/eez/``), imported (Marine Regions) or any zone file.

`load_zones(source)` returns one GeoDataFrame in EPSG:4326 with the columns of
`schema.ZONE_COLUMNS` and a ``geometry`` column; `load_land()` the simplified land layer;
`zones_version(source)` a short hash that changes whenever the zones do (for caches).

Sources
-------
``None`` / ``"builtin"``
    The zone layers listed in ``datasets.zones_dir() / "manifest.json"``, written by
    ``seawatch zones build``. Each file's sha256 is checked against the manifest.
a folder holding a ``manifest.json``
    The same, for a build made elsewhere (``seawatch zones build --out DIR``).
``"imported"``
    The Marine Regions layer converted by ``seawatch zones import`` (or ``zones download``),
    at ``datasets.imported_zones_path()``.
a path
    Any zone file in seawatch's schema (checked by `seawatch.zones.validate.read_zone_file`;
    repairs and reprojection are announced with a `ZoneWarning`).

Results are cached in-process, keyed on each file's path, size and modification time, so
repeated calls cost a copy of the frame. Every call returns a fresh copy: callers may modify it.
"""

from __future__ import annotations

import hashlib
import json
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from seawatch import datasets, schema
from seawatch.errors import ZoneError
from seawatch.zones.validate import (
    ZoneFileError,
    ZoneReport,
    check_zone_frame,
    read_geo_file,
    read_zone_file,
    repair_geometries,
    to_wgs84,
)

BUILTIN = "builtin"
IMPORTED = "imported"
SOURCES = (BUILTIN, IMPORTED)
#: Manifest entry of the simplified land layer (top-level key, or a layer of that name).
LAND_LAYER = "land"
#: Manifest entry of the boundary and claim lines drawn on maps (``lines.geojson``).
LINES_LAYER = "lines"
#: Columns of the lines layer besides ``geometry``.
LINE_COLUMNS = ("line_id", "kind", "name", "claimants", "status", "source")

_CACHE: dict[tuple[Any, ...], Any] = {}
_CACHE_MAX = 16
_LOCK = threading.Lock()


class ZoneWarning(UserWarning):
    """A zone file was usable only after repairs or reprojection (see its `ZoneReport`)."""


@dataclass(frozen=True)
class ManifestLayer:
    """One layer listed in ``manifest.json``: its name, file and expected sha256 (if given)."""

    name: str
    path: Path
    sha256: str | None
    count: int | None


# --- public API ----------------------------------------------------------------------------------


def load_zones(source: str | Path | None = None) -> gpd.GeoDataFrame:
    """The maritime zone layers as one GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    source
        ``None`` or ``"builtin"`` (the layers in ``data/eez/``), ``"imported"`` (the Marine
        Regions layer converted by ``seawatch zones import``), the path of a zone file, or a
        folder with a ``manifest.json`` (``seawatch zones build --out DIR``).

    Returns
    -------
    GeoDataFrame
        Columns `schema.ZONE_COLUMNS` + ``geometry``; one row per zone. A fresh copy each call.

    Raises
    ------
    ZoneError
        The source is unknown, missing, or its files fail the checks (the message names the
        file, and the row, column and value where there is one).

    Examples
    --------
    >>> load_zones("marine")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    seawatch.errors.ZoneError: unknown zone source 'marine': not 'builtin', not 'imported', ...
    """
    return _load_zones_cached(source).copy()


def zone_report(source: str | Path | None = None) -> ZoneReport:
    """What the checks found when `source` was loaded (repairs, rejected rows, reprojection)."""
    return _load_source(source)[1]


def load_land() -> gpd.GeoDataFrame:
    """The simplified land layer written by ``seawatch zones build`` (EPSG:4326).

    Used for the join's ``on_land`` test and as background of map exports.

    Raises
    ------
    ZoneError
        The manifest lists no land layer, or its file is missing or damaged.
    """
    entry = _manifest_entry(LAND_LAYER)
    _require_file(entry)
    key = ("land", _stamp(entry.path))
    frame = _cached(key, lambda: _read_land(entry))
    return frame.copy()


def load_lines() -> gpd.GeoDataFrame:
    """The agreed and signed boundaries and the claim lines written by ``seawatch zones build``.

    Columns `LINE_COLUMNS` (``kind`` is ``agreed_boundary``, ``signed_boundary`` or
    ``claim_line``) and ``geometry``, in EPSG:4326; for maps only (the join never reads it).

    Raises
    ------
    ZoneError
        The manifest lists no lines layer, or its file is missing or damaged.
    """
    entry = _manifest_entry(LINES_LAYER)
    _require_file(entry)
    key = ("lines", _stamp(entry.path))
    frame = _cached(key, lambda: _read_lines(entry))
    return frame.copy()


def zones_version(source: str | Path | None = None) -> str:
    """A 16-hex-digit hash that changes whenever the zones of `source` change.

    For the built-in zones it is the hash of ``manifest.json`` (which holds every layer's
    sha256); for imported zones or a path, the hash of the file's bytes.
    """
    kind, path = _resolve(source)
    target = path / "manifest.json" if kind == BUILTIN else path
    return _cached(("sha", _stamp(target)), lambda: _sha256(target))[:16]


def imported_available() -> bool:
    """True when ``seawatch zones import`` has written an imported layer."""
    return datasets.imported_zones_path().is_file()


def clear_cache() -> None:
    """Forget every loaded layer (the next call re-reads the files)."""
    with _LOCK:
        _CACHE.clear()


# --- sources -------------------------------------------------------------------------------------


def _resolve(source: str | Path | None) -> tuple[str, Path]:
    if source is None or (isinstance(source, str) and source == BUILTIN):
        return BUILTIN, datasets.zones_dir()
    if isinstance(source, str) and source == IMPORTED:
        path = datasets.imported_zones_path()
        if not path.is_file():
            raise ZoneError(
                f"no imported zones at {path}: run `seawatch zones import PATH` with the Marine "
                "Regions EEZ layer, or `seawatch zones download`"
            )
        return IMPORTED, path
    path = Path(source)
    if path.is_dir() and (path / "manifest.json").is_file():
        return BUILTIN, path
    if not path.exists():
        raise ZoneError(
            f"unknown zone source {str(source)!r}: not {BUILTIN!r}, not {IMPORTED!r}, "
            "and no such file"
        )
    return "path", path


def _load_zones_cached(source: str | Path | None) -> gpd.GeoDataFrame:
    frame, report = _load_source(source)
    kind, _ = _resolve(source)
    if kind == "path" and not report.clean:
        warnings.warn("; ".join(report.lines()), ZoneWarning, stacklevel=3)
    return frame


def _load_source(source: str | Path | None) -> tuple[gpd.GeoDataFrame, ZoneReport]:
    kind, path = _resolve(source)
    if kind == BUILTIN:
        manifest = path / "manifest.json"
        entries = _zone_entries(manifest)
        for entry in entries:
            _require_file(entry)
        key = ("builtin",) + tuple(_stamp(e.path) for e in entries) + (_stamp(manifest),)
        return _cached(key, lambda: _read_builtin(manifest, entries))
    return _cached(("file", _stamp(path)), lambda: read_zone_file(path))


def _read_builtin(
    manifest: Path, entries: list[ManifestLayer]
) -> tuple[gpd.GeoDataFrame, ZoneReport]:
    frames = []
    report = ZoneReport(path=str(manifest))
    for entry in entries:
        _check_sha(entry)
        if entry.count == 0:  # a layer the build left empty (e.g. no joint area encoded)
            continue
        gdf, _ = read_geo_file(entry.path)
        frame, sub = check_zone_frame(gdf, str(entry.path), layer=entry.name)
        report.n_read += sub.n_read
        report.issues += sub.issues
        report.notes += [f"{entry.name}: {n}" for n in sub.notes]
        frames.append(frame)
    zones = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=schema.CRS)
    dupes = sorted(set(zones[schema.ZONE_ID][zones[schema.ZONE_ID].duplicated()]))
    if dupes:
        raise ZoneError(f"{manifest}: zone_id used in several layers: {dupes[:5]}")
    report.n_kept = len(zones)
    return zones, report


def _read_land(entry: ManifestLayer) -> gpd.GeoDataFrame:
    _check_sha(entry)
    gdf, name = read_geo_file(entry.path)
    report = ZoneReport(path=str(entry.path), layer=name, n_read=len(gdf))
    gdf = to_wgs84(gdf, str(entry.path), report)
    gdf = repair_geometries(gdf.reset_index(drop=True), [""] * len(gdf), report)
    return gdf.reset_index(drop=True)


def _read_lines(entry: ManifestLayer) -> gpd.GeoDataFrame:
    _check_sha(entry)
    gdf, name = read_geo_file(entry.path)
    report = ZoneReport(path=str(entry.path), layer=name, n_read=len(gdf))
    gdf = to_wgs84(gdf, str(entry.path), report)
    missing = [c for c in LINE_COLUMNS if c not in gdf]
    if missing:
        raise ZoneFileError(f"the lines layer lacks the columns {missing}", path=str(entry.path))
    return gdf[[*LINE_COLUMNS, gdf.geometry.name]].reset_index(drop=True)


# --- manifest ------------------------------------------------------------------------------------


def _manifest_path() -> Path:
    return datasets.zones_dir() / "manifest.json"


def _zone_entries(manifest: Path) -> list[ManifestLayer]:
    entries = [e for e in _manifest_layers(manifest) if e.name in schema.ZONE_KINDS]
    if not entries:
        raise ZoneError(
            f"{manifest}: lists none of the zone layers {', '.join(schema.ZONE_KINDS)}; "
            "run `seawatch zones build`"
        )
    return entries


def _manifest_entry(name: str) -> ManifestLayer:
    """A file the manifest lists at top level (``"land"``, ``"display"``) or among its layers."""
    manifest = _manifest_path()
    layers = {entry.name: entry for entry in _manifest_layers(manifest)}
    data = _cached(("manifest", _stamp(manifest)), lambda: _read_manifest(manifest))
    if isinstance(data.get(name), dict):
        return _layer_entry(manifest, name, data[name])
    if name in layers:
        return layers[name]
    raise ZoneError(f"{manifest}: lists no {name!r} layer; run `seawatch zones build`")


def _manifest_layers(manifest: Path) -> list[ManifestLayer]:
    if not manifest.is_file():
        raise ZoneError(f"no built-in zones: {manifest} does not exist; run `seawatch zones build`")
    data = _cached(("manifest", _stamp(manifest)), lambda: _read_manifest(manifest))
    return manifest_layers(data, manifest)


def manifest_layers(data: dict[str, Any], manifest: Path) -> list[ManifestLayer]:
    """The layers a manifest lists (``{"layers": {name: {"file", "sha256", "count"}}}``).

    A list of ``{"name": ..., "file": ...}`` objects and bare file names are accepted too.
    `manifest` is the manifest's path: files are relative to its folder.
    """
    layers = data.get("layers")
    if isinstance(layers, dict):
        items = [(str(k), v) for k, v in layers.items()]
    elif isinstance(layers, list):
        items = [(str(v.get("name") or v.get("layer")), v) for v in layers if isinstance(v, dict)]
    else:
        raise ZoneError(f"{manifest}: has no 'layers' object (layer -> file, sha256, count)")
    return [_layer_entry(manifest, name, value) for name, value in items]


def _layer_entry(manifest: Path, name: str, value: object) -> ManifestLayer:
    if isinstance(value, str):
        value = {"file": value}
    if not isinstance(value, dict) or not (value.get("file") or value.get("path")):
        raise ZoneError(f"{manifest}: layer {name!r} names no file")
    path = manifest.parent / str(value.get("file") or value.get("path"))
    count = value.get("count", value.get("features"))
    return ManifestLayer(
        name, path, value.get("sha256"), int(count) if isinstance(count, int) else None
    )


def _read_manifest(manifest: Path) -> dict[str, Any]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ZoneError(f"{manifest}: not a readable JSON manifest: {exc}") from exc
    if not isinstance(data, dict):
        raise ZoneError(f"{manifest}: the manifest must be a JSON object")
    return data


def _require_file(entry: ManifestLayer) -> None:
    if not entry.path.is_file():
        raise ZoneFileError(
            f"layer {entry.name!r} listed in manifest.json is missing; run `seawatch zones build`",
            path=str(entry.path),
        )


def _check_sha(entry: ManifestLayer) -> None:
    _require_file(entry)
    if entry.sha256 and _sha256(entry.path) != entry.sha256:
        raise ZoneFileError(
            f"layer {entry.name!r} does not match the sha256 in manifest.json (edited or "
            "damaged); run `seawatch zones build` to regenerate it",
            path=str(entry.path),
        )


# --- caching -------------------------------------------------------------------------------------


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError as exc:
        raise ZoneError(f"{path}: cannot read: {exc.strerror}") from exc
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def _cached(key: tuple[Any, ...], compute: Any) -> Any:
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    value = compute()
    with _LOCK:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = value
    return value


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
