"""Data exports: every format is read back with pyogrio/geopandas and compared row by row."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import seawatch
from seawatch import schema
from seawatch.export import DATA_FORMATS, ExportError, export_data, export_zones, write_data
from seawatch.export.data import export_table, neutralise_formula

FIXTURE = Path(__file__).parents[1] / "data" / "export" / "incidents.csv"


@pytest.fixture
def view() -> gpd.GeoDataFrame:
    """The six hand-made incidents of tests/data/export/incidents.csv (see its README), with
    join columns written by hand: TEST-1..4 in disputed waters, TEST-2 south of the equator
    (negative latitude), descriptions starting with = + @ - and one holding <script> markup."""
    g = seawatch.load_incidents(FIXTURE)
    g[schema.JOIN_CLAIMANTS] = [
        ["CHN", "PHL", "TWN", "VNM"],
        ["IDN"],
        ["CHN", "PHL", "TWN"],
        ["CHN", "PHL", "TWN", "VNM"],
        ["CHN", "TWN", "VNM"],
        [],
    ]
    g[schema.JOIN_ENTITLED] = [["MYS", "PHL"], ["IDN", "MYS"], ["PHL"], ["PHL", "VNM"], [], []]
    g[schema.JOIN_STATUS] = ["disputed", "undelimited", "disputed", "disputed", "disputed", "none"]
    g[schema.JOIN_DISPUTED] = [True, False, True, True, True, False]
    g[schema.JOIN_ZONE_IDS] = [
        ["claim-spratly", "feature_ts-x"],
        ["eez-IDN"],
        ["claim-s"],
        [],
        [],
        [],
    ]
    g[schema.JOIN_EEZ] = ["PHL", "IDN", "PHL", None, "VNM", None]
    g[schema.JOIN_EEZ_BASIS] = [
        "provisional median line",
        "provisional median line",
        "200-nm entitlement, no overlap",
        None,
        "provisional median line",
        None,
    ]
    g[schema.JOIN_AGREEMENTS] = [[], [], [], [], [], []]
    g[schema.JOIN_ON_LAND] = [False, False, False, False, False, True]
    g[schema.JOIN_NEAREST_FEATURE] = [
        "Second Thomas Shoal",
        None,
        "Scarborough Shoal",
        "Whitsun Reef",
        "Woody Island",
        None,
    ]
    g[schema.JOIN_NEAREST_FEATURE_NM] = [0.0, np.nan, 0.4, 1.25, 31.5, np.nan]
    return g


def expected_rows(view: gpd.GeoDataFrame) -> list[dict[str, object]]:
    """What every format must carry, computed from the fixture by the test (not by the exporter)."""
    rows = []
    for _, r in view.iterrows():
        rows.append(
            {
                "incident_id": r["incident_id"],
                "date": r["date"].strftime("%Y-%m-%d"),
                "latitude": r["latitude"],
                "longitude": r["longitude"],
                "countries": ";".join(r["countries"]),
                "description": r["description"],
                "claimants": ";".join(r["claimants"]) or None,
                "disputed": bool(r["disputed"]),
                "end_date": None if pd.isna(r["end_date"]) else r["end_date"].strftime("%Y-%m-%d"),
                "casualties": None if pd.isna(r["casualties"]) else int(r["casualties"]),
                "nearest_feature_nm": None
                if pd.isna(r["nearest_feature_nm"])
                else r["nearest_feature_nm"],
            }
        )
    return rows


def _null(v: object) -> object:
    """Missing values as None; dates that GDAL recognised (GeoJSON, GPKG) as ISO strings."""
    if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "":
        return None
    return v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else v


def assert_same(read: pd.DataFrame, view: gpd.GeoDataFrame, *, description=lambda s: s) -> None:
    want = expected_rows(view)
    assert len(read) == len(want)
    for (_, got), exp in zip(read.iterrows(), want, strict=True):
        for col in ("incident_id", "date", "countries", "claimants", "end_date"):
            assert _null(got[col]) == exp[col], (exp["incident_id"], col)
        assert description(got["description"]) == exp["description"]
        assert got["latitude"] == pytest.approx(exp["latitude"])
        assert got["longitude"] == pytest.approx(exp["longitude"])
        assert bool(int(got["disputed"])) is exp["disputed"]
        cas = _null(got["casualties"])
        assert (None if cas is None else int(cas)) == exp["casualties"]
        nm = _null(got["nearest_feature_nm"])
        assert nm == (
            None if exp["nearest_feature_nm"] is None else pytest.approx(exp["nearest_feature_nm"])
        )


def _read(data: bytes, suffix: str, tmp_path: Path, **kwargs: object) -> gpd.GeoDataFrame:
    path = tmp_path / f"read{suffix}"
    path.write_bytes(data)
    return gpd.read_file(path, **kwargs)


def test_csv_round_trip_through_pandas_and_gdal(view, tmp_path):
    data = export_data(view, "csv")
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel reads accents"
    read = pd.read_csv(
        io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""]
    )
    assert list(read.columns) == list(schema.INCIDENT_COLUMNS) + list(schema.JOIN_COLUMNS)
    # text cells starting with = + - @ come back with the guard apostrophe; strip it to compare
    assert_same(read, view, description=lambda s: s[1:] if s.startswith("'") else s)
    gdal = _read(data, ".csv", tmp_path)
    assert gdal["incident_id"].tolist() == view["incident_id"].tolist()
    assert "Bãi Cỏ Mây" in gdal.loc[2, "description"]


def test_csv_neutralises_formulas_but_keeps_negative_numbers(view):
    read = pd.read_csv(io.BytesIO(export_data(view, "csv")), encoding="utf-8-sig", dtype=str)
    by_id = read.set_index("incident_id")
    assert by_id.loc["TEST-2", "description"].startswith("'=HYPERLINK(")
    assert by_id.loc["TEST-4", "description"] == "'+200 militia vessels moored in the reef's lagoon"
    assert by_id.loc["TEST-4", "location_name"] == "'-Whitsun Reef"
    assert by_id.loc["TEST-5", "description"].startswith("'@channel")
    assert by_id.loc["TEST-6", "description"] == "'-"
    assert by_id.loc["TEST-1", "description"].startswith("Coast guard")  # untouched
    assert by_id.loc["TEST-2", "latitude"] == "-2.5"  # a number, not a guarded text cell
    assert not any(
        v.startswith(("=", "+", "-", "@"))
        for v in read.fillna("").to_numpy().ravel()
        if v != "-2.5"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("1-2", "1-2"),
        ("", ""),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_geojson_is_rfc7946(view):
    doc = json.loads(export_data(view, "geojson"))
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    first = doc["features"][1]
    assert first["geometry"] == {"type": "Point", "coordinates": [108.2, -2.5]}  # lon, lat
    assert first["properties"]["disputed"] is False
    assert first["properties"]["casualties"] is None


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet"])
def test_geo_formats_round_trip(view, tmp_path, fmt):
    data = export_data(view, fmt)
    suffix = DATA_FORMATS[fmt]
    if fmt == "parquet":
        path = tmp_path / "x.parquet"
        path.write_bytes(data)
        read = gpd.read_parquet(path)
    else:
        read = _read(data, suffix, tmp_path)
    assert read.crs.to_epsg() == 4326
    assert_same(read, view)
    assert read.geometry.x.tolist() == pytest.approx(view["longitude"].tolist())
    assert read.geometry.y.tolist() == pytest.approx(view["latitude"].tolist())


def test_gpkg_layer_name(view, tmp_path):
    path = tmp_path / "x.gpkg"
    path.write_bytes(export_data(view, "gpkg"))
    import pyogrio

    assert [name for name, _ in pyogrio.list_layers(path)] == ["incidents"]


def test_kml_round_trip_with_escaped_description(view, tmp_path):
    data = export_data(view, "kml")
    assert data.startswith(b"<?xml") and b"<kml" in data
    assert b"<script>" not in data
    read = _read(data, ".kml", tmp_path)
    read = read.rename(columns={"Name": "incident_id"})
    text = read.select_dtypes(include=["object", "string"]).columns
    assert read.loc[2, "location_name"] == "Scarborough Shoal"
    read[text.drop("description")] = read[text.drop("description")].map(
        lambda v: html.unescape(v) if isinstance(v, str) else v
    )
    # Google Earth renders <description> as HTML: it carries the text HTML-escaped
    assert read.loc[2, "description"].startswith("&lt;script&gt;")
    assert_same(read, view, description=html.unescape)


@pytest.mark.parametrize("fmt", sorted(DATA_FORMATS))
def test_empty_view_gives_a_valid_empty_file(view, tmp_path, fmt):
    data = export_data(view.iloc[:0], fmt)
    if fmt == "parquet":
        path = tmp_path / "e.parquet"
        path.write_bytes(data)
        read = gpd.read_parquet(path)
    elif fmt == "csv":
        read = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
        assert list(read.columns)[: len(schema.INCIDENT_COLUMNS)] == list(schema.INCIDENT_COLUMNS)
    else:
        read = _read(data, DATA_FORMATS[fmt], tmp_path)
    assert len(read) == 0


def test_export_table_without_join_columns(view):
    bare = view[list(schema.INCIDENT_COLUMNS) + ["geometry"]]
    table = export_table(bare)
    assert list(table.columns) == list(schema.INCIDENT_COLUMNS)
    assert table["countries"].tolist()[:2] == ["CHN;PHL", "IDN;VNM"]


def test_missing_required_column_is_named(view):
    with pytest.raises(ExportError, match=r"required columns \['source'\]"):
        export_data(view.drop(columns=["source"]), "csv")


def test_unknown_format_is_named(view):
    with pytest.raises(ExportError, match=r"format='xlsx' is not a data format; choose one of"):
        export_data(view, "xlsx")


def test_write_data_to_unwritable_path_is_a_clear_error(view, tmp_path):
    with pytest.raises(ExportError, match=r"cannot write .*no_such_dir"):
        write_data(view, "csv", tmp_path / "no_such_dir" / "x.csv")


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    """Three hand-made squares: a PHL entitlement, a CHN;TWN claim and their disputed overlap."""
    from shapely import box

    return gpd.GeoDataFrame(
        {
            "zone_id": ["entitlement-PHL", "claim-ndl", "disputed-1"],
            "kind": ["entitlement", "claim", "disputed"],
            "name": ["PHL 200 nm", "Nine-dash line", "CHN;PHL;TWN"],
            "claimants": ["PHL", "CHN;TWN", ["TWN", "CHN", "PHL"]],
            "basis": ["UNCLOS", "historic", "overlap"],
            "source": ["https://example.org/a", "https://example.org/b", "computed"],
            "method": ["geodesic buffer", "hand-written", "overlay"],
            "approximate": [False, True, True],
            "version": ["t1", "t1", "t1"],
        },
        geometry=[box(116, 5, 121, 12), box(110, 4, 118, 20), box(116, 5, 118, 12)],
        crs="EPSG:4326",
    )


def test_zones_geojson_and_gpkg_round_trip(zones, tmp_path):
    gj = _read(export_zones(zones, "geojson"), ".geojson", tmp_path)
    assert gj["zone_id"].tolist() == zones["zone_id"].tolist()
    assert gj.loc[2, "claimants"] == "CHN;PHL;TWN"
    assert gj.geometry.iloc[0].equals_exact(zones.geometry.iloc[0], tolerance=1e-7)
    path = tmp_path / "z.gpkg"
    path.write_bytes(export_zones(zones, "gpkg"))
    import pyogrio

    assert sorted(name for name, _ in pyogrio.list_layers(path)) == [
        "claim",
        "disputed",
        "entitlement",
    ]
    claim = gpd.read_file(path, layer="claim")
    assert claim.loc[0, "approximate"] is True or claim.loc[0, "approximate"] == 1
    assert claim.geometry.iloc[0].area == pytest.approx(zones.geometry.iloc[1].area)


def test_zones_empty_and_bad_format(zones, tmp_path):
    path = tmp_path / "e.gpkg"
    path.write_bytes(export_zones(zones.iloc[:0], "gpkg"))
    assert len(gpd.read_file(path)) == 0
    with pytest.raises(ExportError, match=r"format='kml' is not a zone format"):
        export_zones(zones, "kml")


def test_zones_in_view_by_kind_and_bbox(zones):
    from seawatch.export.zones import zones_in_view

    assert zones_in_view(zones, kinds=["claim"])["zone_id"].tolist() == ["claim-ndl"]
    # a box west of 116°E touches only the claim
    assert zones_in_view(zones, bbox=(111, 6, 113, 8))["zone_id"].tolist() == ["claim-ndl"]
    assert len(zones_in_view(zones)) == 3
    with pytest.raises(ExportError, match=r"kinds=\['eez'\] are not zone kinds"):
        zones_in_view(zones, kinds=["eez"])


_TEXT = st.text(min_size=1, max_size=40).filter(lambda s: not s.startswith("'") and s.strip())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(descriptions=st.lists(_TEXT, min_size=1, max_size=5))
def test_any_text_survives_csv_and_geojson(view, descriptions):
    """Invariant: export then read back gives the same text (CSV: minus the formula guard)."""
    rows = view.iloc[: len(descriptions)].copy()
    rows["description"] = descriptions
    read = pd.read_csv(
        io.BytesIO(export_data(rows, "csv")),
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    unguarded = [
        d[1:] if d[:1] == "'" and d[1:2] and d[1] in "=+-@\t\r" else d for d in read["description"]
    ]
    assert unguarded == descriptions
    doc = json.loads(export_data(rows, "geojson"))
    assert [f["properties"]["description"] for f in doc["features"]] == descriptions


def test_kml_escapes_every_text_value_for_google_earth_balloons(view, tmp_path):
    rows = view.copy()
    rows["vessels"] = ["<img src=x onerror=alert(1)>", None, None, None, None, None]
    data = export_data(rows, "kml")
    assert b"<img" not in data and b"&lt;img" not in data.replace(b"&amp;lt;img", b"")
    read = _read(data, ".kml", tmp_path)
    assert html.unescape(read.loc[0, "vessels"]) == "<img src=x onerror=alert(1)>"


def test_kml_and_html_drop_characters_xml_forbids(view, tmp_path):
    """Issue 18.10: one U+FFFE (or a control character) in a text made the whole KML invalid."""
    import xml.etree.ElementTree as ET

    from seawatch.export import export_map

    rows = view.copy()
    rows["description"] = ["Water\ufffe cannon\x0b used", *rows["description"].iloc[1:]]
    rows["location_name"] = ["Reef\x01", None, None, None, None, None]
    data = export_data(rows, "kml")
    ET.fromstring(data)  # a well-formed XML document
    read = _read(data, ".kml", tmp_path)
    assert html.unescape(read.loc[0, "description"]) == "Water cannon used"
    page = export_map(rows, None, "html").decode("utf-8")
    assert "\ufffe" not in page and "\x0b" not in page and "Water cannon used" in page
