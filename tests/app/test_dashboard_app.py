"""dashboard.py under Streamlit's AppTest: runs cleanly, filters drive metrics and table, URL state.

Every test runs against a fresh incident store (``SEAWATCH_STORE`` in a temporary folder) seeded
from the bundled ``data/incidents.csv``. Expected counts come from the same public functions the
page uses (`seawatch.ui.data.load` for the joined incidents, `seawatch.filtering.apply_filter`),
never hard-coded numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from seawatch import schema
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.ui import filters, urlstate

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 120


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A fresh store file (the seed only) for the app and for the expectations."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("SEAWATCH_STORE", str(path))
    return path


def _run(params: dict[str, str] | None = None, tab: str = "Timeline & table") -> AppTest:
    """The page with `params` in its URL and `tab` open (the tabs are lazy: only the open one
    runs; the table is in "Timeline & table")."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.session_state["view_tab"] = tab
    return at.run()


def _incidents(store: Path) -> pd.DataFrame:
    """The incidents as the page sees them (joined to the built-in zones when available)."""
    from seawatch.ui import data

    return data.load("builtin").incidents


def _in_view(at: AppTest) -> int:
    metric = next(m for m in at.metric if m.label == "Incidents in view")
    return int(str(metric.value).replace(",", ""))


def _table_ids(at: AppTest) -> list[str]:
    return sorted(at.dataframe[0].value["id"].tolist())


def _expect(at: AppTest, incidents: pd.DataFrame, flt: IncidentFilter) -> None:
    view = apply_filter(incidents, flt)
    assert not at.exception
    assert _in_view(at) == len(view)
    assert _table_ids(at) == sorted(view[schema.INCIDENT_ID].tolist())
    # the URL: the filter's parameters, and the open tab (the view's other parameters are
    # tested in test_map_view_app.py)
    rest, view_params = urlstate.split_params(dict(at.query_params))
    assert rest == flt.to_query_params()
    tab = urlstate.ViewState(tab=at.session_state[filters.K_TAB]).to_params()
    assert {k: v for k, v in view_params.items() if k == "tab"} == tab


def test_runs_with_widgets_and_metrics(store) -> None:
    at = _run()
    assert not at.exception
    assert {m.label for m in at.metric} >= {
        "Incidents in view",
        "In disputed areas",
        "Most-involved pair",
        "Change vs previous period",
    }
    assert at.metric[0].label == "Incidents in view"
    for key in (filters.K_COUNTRIES, filters.K_TYPES, filters.K_PRECISIONS, filters.K_CLAIMANTS):
        assert at.multiselect(key=key) is not None
    assert at.text_input(key=filters.K_SEARCH) is not None
    assert at.checkbox(key=filters.K_DISPUTED) is not None
    assert at.radio(key=filters.K_PRESET).options == list(filters.PRESETS)
    _expect(at, _incidents(store), IncidentFilter())


def test_tabs_are_lazy_only_the_open_tab_runs(store) -> None:
    """The first page (Map tab) carries the map and no table or chart; opening the
    "Timeline & table" tab runs those two and not the map."""
    on_map = _run(tab="Map")
    assert not on_map.exception
    assert _in_view(on_map) == len(_incidents(store))
    assert len(on_map.dataframe) == 0
    assert "What is here?" in [h.value for h in on_map.subheader]
    on_table = _run(tab="Timeline & table")
    assert not on_table.exception
    assert len(on_table.dataframe) == 1
    assert "What is here?" not in [h.value for h in on_table.subheader]


def _map_args(at: AppTest) -> dict:
    """The arguments the page sent to the st_folium component (its JSON args)."""
    import json

    (element,) = at.get("component_instance")
    return json.loads(element.proto.json_args)


def _sidebar_widgets(at: AppTest) -> list[str]:
    return [w.key for w in (*at.sidebar.multiselect, *at.sidebar.radio, *at.sidebar.text_input)]


