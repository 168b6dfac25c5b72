"""The view's URL parameters (`seawatch.ui.urlstate`): read, written, and degraded with a
notice naming the parameter and the value when a link carries something unusable."""

from __future__ import annotations

import pytest

from seawatch.mapping import LAYER_KEYS, MAX_ZOOM, MIN_ZOOM
from seawatch.ui.urlstate import (
    PERIODS,
    PRESET_2324,
    PRESET_ALL,
    TABS,
    VIEW_PARAMS,
    MapView,
    ViewState,
    parse_view,
    split_params,
)

#: A view with every field set away from its default.
FULL = ViewState(
    tab="Zone dossier",
    period=PRESET_2324,
    names="PHL",
    incident="SCS-2012-04-10-1",
    map=MapView(15.15, 117.76, 9),
    layers=("status", "entitlement", "incidents"),
)


def test_a_full_view_round_trips() -> None:
    params = FULL.to_params()
    assert list(params) == list(VIEW_PARAMS)  # every parameter, in the documented order
    assert params["period"] == "2023-2024" and params["tab"] == "dossier"
    assert parse_view(params) == (FULL, [])


def test_defaults_are_left_out_of_the_url() -> None:
    default = ViewState(tab=TABS["map"], period=PRESET_ALL, names="en")
    assert default.to_params() == {}
    assert parse_view({}) == (ViewState(), [])


@pytest.mark.parametrize(("period", "label"), list(PERIODS.items()))
def test_every_preset_comes_back_as_itself(period: str, label: str) -> None:
    view, notices = parse_view({"period": period})
    assert (view.period, notices) == (label, [])


def test_all_layers_off_is_a_state_of_its_own() -> None:
    view, notices = parse_view({"layers": ""})
    assert (view.layers, notices) == ((), [])
    assert ViewState(layers=()).to_params() == {"layers": ""}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tab": "EXPORTS"}, ViewState(tab="Exports")),
        ({"names": "phl"}, ViewState(names="PHL")),
        ({"names": "Local"}, ViewState(names="local")),
        ({"map": " 15.15 , 477.76 , 9 "}, ViewState(map=MapView(15.15, 117.76, 9))),
        ({"map": f"0,100,{MIN_ZOOM}.0"}, ViewState(map=MapView(0.0, 100.0, MIN_ZOOM))),
        ({"layers": "Status,lines,status"}, ViewState(layers=("status", "lines"))),
        ({"incident": ["  A-1 ", "B-2"]}, ViewState(incident="A-1")),  # a repeated parameter
        ({"country": "PHL"}, ViewState()),  # a filter parameter is not the view's
    ],
)
def test_good_values_are_read(params: dict, expected: ViewState) -> None:
    assert parse_view(params) == (expected, [])


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"tab": "maps"}, ["tab='maps'", "map, table, dossier"]),
        ({"period": "2023"}, ["period='2023'", "2023-2024"]),
        ({"names": "XXX"}, ["names='XXX'", "en, local"]),
        ({"map": "15,117"}, ["map='15,117'", "latitude,longitude,zoom"]),
        ({"map": "north,117,9"}, ["map='north,117,9'"]),
        ({"map": "89,117,9"}, ["map='89,117,9'", "±85"]),
        ({"map": "nan,117,9"}, ["map='nan,117,9'"]),
        ({"map": f"15,117,{MAX_ZOOM + 1}"}, [f"map='15,117,{MAX_ZOOM + 1}'", "whole number"]),
        ({"map": "15,117,7.5"}, ["map='15,117,7.5'", "whole number"]),
        ({"layers": "status,bogus"}, ["'bogus'", "status"]),
        ({"incident": "x" * 300}, ["incident='xxx", "at most 200"]),
        ({"incident": "A\x00B"}, ["incident='A\\x00B'"]),
    ],
)
def test_bad_values_fall_back_with_a_notice_naming_parameter_and_value(
    params: dict, named: list[str]
) -> None:
    view, notices = parse_view(params)
    assert len(notices) == 1, notices
    for text in named:
        assert text in notices[0]
    key = next(iter(params))
    fallback = {"layers": ("status",)} if key == "layers" else {}
    assert view == ViewState(**fallback)


def test_only_unknown_layers_mean_the_default_layers() -> None:
    view, notices = parse_view({"layers": "bogus"})
    assert view.layers is None and "'bogus'" in notices[0]


def test_layer_keys_are_unique_and_url_safe() -> None:
    keys = list(LAYER_KEYS.values())
    assert len(set(keys)) == len(keys)
    assert all(k.isidentifier() and k == k.lower() for k in keys)


def test_split_params_keeps_unknown_ones_with_the_filter() -> None:
    rest, view = split_params({"q": "x", "tab": "map", "map": "1,2,5", "colour": "red"})
    assert rest == {"q": "x", "colour": "red"} and view == {"tab": "map", "map": "1,2,5"}
