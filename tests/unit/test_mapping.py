"""The map builder, tested on the rendered HTML (`folium.Map.get_root().render()`) and its data.

Fixtures are small and hand-made: three incidents (one with a hostile description and a
``javascript:`` source), and a zone layer of two state entitlements and the status of their
overlap (disputed).
"""

from __future__ import annotations

import json
import re
import subprocess

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from seawatch import schema
from seawatch.errors import InputError
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.mapping import (
    DRAWN_KEY,
    MAX_POINTS,
    PROBE_TITLE,
    aggregate_cells,
    base_map,
    build_map,
    drawn_signal_layer,
    feature_label,
    incident_detail_html,
    incident_features,
    incident_layer,
    incident_popup_html,
    safe_link,
    zone_name_lookup,
)
from seawatch.presentation import TYPE_COLORS
from seawatch.zones.features import FEATURES

HOSTILE = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"


@pytest.fixture
def incidents() -> pd.DataFrame:
    """Three incidents: a water-cannon one at Second Thomas Shoal with a hostile description and
    an https source; a ramming one off Scarborough whose source is a ``javascript:`` URL; an
    undisputed fishing one off Vietnam. Zone attribution columns as the join writes them."""
    return pd.DataFrame(
        {
            schema.INCIDENT_ID: ["A-1", "A-2", "A-3"],
            schema.DATE: pd.to_datetime(["2024-03-05", "2023-08-05", "2022-01-10"]),
            schema.LATITUDE: [9.73, 15.15, 10.0],
            schema.LONGITUDE: [115.87, 117.76, 108.5],
            schema.INCIDENT_TYPE: ["water_cannon", "collision_ramming", "fishing_enforcement"],
            schema.COUNTRIES: [["CHN", "PHL"], ["CHN", "PHL"], ["VNM"]],
            schema.DESCRIPTION: [HOSTILE, "Rammed near the shoal.", "Boat detained."],
            schema.SOURCE: [
                "https://example.org/report?id=1&x=2",
                "javascript:alert(document.cookie)",
                "https://example.org/vn",
            ],
            schema.LOCATION_NAME: ["Second Thomas Shoal", "Scarborough Shoal", "off Phu Quy"],
            schema.LOCATION_PRECISION: ["feature", "approximate", "exact"],
            schema.JOIN_CLAIMANTS: [["CHN", "PHL", "VNM"], ["CHN", "PHL"], ["VNM"]],
            schema.JOIN_DISPUTED: [True, True, False],
            schema.JOIN_ZONE_IDS: [["d-1", "eez-PHL"], ["eez-PHL"], ["eez-VNM"]],
        }
    )


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    """Two entitlements (PHL east, VNM west) and the status zone (disputed) where they
    overlap."""
    return gpd.GeoDataFrame(
        {
            schema.ZONE_ID: ["eez-PHL", "eez-VNM", "d-1"],
            schema.ZONE_KIND: ["entitlement", "entitlement", "status"],
            schema.ZONE_NAME: ["Philippines 200 nm", "Vietnam 200 nm <b>bold</b>", "Overlap"],
            schema.ZONE_CLAIMANTS: ["PHL", "VNM", "PHL;VNM"],
            schema.ZONE_FAMILIES: ["PHL", "VNM", "PHL;VNM"],
            schema.ZONE_STATUS: ["", "", "disputed"],
            schema.ZONE_BASIS: ["UNCLOS art. 57", "UNCLOS art. 57", "overlap"],
            schema.ZONE_SOURCE: ["Natural Earth", "Natural Earth", "computed"],
            schema.ZONE_METHOD: ["buffer", "buffer", "overlay"],
            schema.ZONE_APPROXIMATE: [True, True, True],
            schema.ZONE_VERSION: ["1", "1", "1"],
        },
        geometry=[box(114, 5, 121, 19), box(105, 6, 116, 18), box(114, 6, 116, 18)],
        crs=schema.CRS,
    )


