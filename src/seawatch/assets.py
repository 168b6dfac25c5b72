"""The JavaScript and CSS the map needs, served from installed packages instead of CDNs.

folium points its maps at public CDNs (Leaflet, jQuery, Bootstrap, Font Awesome,
awesome-markers, plugins). Without internet the streamlit-folium iframe then stays blank.
seawatch's maps only use Leaflet and Leaflet.markercluster (nothing they run needs jQuery, so it
is not loaded: one script fewer before the map draws), and takes both from XStatic packages that
the normal set-up installs (``xstatic-leaflet``, ``xstatic-leaflet-markercluster``):

- `asset_paths` gives the local file of every asset (the HTML exports inline them);
- `install_static` copies them into Streamlit's ``static/`` folder (served at ``/app/static/``);
- `asset_urls` gives the URLs a map should load, local or CDN (``SEAWATCH_MAP_ASSETS=cdn``);
- `apply_assets` points a `folium.Map` (and its marker clusters) at those URLs.
"""

from __future__ import annotations

import base64
import filecmp
import importlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, TypeVar

import folium
from folium.plugins import MarkerCluster

from seawatch.errors import InputError

#: Environment variable choosing where the map's assets come from: ``local`` (default) or ``cdn``.
ASSETS_ENV: Final = "SEAWATCH_MAP_ASSETS"
ASSET_MODES: Final = ("local", "cdn")

#: URL prefix of Streamlit's static file serving (``server.enableStaticServing``).
STATIC_URL: Final = "/app/static"
#: Sub-folder of ``static/`` that seawatch owns (everything in it is generated).
STATIC_SUBDIR: Final = "seawatch"

Kind = Literal["js", "css"]
E = TypeVar("E", bound=folium.Element)


@dataclass(frozen=True)
class Asset:
    """One JavaScript or CSS file the map needs.

    Parameters
    ----------
    name
        folium's name for the asset (``leaflet``, ``leaflet_css``, ...).
    kind
        ``"js"`` or ``"css"``.
    package
        The XStatic module shipping the file (``xstatic.pkg.leaflet``).
    filename
        File name inside the package's ``data/`` folder.
    cdn
        The equivalent public URL (same version as the package).
    """

    name: str
    kind: Kind
    package: str
    filename: str
    cdn: str

    @property
    def path(self) -> Path:
        """The installed file."""
        return _package_dir(self.package) / self.filename

    @property
    def static_name(self) -> str:
        """Path of the copy under ``static/`` (relative), e.g. ``seawatch/leaflet/leaflet.js``."""
        return f"{STATIC_SUBDIR}/{self.package.rsplit('.', 1)[-1]}/{self.filename}"


ASSETS: Final = (
    Asset(
        "leaflet",
        "js",
        "xstatic.pkg.leaflet",
        "leaflet.js",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
    ),
    Asset(
        "markerclusterjs",
        "js",
        "xstatic.pkg.leaflet_markercluster",
        "leaflet.markercluster.js",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js",
    ),
    Asset(
        "leaflet_css",
        "css",
        "xstatic.pkg.leaflet",
        "leaflet.css",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
    ),
    Asset(
        "markerclustercss",
        "css",
        "xstatic.pkg.leaflet_markercluster",
        "MarkerCluster.css",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.css",
    ),
    Asset(
        "markerclusterdefaultcss",
        "css",
        "xstatic.pkg.leaflet_markercluster",
        "MarkerCluster.Default.css",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.Default.css",
    ),
)

_MAP_ASSETS: Final = ("leaflet", "leaflet_css")
_CLUSTER_ASSETS: Final = ("markerclusterjs", "markerclustercss", "markerclusterdefaultcss")


def _package_dir(package: str) -> Path:
    """The ``data/`` folder of an installed XStatic package."""
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        dist = "xstatic-" + package.rsplit(".", 1)[-1].replace("_", "-")
        raise InputError(
            f"the map asset package {package!r} is not installed; install {dist!r} "
            f"(or set {ASSETS_ENV}=cdn to load the map's assets from the internet)"
        ) from exc
    return Path(module.BASE_DIR)


def asset_paths() -> dict[str, Path]:
    """The local file of every JS/CSS asset the map needs, in load order (JS first).

    Returns
    -------
    dict
        folium asset name -> path of the installed file. The HTML exports inline these.

    Examples
    --------
    >>> sorted(asset_paths())[:2]
    ['leaflet', 'leaflet_css']
    """
    return {a.name: a.path for a in ASSETS}


