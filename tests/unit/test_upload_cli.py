"""``seawatch import/validate`` with presets, guessed mappings and the region (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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


def test_a_dataset_of_thousands_of_rows_arrives_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14, done-when: a few thousand rows in the Crime at Sea layout keep every
    description they had, every type of the vocabulary maps to a type other than 'other',
    and importing again adds nothing. The rows are generated (one per day, so no two share
    a date), not copied from the dataset."""
    kinds = ["Boarded", "Attempted", "Hijacked", "Fired Upon", "NA"]
    header = (
        "date,time,longitude,latitude,attack_type,location_description,nearest_country,"
        "eez_country,shore_distance,shore_longitude,shore_latitude,attack_description,"
        "vessel_name,vessel_type,vessel_status,data_source\n"
    )
    days = pd.date_range("1995-01-01", periods=3000, freq="D")
    lines = []
    for i, day in enumerate(days):
        text = "NA" if i % 7 == 0 else f'"Attack {i}: robbers boarded, took stores, escaped."'
        lines.append(
            f"{day:%Y-%m-%d},NA,{105 + (i % 130) / 10:.2f},{2 + (i % 170) / 10:.2f},"
            f"{kinds[i % 5]},Off somewhere,MYS,MYS,10,104,1,{text},Ship {i},Tanker,NA,imb\n"
        )
    path = tmp_path / "pirate_attacks.csv"
    path.write_text(header + "".join(lines), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    assert "added 3,000 incident(s)" in capsys.readouterr().out
    incidents = store.current_incidents()[0].set_index("vessels")
    rows = incidents.loc[[f"Ship {i}; Tanker" for i in range(3000)]]
    had_text = [i % 7 != 0 for i in range(3000)]
    kept = rows["description"].fillna("").str.startswith("Attack ").tolist()
    assert kept == had_text
    in_vocabulary = [kinds[i % 5] != "NA" for i in range(3000)]
    assert rows["incident_type"].ne("other").tolist() == in_vocabulary
    assert main(["import", str(path)]) == 0
    assert "added 0 incident(s), skipped 3,000" in capsys.readouterr().out


def test_map_adjusts_the_recognised_presets_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(PRESETS / "asam_legacy.csv")
    assert main(["validate", path, "--map", "description=Desc1+Desc2"]) == 0
    out = capsys.readouterr().out
    assert "description <- Desc1+Desc2" in out and "vessels <- Victim" in out
