"""Map exports: static PNG/PDF, the report pack and standalone HTML, checked for what they are."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
from matplotlib.patches import Rectangle
from PIL import Image
from shapely import LineString, box

import seawatch
from seawatch import schema
from seawatch.export import MAP_FORMATS, ExportError, export_map
from seawatch.export.html import inline_assets
from seawatch.export.report import (
    country_pairs,
    draw_timeline_page,
    table_pages,
    timeline_counts,
)
from seawatch.export.static_map import (
    NO_MATCH,
    MapOptions,
    draw_map_page,
    draw_scale_bar,
    metres_per_degree_lon,
    new_page,
)
from seawatch.filtering import IncidentFilter

DATA = Path(__file__).parents[1] / "data" / "export"
CREATED = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)
A4_POINTS = (841.89, 595.28)  # 297 x 210 mm landscape


@pytest.fixture
def view() -> gpd.GeoDataFrame:
    """The six hand-made incidents of tests/data/export/incidents.csv (see its README)."""
    g = seawatch.load_incidents(DATA / "incidents.csv")
    g[schema.JOIN_CLAIMANTS] = [["CHN", "PHL"], ["IDN"], ["CHN", "PHL"], ["CHN", "PHL"], [], []]
    g[schema.JOIN_DISPUTED] = [True, False, True, True, False, False]
    return g


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    """Three hand-made squares: a PHL entitlement, a CHN;TWN claim (one claim family) and the
    status zone of their overlap (disputed)."""
    return gpd.GeoDataFrame(
        {
            "zone_id": ["entitlement-PHL", "claim-ndl", "status-disputed-1"],
            "kind": ["entitlement", "claim", "status"],
            "name": ["PHL 200 nm", "Claim", "CHN;PHL;TWN"],
            "claimants": ["PHL", "CHN;TWN", "CHN;PHL;TWN"],
            "families": ["PHL", "CHN+TWN", "CHN+TWN;PHL"],
            "status": ["", "", "disputed"],
            "basis": ["UNCLOS", "historic", "overlap"],
            "source": ["https://example.org/a", "https://example.org/b", "computed"],
            "method": ["geodesic buffer", "hand-written", "overlay"],
            "approximate": [False, True, True],
            "version": ["test-1", "test-1", "test-1"],
        },
        geometry=[box(116, 5, 121, 12), box(110, 4, 118, 20), box(116, 5, 118, 12)],
        crs="EPSG:4326",
    )


@pytest.fixture
def land() -> gpd.GeoDataFrame:
    """One square of 'land' standing in for Luzon."""
    return gpd.GeoDataFrame(geometry=[box(119.5, 13.0, 122.0, 18.5)], crs="EPSG:4326")


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """Page sizes (width, height in points) of a matplotlib PDF (its page objects are plain)."""
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    pages = re.findall(
        rb"/Type /Page\b.*?/MediaBox \[ ?([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ?\]", data, re.S
    )
    return [(float(p[2]), float(p[3])) for p in pages]


# --- static map ------------------------------------------------------------------------------


def test_png_is_a4_landscape_at_300_dpi(view, zones, land):
    data = export_map(view, zones, "png", land=land, created=CREATED)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    assert image.size == (3507, 2480)  # 297 x 210 mm at 300 dpi (3507.9 x 2480.3 px)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_pdf_is_one_vector_a4_page(view, zones, land):
    data = export_map(view, zones, "pdf", land=land, created=CREATED)
    assert pdf_pages(data) == [pytest.approx(A4_POINTS, abs=0.1)]
    assert b"/Subtype /Image" not in data  # vector: no raster images inside


def test_page_shows_title_filters_sources_and_date(view, zones, land):
    flt = IncidentFilter(countries=("PHL",), disputed_only=True)
    fig = new_page()
    draw_map_page(fig, view, zones, land, flt, MapOptions(created=CREATED))
    text = "\n".join(t.get_text() for t in fig.texts)
    assert "Maritime incidents in the South China Sea involving the Philippines, in" in text
    assert "countries involved: Philippines (PHL); disputed areas only" in text
    assert "PHL;" not in text and "— PHL" not in text
    assert "zone data version test-1" in text
    assert "Natural Earth" in text
    assert "on 2025-01-01 12:00 UTC" in text
    assert "6 incidents, 2016-06-20 to 2024-03-05" in text


def test_editable_title_and_legend_counts(view, zones):
    fig = new_page()
    draw_map_page(fig, view, zones, None, None, MapOptions(title="Briefing 7", created=CREATED))
    assert fig.texts[0].get_text() == "Briefing 7"
    legend_texts = [t.get_text() for ax in fig.axes for lg in _legends(ax) for t in lg.get_texts()]
    assert "Water cannon (1)" in legend_texts
    assert "Disputed" in legend_texts and "Joint arrangement" in legend_texts
    assert "One claimant (no fill)" in legend_texts


def test_status_fill_lines_legend_and_caption(view, zones):
    """The status fills are hatched (disputed), the lines drawn with their kind's style and
    legend entry, and the caption says what "disputed" means."""
    from seawatch.presentation import LINE_STYLE
    from seawatch.zones.status import STATUS_RULES

    lines = gpd.GeoDataFrame(
        {
            "line_id": ["line-a", "line-c"],
            "kind": ["agreed_boundary", "claim_line"],
            "name": ["Treaty", "Dashed line"],
            "claimants": ["CHN;VNM", "CHN;TWN"],
            "status": ["in force since 2004-06-30", "claim"],
            "source": ["a", "b"],
        },
        geometry=[LineString([(107, 20), (108, 18)]), LineString([(110, 4), (112, 6)])],
        crs="EPSG:4326",
    )
    fig = new_page()
    ax = draw_map_page(fig, view, zones, None, None, MapOptions(created=CREATED), lines)
    hatches = [p.get_hatch() for p in ax.collections if hasattr(p, "get_hatch")]
    assert "////" in hatches
    legend_texts = [t.get_text() for a in fig.axes for lg in _legends(a) for t in lg.get_texts()]
    assert LINE_STYLE["agreed_boundary"].label in legend_texts
    assert LINE_STYLE["claim_line"].label in legend_texts
    assert LINE_STYLE["signed_boundary"].label not in legend_texts  # none drawn
    caption = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    assert STATUS_RULES["disputed"][:40] in caption


def test_report_groups_disputed_incidents_by_claim_families(view, zones):
    from seawatch.export.report import disputed_areas

    # the disputed incidents lie in the CHN+TWN claim and a PHL EEZ claim: two families
    joined = view.assign(
        zone_ids=[["claim-ndl", "eez-PHL"] if d else [] for d in view[schema.JOIN_DISPUTED]]
    )
    claims = zones.assign(zone_id=["eez-PHL", "claim-ndl", "status-disputed-1"])
    claims["kind"] = ["eez_provisional", "claim", "status"]
    assert disputed_areas(joined, claims) == {"CHN+TWN / PHL": 3}
    # without zones, each claimant is its own family
    assert disputed_areas(view) == {"CHN / PHL": 3}


def _legends(ax):
    return [a for a in ax.get_children() if a.__class__.__name__ == "Legend"]


@pytest.mark.parametrize(
    ("names", "label", "absent"),
    [
        ("en", "Scarborough Shoal", "Huangyan Dao"),
        ("CHN", "Huangyan Dao", "Bajo de Masinloc"),
        ("PHL", "Bajo de Masinloc", "Huangyan Dao"),
        # the map's "all local names" choice is an export choice too, in any case
        ("local", "Huangyan Dao / Bajo de Masinloc", "Scarborough Shoal"),
        ("phl", "Bajo de Masinloc", "Huangyan Dao"),
    ],
)
def test_place_name_toggle(view, names, label, absent):
    fig = new_page()
    ax = draw_map_page(fig, view, None, None, None, MapOptions(names=names, created=CREATED))
    labels = [t.get_text() for t in ax.texts]
    assert label in labels
    assert absent not in labels


def test_the_map_and_the_exports_accept_the_same_names(view, zones):
    """Every choice the dashboard offers works for the HTML map and for the PNG export."""
    from seawatch.mapping import build_map
    from seawatch.presentation import NAME_CHOICES

    for names in NAME_CHOICES:
        build_map(view, zones, names=names)
        assert export_map(view, None, "png", names=names, dpi=20, created=CREATED)


def test_bad_place_name_choice_is_named(view):
    with pytest.raises(ExportError, match=r"names='xx' is not a place-name choice"):
        export_map(view, None, "png", names="xx")


def test_empty_view_says_no_incidents_match(view, zones):
    fig = new_page()
    ax = draw_map_page(fig, view.iloc[:0], zones, None, None, MapOptions(created=CREATED))
    assert NO_MATCH in [t.get_text() for t in ax.texts]
    assert export_map(view.iloc[:0], zones, "png", dpi=50).startswith(b"\x89PNG")


@pytest.mark.parametrize("lat", [-3.0, 0.0, 11.5, 25.9])
def test_metres_per_degree_matches_the_geodesic(lat):
    geod = pyproj.Geod(ellps="WGS84")
    _, _, dist = geod.inv(110.0, lat, 110.001, lat)
    assert metres_per_degree_lon(lat) == pytest.approx(dist * 1000, rel=1e-6)


@pytest.mark.parametrize("extent", [(99, -3, 125, 26), (112, 8, 118, 14), (105, 15, 108, 17)])
def test_scale_bar_is_true_at_the_centre_latitude(extent):
    fig = new_page()
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    lat0 = (extent[1] + extent[3]) / 2
    length_nm = draw_scale_bar(ax, lat0)
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_facecolor()[3] == 1]
    x0, x1 = min(p.get_x() for p in bars), max(p.get_x() + p.get_width() for p in bars)
    _, _, metres = pyproj.Geod(ellps="WGS84").inv(x0, lat0, x1, lat0)
    assert metres == pytest.approx(length_nm * 1852, rel=2e-3)  # a geodesic vs the parallel
    assert any(t.get_text() == f"{length_nm} nm" for t in ax.texts)


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


def _differing_share(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape
    return float((np.abs(a - b).max(axis=2) > 48).mean())


def test_png_matches_the_reference_rendering(view, zones, land, monkeypatch):
    """Pixel comparison with a tolerance: under 0.3 % of pixels may differ (font hinting).

    The data folder points at the fixtures (no zone manifest) so the caption does not follow
    the bundled zone build.
    """
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(DATA))
    data = export_map(view, zones, "png", land=land, dpi=60, created=CREATED)
    reference = DATA / "reference_map.png"
    if os.environ.get("SEAWATCH_UPDATE_REFERENCE") == "1":
        reference.write_bytes(data)
    expected = _pixels(reference.read_bytes())
    assert _differing_share(_pixels(data), expected) < 0.003
    # the comparison is sensitive enough to notice a missing layer or missing incidents
    without_zones = export_map(view, None, "png", land=land, dpi=60, created=CREATED)
    assert _differing_share(_pixels(without_zones), expected) > 0.003
    fewer = export_map(view.iloc[:3], zones, "png", land=land, dpi=60, created=CREATED)
    assert _differing_share(_pixels(fewer), expected) > 0.003


# --- report pack -----------------------------------------------------------------------------


def test_report_pages_and_size(view, zones, land):
    data = export_map(view, zones, "report", land=land, created=CREATED)
    pages = pdf_pages(data)
    assert len(pages) == 4  # map, timeline, summary, one table page for six incidents
    assert all(p == pytest.approx(A4_POINTS, abs=0.1) for p in pages)
    no_summary = export_map(view, zones, "report", land=land, created=CREATED, summary=False)
    assert len(pdf_pages(no_summary)) == 3


def test_report_table_lists_every_incident_with_its_source(view):
    pages = list(table_pages(view))
    dates = "".join("".join(p[0]) for p in pages)
    sources = "".join("".join(p[5]) for p in pages)
    for _, row in view.iterrows():
        assert f"{row['date']:%Y-%m-%d}" in dates
        assert row["source"] in sources


def test_report_of_many_incidents_has_more_table_pages(view):
    many = view.sample(300, replace=True, random_state=0)
    assert len(list(table_pages(many))) > 5


def test_empty_report_is_valid(view):
    data = export_map(view.iloc[:0], None, "report", created=CREATED)
    assert len(pdf_pages(data)) == 4


def test_timeline_and_summary_counts(view):
    counts = timeline_counts(view)
    assert int(counts.to_numpy().sum()) == len(view)
    # every year from the first to the last, the empty ones with zeros
    assert list(counts.index) == [str(y) for y in range(2016, 2025)]
    assert counts.loc["2018"].sum() == 0
    pairs = country_pairs(view)
    assert pairs == {"CHN–PHL": 3, "IDN–VNM": 1, "CHN–VNM": 1}


def test_report_timeline_has_every_month_with_zeros() -> None:
    """Three incidents in January, February and June 2024: March to May are rows of zeros,
    and the report's timeline page draws a bar (of height 0) for each of the six months."""
    view = pd.DataFrame(
        {
            schema.DATE: pd.to_datetime(["2024-01-10", "2024-02-03", "2024-06-30"]),
            schema.INCIDENT_TYPE: ["water_cannon", "other", "water_cannon"],
        }
    )
    counts = timeline_counts(view)
    assert list(counts.index) == [f"2024-0{m}" for m in range(1, 7)]
    assert counts.loc["2024-04"].tolist() == [0, 0]
    fig = new_page()
    draw_timeline_page(fig, view)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == list(counts.index)


