"""The incidents of a view as data files: CSV, GeoJSON, GeoPackage, KML and GeoParquet.

Every function takes the incidents in view (a GeoDataFrame or DataFrame with the columns of
`seawatch.schema.INCIDENT_COLUMNS`, plus the join's columns when present) and returns the file's
bytes; `write_data` writes them to a path. All formats carry the same table, built once by
`export_table`: dates as ISO strings, multi-valued cells (countries, claimants, zone ids)
``;``-joined, numbers as numbers, booleans as booleans. Geometries are points at
(longitude, latitude) in EPSG:4326. An empty view still gives a valid, empty file.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import tempfile
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from seawatch import schema
from seawatch.export.errors import ExportError
from seawatch.extra import expand_extra
from seawatch.sea_areas import SEA_AREA_COLUMN
from seawatch.text import is_missing, neutralise_formula, xml_safe

#: Data formats and their file extensions.
DATA_FORMATS: Final = {
    "csv": ".csv",
    "geojson": ".geojson",
    "gpkg": ".gpkg",
    "kml": ".kml",
    "parquet": ".parquet",
}

#: MIME types for download buttons.
DATA_MIME: Final = {
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
    "parquet": "application/vnd.apache.parquet",
}

#: Columns written as numbers (never touched by the CSV formula guard).
NUMERIC_COLUMNS: Final = (
    schema.LATITUDE,
    schema.LONGITUDE,
    schema.CASUALTIES,
    schema.JOIN_NEAREST_FEATURE_NM,
)
#: Numeric columns holding whole numbers (nullable integers).
INTEGER_COLUMNS: Final = (schema.CASUALTIES,)
#: Columns written as booleans.
BOOL_COLUMNS: Final = (schema.JOIN_DISPUTED, schema.JOIN_ON_LAND)
#: Multi-valued columns, ``;``-joined in every format.
LIST_COLUMNS: Final = (
    schema.COUNTRIES,
    schema.JOIN_CLAIMANTS,
    schema.JOIN_ENTITLED,
    schema.JOIN_ZONE_IDS,
    schema.JOIN_AGREEMENTS,
)
DATE_COLUMNS: Final = (schema.DATE, schema.END_DATE)

LAYER_NAME: Final = "incidents"


# --- the common table ------------------------------------------------------------------------


def export_table(view: pd.DataFrame) -> pd.DataFrame:
    """The table every data format carries, in the column order of the CSV.

    Columns: `schema.INCIDENT_COLUMNS` (missing optional ones are added empty), then the join's
    `schema.JOIN_COLUMNS` that the view has, ``sea_area`` and ``possibly_same_as`` when
    present, then one column per key of the ``extra`` JSON (an upload's own columns, see
    `seawatch.extra.expand_extra`). Raises `ExportError` naming missing required columns.

    Examples
    --------
    >>> df = pd.DataFrame({"incident_id": ["A"], "date": ["2024-03-05"], "latitude": [9.7],
    ...     "longitude": [115.9], "incident_type": ["water_cannon"], "countries": [["PHL", "CHN"]],
    ...     "description": ["x"], "source": ["https://example.org"]})
    >>> export_table(df).loc[0, "countries"]
    'PHL;CHN'
    """
    missing = [c for c in schema.REQUIRED_COLUMNS if c not in view.columns]
    if missing:
        raise ExportError(
            f"cannot export: the incidents lack the required columns {missing!r} "
            f"(expected {list(schema.REQUIRED_COLUMNS)!r})"
        )
    columns = list(schema.INCIDENT_COLUMNS) + [c for c in schema.JOIN_COLUMNS if c in view]
    if SEA_AREA_COLUMN in view:  # added by seawatch.sea_areas.with_sea_area
        columns.append(SEA_AREA_COLUMN)
    if schema.POSSIBLY_SAME_AS in view:
        columns.append(schema.POSSIBLY_SAME_AS)
    out = pd.DataFrame(index=pd.RangeIndex(len(view)))
    for col in columns:
        values = view[col] if col in view else pd.Series([None] * len(view), dtype=object)
        out[col] = _convert(col, values.reset_index(drop=True))
    if schema.EXTRA in view:  # an upload's own columns come back as columns
        extra = expand_extra(view[schema.EXTRA].reset_index(drop=True), set(out.columns))
        out = pd.concat([out, extra], axis=1)
    return out


def _convert(col: str, values: pd.Series) -> pd.Series:
    if col in INTEGER_COLUMNS:
        return pd.to_numeric(values, errors="coerce").round().astype("Int64")
    if col in NUMERIC_COLUMNS:
        return pd.to_numeric(values, errors="coerce").astype("float64")
    if col in BOOL_COLUMNS:
        flags = values.map(lambda v: None if _is_missing(v) else bool(v))
        return flags.astype("boolean") if flags.isna().any() else flags.astype(bool)
    if col in LIST_COLUMNS:
        return values.map(_list_cell).astype(object)
    if col in DATE_COLUMNS:
        return values.map(_date_cell).astype(object)
    return values.map(lambda v: None if _is_missing(v) else str(v)).astype(object)


def _is_missing(value: object) -> bool:
    """A missing cell (`seawatch.text.is_missing`) or an empty string: both are written empty."""
    return value == "" if isinstance(value, str) else is_missing(value)


def _list_cell(value: object) -> str | None:
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        parts = [str(v).strip() for v in value if str(v).strip()]
    else:
        parts = schema.split_list(value)
    return schema.LIST_SEP.join(parts) if parts else None


def _date_cell(value: object) -> str | None:
    if _is_missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def export_frame(view: pd.DataFrame) -> gpd.GeoDataFrame:
    """`export_table` with point geometries at (longitude, latitude), EPSG:4326."""
    table = export_table(view)
    geometry = gpd.points_from_xy(table[schema.LONGITUDE], table[schema.LATITUDE])
    return gpd.GeoDataFrame(table, geometry=geometry, crs=schema.CRS)


# --- formats ---------------------------------------------------------------------------------


def to_csv(view: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with a byte-order mark so Excel reads accents), formula injection neutralised.

    Text cells starting with ``= + - @``, a tab or a carriage return get a leading apostrophe;
    the numeric columns stay numbers (a negative latitude is not a formula).
    """
    table = export_table(view)
    for col in table.columns:
        if col not in NUMERIC_COLUMNS and col not in BOOL_COLUMNS:
            table[col] = table[col].map(neutralise_formula)
    text = table.to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def to_geojson(view: pd.DataFrame) -> bytes:
    """GeoJSON following RFC 7946: a FeatureCollection, no ``crs`` member, [lon, lat] order."""
    table = export_table(view)
    features = []
    for row in table.itertuples(index=False):
        props = {col: _json_value(v) for col, v in zip(table.columns, row, strict=True)}
        lon, lat = props[schema.LONGITUDE], props[schema.LATITUDE]
        geometry = (
            None if lon is None or lat is None else {"type": "Point", "coordinates": [lon, lat]}
        )
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _json_value(value: object) -> object:
    if _is_missing(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def to_gpkg(view: pd.DataFrame) -> bytes:
    """GeoPackage with one point layer named ``incidents``."""
    return _via_file(export_frame(view), "GPKG", ".gpkg")


def to_kml(view: pd.DataFrame) -> bytes:
    """KML (GDAL KML driver) for Google Earth: one Placemark per incident.

    The Placemark's ``<name>`` is the incident id, its ``<description>`` the incident's
    description; every other column is in ``ExtendedData``. Google Earth shows descriptions
    and data values in an HTML balloon, so every text value is HTML-escaped (a description
    containing ``<script>`` shows as text); `html.unescape` gives back the original text.
    Characters XML 1.0 forbids (U+FFFE, control characters) are removed (`xml_safe`): one of
    them would make the whole file unreadable.
    """
    frame = export_frame(view)
    for col in frame.columns:
        if frame[col].dtype == object and col != frame.geometry.name:
            frame[col] = frame[col].map(
                lambda v: v if not isinstance(v, str) else html.escape(str(xml_safe(v)))
            )
    for col in BOOL_COLUMNS:  # KML has no boolean type: 1/0
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    options = {"NameField": schema.INCIDENT_ID, "DescriptionField": schema.DESCRIPTION}
    return _via_file(frame, "KML", ".kml", dataset_options=options)


def to_parquet(view: pd.DataFrame) -> bytes:
    """GeoParquet (needs pyarrow; raises `ExportError` saying so when it is missing)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ExportError(
            "the parquet format needs the 'pyarrow' package: pip install pyarrow"
        ) from None
    buf = io.BytesIO()
    export_frame(view).to_parquet(buf, index=False)
    return buf.getvalue()


def _via_file(
    frame: gpd.GeoDataFrame,
    driver: str,
    suffix: str,
    dataset_options: dict[str, str] | None = None,
    layer: str = LAYER_NAME,
) -> bytes:
    with tempfile.TemporaryDirectory(prefix="seawatch-export-") as tmp:
        path = Path(tmp) / f"{layer}{suffix}"
        pyogrio.write_dataframe(
            frame, path, driver=driver, layer=layer, dataset_options=dataset_options
        )
        return path.read_bytes()


_WRITERS: Final = {
    "csv": to_csv,
    "geojson": to_geojson,
    "gpkg": to_gpkg,
    "kml": to_kml,
    "parquet": to_parquet,
}


def export_data(view: pd.DataFrame, fmt: str) -> bytes:
    """The incidents in view as a file of format `fmt` (one of `DATA_FORMATS`).

    Examples
    --------
    >>> export_data(pd.DataFrame(), "xls")
    Traceback (most recent call last):
    ...
    seawatch.export.errors.ExportError: format='xls' is not a data format; choose one of ['csv', 'geojson', 'gpkg', 'kml', 'parquet']
    """  # noqa: E501
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ExportError(
            f"format={fmt!r} is not a data format; choose one of {sorted(DATA_FORMATS)!r}"
        )
    return writer(view)


def write_data(view: pd.DataFrame, fmt: str, path: str | Path) -> Path:
    """Write `export_data(view, fmt)` to `path`; returns the path."""
    data = export_data(view, fmt)
    return write_bytes(Path(path), data)


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path`; an OS error becomes an ExportError naming the path."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    return path
