"""The Marine Regions import (`seawatch zones import`, `zones download`) on hand-written fixtures.

Fixtures are in tests/data/zones/ (see its README): squares with Marine Regions attributes,
including MRGID 49003 "Overlapping claim South China Sea" with empty sovereign fields.
Everything written goes to a temporary SEAWATCH_USER_DATA_DIR, never the user's data directory.
"""

from __future__ import annotations

import http.server
import json
import socket
import tempfile
import threading
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from hypothesis import given, settings
from hypothesis import strategies as st

import seawatch
from seawatch import datasets, schema
from seawatch.cli import main
from seawatch.errors import ZoneError
from seawatch.zones.loading import clear_cache, load_zones
from seawatch.zones.marineregions import SCS_OVERLAP_CLAIMANTS, import_marine_regions
from seawatch.zones.validate import ZoneCRSError, ZoneFileError

DATA = Path(__file__).resolve().parents[1] / "data" / "zones"
V11 = DATA / "mr_eez_v11_mini.geojson"
V12 = DATA / "mr_eez_v12_lower.geojson"

#: What the v11 fixture must become (see tests/data/zones/README.md).
V11_EXPECTED = {
    "mr-8322": ("eez_provisional", "PHL"),
    "mr-8484": ("eez_provisional", "VNM"),
    "mr-49003": ("claim", "BRN;CHN;MYS;PHL;TWN;VNM"),
    "mr-90001": ("claim", "CHN;JPN;TWN"),
    "mr-90002": ("joint", "MYS;THA"),
}