# --- standalone HTML -------------------------------------------------------------------------

CDN_HOSTS = (
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "code.jquery.com",
    "unpkg.com",
    "netdna.bootstrapcdn.com",
    "maxcdn.bootstrapcdn.com",
)


def test_html_is_standalone_and_escaped(view, zones):
    page = export_map(view, zones, "html", title="Brief <i>7</i>", created=CREATED).decode()
    assert page.startswith("<!DOCTYPE html>")
    assert "L.map(" in page and "leaflet" in page.lower()
    assert not re.search(r"<(script|link)\b[^>]*(src|href)=\"(https?:)?//", page)
    assert not any(host in page for host in CDN_HOSTS)
    # TEST-3's description: escaped once as HTML (inside JSON the & is written \u0026)
    assert "<script>alert(" not in page and "\\u003cscript\\u003ealert(" not in page
    assert "\\u0026lt;script\\u0026gt;alert(" in page or "&lt;script&gt;alert(" in page
    assert "Brief &lt;i&gt;7&lt;/i&gt;" in page and "<i>7</i>" not in page
    assert "on 2025-01-01 12:00 UTC" in page


def test_html_of_empty_view_says_so(view, zones):
    page = export_map(view.iloc[:0], zones, "html", created=CREATED).decode()
    assert NO_MATCH in page