def _geojson_payloads(html: str) -> list[dict]:
    """Every GeoJSON FeatureCollection embedded in the rendered map."""
    out = []
    for match in re.finditer(r"_add\((\{\"features\".*?\})\);\n", html):
        out.append(json.loads(match.group(1)))
    return out


def _features(html: str) -> list[dict]:
    return [f for fc in _geojson_payloads(html) for f in fc["features"]]


def test_layers_legend_scale_and_attribution_present(incidents, zones) -> None:
    html = build_map(incidents, zones).get_root().render()
    for layer in ("200-nm entitlements", "Legal status of the waters", "Incidents (3)"):
        assert layer in html
    assert "L.control.layers" in html
    assert "sw-legend" in html and "Water cannon" in html
    assert "1852.0" in html and "' nm'" in html  # the nautical-mile scale
    assert "attributionControl.addAttribution" in html and "Natural Earth" in html


def test_descriptions_and_zone_names_are_escaped(incidents, zones) -> None:
    html = build_map(incidents, zones).get_root().render()
    assert "<script>alert" not in html
    assert "\\u003cscript\\u003ealert" not in html  # not even JSON-encoded raw HTML
    popups = [f["properties"].get("_popup", "") for f in _features(html)]
    assert any(
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;img" in p for p in popups
    )
    tips = [f["properties"].get("_tip", "") for f in _features(html)]
    assert any("Vietnam 200 nm &lt;b&gt;bold&lt;/b&gt;" in t for t in tips)


def test_only_http_sources_become_links(incidents) -> None:
    popups = {
        f["properties"]["id"]: f["properties"]["_popup"] for f in incident_features(incidents)
    }
    assert '<a href="https://example.org/report?id=1&amp;x=2"' in popups["A-1"]
    assert "<a " not in popups["A-2"].split("<b>Source:</b>")[1].split("<br>")[0]
    assert "javascript:alert(document.cookie)" in popups["A-2"]


@pytest.mark.parametrize(
    ("url", "is_link"),
    [
        ("https://example.org", True),
        ("http://example.org/a b", False),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>", False),
        ("ftp://example.org", False),
        ("", False),
    ],
)
def test_safe_link(url: str, is_link: bool) -> None:
    assert safe_link(url).startswith("<a ") is is_link
    assert "<b>" not in safe_link(url)


def test_popup_shows_date_type_countries_location_precision_and_zones(incidents) -> None:
    popup = incident_popup_html(incidents.iloc[1].to_dict())
    for text in (
        "2023-08-05",
        "Collision ramming",
        "China (CHN), Philippines (PHL)",
        "Scarborough Shoal",
        "precision: approximate",
        "<b>Disputed:</b> yes",
        "eez-PHL",
    ):
        assert text in popup


def test_popup_without_join_columns_says_so(incidents) -> None:
    joined = [c for c in schema.JOIN_COLUMNS if c in incidents.columns]
    row = incidents.drop(columns=joined).iloc[0].to_dict()
    assert "not attributed" in incident_popup_html(row)


def test_incidents_coloured_by_type(incidents) -> None:
    colors = {
        f["properties"]["id"]: f["properties"]["style"]["fillColor"]
        for f in incident_features(incidents)
    }
    assert colors["A-1"] == TYPE_COLORS["water_cannon"]
    assert colors["A-3"] == TYPE_COLORS["fishing_enforcement"]


def test_filter_is_applied(incidents, zones) -> None:
    flt = IncidentFilter(countries=("VNM",))
    html = build_map(incidents, zones, filter=flt).get_root().render()
    ids = {f["properties"].get("id") for f in _features(html)} - {None}
    assert ids == set(apply_filter(incidents, flt)[schema.INCIDENT_ID])


def test_no_external_asset_by_default(incidents, zones, monkeypatch) -> None:
    monkeypatch.delenv("SEAWATCH_MAP_ASSETS", raising=False)
    many = pd.concat([incidents] * 20, ignore_index=True)  # clustered
    html = build_map(many, zones).get_root().render()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/app/static/") for s in sources)
    assert "leaflet.markercluster.js" in " ".join(sources)


