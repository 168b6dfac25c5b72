"""Work shared between sessions: the map component's arguments and the metrics, built once
per view.

Every session's run used to build the folium map, render it to Leaflet script and hand it to
``st_folium``: the same ~0.1 s of CPU holding the GIL for every analyst who opens the same view
(the default view above all). `map_call` computes exactly the arguments ``st_folium`` sends to
its component (`folium_args`, byte-identical) and keeps them server-wide in ``st.cache_resource``
under a key the caller derives from everything the map depends on (data versions, the view's
incidents, display options, the session's own selection); `show_map` sends them. What belongs to
one session (its widget value, its selection) is never part of a shared entry: the selection is
part of the key, so two sessions share an entry only when their maps are identical.

Several server processes (replicas behind a proxy, docs/deploy.md) also share what they built:
each entry is written as a JSON file in the cache directory (`seawatch.datasets.cache_dir`,
``maps/``), and a process that lacks an entry reads the file before building it. A view one
replica built is then a file read (~ms) for the others instead of a build (~0.1 s); the newest
`MAX_MAP_FILES` are kept. The files hold the map's script: the cache directory must be as private
as the store (it is the seawatch user's own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import branca
import folium
import folium.elements
import pandas as pd
import streamlit as st

from seawatch import cachefiles, datasets, schema, summary
from seawatch.filtering import IncidentFilter

#: Distinct maps kept (each holds the view's incident script: up to a few MB at `MAX_POINTS`).
MAX_SHARED_MAPS = 16
#: Map files kept in the cache directory for the other server processes (the newest).
MAX_MAP_FILES = 64


def view_digest(view: pd.DataFrame) -> str:
    """A digest of the incidents in `view` (their ids, in order), for cache keys.

    Examples
    --------
    >>> a = pd.DataFrame({"incident_id": ["A-1", "A-2"]})
    >>> view_digest(a) == view_digest(a.copy()), view_digest(a) == view_digest(a.iloc[::-1])
    (True, False)
    """
    digest = hashlib.sha256(str(len(view)).encode())
    if schema.INCIDENT_ID in view:
        ids = view[schema.INCIDENT_ID].astype(str)
        digest.update(pd.util.hash_pandas_object(ids, index=False).to_numpy().tobytes())
    return digest.hexdigest()[:24]


def map_key(*parts: object) -> str:
    """One cache key from the parts a map depends on (their ``repr``, in order)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def folium_args(
    fig: folium.Map,
    *,
    key: str,
    height: int,
    width: int | None = 500,
    returned_objects: Iterable[str] | None = None,
    zoom: int | None = None,
    center: tuple[float, float] | None = None,
    feature_group_to_add: Sequence[folium.FeatureGroup] | None = None,
    use_container_width: bool = False,
    layer_control: folium.LayerControl | None = None,
) -> dict[str, Any]:
    """The keyword arguments ``streamlit_folium.st_folium`` passes to its component for these
    arguments, without its ``on_change`` (a per-session callback, see `show_map`).

    Follows ``st_folium`` step by step (streamlit-folium 0.27; `tests/app` checks equality with
    the real call). `fig` is rendered and changed (the feature groups are added to it): build a
    new map for each call.
    """
    import streamlit_folium as sf  # declares its component: only once the server runs

    if use_container_width:
        width = None
    fig.get_root().render()
    fig.render()
    html = sf._get_html(fig)
    header = sf._get_header(fig)
    leaflet = sf._get_map_string(fig)
    m_id = sf.get_full_id(fig)
    try:
        bounds = fig.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    (south, west), (north, east) = bounds
    every = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": south, "lng": west},
            "_northEast": {"lat": north, "lng": east},
        },
        "zoom": fig.options.get("zoom") if hasattr(fig, "options") else {},
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    wanted = None if returned_objects is None else list(returned_objects)
    defaults = {k: v for k, v in every.items() if wanted is None or k in wanted}
    groups = None
    if feature_group_to_add is not None:
        groups = "".join(
            sf._get_feature_group_string(group, map=fig, idx=idx)
            for idx, group in enumerate(feature_group_to_add)
        )
    control = None if layer_control is None else sf._get_layer_control_string(layer_control, fig)
    css_links: list[str] = []
    js_links: list[str] = []
    for elem in _walk(fig):
        if isinstance(elem, branca.colormap.ColorMap):
            js_links.insert(0, "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js")
            js_links.insert(0, "https://d3js.org/d3.v4.min.js")
        css_links.extend(href for _, href in getattr(elem, "default_css", []))
        js_links.extend(src for _, src in getattr(elem, "default_js", []))
    return {
        "script": leaflet,
        "header": header,
        "html": html,
        "id": m_id,
        "key": sf.generate_js_hash(leaflet, key, False),
        "height": height,
        "width": width,
        "returned_objects": wanted,
        "default": defaults,
        "zoom": zoom,
        "center": center,
        "feature_group": groups,
        "return_on_hover": False,
        "layer_control": control,
        "pixelated": False,
        "css_links": list(dict.fromkeys(css_links)),
        "js_links": list(dict.fromkeys(js_links)),
        "wrap_longitude": False,
    }