@pytest.mark.parametrize(
    ("params", "flt"),
    [
        ({}, IncidentFilter()),
        ({"country": "VNM", "q": "survey"}, IncidentFilter(countries=("VNM",), search="survey")),
        (
            {
                "since": "2020-01-01",
                "until": "2021-12-31",
                "type": "collision_ramming,water_cannon",
            },
            IncidentFilter(
                since=dt.date(2020, 1, 1),
                until=dt.date(2021, 12, 31),
                types=("collision_ramming", "water_cannon"),
            ),
        ),
    ],
)
def test_first_map_page_holds_back_the_controls_until_the_map_is_drawn(store, params, flt) -> None:
    """A visit's first page on the Map tab has no filter widgets (the sidebar says they are
    coming) but already shows the URL's view; when the map reports it was drawn (the value its
    component sends, as st_folium stores it), the widgets appear holding the same filter, the
    view and the URL stay the same, and they stay on later runs."""
    from seawatch import mapping
    from seawatch.ui import mapview

    expected = len(apply_filter(_incidents(store), flt))
    at = _run(params, tab="Map")
    assert not at.exception
    assert _sidebar_widgets(at) == []
    assert any("appear as soon as the map is drawn" in c.value for c in at.sidebar.caption)
    assert _in_view(at) == expected
    assert dict(at.query_params) == flt.to_query_params()
    first_map = _map_args(at)
    assert "streamlit:setComponentValue" in first_map["feature_group"]  # the drawn signal

    at.session_state[f"{mapview.MAP_KEY}_en"] = {"last_clicked": None, mapping.DRAWN_KEY: True}
    at.run()
    assert not at.exception
    assert at.multiselect(key=filters.K_COUNTRIES).value == list(flt.countries)
    assert at.multiselect(key=filters.K_TYPES).value == list(flt.types)
    assert (at.text_input(key=filters.K_SEARCH).value or "") == flt.search
    assert _in_view(at) == expected
    assert dict(at.query_params) == flt.to_query_params()
    later_map = _map_args(at)
    assert "streamlit:setComponentValue" not in later_map["feature_group"]  # sent once only
    assert later_map["key"] == first_map["key"]  # the same map: not re-created (view kept)

    at.session_state[f"{mapview.MAP_KEY}_en"] = {"last_clicked": None}  # e.g. after a click
    at.run()
    assert filters.K_COUNTRIES in _sidebar_widgets(at)


def test_a_map_click_before_the_signal_also_brings_the_controls(store) -> None:
    """A click sent before the drawn signal's rerun replaces the signal's value: the click
    proves the map is on screen just as well."""
    from seawatch.ui import mapview

    at = _run({"country": "VNM"}, tab="Map")
    assert _sidebar_widgets(at) == []
    at.session_state[f"{mapview.MAP_KEY}_en"] = {"last_clicked": {"lat": 10.0, "lng": 115.0}}
    at.run()
    assert not at.exception
    assert at.multiselect(key=filters.K_COUNTRIES).value == ["VNM"]


def _filters_script() -> None:
    """The filter held-back runs compute and the one the widgets then return, same state."""
    import streamlit as st

    from seawatch.ui import filters

    joined = st.session_state["case_joined"]
    pending = filters.current_filter(joined=joined)
    drawn = filters.render_filters(st.sidebar, joined=joined)
    st.session_state["case_result"] = (pending, drawn)


