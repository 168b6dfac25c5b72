"""The dashboard's "Exports" tab: one download button per format for the current view.

Files are generated when a button is clicked (Streamlit's deferred ``data`` callable), so
drawing the tab costs nothing; all the work is in `seawatch.export`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import presentation, schema
from seawatch.errors import SeawatchError
from seawatch.export import export_data, export_map, export_zones
from seawatch.export.data import DATA_FORMATS, DATA_MIME, export_table
from seawatch.export.maps import MAP_FORMATS, MAP_MIME
from seawatch.export.static_map import default_title
from seawatch.export.zones import ZONE_FORMATS, zones_in_view
from seawatch.filtering import IncidentFilter
from seawatch.ui import data

MAP_LABELS = {
    "html": "Interactive map (HTML, works offline)",
    "png": "Map image (PNG, 300 dpi)",
    "pdf": "Map (PDF, vector)",
    "report": "Report pack (PDF)",
}
DATA_LABELS = {
    "csv": "CSV",
    "geojson": "GeoJSON",
    "gpkg": "GeoPackage",
    "kml": "KML (Google Earth)",
    "parquet": "GeoParquet",
}


def _button(label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str) -> None:
    st.download_button(
        label,
        data=make,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        width="stretch",
    )


def render_exports(
    view: pd.DataFrame,
    zones: gpd.GeoDataFrame | None,
    flt: IncidentFilter,
    *,
    lines: gpd.GeoDataFrame | None = None,
) -> None:
    """Download buttons for the map (HTML/PNG/PDF/report) and data (CSV/GeoJSON/GPKG/KML/...).

    `lines`: the boundary and claim lines drawn on the maps (those of the built-in zones).
    """
    try:
        export_table(view.iloc[:0])
    except SeawatchError as exc:
        st.error(f"These incidents cannot be exported: {exc}")
        return
    stamp = dt.date.today().strftime("%Y%m%d")
    if view.empty:
        st.warning("No incidents match these filters: the files will say so.")
    else:
        st.caption(f"{len(view)} incidents in view; " + ("; ".join(flt.describe()) or "no filters"))
    key = view_key(view, zones, flt)
    # the full-resolution land, from the data module's cache (keyed on the zone build)
    land = data.cached_land(data.zones_version("builtin"), simplified=False)
    left, right = st.columns(2)
    with left:
        st.subheader("Map")
        title = st.text_input("Title", value=default_title(flt), key="export-title")
        names = st.selectbox(
            "Place names on the map",
            list(presentation.NAME_CHOICES),
            format_func=presentation.names_label,
            key="export-names",
        )
        for fmt in MAP_FORMATS:

            def make_map(fmt: str = fmt) -> bytes:
                return export_map(
                    view,
                    zones,
                    fmt,
                    land=land,
                    flt=flt,
                    title=title.strip() or None,
                    names=names,
                    lines=lines,
                )

            _button(
                MAP_LABELS[fmt],
                _cached(("map", fmt, key, title, names), make_map),
                f"seawatch-{'report' if fmt == 'report' else 'map'}-{stamp}{MAP_FORMATS[fmt]}",
                MAP_MIME[fmt],
                f"export-map-{fmt}",
            )
    with right:
        st.subheader("Data")
        for fmt, label in DATA_LABELS.items():
            _button(
                label,
                _cached(("data", fmt, key), _data_maker(view, fmt)),
                f"seawatch-incidents-{stamp}{DATA_FORMATS[fmt]}",
                DATA_MIME[fmt],
                f"export-data-{fmt}",
            )
        if zones is not None and len(zones):
            st.caption("Zone layers in view")
            for fmt in ZONE_FORMATS:
                _button(
                    f"Zones ({DATA_LABELS[fmt]})",
                    _cached(("zones", fmt, key), _zones_maker(view, zones, fmt)),
                    f"seawatch-zones-{stamp}{ZONE_FORMATS[fmt]}",
                    DATA_MIME[fmt],
                    f"export-zones-{fmt}",
                )


def view_key(view: pd.DataFrame, zones: gpd.GeoDataFrame | None, flt: IncidentFilter) -> str:
    """A key that changes when the incidents in view, the zones or the filter change."""
    digest = hashlib.sha256()
    if schema.INCIDENT_ID in view:
        digest.update(pd.util.hash_pandas_object(view[schema.INCIDENT_ID], index=False).to_numpy())
    digest.update(repr((len(view), sorted(flt.to_query_params().items()))).encode())
    if zones is not None and schema.ZONE_ID in zones:
        digest.update(repr((len(zones), tuple(zones[schema.ZONE_ID])[:200])).encode())
        if schema.ZONE_VERSION in zones:
            digest.update(repr(sorted(set(map(str, zones[schema.ZONE_VERSION])))).encode())
    return digest.hexdigest()


class _ByteCache:
    """Recently made files, shared by the sessions of this server (the data are the same for
    all): at most `size` entries, each kept `ttl` seconds (the creation date printed on maps
    stays close to the download time)."""

    def __init__(self, size: int = 12, ttl: float = 600.0) -> None:
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[tuple[str, ...], tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                self._items.move_to_end(key)
                return hit[1]
        data = make()  # outside the lock: other downloads need not wait
        with self._lock:
            self._items[key] = (now, data)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return data


@st.cache_resource(show_spinner=False)
def _byte_cache() -> _ByteCache:
    return _ByteCache()


def _cached(key: tuple[str, ...], make: Callable[[], bytes]) -> Callable[[], bytes]:
    cache = _byte_cache()
    return lambda: cache.get(key, make)


def _data_maker(view: pd.DataFrame, fmt: str) -> Callable[[], bytes]:
    def make() -> bytes:
        return export_data(view, fmt)

    return make


def _zones_maker(view: pd.DataFrame, zones: gpd.GeoDataFrame, fmt: str) -> Callable[[], bytes]:
    def make() -> bytes:
        bbox = (
            tuple(view.total_bounds) if isinstance(view, gpd.GeoDataFrame) and len(view) else None
        )
        return export_zones(zones_in_view(zones, bbox=bbox), fmt)  # type: ignore[arg-type]

    return make
