"""Encodings of the region's incident files (issue 14 item 4, issue 18.9).

Fixtures (tests/data/upload, see the README there): hand-written incidents encoded with
Python's codecs in GBK, Big5, Shift-JIS, cp1258 (Vietnamese, tone marks as combining
characters), UTF-16-LE without a BOM (mostly Chinese text), and a UTF-8 file with one
cp1252 line appended. Each is checked to be misread by the fixed fallback chain seawatch used
before (UTF-8, else cp1252, else latin-1), so the tests would fail with it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from seawatch.errors import InputError
from seawatch.io import read_table
from seawatch.validation import validate

UPLOAD = Path(__file__).parents[1] / "data" / "upload"
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Remembered mappings go to a throwaway folder."""
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))


def _old_chain(data: bytes) -> str:
    """How seawatch decoded before (BOM and UTF-16 NUL checks aside: none applies here)."""
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


CASES = [
    ("gbk_chinese.csv", {"gb18030"}, "中国海警船对菲律宾补给船使用水炮"),
    ("big5_chinese.csv", {"big5", "cp950"}, "中國海警船對菲律賓補給船使用水砲"),
    (
        "shift_jis_japanese.csv",
        {"cp932", "shift_jis"},
        "中国海警局の船がフィリピンの補給船に放水した",
    ),
    ("cp1258_vietnamese.csv", {"cp1258"}, "Tàu cá Việt Nam bị bắt giữ gần quần đảo Hoàng Sa"),
    ("utf16le_no_bom_chinese.csv", {"utf-16-le"}, "中国海警船对菲律宾补给船使用水炮，"),
]


@pytest.mark.parametrize(("name", "encodings", "first"), CASES)
def test_regional_encodings_are_detected_and_read(
    name: str, encodings: set[str], first: str
) -> None:
    data = (UPLOAD / name).read_bytes()
    assert first not in unicodedata.normalize("NFC", _old_chain(data))  # the fixture bites
    table = read_table(UPLOAD / name)
    assert table.encoding in encodings
    assert table.encoding_confidence is not None and table.encoding_confidence >= 0.8
    assert table.frame["description"].iloc[0].startswith(first)
    _, report = validate(table, today=TODAY, land=False)
    assert report.rejected == 0
    assert f"encoding {table.encoding}" in report.summary()[0]


def test_a_confidence_below_one_is_in_the_summary() -> None:
    table = read_table(UPLOAD / "big5_chinese.csv")
    _, report = validate(table, today=TODAY, land=False)
    assert f"(confidence {table.encoding_confidence:.0%})" in report.summary()[0]


def test_vietnamese_is_composed_like_typed_text() -> None:
    location = read_table(UPLOAD / "cp1258_vietnamese.csv").frame["location_name"].iloc[2]
    assert location == "Đà Nẵng" == unicodedata.normalize("NFC", location)


def test_a_file_mixing_utf8_and_cp1252_is_decoded_line_by_line() -> None:
    """18.9: the whole file was decoded as latin-1 ("Đà Nẵng" stored as mojibake), silently."""
    data = (UPLOAD / "mixed_utf8_cp1252.csv").read_bytes()
    assert "Đà Nẵng" not in _old_chain(data)
    table = read_table(UPLOAD / "mixed_utf8_cp1252.csv")
    assert table.encoding == "utf-8 + cp1252 (by line)"
    assert table.frame["location_name"].tolist() == ["Đà Nẵng", "Récif", "Hải Phòng"]
    assert table.frame["description"].iloc[1] == "Bateau de pêche touché — café renversé"
    accepted, report = validate(table, today=TODAY, land=False)
    assert len(accepted) == 3
    line = report.problems[report.problems["column"] == "(whole row)"]
    assert line["row"].tolist() == [3]
    assert line["severity"].tolist() == ["suspect"]
    assert "this line is cp1252 while the file is utf-8" in line["problem"].iloc[0]
    assert any("mixes encodings" in n for n in report.notices)


def test_a_chosen_encoding_wins_and_lines_it_cannot_read_are_rejected() -> None:
    table = read_table(UPLOAD / "mixed_utf8_cp1252.csv", encoding="utf-8")
    assert table.encoding == "utf-8"
    assert table.frame["location_name"].iloc[0] == "Đà Nẵng"
    _, report = validate(table, today=TODAY, land=False)
    bad = report.problems[report.problems["column"] == "(whole row)"]
    assert (bad["row"].tolist(), bad["severity"].tolist()) == ([3], ["rejected"])
    assert "are not valid utf-8 (the chosen encoding)" in bad["problem"].iloc[0]


def test_choosing_the_encoding_reads_a_file_as_told() -> None:
    table = read_table(UPLOAD / "gbk_chinese.csv", encoding="GBK")
    assert (table.encoding, table.encoding_confidence) == ("gbk", 1.0)
    assert table.frame["location_name"].iloc[1] == "黄岩岛"


def test_an_unknown_encoding_name_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"encoding='klingon' is not an encoding Python knows"):
        read_table(UPLOAD / "gbk_chinese.csv", encoding="klingon")


def test_cli_encoding_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from seawatch.cli import main

    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    path = str(UPLOAD / "gbk_chinese.csv")
    assert main(["validate", path]) == 0
    assert re.search(r"encoding gb18030 \(confidence 9\d%\)", capsys.readouterr().out)
    assert main(["validate", path, "--encoding", "gbk"]) == 0
    assert "csv; encoding gbk; delimiter ','" in capsys.readouterr().out
    assert main(["validate", path, "--encoding", "klingon"]) == 2
    assert "encoding='klingon' is not an encoding Python knows" in capsys.readouterr().err