@pytest.mark.parametrize("joined", [True, False])
@pytest.mark.parametrize(
    "state",
    [
        {filters.K_PRESET: filters.PRESET_ALL},
        {filters.K_PRESET: filters.PRESET_12M, filters.K_COUNTRIES: ["PHL", "CHN"]},
        {filters.K_PRESET: filters.PRESET_2324, filters.K_DISPUTED: True},
        {
            filters.K_PRESET: filters.PRESET_CUSTOM,
            filters.K_RANGE: (dt.date(2021, 5, 1), dt.date(2020, 1, 31)),  # picked backwards
            filters.K_CLAIMANTS: ["VNM"],
            filters.K_TYPES: ["water_cannon"],
            filters.K_PRECISIONS: ["exact"],
            filters.K_SEARCH: "shoal",
        },
        {filters.K_PRESET: filters.PRESET_CUSTOM, filters.K_RANGE: (dt.date(2022, 3, 1),)},
        {filters.K_PRESET: filters.PRESET_CUSTOM},  # the picker's default range
    ],
)
def test_held_back_filter_equals_the_widgets_filter(state, joined) -> None:
    """`current_filter` (held-back controls) returns what `render_filters` returns for the same
    session state: presets, custom ranges (backwards, one date, default), and claimants /
    disputed only with the join."""
    at = AppTest.from_function(_filters_script, default_timeout=TIMEOUT)
    at.session_state[filters._INIT] = True  # a later run: the state is the widgets', not the URL's
    at.session_state["case_joined"] = joined
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    pending, drawn = at.session_state["case_result"]
    assert pending == drawn
    if not joined:
        assert pending.claimants == () and pending.disputed_only is False


def test_controls_are_drawn_at_once_when_the_first_page_is_not_the_map(store) -> None:
    at = _run({"country": "PHL"}, tab="Zone dossier")
    assert not at.exception
    assert at.multiselect(key=filters.K_COUNTRIES).value == ["PHL"]


@pytest.mark.parametrize("q", ["reef", "no incident has this text zq"])
def test_map_tab_follows_the_filter(store, q) -> None:
    """The Map tab (what the first page shows) with a text filter, one that matches nothing
    too: no exception, the count is the filter's, the map panel is drawn."""
    at = _run({"q": q}, tab="Map")
    assert not at.exception
    assert _in_view(at) == len(apply_filter(_incidents(store), IncidentFilter(search=q)))
    assert "What is here?" in [h.value for h in at.subheader]
    assert dict(at.query_params) == {"q": q}


def _most_common(values: pd.Series) -> str:
    return str(values.explode().value_counts().index[0])


@pytest.mark.parametrize("field", ["countries", "types", "precisions", "search", "claimants"])
def test_each_filter_changes_metrics_and_table(store, field) -> None:
    incidents = _incidents(store)
    at = _run()
    if field == "countries":
        value = _most_common(incidents[schema.COUNTRIES])
        at.multiselect(key=filters.K_COUNTRIES).set_value([value])
        flt = IncidentFilter(countries=(value,))
    elif field == "types":
        value = _most_common(incidents[schema.INCIDENT_TYPE])
        at.multiselect(key=filters.K_TYPES).set_value([value])
        flt = IncidentFilter(types=(value,))
    elif field == "precisions":
        value = _most_common(incidents[schema.LOCATION_PRECISION])
        at.multiselect(key=filters.K_PRECISIONS).set_value([value])
        flt = IncidentFilter(precisions=(value,))
    elif field == "search":
        value = str(incidents[schema.LOCATION_NAME].dropna().iloc[0]).split()[0]
        at.text_input(key=filters.K_SEARCH).set_value(value)
        flt = IncidentFilter(search=value)
    else:
        if schema.JOIN_CLAIMANTS not in incidents:
            pytest.fail("the page's incidents carry no zone attribution (join missing)")
        value = "VNM"
        at.multiselect(key=filters.K_CLAIMANTS).set_value([value])
        flt = IncidentFilter(claimants=(value,))
    at.run()
    _expect(at, incidents, flt)
    assert len(apply_filter(incidents, flt)) < len(incidents)  # the filter really narrows


def test_disputed_only_and_date_preset(store) -> None:
    incidents = _incidents(store)
    at = _run()
    at.checkbox(key=filters.K_DISPUTED).check()
    at.radio(key=filters.K_PRESET).set_value(filters.PRESET_2324)
    at.run()
    flt = IncidentFilter(disputed_only=True, since=dt.date(2023, 1, 1), until=dt.date(2024, 12, 31))
    _expect(at, incidents, flt)


