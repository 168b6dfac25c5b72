"""The dashboard's "Exports" tab: one download button per format for the current view.

Files are generated when a button is clicked (Streamlit's deferred ``data`` callable), so
drawing the tab costs nothing; all the work is in `seawatch.export`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import schema
from seawatch.errors import SeawatchError
from seawatch.export import export_data, export_map, export_zones
from seawatch.export.data import DATA_MIME, export_table
from seawatch.export.maps import MAP_FORMATS, MAP_MIME
from seawatch.export.static_map import default_title
from seawatch.export.view import load_land_or_none
from seawatch.export.zones import zones_in_view
from seawatch.filtering import IncidentFilter

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


@st.cache_resource(show_spinner=False)
def _land() -> gpd.GeoDataFrame | None:
    return load_land_or_none()


def _names_label(code: str) -> str:
    return "English" if code == "en" else f"{schema.COUNTRY_NAMES.get(code, code)} ({code})"


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


def render_exports(view: pd.DataFrame, zones: gpd.GeoDataFrame | None, flt: IncidentFilter) -> None:
    """Download buttons for the map (HTML/PNG/PDF/report) and data (CSV/GeoJSON/GPKG/KML/...)."""
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
    left, right = st.columns(2)
    with left:
        st.subheader("Map")
        title = st.text_input("Title", value=default_title(flt), key="export-title")
        names = st.selectbox(
            "Place names on the map",
            ["en", *schema.CLAIMANTS],
            format_func=_names_label,
            key="export-names",
        )
        for fmt in MAP_FORMATS:
            _button(
                MAP_LABELS[fmt],
                _map_maker(view, zones, flt, fmt, title, names),
                f"seawatch-{'report' if fmt == 'report' else 'map'}-{stamp}{_suffix(fmt)}",
                MAP_MIME[fmt],
                f"export-map-{fmt}",
            )
    with right:
        st.subheader("Data")
        for fmt, label in DATA_LABELS.items():
            _button(
                label,
                _data_maker(view, fmt),
                f"seawatch-incidents-{stamp}.{_ext(fmt)}",
                DATA_MIME[fmt],
                f"export-data-{fmt}",
            )
        if zones is not None and len(zones):
            st.caption("Zone layers in view")
            for fmt in ("geojson", "gpkg"):
                _button(
                    f"Zones ({DATA_LABELS[fmt]})",
                    _zones_maker(view, zones, fmt),
                    f"seawatch-zones-{stamp}.{fmt}",
                    DATA_MIME[fmt],
                    f"export-zones-{fmt}",
                )


def _suffix(fmt: str) -> str:
    return ".pdf" if fmt == "report" else f".{fmt}"


def _ext(fmt: str) -> str:
    return {"parquet": "parquet"}.get(fmt, fmt)


def _map_maker(
    view: pd.DataFrame,
    zones: gpd.GeoDataFrame | None,
    flt: IncidentFilter,
    fmt: str,
    title: str,
    names: str,
) -> Callable[[], bytes]:
    def make() -> bytes:
        return export_map(
            view, zones, fmt, land=_land(), flt=flt, title=title.strip() or None, names=names
        )

    return make


def _data_maker(view: pd.DataFrame, fmt: str) -> Callable[[], bytes]:
    return lambda: export_data(view, fmt)


def _zones_maker(view: pd.DataFrame, zones: gpd.GeoDataFrame, fmt: str) -> Callable[[], bytes]:
    def make() -> bytes:
        bbox = (
            tuple(view.total_bounds) if isinstance(view, gpd.GeoDataFrame) and len(view) else None
        )
        return export_zones(zones_in_view(zones, bbox=bbox), fmt)  # type: ignore[arg-type]

    return make
