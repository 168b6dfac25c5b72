"""One entry point for every map export: ``html``, ``png``, ``pdf`` or the ``report`` pack."""

from __future__ import annotations

import datetime as dt
from typing import Final

import geopandas as gpd
import pandas as pd

from seawatch.export.errors import ExportError
from seawatch.export.sources import now_utc
from seawatch.filtering import IncidentFilter

#: Map formats and their file extensions.
MAP_FORMATS: Final = {"html": ".html", "png": ".png", "pdf": ".pdf", "report": ".pdf"}
MAP_MIME: Final = {
    "html": "text/html",
    "png": "image/png",
    "pdf": "application/pdf",
    "report": "application/pdf",
}


def export_map(
    view: pd.DataFrame,
    zones: gpd.GeoDataFrame | None,
    fmt: str,
    *,
    land: gpd.GeoDataFrame | None = None,
    flt: IncidentFilter | None = None,
    title: str | None = None,
    names: str = "en",
    created: dt.datetime | dt.date | None = None,
    dpi: int = 300,
    summary: bool = True,
    basemap: str | None = None,
    lines: gpd.GeoDataFrame | None = None,
) -> bytes:
    """The map of the incidents in view as a file of format `fmt` (a key of `MAP_FORMATS`).

    Parameters
    ----------
    view
        The incidents in view (already filtered); may be empty.
    zones, land
        Zone layers and land background to draw (``None`` draws none).
    flt
        The filter that produced `view`: the default title and the caption describe it.
    title
        The title; default made from the filter.
    names
        ``"en"``, ``"local"`` or an ISO3 code: the language of the feature labels.
    created
        The creation time printed on the map (now, by default).
    dpi
        Resolution of the PNG.
    summary
        Whether the report pack has its summary page.
    basemap
        Web tiles under the static map and report (``"osm"``; needs internet); None for none.
        The HTML map always offers online tiles in its layer control, off by default.
    lines
        Agreed and signed boundaries and claim lines (`seawatch.zones.loading.load_lines`);
        ``None`` draws none.
    """
    if fmt not in MAP_FORMATS:
        raise ExportError(
            f"format={fmt!r} is not a map format; choose one of {list(MAP_FORMATS)!r}"
        )
    created = created or now_utc()
    if fmt == "html":
        from seawatch.export.html import render_html

        return render_html(
            view, zones, land, flt=flt, title=title, names=names, created=created, lines=lines
        )
    from seawatch.export.static_map import MapOptions, render_map

    options = MapOptions(title=title, names=names, created=created, basemap=basemap)
    if fmt == "report":
        from seawatch.export.report import render_report

        return render_report(
            view, zones, land, flt=flt, options=options, summary=summary, lines=lines
        )
    return render_map(view, zones, land, flt=flt, fmt=fmt, dpi=dpi, options=options, lines=lines)