def test_query_params_restore_state(store) -> None:
    incidents = _incidents(store)
    country = _most_common(incidents[schema.COUNTRIES])
    flt = IncidentFilter(
        countries=(country,), since=dt.date(2015, 1, 1), until=dt.date(2024, 6, 30)
    )
    at = _run(flt.to_query_params())
    assert at.multiselect(key=filters.K_COUNTRIES).value == [country]
    assert at.radio(key=filters.K_PRESET).value == filters.PRESET_CUSTOM
    assert not at.warning
    _expect(at, incidents, flt)


def test_bad_query_params_show_a_notice(store) -> None:
    incidents = _incidents(store)
    at = _run({"country": "PHL,XXX", "since": "last-year", "colour": "red"})
    assert not at.exception
    notices = _notices(at)
    assert "XXX" in notices and "last-year" in notices and "colour" in notices
    _expect(at, incidents, IncidentFilter(countries=("PHL",)))


def test_bad_asset_setting_is_a_clear_error(store, monkeypatch) -> None:
    monkeypatch.setenv("SEAWATCH_MAP_ASSETS", "bogus")
    at = _run()
    assert not at.exception
    assert any("SEAWATCH_MAP_ASSETS='bogus'" in e.value for e in at.error)


def _notices(at: AppTest) -> str:
    """The notices' text as shown (the markdown escapes of `plain` removed)."""
    return re.sub(r"\\(.)", r"\1", " ".join(str(w.value) for w in at.warning))


def test_url_dates_outside_the_picker_are_clamped_with_a_notice(store) -> None:
    incidents = _incidents(store)
    at = _run({"since": "1950-01-01", "until": "2150-01-01"})
    assert not at.exception
    notices = _notices(at)
    assert "1950" in notices and "2150" in notices
    assert at.date_input(key=filters.K_RANGE).value == (filters.DATE_MIN, filters.DATE_MAX)
    _expect(at, incidents, IncidentFilter(since=filters.DATE_MIN, until=filters.DATE_MAX))


def test_url_until_alone_starts_at_the_pickers_minimum(store) -> None:
    incidents = _incidents(store)
    until = dt.date(2012, 6, 30)
    at = _run({"until": until.isoformat()})
    assert "Link parameter" not in _notices(at)
    assert at.date_input(key=filters.K_RANGE).value == (filters.DATE_MIN, until)
    _expect(at, incidents, IncidentFilter(since=filters.DATE_MIN, until=until))


def test_url_claimant_outside_the_options_is_reported(store) -> None:
    incidents = _incidents(store)
    at = _run({"claimant": "USA,VNM"})
    assert "USA" in _notices(at)
    assert at.multiselect(key=filters.K_CLAIMANTS).value == ["VNM"]
    _expect(at, incidents, IncidentFilter(claimants=("VNM",)))


def test_url_notices_do_not_render_markdown(store) -> None:
    at = _run({"[Log in](https://evil.example)": "1", "q": "x", "type": "![](http://x.example/i)"})
    assert not at.exception
    bodies = [str(w.value) for w in at.warning]
    assert len(bodies) == 2
    joined = " ".join(bodies)
    assert "[Log in](" not in joined and "![](" not in joined
    assert "[Log in](https://evil.example)" in _notices(at)
    assert "![](http://x.example/i)" in _notices(at)


