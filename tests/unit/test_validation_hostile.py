"""Hostile or unlucky cells become row reports, never tracebacks or silent changes (issue 18).

Fixture: tests/data/upload/hostile_cells.csv (see the README there).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from seawatch.io import Limits, read_table
from seawatch.validation import PROBLEM_VALUE_CHARS, validate

UPLOAD = Path(__file__).parents[1] / "data" / "upload"
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Remembered mappings go to a throwaway folder."""
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))


def _report(name: str = "hostile_cells.csv", **kwargs):  # type: ignore[no-untyped-def]
    return validate(read_table(UPLOAD / name), today=TODAY, land=False, **kwargs)


def _problem(report, row: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    found = report.problems[report.problems["row"] == row]
    assert len(found) == 1, found
    return found.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("row", "value"), [(2, "0001-01-01"), (3, "0024-03-05"), (4, "25/03/0099")]
)
def test_four_digit_years_before_1900_are_row_errors(row: int, value: str) -> None:
    """18.9: they were stored as 2001, 2024 and 1999."""
    accepted, report = _report()
    problem = _problem(report, row)
    assert (problem["column"], problem["value"], problem["severity"]) == ("date", value, "rejected")
    assert "the year is before 1900" in str(problem["problem"])
    assert f"Y-{row - 1}" not in accepted["incident_id"].tolist()


def test_a_huge_casualty_count_is_left_out_with_a_message() -> None:
    """18.6: 9999999999999999999 raised OverflowError (a traceback in the dashboard)."""
    accepted, report = _report()
    problem = _problem(report, 5)
    assert problem["column"] == "casualties" and problem["severity"] == "suspect"
    assert problem["problem"] == "100,000 or more is not a count of casualties: left out"
    by_id = accepted.set_index("incident_id")["casualties"]
    assert by_id.isna()["C-1"] and by_id["C-2"] == 3


def test_characters_xml_forbids_are_removed_and_reported() -> None:
    """18.10: a U+FFFE stored at upload made every later KML export invalid."""
    accepted, report = _report()
    problem = _problem(report, 7)
    assert problem["column"] == "description" and problem["severity"] == "suspect"
    assert "removed characters XML forbids (U+FFFE, U+000B)" in str(problem["problem"])
    text = accepted.set_index("incident_id").loc["X-1", "description"]
    assert text == "A noncharacter and a vertical tab in the text"


def test_an_over_long_description_rejects_its_row_and_the_report_quotes_it_short(
    tmp_path: Path,
) -> None:
    """18.5: a 10 MB description was stored and carried by every page."""
    text = (UPLOAD / "hostile_cells.csv").read_text(encoding="utf-8")
    path = tmp_path / "long.csv"
    path.write_text(text.replace("A plausible casualty count", "Shots fired. " * 1000), "utf-8")
    table = read_table(path)  # row C-2, line 6
    accepted, report = validate(
        table, today=TODAY, land=False, limits=Limits(max_description_chars=5000)
    )
    problem = _problem(report, 6)
    assert problem["severity"] == "rejected" and problem["column"] == "description"
    assert problem["problem"].startswith("12,999 characters; the limit for description is 5,000")
    assert len(str(problem["value"])) <= PROBLEM_VALUE_CHARS
    assert "C-2" not in accepted["incident_id"].tolist()
    assert "Shots fired. " * 1000 in report.rejected_text()  # given back whole


def test_other_fields_have_their_own_limit() -> None:
    table = read_table(UPLOAD / "hostile_cells.csv")
    table.frame.loc[4, "id"] = "C" * 1001
    _, report = validate(table, today=TODAY, land=False, limits=Limits())
    problem = _problem(report, 6)
    assert problem["column"] == "id"
    assert problem["problem"].startswith("1,001 characters; the limit for incident_id is 1,000")


def test_casualty_digits_outside_ascii_are_not_a_count() -> None:
    """'１２' (full-width digits) matched \\d and then failed pandas' number parsing."""
    data = "date,latitude,longitude,casualties\n2024-01-01,9.7,115.8,１２\n".encode()
    accepted, report = validate(read_table(data, "w.csv"), today=TODAY, land=False)
    assert report.problems["problem"].tolist() == ["not a whole number of people: left out"]
    assert accepted["casualties"].isna().all()
