"""Date spellings -> days; the day/month order decided per file; never a silent wrong day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from seawatch.dates import parse_dates

TODAY = dt.date(2026, 6, 1)


def one(text: str) -> tuple[str, str, str]:
    """(start, end, precision) of one cell parsed alone, as ISO text ('NaT' when absent)."""
    p = parse_dates(pd.Series([text]), today=TODAY)
    return str(p.start[0])[:10], str(p.end[0])[:10], str(p.precision[0])


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2023-08-05", "2023-08-05"),
        ("2023/8/5", "2023-08-05"),
        ("20230805", "2023-08-05"),
        ("2023-08-05T14:20:00Z", "2023-08-05"),
        ("2023-08-05 14:20", "2023-08-05"),
        ("5 Aug 2023", "2023-08-05"),
        ("5th August 2023", "2023-08-05"),
        ("Aug 5, 2023", "2023-08-05"),
        ("05-AUG-23", "2023-08-05"),
        ("2023 Aug 5", "2023-08-05"),
        ("45143", "2023-08-05"),
        ("25/12/2023", "2023-12-25"),
        ("25.12.23", "2023-12-25"),
    ],
)
def test_day_spellings(text: str, day: str) -> None:
    assert one(text) == (day, "NaT", "day")


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2023-08", "2023-08-01", "2023-08-31", "month"),
        ("08/2023", "2023-08-01", "2023-08-31", "month"),
        ("Feb 2024", "2024-02-01", "2024-02-29", "month"),
        ("2019", "2019-01-01", "2019-12-31", "year"),
    ],
)
def test_reduced_precision_becomes_a_period(
    text: str, start: str, end: str, precision: str
) -> None:
    assert one(text) == (start, end, precision)


@pytest.mark.parametrize(("yy", "year"), [("26", 2026), ("27", 1927), ("98", 1998), ("05", 2005)])
def test_two_digit_years_pivot_on_this_year(yy: str, year: int) -> None:
    assert one(f"15/01/{yy}")[0] == f"{year}-01-15"


def test_order_decided_from_the_values() -> None:
    dmy = parse_dates(pd.Series(["05/08/2023", "25/12/2023"]), today=TODAY)
    assert dmy.order == "DMY" and "first number above 12" in dmy.order_reason
    assert str(dmy.start[0])[:10] == "2023-08-05" and not dmy.ambiguous.any()
    mdy = parse_dates(pd.Series(["05/08/2023", "12/25/2023"]), today=TODAY)
    assert mdy.order == "MDY" and str(mdy.start[0])[:10] == "2023-05-08"


def test_undecidable_order_is_flagged_row_by_row() -> None:
    p = parse_dates(pd.Series(["03/04/2019", "07/07/2019", "2019-05-05"]), today=TODAY)
    assert p.order == "DMY" and "assumed" in p.order_reason
    assert p.ambiguous.tolist() == [True, False, False]  # 07/07 reads the same either way


def test_forced_order_wins() -> None:
    p = parse_dates(pd.Series(["03/04/2019"]), order="MDY", today=TODAY)
    assert str(p.start[0])[:10] == "2019-03-04" and not p.ambiguous.any()


def test_mixed_orders_reject_the_minority_and_flag_the_undecidable() -> None:
    cells = ["25/12/2023", "26/12/2023", "12/27/2023", "03/04/2024", "07/07/2024"]
    p = parse_dates(pd.Series(cells), today=TODAY)
    assert p.order == "DMY" and "mixes both orders" in p.order_reason
    assert p.problem.iloc[2] == "reads as M/D/Y but this file is D/M/Y by majority"
    # 03/04 could be either order in a file that holds both: read D/M/Y, flagged
    assert str(p.start[3])[:10] == "2024-04-03"
    assert p.ambiguous.tolist() == [False, False, False, True, False]
    assert p.problem.iloc[[0, 1, 3, 4]].isna().all()


def test_mixed_orders_with_a_month_first_majority() -> None:
    p = parse_dates(pd.Series(["12/27/2023", "12/28/2023", "27/12/2023"]), today=TODAY)
    assert p.order == "MDY"
    assert p.problem.iloc[2] == "reads as D/M/Y but this file is M/D/Y by majority"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2023-02-30", "no such day in the calendar"),
        ("5 Foo 2023", "unknown month name"),
        ("yesterday", "not a date"),
        ("2999-01-01", "date is in the future"),
    ],
)
def test_unreadable_dates_say_why(text: str, problem: str) -> None:
    p = parse_dates(pd.Series([text]), today=TODAY)
    assert np.isnat(p.start[0]) and problem in p.problem.iloc[0]


def test_missing_markers() -> None:
    p = parse_dates(pd.Series(["NA", "n/a", "-", ""]), today=TODAY)
    assert p.missing.all() and p.problem.isna().all()


@pytest.mark.parametrize(
    "text", ["0001-01-01", "0024-03-05", "5 Mar 0099", "05/03/0024", "0099", "1899-12-31"]
)
def test_four_digit_years_before_1900_are_refused_not_expanded(text: str) -> None:
    """Issue 18.9: 0001, 0024, 0099 were stored as 2001, 2024, 1999 and accepted."""
    parsed = parse_dates(pd.Series([text]), today=dt.date(2025, 6, 1))
    assert np.isnat(parsed.start[0])
    assert (
        parsed.problem[0]
        == "the year is before 1900: write it with four digits (or two: 24 = 2024)"
    )


def test_two_digit_years_are_still_expanded() -> None:
    parsed = parse_dates(
        pd.Series(["05/03/24", "5 Mar 99", "1900-01-01"]), today=dt.date(2025, 6, 1)
    )
    assert [str(d)[:10] for d in parsed.start] == ["2024-03-05", "1999-03-05", "1900-01-01"]
