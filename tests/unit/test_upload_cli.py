"""``seawatch import/validate`` with presets, guessed mappings and the region (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seawatch import store
from seawatch.cli import main

UPLOAD = Path(__file__).parents[1] / "data" / "upload"
PRESETS = UPLOAD / "presets"
SEED = (
    "incident_id,date,latitude,longitude,incident_type,countries,description,source\n"
    "S-1,2023-08-05,9.73,115.87,water_cannon,CHN;PHL,Water cannon.,https://example.org/1\n"
)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-row seed, an empty store and an empty mapping memory under tmp_path."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


def stored() -> int:
    return len(store.current_incidents()[0])


def test_guessed_mapping_is_refused_with_a_proposal(capsys: pytest.CaptureFixture[str]) -> None:
    """Fails before issue 14: the file was stored at latitudes 1-12 (the month column)."""
    before = stored()
    assert main(["import", str(UPLOAD / "headerless_parts.csv")]) == 2
    captured = capsys.readouterr()
    assert "proposed mapping (column roles guessed from the values; check them):" in captured.out
    assert "  column 3  '7'  -> date: month (guessed, confidence 0.75)" in captured.out
    assert "  column 5  '8.25'  -> latitude (guessed, confidence 0.95)" in captured.out
    assert "  column 7  '2'  -> (not used)" in captured.out
    assert "nothing was imported" in captured.err and "--accept-guess" in captured.err
    assert stored() == before


def test_accept_guess_imports_at_the_right_latitudes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(UPLOAD / "headerless_parts.csv"), "--accept-guess"]) == 0
    out = capsys.readouterr().out
    assert (
        "storing: 8 rows, 8 typed other, date, positions, countries and description guessed" in out
    )
    assert "added 8 incident(s)" in out
    latitudes = store.current_incidents()[0]["latitude"]
    assert latitudes.min() >= 4.0  # none at month numbers


def test_map_is_a_confirmation(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["import", str(UPLOAD / "headerless_parts.csv")]
    maps = ["--map", "date=2+3+4", "--map", "latitude=5", "--map", "longitude=6"]
    assert main([*args, *maps]) == 0
    assert "added 8 incident(s)" in capsys.readouterr().out


def test_validate_prints_the_proposal_without_refusing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(UPLOAD / "headerless_parts.csv")]) == 0
    assert "-> date: day (guessed" in capsys.readouterr().out


def test_preset_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(PRESETS / "acled.csv"), "--preset", "acled"]) == 0
    assert "preset 'acled': ACLED-style event table" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="2"):
        main(["validate", str(PRESETS / "acled.csv"), "--preset", "nope"])
    assert "invalid choice: 'nope' (choose from 'asam', 'asam-legacy'" in capsys.readouterr().err


def test_rows_outside_the_region_are_counted_and_clipped_on_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(PRESETS / "crime_at_sea.csv")
    before = stored()
    assert main(["import", path, "--clip-region"]) == 0
    out = capsys.readouterr().out
    assert "1 row(s) outside the region left out (--clip-region)" in out
    assert "added 5 incident(s)" in out
    assert stored() == before + 5


def test_rows_outside_the_region_are_imported_by_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["import", str(PRESETS / "crime_at_sea.csv")]) == 0
    out = capsys.readouterr().out
    assert "1 row(s) outside the region will be imported" in out
    assert "storing: 6 rows, 1 without a description, 1 typed other, 1 outside the region" in out


def test_reimporting_a_preset_file_adds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(PRESETS / "asam_2014.csv")
    assert main(["import", path]) == 0
    assert "added 6 incident(s)" in capsys.readouterr().out
    assert main(["import", path]) == 0
    assert "added 0 incident(s), skipped 6" in capsys.readouterr().out