def test_inline_assets_refuses_a_remaining_cdn_script():
    page = '<head><script src="https://cdn.jsdelivr.net/npm/x.js"></script></head>'
    with pytest.raises(ExportError, match=r"still loads an external asset"):
        inline_assets(page)


def test_unknown_map_format_is_named(view):
    with pytest.raises(ExportError, match=r"format='svg' is not a map format"):
        export_map(view, None, "svg")
    assert sorted(MAP_FORMATS) == ["html", "pdf", "png", "report"]


# --- optional web-tile basemap ---------------------------------------------------------------


def _fake_tiles(requested: list[str]):
    """A tile server without network: tile (x, y) is a flat colour, green where x is even."""

    def fetch(url: str) -> bytes:
        requested.append(url)
        z, x, y = (int(v) for v in re.findall(r"/(\d+)/(\d+)/(\d+)\.png$", url)[0])
        buf = io.BytesIO()
        Image.new("RGB", (256, 256), (0, 200, 0) if x % 2 == 0 else (0, 0, 200)).save(buf, "PNG")
        return buf.getvalue()

    return fetch


def test_basemap_tiles_are_drawn_under_the_map_with_attribution(view):
    requested: list[str] = []
    options = MapOptions(created=CREATED, basemap="osm", fetch=_fake_tiles(requested))
    fig = new_page()
    ax = draw_map_page(fig, view, None, None, None, options)
    assert 0 < len(requested) <= 48
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in requested)
    image = ax.get_images()[0].get_array()
    colours = {tuple(int(c) for c in px) for px in np.asarray(image).reshape(-1, 3)[::997]}
    assert colours <= {(0, 200, 0), (0, 0, 200)} and len(colours) == 2
    assert any("© OpenStreetMap contributors" in t.get_text() for t in fig.texts)


