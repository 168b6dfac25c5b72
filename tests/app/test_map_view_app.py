"""dashboard.py under AppTest: the incident permalink (``?incident=ID``) and the whole view in
the URL (tab, date preset, place names, map start, layers), with notices for unusable values.

Every test runs against a fresh store seeded from the bundled incidents; the incident used,
SCS-2012-04-10-1 (Scarborough Shoal, 2012), is in that seed. Expected texts come from the
store and the zone layer, not from copies.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch import mapping, schema
from seawatch.ui import filters, mapview

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 120
IDENT = "SCS-2012-04-10-1"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A fresh store file (the seed only)."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("SEAWATCH_STORE", str(path))
    return path


def _run(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _loaded():
    from seawatch.ui import data

    return data.load("builtin")


def _detail(at: AppTest) -> str:
    found = [m.value for m in at.markdown if "sw-detail" in m.value]
    assert len(found) <= 1
    return found[0] if found else ""


def _notices(at: AppTest) -> str:
    return re.sub(r"\\(.)", r"\1", " ".join(str(w.value) for w in at.warning))


def _map_args(at: AppTest) -> dict:
    (element,) = at.get("component_instance")
    return json.loads(element.proto.json_args)


def test_permalink_opens_the_incident_on_the_map_with_its_details(store) -> None:
    loaded = _loaded()
    row = loaded.incidents.set_index(schema.INCIDENT_ID).loc[IDENT]
    at = _run({"incident": IDENT})
    assert not at.exception and not at.warning
    detail = _detail(at)
    assert f"Incident {IDENT}" in detail
    assert mapping.esc(row[schema.DESCRIPTION]) in detail  # whole, escaped
    assert f'<a href="{mapping.esc(row[schema.SOURCE])}"' in detail
    # zones by name: every zone of the incident, none by its id
    names = mapping.zone_name_lookup(loaded.zones)
    zone_ids = mapping.codes(row[schema.JOIN_ZONE_IDS])
    assert zone_ids
    for zone_id in zone_ids:
        assert mapping.esc(names[zone_id]) in detail
        assert not re.search(rf"[>;:,] ?{re.escape(zone_id)}\b", detail), zone_id
    # the map opens centred on it, the incident ringed
    args = _map_args(at)
    assert args["center"] == [row[schema.LATITUDE], row[schema.LONGITUDE]]
    assert args["zoom"] == mapping.INCIDENT_ZOOM
    assert f'"id": "{IDENT}", "selected": true' in args["feature_group"]
    assert dict(at.query_params)["incident"] == IDENT


def test_popups_name_the_zones(store) -> None:
    at = _run({"incident": IDENT})
    scripts = _map_args(at)["feature_group"]
    assert "Scarborough Shoal 12-nm territorial sea" in scripts
    assert not re.search(r"<b>Zones:</b> [^<]*\bts-", scripts)


def test_closing_the_details_drops_the_incident_from_the_url(store) -> None:
    at = _run({"incident": IDENT})
    at.button(key="close_incident_detail").click().run()
    assert not at.exception
    assert _detail(at) == ""
    assert "incident" not in dict(at.query_params)


def test_unknown_incident_is_named_and_the_page_works(store) -> None:
    at = _run({"incident": "NO-SUCH-<b>1</b>", "country": "PHL"})
    assert not at.exception
    assert "incident='NO-SUCH-<b>1</b>' is not a known incident id" in _notices(at)
    assert _detail(at) == ""
    assert dict(at.query_params) == {"country": "PHL"}
    assert "What is here?" in [h.value for h in at.subheader]


def test_the_popup_link_opens_the_details_once(store) -> None:
    at = _run({})
    key = f"{mapview.MAP_KEY}_en"
    at.session_state[key] = {"last_clicked": None, mapping.DETAILS_KEY: {"id": IDENT, "nonce": 7}}
    at.run()
    assert not at.exception
    assert f"Incident {IDENT}" in _detail(at)
    assert dict(at.query_params)["incident"] == IDENT
    assert "zoom" not in _map_args(at) or _map_args(at)["zoom"] is None  # not re-centred
    at.button(key="close_incident_detail").click().run()
    assert _detail(at) == ""  # the same request (same nonce) does not open it again


def test_tab_preset_and_names_come_back_from_the_url(store) -> None:
    at = _run({"tab": "dossier", "period": "2023-2024", "names": "phl"})
    assert not at.exception and not at.warning
    assert at.session_state[filters.K_TAB] == "Zone dossier"
    assert at.radio(key=filters.K_PRESET).value == filters.PRESET_2324  # not "Custom range"
    assert at.selectbox(key=filters.K_NAMES).value == "PHL"
    params = dict(at.query_params)
    assert {k: params.get(k) for k in ("tab", "period", "names")} == {
        "tab": "dossier",
        "period": "2023-2024",
        "names": "PHL",
    }
    assert (params["since"], params["until"]) == ("2023-01-01", "2024-12-31")


def test_a_preset_wins_over_stale_dates_of_the_same_link(store) -> None:
    at = _run({"period": "2023-2024", "since": "2001-01-01", "until": "2002-01-01"})
    assert at.session_state[filters.K_PRESET] == filters.PRESET_2324
    assert dict(at.query_params)["since"] == "2023-01-01"


def test_map_start_and_layers_from_the_url(store) -> None:
    at = _run({"map": "15.15,117.76,9", "layers": "status,incidents"})
    assert not at.exception and not at.warning
    args = _map_args(at)
    assert args["zoom"] is None and args["center"] is None  # the base map starts there
    assert "[15.15, 117.76]" in args["script"] and '"zoom": 9' in args["script"]
    assert 'shown = ["status", "incidents"].slice()' in args["script"]
    params = dict(at.query_params)
    assert (params["map"], params["layers"]) == ("15.15,117.76,9", "status,incidents")


def test_bad_view_values_are_named_and_the_defaults_used(store) -> None:
    at = _run(
        {
            "tab": "maps",
            "period": "2023",
            "names": "XX",
            "map": "15,117",
            "layers": "bogus",
            "country": "PHL",
        }
    )
    assert not at.exception
    notices = _notices(at)
    for named in ("tab='maps'", "period='2023'", "names='XX'", "map='15,117'", "'bogus'"):
        assert named in notices
    assert at.session_state[filters.K_TAB] == "Map"
    assert filters.K_PRESET not in at.session_state  # the preset widget's default: all dates
    assert dict(at.query_params) == {"country": "PHL"}


def test_a_drawing_from_the_map_filters_and_goes_into_the_url(store) -> None:
    from seawatch.areas import DrawnArea
    from seawatch.filtering import IncidentFilter, apply_filter

    loaded = _loaded()
    at = _run({})
    key = f"{mapview.MAP_KEY}_en"
    drawing = {"kind": "circle", "center": [117.76, 15.15], "radius_nm": 30, "nonce": 1}
    # (the map reported being drawn before: the sidebar's controls are there)
    at.session_state[key] = {
        "last_clicked": None,
        mapping.AREA_KEY: drawing,
        mapping.DRAWN_KEY: True,
    }
    at.run()
    assert not at.exception
    area = DrawnArea.parse("circle:117.76,15.15,30")
    expected = len(apply_filter(loaded.incidents, IncidentFilter(area=area)))
    assert 0 < expected < len(loaded.incidents)
    metric = next(m for m in at.metric if m.label == "Incidents in view")
    assert int(str(metric.value).replace(",", "")) == expected
    assert dict(at.query_params)["area"] == "circle:117.76,15.15,30"
    assert '"dashArray": "6 4"' in _map_args(at)["feature_group"]  # the area is outlined
    # the sidebar names it with its geodesic measures and clears it
    shown = " ".join(re.sub(r"\\(.)", r"\1", m.value) for m in at.sidebar.markdown)
    assert "Drawn area:** circle of 30.0 nm radius around 15.150°N, 117.760°E" in shown
    at.button(key="clear_drawn_area").click().run()
    assert "area" not in dict(at.query_params)


def test_a_bad_drawing_is_named_and_ignored(store) -> None:
    at = _run({})
    key = f"{mapview.MAP_KEY}_en"
    drawing = {"kind": "polygon", "points": [[117, 15], [118, 15]], "nonce": 2}
    at.session_state[key] = {"last_clicked": None, mapping.AREA_KEY: drawing}
    at.run()
    assert not at.exception
    assert "The drawn area is not used: a polygon needs 3 to 200 distinct corners" in _notices(at)
    assert "area" not in dict(at.query_params)
