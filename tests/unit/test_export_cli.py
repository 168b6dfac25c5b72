"""``seawatch export map|data``: files written, filters applied as IncidentFilter, clean errors.

Each test uses a throwaway incident store (SEAWATCH_STORE in tmp_path): it is seeded with the
bundled data/incidents.csv on first use. Expectations are computed through the public
functions (store, join, apply_filter), never hard-coded.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from seawatch.cli import main
from seawatch.export.view import load_view
from seawatch.filtering import IncidentFilter


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    """A fresh store per test, seeded from the bundled incidents."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("SEAWATCH_STORE", str(path))
    return path


def _expected_ids(flt: IncidentFilter) -> list[str]:
    return load_view(flt).incidents["incident_id"].tolist()


def test_data_csv_with_filters_matches_apply_filter(tmp_path, capsys):
    out = tmp_path / "view.csv"
    code = main(
        [
            "export",
            "data",
            "--format",
            "csv",
            "--out",
            str(out),
            "--country",
            "PHL",
            "--since",
            "2023-01-01",
        ]
    )
    assert code == 0
    read = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    want = _expected_ids(IncidentFilter.from_cli(country=["PHL"], since="2023-01-01"))
    assert read["incident_id"].tolist() == want
    assert 0 < len(want)
    assert f"{len(want)} of " in capsys.readouterr().out


def test_search_by_word_form_and_the_line_saying_what_matched(tmp_path, capsys):
    """``--search Water-Cannoned`` exports the incidents ``water cannon`` finds, and says so."""
    out = tmp_path / "view.csv"
    assert main(["export", "data", "--out", str(out), "--search", "Water-Cannoned"]) == 0
    want = _expected_ids(IncidentFilter(search="water cannon"))
    assert want and sorted(pd.read_csv(out, encoding="utf-8-sig")["incident_id"]) == sorted(want)
    lines = capsys.readouterr().out.splitlines()
    assert f'{len(want)} incidents match "water-cannoned" (stemmed: water cannon)' in lines


def test_data_without_filter_exports_the_whole_store(tmp_path):
    out = tmp_path / "all.geojson"
    assert main(["export", "data", "--out", str(out)]) == 0  # format from the extension
    doc = json.loads(out.read_text(encoding="utf-8"))
    view = load_view()
    assert len(doc["features"]) == view.total == len(view.incidents)
    assert {"claimants", "disputed", "zone_ids"} <= set(doc["features"][0]["properties"])


def test_disputed_only_and_zones_out(tmp_path):
    out, zones_out = tmp_path / "d.gpkg", tmp_path / "z.geojson"
    code = main(
        ["export", "data", "--out", str(out), "--disputed-only", "--zones-out", str(zones_out)]
    )
    assert code == 0
    import geopandas as gpd

    read = gpd.read_file(out)
    assert read["incident_id"].tolist() == _expected_ids(IncidentFilter(disputed_only=True))
    assert read["disputed"].astype(bool).all()
    zones = gpd.read_file(zones_out)
    assert len(zones) > 0 and {"zone_id", "kind", "claimants"} <= set(zones.columns)


def test_empty_selection_still_writes_a_valid_file(tmp_path, capsys):
    out = tmp_path / "none.csv"
    assert main(["export", "data", "--out", str(out), "--search", "zzz-no-such-text"]) == 0
    assert pd.read_csv(out, encoding="utf-8-sig").empty
    assert "no incidents match" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["export", "data", "--out", "x.xlsx"],
            r"cannot tell the format from the extension '.xlsx'",
        ),
        (
            ["export", "data", "--out", "x.csv", "--since", "2024-13-01"],
            r"--since '2024-13-01' is not an ISO date",
        ),
        (
            ["export", "data", "--out", "x.csv", "--country", "XXX"],
            r"countries=\['XXX'\] \(--country\) not allowed",
        ),
        (
            ["export", "map", "--out", "x.png", "--names", "zz"],
            r"names='zz' is not a place-name choice",
        ),
        (["export", "map", "--out", "x.png", "--dpi", "5"], r"--dpi 5 is out of range"),
        (["export", "data", "--out", "no_dir/x.csv"], r"cannot write '.*no_dir/x.csv'"),
        (
            ["export", "map", "--format", "pdf", "--out", "x.png"],
            r"has the extension of png files but --format is 'pdf'",
        ),
    ],
)
def test_bad_input_is_one_clean_line(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert re.search(message, err), err
    assert "Traceback" not in err and err.count("\n") == 1


def test_map_pdf_with_title_and_names(tmp_path, capsys):
    out = tmp_path / "m.pdf"
    code = main(
        [
            "export",
            "map",
            "--format",
            "pdf",
            "--out",
            str(out),
            "--title",
            "Brief 7",
            "--names",
            "chn",
            "--type",
            "water_cannon",
        ]
    )
    assert code == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and len(re.findall(rb"/Type /Page\b", data)) == 1
    n = len(_expected_ids(IncidentFilter(types=("water_cannon",))))
    assert f"{n} of " in capsys.readouterr().out


def test_map_report_and_png_and_html(tmp_path):
    report, png, page = tmp_path / "r.pdf", tmp_path / "m.png", tmp_path / "m.html"
    assert (
        main(["export", "map", "--format", "report", "--out", str(report), "--country", "VNM"]) == 0
    )
    assert len(re.findall(rb"/Type /Page\b", report.read_bytes())) >= 4
    assert main(["export", "map", "--out", str(png), "--dpi", "40", "--disputed-only"]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert main(["export", "map", "--out", str(page), "--country", "MYS"]) == 0
    assert "L.map(" in page.read_text(encoding="utf-8")


def test_export_without_kind_prints_help(capsys):
    assert main(["export"]) == 2
    assert "{map,data}" in capsys.readouterr().out


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["export", "map", "--help"])
    text = capsys.readouterr().out
    assert "seawatch export map --format pdf" in text and "--names" in text


# --- the dashboard's Exports tab: its file cache and view key (plain functions) ---------------


def test_byte_cache_reuses_files_until_they_expire():
    from seawatch.ui.export import _ByteCache

    calls: list[str] = []

    def make(name: str):
        return lambda: calls.append(name) or name.encode()

    cache = _ByteCache(size=2, ttl=600)
    assert cache.get(("a",), make("a")) == b"a"
    assert cache.get(("a",), make("a")) == b"a"
    assert calls == ["a"]
    cache.get(("b",), make("b"))
    cache.get(("c",), make("c"))  # evicts "a", the least recently used
    cache.get(("a",), make("a"))
    assert calls == ["a", "b", "c", "a"]
    expired = _ByteCache(ttl=0)
    expired.get(("x",), make("x"))
    expired.get(("x",), make("x"))
    assert calls[-2:] == ["x", "x"]


def test_view_key_follows_rows_filter_and_zones():
    from seawatch.ui.export import view_key

    v = load_view()
    flt = IncidentFilter()
    key = view_key(v.incidents, v.zones, flt)
    assert key == view_key(v.incidents.copy(), v.zones, flt)
    assert key != view_key(v.incidents.iloc[1:], v.zones, flt)
    assert key != view_key(v.incidents, v.zones, IncidentFilter(disputed_only=True))
    assert key != view_key(v.incidents, v.zones.iloc[1:], flt)