def asset_mode(mode: str | None = None) -> str:
    """Where the map's assets come from: `mode`, else ``$SEAWATCH_MAP_ASSETS``, else ``local``.

    Raises
    ------
    InputError
        When the value is neither ``local`` nor ``cdn``.
    """
    value = (mode or os.environ.get(ASSETS_ENV) or "local").strip().lower()
    if value not in ASSET_MODES:
        raise InputError(f"{ASSETS_ENV}={value!r} is not allowed; use one of {list(ASSET_MODES)!r}")
    return value


def asset_urls(mode: str | None = None) -> dict[str, str]:
    """The URL of every asset: under ``/app/static/`` (local) or on a public CDN (cdn).

    Examples
    --------
    >>> asset_urls("local")["leaflet"]
    '/app/static/seawatch/leaflet/leaflet.js'
    """
    if asset_mode(mode) == "cdn":
        return {a.name: a.cdn for a in ASSETS}
    return {a.name: f"{STATIC_URL}/{a.static_name}" for a in ASSETS}


def apply_assets(m: E, mode: str | None = None) -> E:
    """Point `m` (a map or a layer) and every marker cluster in it at seawatch's asset URLs.

    Modified in place. Removes folium's Bootstrap, Font Awesome and awesome-markers links from a
    map: seawatch's maps do not use them (no `folium.Marker` icons).
    """
    urls = asset_urls(mode)
    by_name = {a.name: a for a in ASSETS}

    def pairs(names: tuple[str, ...], kind: Kind) -> list[tuple[str, str]]:
        return [(n, urls[n]) for n in names if by_name[n].kind == kind]

    if isinstance(m, folium.Map):
        m.default_js = pairs(_MAP_ASSETS + _CLUSTER_ASSETS, "js")
        m.default_css = pairs(_MAP_ASSETS + _CLUSTER_ASSETS, "css")
    for child in [m, *_walk(m)]:
        if isinstance(child, MarkerCluster):
            child.default_js = pairs(_CLUSTER_ASSETS, "js")
            child.default_css = pairs(_CLUSTER_ASSETS, "css")
    return m


def _walk(element: folium.Element) -> list[folium.Element]:
    """Every descendant of `element`."""
    out = []
    for child in element._children.values():
        out.append(child)
        out.extend(_walk(child))
    return out


def install_static(static_dir: Path) -> Path:
    """Copy every asset (and Leaflet's images) into ``static_dir/seawatch/``; return that folder.

    Idempotent: files already identical are left alone. ``static_dir`` gets a ``.gitignore``
    that ignores everything in it (the copies are generated, never committed).
    """
    static_dir.mkdir(parents=True, exist_ok=True)
    ignore = static_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# generated by seawatch.assets.install_static\n*\n", encoding="utf-8")
    files = [(a.path, static_dir / a.static_name) for a in ASSETS]
    leaflet_images = _package_dir("xstatic.pkg.leaflet") / "images"
    target_images = static_dir / STATIC_SUBDIR / "leaflet" / "images"
    files += [(p, target_images / p.name) for p in sorted(leaflet_images.glob("*.png"))]
    for source, target in files:
        if target.exists() and filecmp.cmp(source, target, shallow=False):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
    return static_dir / STATIC_SUBDIR


_CSS_URL = re.compile(r"url\((['\"]?)(images/[^'\")]+)\1\)")


def inline_text(name: str) -> str:
    """The text of asset `name`, ready to inline in a standalone HTML file.

    CSS ``url(images/...)`` references (Leaflet's layer-control icons) become ``data:`` URIs so
    the inlined stylesheet needs no other file.
    """
    by_name = {a.name: a for a in ASSETS}
    if name not in by_name:
        raise InputError(f"unknown map asset {name!r}; expected one of {sorted(by_name)!r}")
    asset = by_name[name]
    text = asset.path.read_text(encoding="utf-8")
    if asset.kind == "css":
        text = _CSS_URL.sub(lambda match: _data_uri(asset.path.parent / match.group(2)), text)
    return text


def _data_uri(path: Path) -> str:
    """``url(data:...)`` for an image file, or the original relative URL when it is missing."""
    if not path.exists():
        return f"url({path.parent.name}/{path.name})"
    mime = "image/svg+xml" if path.suffix == ".svg" else f"image/{path.suffix.lstrip('.')}"
    payload = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"url(data:{mime};base64,{payload})"