@pytest.fixture(autouse=True)
def user_dirs(tmp_path, monkeypatch):
    """User data and cache folders in tmp_path (imported_zones_path() points there)."""
    monkeypatch.setenv("SEAWATCH_USER_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("SEAWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SEAWATCH_CACHE_DIR", raising=False)
    clear_cache()
    yield
    clear_cache()


def by_id(zones: gpd.GeoDataFrame) -> dict[str, tuple[str, str]]:
    return {
        r.zone_id: (r.kind, r.claimants)
        for r in zones[[schema.ZONE_ID, schema.ZONE_KIND, schema.ZONE_CLAIMANTS]].itertuples()
    }


# --- conversion ----------------------------------------------------------------------------------


def test_v11_pol_types_become_kinds_with_claimants():
    zones, report = import_marine_regions(V11, write=False)
    assert by_id(zones) == V11_EXPECTED
    assert list(zones.columns) == [*schema.ZONE_COLUMNS, "geometry"]
    assert zones.crs == schema.CRS
    assert report.n_read == 6 and report.n_kept == 5


def test_mrgid_49003_takes_seawatch_claimants_and_says_so():
    zones, _ = import_marine_regions(V11, write=False)
    row = zones.set_index(schema.ZONE_ID).loc["mr-49003"]
    assert schema.split_list(row[schema.ZONE_CLAIMANTS]) == sorted(SCS_OVERLAP_CLAIMANTS)
    assert "seawatch's list" in row[schema.ZONE_BASIS]
    assert row[schema.ZONE_NAME] == "Overlapping claim South China Sea"


def test_features_outside_region_are_left_out_and_reported():
    zones, report = import_marine_regions(V11, write=False)
    assert "mr-90003" not in set(zones[schema.ZONE_ID])
    assert report.outside_region == ["mr-90003"]
    assert any("mr-90003" in note for note in report.notes)


def test_zones_are_clipped_to_region():
    zones, _ = import_marine_regions(V11, write=False)
    region = shapely.box(*schema.REGION_BOUNDS)
    assert shapely.covered_by(zones.geometry.to_numpy(), region).all()
    phl = zones.set_index(schema.ZONE_ID).geometry["mr-8322"]
    # the fixture's PHL square runs 117-127E; the region ends at 125E
    assert phl.bounds == pytest.approx((117.0, 10.0, 125.0, 16.0))


def test_source_is_the_marine_regions_citation_with_version_and_licence():
    zones, report = import_marine_regions(V11, write=False)
    source = zones.set_index(schema.ZONE_ID).loc["mr-8322", schema.ZONE_SOURCE]
    assert source.startswith("Flanders Marine Institute (2019). Maritime Boundaries Geodatabase")
    assert "version 11" in source and "https://doi.org/10.14284/386" in source
    assert "CC BY 4.0" in source and "MRGID 8322" in source
    assert set(zones[schema.ZONE_VERSION]) == {"marineregions-v11"}
    assert report.mr_version == "11"


def test_v12_lower_case_columns_are_accepted():
    zones, report = import_marine_regions(V12, write=False)
    assert by_id(zones) == {
        "mr-8322": ("eez_provisional", "PHL"),
        "mr-49003": ("claim", "BRN;CHN;MYS;PHL;TWN;VNM"),
    }
    assert report.mr_version == "12"
    assert all("10.14284/632" in s for s in zones[schema.ZONE_SOURCE])


def test_version_given_overrides_the_file_name():
    zones, report = import_marine_regions(V11, write=False, mr_version="12")
    assert set(zones[schema.ZONE_VERSION]) == {"marineregions-v12"}
    assert report.mr_version == "12"


def shapefile_of(src: Path, folder: Path, name: str = "eez_v11") -> Path:
    """The fixture re-written as a shapefile (what marineregions.org ships for v11)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{name}.shp"
    gpd.read_file(src).to_file(out, engine="pyogrio")
    return out


def test_shapefile_gives_the_same_zones_as_geojson(tmp_path):
    shp = shapefile_of(V11, tmp_path)
    zones, _ = import_marine_regions(shp, write=False)
    assert by_id(zones) == V11_EXPECTED


def test_zip_of_a_shapefile_is_read(tmp_path):
    shp = shapefile_of(V11, tmp_path / "shp")
    archive = tmp_path / "World_EEZ_v11_20191118.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.iterdir():
            zf.write(part, part.name)
    zones, report = import_marine_regions(archive, write=False)
    assert by_id(zones) == V11_EXPECTED
    assert report.mr_version == "11"


def test_geopackage_with_several_layers_picks_the_eez_polygons(tmp_path):
    gpkg = tmp_path / "eez_v12.gpkg"
    lines = gpd.GeoDataFrame(
        {"LINE_ID": [1]}, geometry=[shapely.LineString([(110, 5), (111, 6)])], crs=schema.CRS
    )
    lines.to_file(gpkg, layer="eez_boundaries_v12", engine="pyogrio")
    gpd.read_file(V12).to_file(gpkg, layer="eez_v12", engine="pyogrio")
    zones, report = import_marine_regions(gpkg, write=False)
    assert report.layer == "eez_v12"
    assert set(zones[schema.ZONE_ID]) == {"mr-8322", "mr-49003"}


def test_unknown_layer_is_named(tmp_path):
    with pytest.raises(ZoneFileError, match=r"has no layer 'nope'; its layers are \['eez_v11'\]"):
        import_marine_regions(V11, write=False, layer="nope")


# --- bad files -----------------------------------------------------------------------------------


def test_wrong_crs_is_reprojected_and_reported():
    zones, report = import_marine_regions(DATA / "mr_eez_v11_epsg3857.geojson", write=False)
    assert report.notes[0] == "reprojected from EPSG:3857 to EPSG:4326 (WGS84 lon/lat)"
    assert zones.crs == schema.CRS
    assert tuple(zones.total_bounds) == pytest.approx((106, 8, 121, 16), abs=1e-6)


def test_invalid_geometry_is_repaired_and_reported_others_rejected_by_row():
    zones, report = import_marine_regions(DATA / "mr_invalid_geometries.geojson", write=False)
    assert [(i.row, i.zone_id, i.action) for i in report.issues] == [
        (2, "mr-8484", "repaired"),
        (3, "mr-49003", "rejected"),
        (4, "mr-90004", "rejected"),
        (5, "mr-90005", "rejected"),
    ]
    problems = [i.problem for i in report.issues]
    assert problems[0].startswith("invalid geometry (Self-intersection")
    assert problems[1] == "LineString geometry; zones must be Polygon or MultiPolygon"
    assert "POL_TYPE '12NM'" in problems[2]
    assert "XXX" in problems[3]
    vnm = zones.set_index(schema.ZONE_ID).loc["mr-8484"]
    # the bow tie 106-110E 8-14N crossing at (108, 11) is two triangles of 6 square degrees each
    assert vnm.geometry.is_valid and vnm.geometry.area == pytest.approx(12.0)
    assert "repaired with shapely.make_valid" in vnm[schema.ZONE_METHOD]
    assert set(zones[schema.ZONE_ID]) == {"mr-8322", "mr-8484"}


def test_shapefile_without_prj_is_a_crs_error(tmp_path):
    shp = shapefile_of(V11, tmp_path)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(ZoneCRSError, match=r"eez_v11\.shp: has no coordinate reference system"):
        import_marine_regions(shp, write=False)


def test_bad_mrgid_names_row_column_and_value(tmp_path):
    bad = tmp_path / "eez_v11.geojson"
    bad.write_text(V11.read_text().replace('"MRGID": 8484', '"MRGID": "abc"'))
    with pytest.raises(ZoneFileError, match=r"row 2, column 'MRGID', value 'abc'"):
        import_marine_regions(bad, write=False)


def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "eez.csv"
    path.write_text("MRGID,GEONAME\n8322,Philippine Exclusive Economic Zone\n")
    return path


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda t: DATA / "not_geo.geojson", ZoneFileError, r"not_geo\.geojson: not a geo file"),
        (lambda t: DATA / "empty.geojson", ZoneFileError, r"empty\.geojson: .*no features"),
        (
            lambda t: DATA / "mr_missing_columns.geojson",
            ZoneFileError,
            r"missing column\(s\) 'POL_TYPE', 'ISO_SOV1'.*the file has MRGID, GEONAME",
        ),
        (
            lambda t: DATA / "mr_eez_metres_no_crs.geojson",
            ZoneCRSError,
            r"outside the longitude/latitude range of EPSG:4326",
        ),
        (csv_file, ZoneFileError, r"eez\.csv: layer 'eez' has no geometry column"),
        (lambda t: t / "absent.shp", ZoneFileError, r"absent\.shp: no such file"),
        (lambda t: t, ZoneFileError, r"is a folder, not a zone file"),
    ],
    ids=["not-geo", "empty", "missing-columns", "metres-as-degrees", "csv", "absent", "folder"],
)
def test_bad_files_raise_a_clear_error(tmp_path, make, error, match):
    with pytest.raises(error, match=match):
        import_marine_regions(make(tmp_path), write=False)


def test_file_without_a_usable_zone_is_an_error(tmp_path):
    only_outside = tmp_path / "eez_v11.geojson"
    lines = V11.read_text().splitlines()
    only_outside.write_text("\n".join([lines[0], lines[-2].rstrip(","), lines[-1]]))
    with pytest.raises(ZoneFileError, match=r"no usable zone among its 1 features: .*mr-90003"):
        import_marine_regions(only_outside)
    assert not datasets.imported_zones_path().exists()


def test_bad_file_writes_nothing():
    with pytest.raises(ZoneError):
        import_marine_regions(DATA / "mr_missing_columns.geojson")
    assert not datasets.imported_zones_path().exists()


# --- writing and loading back --------------------------------------------------------------------


def test_import_writes_the_layer_load_zones_imported_reads():
    zones, report = import_marine_regions(V11)
    assert report.written_to == str(datasets.imported_zones_path())
    assert_geodataframe_equal(load_zones("imported"), zones, check_dtype=False)


def test_out_path_and_dry_run(tmp_path):
    out = tmp_path / "mine.gpkg"
    import_marine_regions(V12, out=out)
    assert out.is_file()
    _, report = import_marine_regions(V11, write=False)
    assert report.written_to is None
    assert not datasets.imported_zones_path().exists()


def test_unwritable_destination_is_a_zone_error(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(ZoneError, match=r"cannot write the imported zones"):
        import_marine_regions(V11, out=blocker / "zones.gpkg")


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_import_reports_and_writes(capsys):
    assert main(["zones", "import", str(V11)]) == 0
    out = capsys.readouterr().out
    assert "6 features read, 5 kept" in out
    assert "mr-90003" in out
    assert "claim                2 zones" in out
    assert "joint                1 zones" in out
    assert f"written to {datasets.imported_zones_path()}" in out


def test_cli_import_dry_run_writes_nothing(capsys):
    assert main(["zones", "import", str(V11), "--dry-run"]) == 0
    assert "dry run: nothing written" in capsys.readouterr().out
    assert not datasets.imported_zones_path().exists()


def test_cli_import_warns_about_rejected_rows(capsys):
    assert main(["zones", "import", str(DATA / "mr_invalid_geometries.geojson")]) == 0
    captured = capsys.readouterr()
    assert "row 2 (mr-8484): invalid geometry (Self-intersection" in captured.out
    assert "warning: 3 feature(s) rejected" in captured.err


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_geo.geojson", "not a geo file"),
        ("empty.geojson", "no features"),
        ("mr_missing_columns.geojson", "missing column(s) 'POL_TYPE', 'ISO_SOV1'"),
        ("mr_eez_metres_no_crs.geojson", "declared CRS is wrong"),
    ],
)
def test_cli_import_bad_file_exits_2_with_one_line(capsys, name, message):
    assert main(["zones", "import", str(DATA / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"seawatch zones: error: {DATA / name}: ")
    assert message in err
    assert "Traceback" not in err and err.count("\n") == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_download_without_network_fails_cleanly(capsys, tmp_path):
    dest = tmp_path / "eez.geojson"
    url = f"http://127.0.0.1:{free_port()}/wfs"
    assert main(["zones", "download", "--url", url, "--out", str(dest), "--timeout", "2"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Marine Regions web service" in err
    assert "https://www.marineregions.org/downloads.php" in err
    assert "Traceback" not in err
    assert not dest.exists()


def test_cli_download_from_a_file_url_imports(capsys, tmp_path):
    dest = tmp_path / "eez.geojson"
    assert main(["zones", "download", "--url", V11.as_uri(), "--out", str(dest)]) == 0
    assert dest.read_bytes() == V11.read_bytes()
    zones = load_zones("imported")
    assert by_id(zones) == V11_EXPECTED
    assert all(v.startswith("marineregions-wfs-") for v in zones[schema.ZONE_VERSION])
    assert "web-service layer MarineRegions:eez retrieved" in zones[schema.ZONE_SOURCE].iloc[0]


def test_cli_download_no_import(capsys, tmp_path):
    dest = tmp_path / "eez.geojson"
    assert (
        main(["zones", "download", "--url", V11.as_uri(), "--out", str(dest), "--no-import"]) == 0
    )
    assert dest.is_file()
    assert not datasets.imported_zones_path().exists()


def test_cli_download_answer_not_geojson(capsys, tmp_path):
    dest = tmp_path / "eez.geojson"
    url = (DATA / "not_geo.geojson").as_uri()
    assert main(["zones", "download", "--url", url, "--out", str(dest)]) == 2
    assert (
        "the answer is not GeoJSON (it starts 'this is a shopping list" in capsys.readouterr().err
    )
    assert not dest.exists()


class _Unavailable(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_error(503, "Service Unavailable")

    def log_message(self, *args: object) -> None:
        pass


def test_cli_download_http_error(capsys, tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Unavailable)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/wfs"
        assert main(["zones", "download", "--url", url, "--out", str(tmp_path / "x.json")]) == 2
    finally:
        server.shutdown()
        server.server_close()
    assert "answered HTTP 503" in capsys.readouterr().err


def test_cli_download_to_an_unwritable_place(capsys, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    out = blocker / "eez.geojson"
    assert main(["zones", "download", "--url", V11.as_uri(), "--out", str(out)]) == 2
    assert "cannot save the download" in capsys.readouterr().err


def test_cli_download_rejects_other_url_schemes(capsys):
    assert main(["zones", "download", "--url", "ftp://example.org/eez.zip"]) == 2
    assert "scheme 'ftp' not allowed" in capsys.readouterr().err


@pytest.mark.parametrize("action", ["import", "download", "list", "build"])
def test_every_zones_action_has_help_with_examples(capsys, action):
    with pytest.raises(SystemExit) as exc:
        main(["zones", action, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"seawatch zones {action}" in out


# --- invariant: nothing is lost silently ---------------------------------------------------------

_POL_TYPES = ["200NM", "Overlapping claim", "Joint regime", "12NM"]
_CODES = ["PHL", "VNM", "CHN", "MYS", "", None, "XXX"]


@st.composite
def mr_features(draw: st.DrawFn) -> list[dict]:
    """Random Marine Regions rows: squares anywhere, some bow ties, lines, odd codes."""
    n = draw(st.integers(1, 8))
    features = []
    for i in range(n):
        w = draw(st.floats(60, 160, allow_nan=False))
        s = draw(st.floats(-30, 40, allow_nan=False))
        size = draw(st.floats(0.5, 20))
        shape = draw(st.sampled_from(["square", "bowtie", "line"]))
        ring = {
            "square": [[w, s], [w + size, s], [w + size, s + size], [w, s + size], [w, s]],
            "bowtie": [[w, s], [w + size, s + size], [w + size, s], [w, s + size], [w, s]],
            "line": [[w, s], [w + size, s + size]],
        }[shape]
        geometry = (
            {"type": "LineString", "coordinates": ring}
            if shape == "line"
            else {"type": "Polygon", "coordinates": [ring]}
        )
        props = {
            "MRGID": 10_000 + i,
            "GEONAME": f"random {i}",
            "POL_TYPE": draw(st.sampled_from(_POL_TYPES)),
            "ISO_SOV1": draw(st.sampled_from(_CODES)),
            "ISO_SOV2": draw(st.sampled_from(_CODES)),
            "ISO_SOV3": draw(st.sampled_from(_CODES)),
        }
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return features


@settings(max_examples=40, deadline=None)
@given(features=mr_features())
def test_every_feature_is_kept_rejected_or_reported_outside(features):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "eez_v11.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        try:
            zones, report = import_marine_regions(path, write=False)
        except ZoneFileError as exc:
            assert "no usable zone" in str(exc)
            return
    accounted = report.n_kept + len(report.rejected) + len(report.outside_region)
    assert accounted == report.n_read == len(features)
    assert shapely.is_valid(zones.geometry.to_numpy()).all()
    assert shapely.covered_by(zones.geometry.to_numpy(), shapely.box(*schema.REGION_BOUNDS)).all()
    assert set(zones.geometry.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(
    ("lat", "lon", "status", "claimants"),
    [
        # inside 49003, "Overlapping claim South China Sea" (112-117E 7-11N): the six claimants,
        # CHN and TWN one family (the dashed line), the others each their own
        (9.0, 114.0, "disputed", ["BRN", "CHN", "MYS", "PHL", "TWN", "VNM"]),
        # inside 90002, a "Joint regime" of MYS and THA (102-103.5E 6.5-7.5N)
        (7.0, 102.7, "joint", ["MYS", "THA"]),
        # inside 8484, VNM's 200NM polygon (106-110E 8-14N): one claimant
        (10.0, 108.0, "single", ["VNM"]),
    ],
)
def test_imported_pol_types_give_the_status_model(lat, lon, status, claimants):
    zones, _ = import_marine_regions(V11, out=None)
    no_land = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
    found = seawatch.status_at(lat, lon, zones, land=no_land, features=())
    assert (found["status"], found["claimants"]) == (status, claimants)
