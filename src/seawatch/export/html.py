"""The interactive map of a view as one standalone HTML file that works offline.

The map is the dashboard's (`seawatch.mapping.build_map`, with its escaping of all data text);
every script and stylesheet it loads is inlined from the installed packages
(`seawatch.assets.inline_text`), so the file opens without internet; only the optional online
basemap tiles in the layer control need a connection. A header box gives the title, the
filters, the data sources and the creation date, all escaped with `seawatch.mapping.esc`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd

from seawatch import assets, mapping
from seawatch.export.errors import ExportError
from seawatch.export.sources import now_utc
from seawatch.export.static_map import caption_lines, check_names, default_title
from seawatch.filtering import IncidentFilter

_SCRIPT_SRC = re.compile(r'<script\s+src="([^"]+)"\s*>\s*</script>')
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="([^"]+)"\s*/?>')
_EXTERNAL = re.compile(r'<(?:script|link)\b[^>]*(?:src|href)="(https?:)?//', re.IGNORECASE)

_HEADER_CSS = (
    "position:fixed;top:10px;left:60px;z-index:1000;max-width:46%;background:rgba(255,255,255,.93);"
    "padding:6px 10px;border:1px solid #888;border-radius:4px;font:12px/1.35 sans-serif;"
)


def header_html(title: str, lines: Sequence[str]) -> str:
    """The title box: every text HTML-escaped.

    Examples
    --------
    >>> "<script>" in header_html("<script>x</script>", ["a & b"])
    False
    """
    body = "".join(f"<div>{mapping.esc(line)}</div>" for line in lines)
    return (
        f'<div id="seawatch-export-header" style="{_HEADER_CSS}">'
        f"<b style='font-size:14px'>{mapping.esc(title)}</b>{body}</div>"
    )


def inline_assets(page: str) -> str:
    """Replace the map's local ``<script src>``/``<link>`` tags by the files' contents.

    Raises `ExportError` when the page still loads a script or stylesheet from the internet.
    """
    by_url = {url: name for name, url in assets.asset_urls("local").items()}

    def script(match: re.Match[str]) -> str:
        name = by_url.get(match.group(1))
        if name is None:
            return match.group(0)
        code = assets.inline_text(name).replace("</script", "<\\/script")
        return f"<script>/* {name} */\n{code}\n</script>"

    def css(match: re.Match[str]) -> str:
        name = by_url.get(match.group(1))
        if name is None:
            return match.group(0)
        return f"<style>/* {name} */\n{assets.inline_text(name).replace('</style', '')}\n</style>"

    page = _CSS_LINK.sub(css, _SCRIPT_SRC.sub(script, page))
    external = _EXTERNAL.search(page)
    if external:
        raise ExportError(
            f"the map still loads an external asset ({external.group(0)!r}); "
            "it cannot be made standalone"
        )
    return page


def render_html(
    view: pd.DataFrame,
    zones: gpd.GeoDataFrame | None,
    land: gpd.GeoDataFrame | None = None,
    *,
    flt: IncidentFilter | None = None,
    title: str | None = None,
    names: str = "en",
    created: dt.datetime | dt.date | None = None,
    lines: gpd.GeoDataFrame | None = None,
) -> bytes:
    """The standalone interactive map as UTF-8 HTML bytes (its header says what "disputed"
    means when zones are drawn; `lines`: the boundary and claim lines)."""
    check_names(names)
    created = created or now_utc()
    m = mapping.build_map(view, zones, names=names, assets="local", land=land, lines=lines)
    title = title or default_title(flt)
    lines = caption_lines(view, flt, zones, created)
    root = m.get_root()
    root.title = mapping.esc(title)  # type: ignore[attr-defined]
    root.html.add_child(folium.Element(header_html(title, lines)))  # type: ignore[attr-defined]
    return inline_assets(root.render()).encode("utf-8")