def test_cdn_assets_when_asked(incidents, zones) -> None:
    html = build_map(incidents, zones, assets="cdn").get_root().render()
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html


def test_online_tiles_offered_but_not_shown(zones) -> None:
    html = base_map(zones).get_root().render()
    assert "tile.openstreetmap.org" in html
    tile_var = re.search(
        r"var (tile_layer_\w+) = L\.tileLayer\(\s*\"https://tile\.openstreetmap", html
    )
    assert tile_var is not None
    assert f"{tile_var.group(1)}.addTo(" not in html


def test_place_name_toggle_uses_feature_names(zones) -> None:
    stsh = next(f for f in FEATURES if f.key == "second_thomas_shoal")
    html_en = base_map(zones, names="en").get_root().render()
    html_ph = base_map(zones, names="PHL").get_root().render()
    assert stsh.name in html_en
    assert stsh.names["PHL"] in html_ph
    assert feature_label(stsh, "PHL") == stsh.names["PHL"]


def test_bad_names_mode_is_refused(zones) -> None:
    with pytest.raises(InputError, match=r"names='klingon' is not a place-name choice"):
        base_map(zones, names="klingon")


def test_many_incidents_are_aggregated_and_small() -> None:
    n = MAX_POINTS * 3
    rng = pd.Series(range(n))
    frame = pd.DataFrame(
        {
            schema.INCIDENT_ID: rng.map(lambda i: f"S-{i}"),
            schema.DATE: pd.Timestamp("2024-01-01") + pd.to_timedelta(rng % 300, unit="D"),
            schema.LATITUDE: 5 + (rng % 97) * 0.2,
            schema.LONGITUDE: 105 + (rng % 89) * 0.2,
            schema.INCIDENT_TYPE: "other",
            schema.COUNTRIES: [["CHN"]] * n,
            schema.DESCRIPTION: "x" * 200,
            schema.SOURCE: "https://example.org",
        }
    )
    aggregated = base_map(None)
    incident_layer(frame).add_to(aggregated)
    html = aggregated.get_root().render()
    assert "sw-aggregate" in html and "sw-incident" not in html
    cells = aggregate_cells(frame)
    assert int(cells["count"].sum()) == n
    assert len(
        [f for f in _features(html) if "incidents" in f["properties"].get("_tip", "")]
    ) == len(cells)
    single = base_map(None)
    incident_layer(frame, max_points=n).add_to(single)
    assert len(html) < len(single.get_root().render()) / 4


def test_aggregate_cells_rejects_bad_cell() -> None:
    with pytest.raises(InputError, match="cell_deg=0"):
        aggregate_cells(pd.DataFrame(), 0)


def _scripts(html: str) -> list[str]:
    """The inline ``<script>`` bodies of a rendered page."""
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


def test_selected_incident_popup_keeps_data_out_of_javascript(incidents, tmp_path) -> None:
    """A description with ``${...}`` or a backslash must neither run nor break the map's
    script when its incident is ringed (the popup used to sit in a JS template string)."""
    hostile = incidents.copy()
    hostile[schema.DESCRIPTION] = ["${globalThis.PWNED=1} ${alert(1)}", "C:\\users\\x", "`tick`"]
    html = build_map(hostile, None, highlight=["A-1", "A-2", "A-3"]).get_root().render()
    scripts = _scripts(html)
    assert scripts
    assert not any("${alert" in s or "${globalThis" in s for s in scripts)
    assert not any("C:\\users" in s or "C:\\\\users" in s for s in scripts)
    rings = [f for f in _features(html) if f["properties"].get("selected")]
    assert sorted(f["properties"]["id"] for f in rings) == ["A-1", "A-2", "A-3"]
    assert all("data-incident=" in f["properties"]["_popup"] for f in rings)
    script = tmp_path / "map.js"
    script.write_text("\n;\n".join(scripts), encoding="utf-8")
    check = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_feature_markers_have_no_inline_popups() -> None:
    """Named features are bound from escaped GeoJSON properties like the incidents."""
    html = base_map(None).get_root().render()
    assert ".bindPopup(" not in html.replace("layer.bindPopup(p._popup", "")
    labels = [f for f in _features(html) if f["properties"].get("feature")]
    assert len(labels) == len(FEATURES)


