"""Write the coverage table of data/incidents.csv (country pairs x years) into data/README.md.

Usage::

    python scripts/coverage_table.py           # rewrite the table between the markers
    python scripts/coverage_table.py --check   # exit 1 if the README's table is out of date

A row's *pair* is its ``countries`` codes sorted and joined with an en dash (``CHN–PHL``);
rows with three or more countries keep all their codes (``CHN–PHL–USA``) and single-country
rows (most piracy cases) are counted under that country alone. The table sits between
``<!-- coverage:start -->`` and ``<!-- coverage:end -->``; it is generated, never typed.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from seawatch import datasets, schema

START = "<!-- coverage:start -->"
END = "<!-- coverage:end -->"
FIRST_YEAR, LAST_YEAR = 2009, 2025


def pair_label(cell: object) -> str:
    """The pair (or group) label of a ``countries`` cell.

    Examples
    --------
    >>> pair_label("PHL;CHN")
    'CHN–PHL'
    >>> pair_label("")
    '(none)'
    """
    codes = sorted(set(schema.as_codes(cell)))
    return "–".join(codes) if codes else "(none)"


def coverage_table(incidents: pd.DataFrame) -> str:
    """A Markdown table: one row per pair (most incidents first), one column per year, totals.

    Examples
    --------
    >>> df = pd.DataFrame({"date": ["2009-03-08", "2024-01-01"], "countries": ["CHN;USA", "IDN"]})
    >>> coverage_table(df).splitlines()[2].split(" | ")[:3]
    ['| CHN–USA', '1', '0']
    """
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    frame = pd.DataFrame(
        {
            "pair": incidents[schema.COUNTRIES].map(pair_label),
            "year": pd.to_datetime(incidents[schema.DATE]).dt.year,
        }
    )
    counts = pd.crosstab(frame["pair"], frame["year"]).reindex(columns=years, fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts = counts.sort_values(["total"], ascending=False, kind="stable")
    totals = counts.sum(axis=0)
    header = "| pair | " + " | ".join(str(y) for y in years) + " | total |"
    rule = "|---|" + "---:|" * (len(years) + 1)
    lines = [header, rule]
    for pair, row in counts.iterrows():
        lines.append(f"| {pair} | " + " | ".join(str(int(v)) for v in row) + " |")
    lines.append("| **all** | " + " | ".join(f"**{int(v)}**" for v in totals) + " |")
    return "\n".join(lines)


def updated_readme(readme: str, table: str, start: str = START, end: str = END) -> str:
    """`readme` with the text between the markers `start` and `end` replaced by `table`."""
    if start not in readme or end not in readme:
        raise SystemExit(f"data/README.md lacks the markers {start} ... {end}")
    head, rest = readme.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{table}\n{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args(argv)
    incidents = pd.read_csv(datasets.incidents_path(), dtype=str, keep_default_na=False)
    readme_path = datasets.data_dir() / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    new = updated_readme(readme, coverage_table(incidents))
    if args.check:
        if new != readme:
            print(f"{readme_path}: the coverage table is out of date; run {sys.argv[0]}")
            return 1
        return 0
    if new != readme:
        readme_path.write_text(new, encoding="utf-8")
        print(f"updated the coverage table in {readme_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