def _walk(fig: Any) -> Iterable[Any]:
    """The map's elements that may bring a stylesheet or script (as ``st_folium`` walks them)."""
    if isinstance(fig, branca.colormap.ColorMap):
        yield fig
    if isinstance(fig, folium.elements.JSCSSMixin):
        yield fig
    for child in getattr(fig, "_children", {}).values():
        yield from _walk(child)


@st.cache_resource(show_spinner=False, max_entries=MAX_SHARED_MAPS)
def _shared(key: str, _build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    return from_file_or_built(maps_dir(), key, _build)


def maps_dir() -> Path:
    """Where the server processes share their map arguments (``maps/`` in the cache)."""
    return datasets.cache_dir() / "maps"


def from_file_or_built(
    folder: Path, key: str, build: Callable[[], dict[str, Any]], keep: int = MAX_MAP_FILES
) -> dict[str, Any]:
    """The arguments under `key` read from ``folder/KEY.json``, or built by `build` and written
    there (`seawatch.cachefiles`: atomically, the newest `keep` files kept).

    A file that cannot be read or decoded is built again; a folder that cannot be written to
    (read-only, full) only loses the sharing: the built arguments are returned all the same.
    """
    if not (len(key) == 64 and all(c in "0123456789abcdef" for c in key)):
        raise ValueError(f"key: {key!r} is not a map key (see map_key)")
    path = folder / f"{key}.json"
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            return loaded
    except (OSError, ValueError):
        pass  # not built yet by any process, or unreadable: build it
    args = build()
    try:
        data = json.dumps(args).encode("utf-8")
    except (TypeError, ValueError):  # arguments JSON cannot hold: st_folium could not send them
        return args
    # a folder that cannot be written to (read-only, full) only loses the sharing
    cachefiles.write(folder, "", key, ".json", lambda fh: fh.write(data), keep)
    return args


def map_call(key: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The component arguments under `key`, built by `build` (`folium_args`) when new.

    `key` must change whenever anything the map shows changes (see `map_key`); sessions asking
    for the same key while it is being built wait for the one build. The result is shared:
    read it, never change it.
    """
    return _shared(key, build)


def show_map(args: dict[str, Any], key: str) -> Any:
    """Send `args` (from `map_call`) to the st_folium component; return its value.

    As ``st_folium`` does, the component's value is also copied to ``st.session_state[key]``
    before the rerun it triggers (the session's own state; nothing of it is shared).
    """
    import streamlit_folium

    hash_key = args["key"]

    def _on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return streamlit_folium._component_func(**args, on_change=_on_change)


@dataclass(frozen=True)
class Metrics:
    """The values of the metrics row for one view (see `seawatch.ui.panels.render_metrics`)."""

    in_view: int
    disputed_share: float | None
    status_breakdown: dict[str, int] | None
    top_pair: tuple[tuple[str, str], int] | None
    change: summary.PeriodChange | None


def compute_metrics(
    view: pd.DataFrame, change: Callable[[], summary.PeriodChange | None]
) -> Metrics:
    """The metrics of `view`; `change` computes its comparison with the previous period."""
    return Metrics(
        len(view),
        summary.disputed_share(view),
        summary.status_breakdown(view),
        summary.top_country_pair(view),
        change(),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _metrics(
    key: str, _view: pd.DataFrame, _change: Callable[[], summary.PeriodChange | None]
) -> Metrics:
    return compute_metrics(_view, _change)


def metrics(
    view: pd.DataFrame,
    flt: IncidentFilter,
    data_key: str | None,
    change: Callable[[], summary.PeriodChange | None],
) -> Metrics:
    """`compute_metrics`, shared between sessions under `data_key` (the data version of
    the incidents), the view's incidents, the filter and today's date (the default period ends
    today); computed each time without `data_key`. `change` runs only when computed."""
    if data_key is None:
        return compute_metrics(view, change)
    key = map_key(data_key, view_digest(view), repr(flt), dt.date.today().isoformat())
    return _metrics(key, view, change)
