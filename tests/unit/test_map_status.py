"""The map's legal-status layer, boundary lines and legend, tested on the rendered HTML.

Fixtures are small and hand-made (not real boundaries): one status zone of each status, an
entitlement, and three lines (an agreed boundary, a signed one and a claim line).
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, box

from seawatch import schema
from seawatch.mapping import base_map, build_map, hidden_layers
from seawatch.presentation import LINE_STYLE, LINES_LAYER, STATUS_LAYER, STATUS_STYLE
from seawatch.zones.status import STATUS_LABELS


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    """One status zone per status (1° squares along 10°N from 110°E, in `schema.STATUSES`
    order) and a PHL entitlement over all of them."""
    statuses = list(schema.STATUSES)
    families = ["CHN+TWN;PHL", "MYS;THA", "VNM", "PHL", "CHN+TWN", ""]
    n = len(statuses)
    return gpd.GeoDataFrame(
        {
            schema.ZONE_ID: [f"status-{s}-x" for s in statuses] + ["entitlement-PHL"],
            schema.ZONE_KIND: ["status"] * n + ["entitlement"],
            schema.ZONE_NAME: [f"{s} area" for s in statuses] + ["Philippines 200 nm"],
            schema.ZONE_CLAIMANTS: [f.replace("+", ";") for f in families] + ["PHL"],
            schema.ZONE_FAMILIES: families + ["PHL"],
            schema.ZONE_STATUS: statuses + [""],
            schema.ZONE_BASIS: ["derived"] * n + ["UNCLOS art. 57"],
            schema.ZONE_SOURCE: ["test"] * (n + 1),
        },
        geometry=[box(110 + i, 10, 111 + i, 11) for i in range(n)] + [box(109, 9, 118, 12)],
        crs=schema.CRS,
    )


@pytest.fixture
def lines() -> gpd.GeoDataFrame:
    """An agreed boundary (in force), a signed one and a claim line, with hostile-free names."""
    return gpd.GeoDataFrame(
        {
            "line_id": ["line-a", "line-s", "line-c"],
            "kind": ["agreed_boundary", "signed_boundary", "claim_line"],
            "name": ["Gulf Treaty", "Strait Agreement", "Dashed line"],
            "claimants": ["CHN;VNM", "IDN;THA", "CHN;TWN"],
            "status": ["in force since 2004-06-30", "no entry into force recorded", "claim"],
            "source": ["https://example.org/a", "book", "map"],
        },
        geometry=[
            LineString([(107, 20), (108, 18)]),
            LineString([(98, 6), (99, 5)]),
            LineString([(110, 4), (112, 6)]),
        ],
        crs=schema.CRS,
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(schema.INCIDENT_COLUMNS))


def _features(html: str) -> list[dict]:
    out = []
    for match in re.finditer(r"_add\((\{\"features\".*?\})\);\n", html):
        out.extend(json.loads(match.group(1))["features"])
    return out


def test_status_fill_hatches_disputed_dots_joint_and_skips_unclaimed(zones) -> None:
    html = build_map(_empty(), zones).get_root().render()
    styles = {
        f["properties"]["status"]: f["properties"]["style"]
        for f in _features(html)
        if "status" in f["properties"]
    }
    assert styles["disputed"]["fillColor"] == "url(#sw-pattern-disputed)"
    assert styles["joint"]["fillColor"] == "url(#sw-pattern-joint)"
    assert styles["agreed"]["fillColor"] == STATUS_STYLE["agreed"].color
    assert 0 < styles["agreed"]["fillOpacity"] < 0.5  # a light solid fill
    assert styles["single"].get("fill") is False
    assert "none" not in styles  # unclaimed waters are not drawn
    # the patterns the fills refer to are in the page
    assert '<pattern id=\\"sw-pattern-disputed\\" class=\\"sw-hatch\\"' in html
    assert '<pattern id=\\"sw-pattern-joint\\" class=\\"sw-dots\\"' in html


def test_status_tooltips_give_label_rule_and_families_never_ids(zones) -> None:
    html = build_map(_empty(), zones).get_root().render()
    tips = {
        f["properties"]["status"]: f["properties"]["_tip"]
        for f in _features(html)
        if "status" in f["properties"]
    }
    assert tips["disputed"].startswith("<b>Disputed</b><br><i>claims of two or more")
    assert "China (CHN) + Taiwan (TWN); Philippines (PHL)" in tips["disputed"]
    for feature in _features(html):
        assert "status-" not in feature["properties"].get("_tip", "")
        assert "entitlement-PHL" not in feature["properties"].get("_tip", "")


def test_outline_layers_are_off_by_default_with_a_status_layer(zones) -> None:
    m = build_map(_empty(), zones)
    shown = {
        child.layer_name: child.show
        for child in m._children.values()
        if hasattr(child, "layer_name")
    }
    assert shown[STATUS_LAYER] is True
    assert shown["200-nm entitlements (outline)"] is False
    # an older or imported zone layer without status zones keeps its layers on
    assert hidden_layers(["200-nm entitlements (outline)", "EEZ claims (outline)"]) == set()


def test_lines_are_drawn_solid_dashed_with_names_in_tooltips(zones, lines) -> None:
    html = build_map(_empty(), zones, lines=lines).get_root().render()
    assert LINES_LAYER in html
    by_kind = {
        f["properties"]["kind"]: f["properties"]
        for f in _features(html)
        if "kind" in f["properties"]
    }
    assert "dashArray" not in by_kind["agreed_boundary"]["style"]
    assert by_kind["signed_boundary"]["style"]["dashArray"] == "6 4"
    assert by_kind["claim_line"]["style"]["dashArray"] == "8 4 2 4"
    assert by_kind["agreed_boundary"]["_tip"].startswith(
        "<b>Gulf Treaty</b><br>Boundary line, in force"
    )
    assert "in force since 2004-06-30" in by_kind["agreed_boundary"]["_tip"]
    assert "China (CHN), Vietnam (VNM)" in by_kind["agreed_boundary"]["_tip"]
    assert all("line-" not in p["_tip"] for p in by_kind.values())


def test_legend_lists_every_status_line_style_and_incident_type(zones) -> None:
    html = build_map(_empty(), zones).get_root().render()
    legend = json.loads(re.search(r"d\.innerHTML = (\"<details.*?\");", html).group(1))
    for status, label in STATUS_LABELS.items():
        assert f"sw-status-{status}" in legend and label in legend
    assert "repeating-linear-gradient(45deg" in legend  # the hatched swatch of "disputed"
    for look in LINE_STYLE.values():
        assert look.label in legend
    assert 'stroke-dasharray="6 4"' in legend
    for label in schema.INCIDENT_TYPE_LABELS.values():
        assert label in legend
    assert legend.startswith("<details open class='sw-legend'>")  # collapsible, open


def test_remote_hidden_layers_are_fetched_only_when_switched_on() -> None:
    urls = {
        STATUS_LAYER: "/static/0.json",
        "200-nm entitlements (outline)": "/static/1.json",
        LINES_LAYER: "/static/2.json",
    }
    html = base_map(None, layer_urls=urls).get_root().render()
    pushed = re.findall(r"seawatchLayerLoads\.push\(fetch\(\"([^\"]+)\"", html)
    assert pushed == ["/static/0.json", "/static/2.json"]
    assert re.search(r'\.once\("add", function\(\) \{\s*fetch\("/static/1\.json"\)', html)


def test_html_export_says_what_disputed_means(zones, lines) -> None:
    import datetime as dt

    from seawatch.export import export_map

    page = export_map(_empty(), zones, "html", lines=lines, created=dt.date(2025, 1, 1)).decode()
    assert "&quot;Disputed&quot;: claims of two or more claim families overlap" in page
    assert LINES_LAYER in page