def _dossier_script() -> None:
    """The zone dossier of one hand-made disputed area whose texts are markdown links/images."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from seawatch import schema
    from seawatch.ui import dossier

    zones = gpd.GeoDataFrame(
        {
            schema.ZONE_ID: ["d-1"],
            schema.ZONE_KIND: ["disputed"],
            schema.ZONE_NAME: ["[Log in](https://evil.example)"],
            schema.ZONE_CLAIMANTS: ["PHL;VNM"],
            schema.ZONE_BASIS: ["![](http://x.example/i)"],
            schema.ZONE_SOURCE: ["**loud** <b>x</b>"],
        },
        geometry=[box(114, 6, 116, 18)],
        crs="EPSG:4326",
    )
    view = pd.DataFrame(columns=list(schema.INCIDENT_COLUMNS))
    dossier.render_dossier(view, zones)


def test_zone_dossier_shows_zone_texts_as_typed(store) -> None:
    at = AppTest.from_function(_dossier_script, default_timeout=TIMEOUT).run()
    at.selectbox(key="dossier_choice").set_value("zone:d-1").run()
    assert not at.exception
    shown = [str(m.value) for m in at.markdown] + [str(h.value) for h in at.subheader]
    joined = " ".join(shown)
    assert "[Log in](" not in joined and "![](" not in joined and "**loud**" not in joined
    plain_text = re.sub(r"\\(.)", r"\1", joined)
    for text in ("[Log in](https://evil.example)", "![](http://x.example/i)", "**loud** <b>x</b>"):
        assert text in plain_text


def _here_script() -> None:
    """ "What is here?" for three clicks against one hand-made zone (a PHL EEZ claim whose name
    is a markdown link) and no land: a click one world to the east, a southern one, a bad one."""
    import geopandas as gpd
    from shapely.geometry import box

    from seawatch import schema
    from seawatch.ui import mapview

    zones = gpd.GeoDataFrame(
        {
            schema.ZONE_ID: ["z-1"],
            schema.ZONE_KIND: ["eez_provisional"],
            schema.ZONE_NAME: ["[Zone](http://evil.example)"],
            schema.ZONE_CLAIMANTS: ["PHL"],
            schema.ZONE_BASIS: ["test"],
            schema.ZONE_SOURCE: ["test"],
        },
        geometry=[box(114, 5, 121, 19)],
        crs="EPSG:4326",
    )
    land = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
    for point in ((10.0, 115.0 + 360.0), (-5.5, 115.0 - 360.0), (95.0, 115.0)):
        mapview.render_what_is_here(point, zones, land=land)


def test_what_is_here_uses_the_given_zones_and_wraps_longitude(store) -> None:
    at = AppTest.from_function(_here_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    text = " ".join(str(m.value) for m in at.markdown)
    assert "[Zone](" not in text and "{" not in text  # escaped rows, not a dict repr
    shown = re.sub(r"\\(.)", r"\1", text)
    assert "10.0000°N, 115.0000°E" in shown and "5.5000°S, 115.0000°E" in shown
    assert "Claimed by:** Philippines (PHL)" in shown
    assert "- [Zone](http://evil.example) (eez_provisional; PHL)" in shown
    assert len(at.error) == 1 and "95" in at.error[0].value


def _selection_script() -> None:
    """A selection of row 1 made in the table of a four-incident view, then read back for that
    view and for a filtered view of two other incidents."""
    import pandas as pd
    import streamlit as st

    from seawatch import schema
    from seawatch.ui import panels

    view = pd.DataFrame(
        {
            schema.INCIDENT_ID: ["I-1", "I-2", "I-3", "I-4"],
            schema.DATE: pd.to_datetime(["2024-01-04", "2024-01-03", "2024-01-02", "2024-01-01"]),
        }
    )
    st.session_state[panels.table_key(view)] = {"selection": {"rows": [1], "columns": []}}
    st.text("same:" + ",".join(panels.selection_ids(view)))
    st.text("other:" + ",".join(panels.selection_ids(view.iloc[[2, 3]])))


def test_table_selection_resets_when_the_view_changes(store) -> None:
    at = AppTest.from_function(_selection_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [t.value for t in at.text] == ["same:I-2", "other:"]


def test_failed_loads_are_not_cached(store, monkeypatch) -> None:
    """A damaged land layer or a failing join is reported, and retried on the next run."""
    from seawatch.errors import ZoneError
    from seawatch.ui import data
    from seawatch.zones import loading

    def broken(*args: object, **kwargs: object) -> None:
        raise ZoneError("layer damaged (test)")

    real_land, real_join = loading.load_land, data.join
    version = "test-failed-loads-are-not-cached"  # a cache key no other test uses
    monkeypatch.setattr(loading, "load_land", broken)
    assert data.cached_land(version) is None
    monkeypatch.setattr(loading, "load_land", real_land)
    land = data.cached_land(version)
    assert land is not None and len(land) > 0

    data._join.clear()
    monkeypatch.setattr(data, "join", broken)
    failed = data.load("builtin")
    assert not failed.joined
    assert any("layer damaged (test)" in note for note in failed.notes)
    monkeypatch.setattr(data, "join", real_join)
    assert data.load("builtin").joined


def test_load_notes_do_not_render_markdown(store, monkeypatch) -> None:
    """A failure message (it may quote a file's content) is shown as typed."""
    from seawatch.errors import ZoneError
    from seawatch.ui import data

    def broken(*args: object, **kwargs: object) -> None:
        raise ZoneError("bad zone [Log in](https://evil.example)")

    data._join.clear()
    monkeypatch.setattr(data, "join", broken)
    at = _run()
    data._join.clear()
    assert not at.exception
    infos = " ".join(str(i.value) for i in at.info)
    assert "[Log in](" not in infos
    assert "bad zone [Log in](https://evil.example)" in re.sub(r"\\(.)", r"\1", infos)


def test_sea_area_filter_from_the_url_and_the_widget(store) -> None:
    """Issue 19: every incident has its IHO sea area; the sidebar filters by it, via the URL
    too. The curated set has robberies in the Singapore Strait (ReCAAP reports)."""
    incidents = _incidents(store)
    assert incidents["sea_area"].eq("Singapore Strait").any()
    flt = IncidentFilter(sea_areas=("Singapore Strait",))
    at = _run(flt.to_query_params())
    assert at.multiselect(key=filters.K_SEA_AREAS).value == ["Singapore Strait"]
    _expect(at, incidents, flt)
    assert 0 < _in_view(at) < len(incidents)


def test_the_page_says_what_the_search_matched(store) -> None:
    """``?q=water-cannoned`` finds the water-cannon incidents by their word forms and the page
    says so: the count, the text as typed and its stems."""
    at = _run({"q": "Water-Cannoned"}, tab="Exports")
    assert not at.exception
    n = len(apply_filter(_incidents(store), IncidentFilter(search="water cannon")))
    assert n > 0 and _in_view(at) == n
    captions = [c.value.replace("\\", "") for c in at.caption]  # shown markdown-escaped
    assert f'{n:,} incidents match "water-cannoned" (stemmed: water cannon)' in captions


def test_a_search_is_shown_as_typed_never_as_markup(store) -> None:
    """The search text is the analyst's (or a link's): the count line escapes it, so a
    markdown link in ``?q=`` stays text."""
    at = _run({"q": "[x](http://evil.example)"}, tab="Exports")
    assert not at.exception
    captions = [c.value for c in at.caption if "match" in c.value]
    assert captions and all("[x](http" not in c for c in captions)
    assert any("\\[x\\]\\(http\\://evil" in c for c in captions)


def test_a_bad_search_field_is_a_warning_not_a_traceback(store) -> None:
    """In the URL or typed in the box, ``type:laser`` (no such type) is named in a warning and
    the search is left out."""
    at = _run({"q": "type:laser"}, tab="Exports")
    assert not at.exception
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any("Ignored q='type:laser': search type:'laser' is not" in w for w in warnings)
    at.text_input(key=filters.K_SEARCH).set_value("country:Atlantis").run()
    assert not at.exception
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any("Search ignored: search country:'Atlantis' is not" in w for w in warnings)
    assert _in_view(at) == len(_incidents(store))