def test_popup_position_hemispheres_follow_the_sign(incidents) -> None:
    row = incidents.iloc[0].to_dict() | {schema.LATITUDE: -5.5, schema.LONGITUDE: -0.25}
    assert "5.500°S, 0.250°W" in incident_popup_html(row)


def test_missing_values_show_as_empty_not_na(incidents, zones) -> None:
    """pd.NA / None / NaN cells (nullable dtypes) are missing values, never the text '<NA>'."""
    row = incidents.iloc[0].to_dict() | {
        schema.DESCRIPTION: pd.NA,
        schema.LOCATION_NAME: None,
        schema.LOCATION_PRECISION: float("nan"),
        schema.SOURCE: pd.NA,
        schema.END_DATE: pd.NA,
        schema.INCIDENT_TYPE: pd.NA,
    }
    popup = incident_popup_html(row)
    assert "NA&gt;" not in popup and "nan" not in popup and "None" not in popup
    assert "2024-03-05" in popup
    blank = zones.astype({schema.ZONE_NAME: "string", schema.ZONE_BASIS: "string"})
    blank.loc[0, [schema.ZONE_NAME, schema.ZONE_BASIS]] = pd.NA
    html = base_map(blank, simplify=False).get_root().render()
    assert "&lt;NA&gt;" not in html and "<NA>" not in html


#: Runs the drawn-signal script twice in Node with a stand-in browser (requestAnimationFrame as
#: a timer) in one of three scenarios: one zone-layer load pending for 300 ms, then released
#: ("pending"); a load that never ends, with waits of 1 s or more shortened to 20 ms ("hanging");
#: a map already clicked ("clicked"). Prints, as JSON, how many messages were posted in the first
#: 300 ms and all messages at the end.
_SIGNAL_HARNESS = """
const scenario = process.argv[3];
const posted = [];
let finishLoad = () => {};
const realSetTimeout = setTimeout;
const shorten = scenario === "hanging";
globalThis.setTimeout = (f, ms) => realSetTimeout(f, shorten && ms >= 1000 ? 20 : ms);
globalThis.requestAnimationFrame = (f) => realSetTimeout(f, 0);
globalThis.window = {
  parent: {postMessage: (message, origin) => posted.push({message, origin})},
  seawatchLayerLoads: [new Promise((resolve) => {
    if (scenario === "pending") { finishLoad = resolve; }
    if (scenario === "clicked") { resolve(); }
  })],
};
if (scenario === "clicked") { window.__GLOBAL_DATA__ = {lat_lng_clicked: {lat: 10, lng: 115}}; }
const script = require("fs").readFileSync(process.argv[2], "utf8");
eval(script);
eval(script);  // a second render of the same map
realSetTimeout(() => {
  const before = posted.length;  // 300 ms with the load still pending (the real wait is longer)
  finishLoad();
  const until = Date.now() + (scenario === "clicked" ? 300 : 5000);
  (function poll() {
    if (posted.length || Date.now() > until) {
      realSetTimeout(() => {
        console.log(JSON.stringify({before, after: posted}));
        process.exit(0);  // the signal's own long wait would keep Node running
      }, 50);
    } else { realSetTimeout(poll, 10); }
  })();
}, 300);
"""

_POSTED = {
    "message": {
        "isStreamlitMessage": True,
        "type": "streamlit:setComponentValue",
        "dataType": "json",
        "value": {"last_clicked": None, DRAWN_KEY: True},
    },
    "origin": "*",
}