def test_basemap_offline_is_a_clear_error(view):
    import urllib.error

    def offline(url: str) -> bytes:
        raise urllib.error.URLError("Name or service not known")

    options = MapOptions(basemap="osm", fetch=offline)
    with pytest.raises(ExportError, match=r"\(Name or service not known\); are you online"):
        draw_map_page(new_page(), view, None, None, None, options)


def test_unknown_basemap_is_named():
    with pytest.raises(
        ExportError, match=r"basemap='google' is not known; choose one of \['osm'\]"
    ):
        MapOptions(basemap="google")


def test_basemap_rows_follow_mercator():
    """Each map row shows the tile row (Web Mercator) its latitude falls in: rows are not even
    in latitude, so this checks the resampling, not just the stitching."""
    from seawatch.export.basemap import _tile_xy, choose_zoom, fetch_basemap

    def fetch(url: str) -> bytes:
        y = int(re.findall(r"/(\d+)\.png$", url)[0])
        buf = io.BytesIO()
        Image.new("RGB", (256, 256), (255, 0, 0) if y % 2 else (0, 0, 255)).save(buf, "PNG")
        return buf.getvalue()

    extent, size = (100.0, 0.0, 120.0, 25.0), (200, 2500)
    image = fetch_basemap(extent, size, fetch=fetch)
    zoom = choose_zoom(extent, size[0], 10)
    lats = np.linspace(25.0, 0.0, size[1])
    tile_rows = np.floor(_tile_xy(np.full_like(lats, 110.0), lats, zoom)[1]).astype(int)
    expected = np.where(tile_rows % 2 == 1, 255, 0)
    assert len(set(tile_rows)) >= 2
    assert (image[:, 0, 0] == expected).mean() > 0.999


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("Water cannon — 3 boats’ crews hurt", True),  # WinAnsi has dashes and curly quotes
        ("near Bãi Cỏ Mây", False),  # Vietnamese needs the embedded font
        ("黄岩岛", False),
    ],
)
def test_table_pages_use_core_fonts_only_when_the_text_fits(text, core):
    from seawatch.export.report import _core_font_text

    assert _core_font_text([["2024-03-05"], [text]]) is core
