"""The map's component arguments are built once per map and shared between sessions
(issue 18.11, `seawatch.ui.shared`).

Sessions are separate ``AppTest`` runs of dashboard.py in one process (they share the server's
caches, as browser sessions of one server do), each on the Map tab with a fresh store holding
the bundled seed. One test adds a hand-made incident (id ``SHARED-1``, in the region) through
the store, as an upload does.
"""

from __future__ import annotations

import json
from pathlib import Path

import folium
import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

from seawatch import mapping, store
from seawatch.io import read_table
from seawatch.ui import data, panels, shared
from seawatch.validation import validate

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 180
NEW_INCIDENT = (
    "id,date,latitude,longitude,type,countries,description,source\n"
    "SHARED-1,2024-05-01,12.1,113.1,other,VNM,Added between two visits,https://example.org/s1\n"
)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the folium base maps built (one per map whose arguments are computed)."""
    built: list[str] = []
    real = mapping.base_map

    def counting(*args, **kwargs):
        built.append(kwargs.get("names", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(mapping, "base_map", counting)
    return built


def _visit(selected: list[str] | None = None) -> AppTest:
    """A new session's first page on the Map tab (with `selected` incident ids remembered as
    its table selection)."""
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    at.session_state["view_tab"] = "Map"
    if selected:
        view = data.load("builtin").incidents
        at.session_state["incident_table_remembered"] = (panels.table_key(view), selected)
    at.run()
    assert not at.exception
    return at


def _map_args(at: AppTest) -> dict:
    (element,) = at.get("component_instance")
    return json.loads(element.proto.json_args)


def test_folium_args_are_what_st_folium_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    """`shared.folium_args` equals, key by key, the arguments of the real ``st_folium`` for
    the same map (two incidents, a selection ring, a layer control, a centre)."""
    import pandas as pd

    view = pd.DataFrame(
        {
            "incident_id": ["A-1", "A-2"],
            "date": pd.to_datetime(["2024-03-05", "2024-06-17"]),
            "latitude": [9.73, 15.15],
            "longitude": [115.87, 117.76],
            "incident_type": ["water_cannon", "other"],
            "countries": [["CHN", "PHL"], ["VNM"]],
            "description": ["<b>bold</b>", "Survey"],
            "source": ["https://example.org/1", "not a url"],
        }
    )

    def call(kind: str) -> dict:
        base = mapping.base_map(None, names="en", assets="cdn", simplify=False)
        layers = [mapping.incident_layer(view, assets="cdn"), mapping.highlight_layer(view[:1])]
        options = {
            "key": "m",
            "height": 300,
            "use_container_width": True,
            "returned_objects": ["last_clicked"],
            "feature_group_to_add": layers,
            "layer_control": folium.LayerControl(collapsed=True),
            "center": (9.73, 115.87),
        }
        if kind == "shared":
            return shared.folium_args(base, **options)
        sent: dict = {}
        monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
        streamlit_folium.st_folium(base, **options)
        sent.pop("on_change")
        return sent

    expected, got = call("st_folium"), call("shared")
    assert got.keys() == expected.keys()
    assert {k: v for k, v in got.items() if v != expected[k]} == {}
    assert "A-2" in got["feature_group"]


def test_sessions_share_the_map_and_an_upload_renews_it(env: Path, builds: list[str]) -> None:
    """Two first visits get byte-identical map arguments and the second builds no map; after
    an incident is added to the store, the next visit's map is built again and holds it."""
    first = _visit()
    built = len(builds)
    second = _visit()
    assert len(builds) == built  # served from the shared entry
    assert _map_args(second) == _map_args(first)
    assert "SHARED-1" not in _map_args(second)["feature_group"]

    path = env / "new.csv"
    path.write_text(NEW_INCIDENT, encoding="utf-8")
    table = read_table(path)
    accepted, report = validate(table, land=False)
    assert report.accepted == 1
    store.import_incidents(accepted, table.name, table.sha256)

    third = _visit()
    assert len(builds) == built + 1
    assert "SHARED-1" in _map_args(third)["feature_group"]


def test_a_selection_stays_in_its_session(env: Path, builds: list[str]) -> None:
    """A session whose table selection holds an incident gets its ring and centre; a session
    without a selection, visiting afterwards, gets the map without them."""
    plain = _visit()
    ident = str(data.load("builtin").incidents["incident_id"].iloc[0])
    chosen = _map_args(_visit(selected=[ident]))
    assert chosen["center"] is not None
    assert chosen["feature_group"] != _map_args(plain)["feature_group"]
    after = _map_args(_visit())
    assert after["center"] is None
    assert after == _map_args(plain)


def test_sessions_share_the_metrics_and_an_upload_renews_them(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The metrics row of a second first visit comes from the shared entry (the period
    comparison is not computed again) and shows the same values; after an incident is added,
    the next visit counts it."""
    from seawatch import summary

    computed: list[int] = []
    real = summary.period_change

    def counting(*args, **kwargs):
        computed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(summary, "period_change", counting)
    first = _visit()
    before = len(computed)
    second = _visit()
    assert len(computed) == before
    assert [m.value for m in second.metric] == [m.value for m in first.metric]

    path = env / "new.csv"
    path.write_text(NEW_INCIDENT, encoding="utf-8")
    table = read_table(path)
    accepted, _ = validate(table, land=False)
    store.import_incidents(accepted, table.name, table.sha256)
    third = _visit()
    assert len(computed) == before + 1
    assert _count(third) == _count(first) + 1


def _count(at: AppTest) -> int:
    metric = next(m for m in at.metric if m.label == "Incidents in view")
    return int(str(metric.value).replace(",", ""))


def test_another_server_process_reads_the_map_this_one_built(env: Path, builds: list[str]) -> None:
    """Replicas share their maps through files in the cache: a process whose memory lacks the
    entry (here: cleared) reads the file another built instead of building the map again; with
    the file gone too, it builds it."""
    first = _visit()
    built = len(builds)
    files = sorted(shared.maps_dir().glob("*.json"))
    assert files  # written for the other processes
    shared._shared.clear()  # a process that never built this map (another replica)
    second = _visit()
    assert len(builds) == built  # read from the file, not built
    assert _map_args(second) == _map_args(first)
    shared._shared.clear()
    for path in files:
        path.unlink()
    _visit()
    assert len(builds) == built + 1  # no file, no entry: built again