def _run_signal(tmp_path, scenario: str) -> dict:
    layer = drawn_signal_layer()
    assert layer.control is False  # not listed in the layer control
    (script,) = layer._children.values()
    js = script._template.module.script(script)  # what st_folium sends for the layer
    (tmp_path / "signal.js").write_text(js, encoding="utf-8")
    (tmp_path / "harness.js").write_text(_SIGNAL_HARNESS, encoding="utf-8")
    run = subprocess.run(
        ["node", str(tmp_path / "harness.js"), str(tmp_path / "signal.js"), scenario],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(run.stdout)


def test_drawn_signal_waits_for_the_layers_and_posts_once(tmp_path) -> None:
    """Streamlit's component-value message, once, after the fetched layers have loaded, with
    ``last_clicked`` empty and the drawn flag set."""
    assert _run_signal(tmp_path, "pending") == {"before": 0, "after": [_POSTED]}


def test_drawn_signal_does_not_wait_forever_for_a_stalled_layer(tmp_path) -> None:
    assert _run_signal(tmp_path, "hanging") == {"before": 1, "after": [_POSTED]}


def test_drawn_signal_is_not_sent_after_a_click(tmp_path) -> None:
    """The click already reran the page; the signal's empty ``last_clicked`` would clear it."""
    assert _run_signal(tmp_path, "clicked")["after"] == []


def test_fetched_layers_register_their_loads(zones) -> None:
    """Every layer the browser fetches is in ``window.seawatchLayerLoads`` (what the drawn
    signal waits for)."""
    urls = {"Land": "/app/static/l/0.json", "200-nm entitlements": "/app/static/l/1.json"}
    html = base_map(zones, layer_urls=urls).get_root().render()
    for url in urls.values():
        assert f'window.seawatchLayerLoads.push(fetch("{url}")' in html


def test_layers_render_exactly_as_folium_geojson_does(incidents, zones, monkeypatch) -> None:
    """The layers' script goes into the page unparsed (no Jinja pass over the GeoJSON), yet the
    page and what st_folium sends are the same as with folium's GeoJson (element ids aside)."""
    import folium
    import streamlit_folium as sf  # noqa: TID251 - what the component sends, with its own code

    from seawatch import mapping

    def pages() -> tuple[str, str]:
        full = build_map(incidents, zones, highlight=["A-1"]).get_root().render()
        base = base_map(zones)
        base.get_root().render()
        sent = sf.generate_leaflet_string(base)
        for i, layer in enumerate((incident_layer(incidents), mapping.highlight_layer(incidents))):
            sent += sf._get_feature_group_string(layer, map=base, idx=i)
        return tuple(re.sub(r"[0-9a-f]{32}", "ID", text) for text in (full, sent))  # type: ignore[return-value]

    ours = pages()
    monkeypatch.setattr(mapping, "_Layer", folium.GeoJson)
    assert ours == pages()
    assert "A-1" in ours[1]


def test_template_syntax_in_data_stays_literal(incidents) -> None:
    """Text that looks like a Jinja template (an id, which is JSON data, not HTML) reaches the
    page and the component as typed: the layers' scripts are never parsed as templates."""
    import streamlit_folium as sf  # noqa: TID251 - what the component sends, with its own code

    odd = incidents.copy()
    odd[schema.INCIDENT_ID] = ["X{{ 7*7 }}Y", "Z{% if 1 %}W{% endif %}", "A-3"]
    html = build_map(odd, None).get_root().render()
    base = base_map(None)
    base.get_root().render()
    sent = sf._get_feature_group_string(incident_layer(odd), map=base, idx=0)
    for text in (html, sent):
        assert '"X{{ 7*7 }}Y"' in text and "X49Y" not in text
        assert '"Z{% if 1 %}W{% endif %}"' in text


def test_popup_cuts_a_long_description_and_points_to_the_table(incidents) -> None:
    """Issue 18.5: every popup is in the page; a 10 MB description must not be."""
    from seawatch.mapping import POPUP_TEXT_CHARS

    row = incidents.iloc[0].to_dict()
    row[schema.DESCRIPTION] = "Shots fired. " * 100_000
    popup = incident_popup_html(row)
    assert len(popup) < POPUP_TEXT_CHARS + 1000
    assert "Shots fired. Shots fired." in popup
    assert "(more: select the incident in the table)" in popup


def test_base_map_carries_the_what_is_here_probe(zones) -> None:
    """The probe: a named toggle button and a capture-phase click handler that fires a map
    click (so markers and clusters answer too), with Alt+click as the shortcut."""
    html = base_map(zones, simplify=False).get_root().render()
    assert json.dumps(PROBE_TITLE) in html
    assert "addEventListener('click'" in html and "}, true);" in html
    assert "e.altKey" in html
    assert re.search(r"\.fire\('click', \{latlng: latlng", html)


def test_popups_and_details_name_the_zones_and_link_every_source(incidents, zones) -> None:
    """With the zone layer's names, the popups list zones by name ("Overlap", escaped names),
    never by id; the detail panel shows every source of a multi-source cell as a link."""
    names = zone_name_lookup(zones)
    popup = incident_popup_html(incidents.iloc[0].to_dict(), names)
    assert "<b>Zones:</b> Overlap; Philippines 200 nm" in popup
    assert "d-1" not in popup and "eez-PHL" not in popup
    assert "class='sw-popup' data-incident='A-1'" in popup  # the map adds the details link
    row = {**incidents.iloc[1].to_dict(), "source": "https://a.example/1 https://b.example/<x>"}
    detail = incident_detail_html(row, names)
    assert detail.count("<a href=") == 2 and "https://b.example/&lt;x&gt;" in detail
    assert 'href="javascript' not in incident_detail_html(incidents.iloc[1].to_dict(), names)


def test_layers_shown_as_the_link_says(zones) -> None:
    """`shown` switches each layer on or off by its key; the view script starts with them."""
    default = base_map(zones, simplify=False).get_root().render()
    assert 'shown = ["status", "features", "incidents"].slice()' in default
    html = base_map(zones, simplify=False, shown=("entitlement", "incidents")).get_root().render()
    assert 'shown = ["entitlement", "incidents"].slice()' in html
    m = base_map(zones, simplify=False, shown=("entitlement", "incidents"))
    shown = {c.layer_name: c.show for c in m._children.values() if hasattr(c, "layer_name")}
    assert shown["200-nm entitlements (outline)"] is True
    assert shown["Legal status of the waters"] is False
    assert shown["Named features"] is False
    assert shown["OpenStreetMap tiles (online)"] is False


def test_feature_labels_are_decluttered_in_priority_order(tmp_path) -> None:
    """Issue 15.2: a feature label that would overprint a label kept before it is hidden. Run
    under Node with a stand-in map and four hand-made boxes: B overlaps A (hidden), C touches A's
    edge only (shown), D overlaps the hidden B but no kept label (shown)."""
    html = base_map(None).get_root().render()
    whole = next(s for s in _scripts(html) if "seawatchDeclutter" in s)
    found = re.search(
        r"\(function\(map\) \{\s*function overlaps.*?\}\)\(map_[0-9a-f]+\);", whole, re.S
    )
    assert found, "the declutter script is not on the map"
    script = found.group(0)
    harness = tmp_path / "declutter.js"
    harness.write_text(
        "globalThis.window = globalThis;\n"
        "const handlers = {};\n"
        "const stand_in = {on(ev, f) { handlers[ev] = f; }, whenReady(f) {},\n"
        "  getContainer() { return {querySelectorAll() { return []; }}; }};\n"
        + re.sub(r"\}\)\(map_[0-9a-f]+\);", "})(stand_in);", script)
        + "\nconst box = (l, t, r, b) => ({left: l, top: t, right: r, bottom: b});\n"
        "console.log(JSON.stringify(window.seawatchDeclutter([\n"
        "  box(0, 0, 50, 10), box(40, 5, 90, 15), box(50, 0, 80, 10), box(60, 12, 100, 20)])));\n"
        "console.log(JSON.stringify(Object.keys(handlers)));\n",
        encoding="utf-8",
    )
    run = subprocess.run(["node", str(harness)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    flags, events = run.stdout.splitlines()
    assert json.loads(flags) == [True, False, True, True]
    assert json.loads(events) == ["zoomend overlayadd layeradd"]
