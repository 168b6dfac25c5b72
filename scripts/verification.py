"""The verification record of data/incidents.csv (data/incidents_verification.csv) and its checks.

Every curated incident has a first-pass record (``pass`` 1): who wrote the row checked it against
its cited report on ``verified_on``. Each curation batch (``batch``: the wave of rows it arrived
in) then has an independent second pass (``pass`` 2) over a random sample of its rows, drawn by
`second_pass_sample` from the batch name, so the sample cannot be picked by hand.

Usage::

    python scripts/verification.py sample BATCH   # the ids the second pass must check
    python scripts/verification.py                # check, and write data/README.md's table
    python scripts/verification.py --check        # exit 1 when a rule is broken or the table
                                                  # in data/README.md is out of date

Rules (`problems` lists every break): the columns are `COLUMNS`; every incident has exactly one
first-pass record and every record names an incident; dates are ISO dates between
`EARLIEST` and today; ``outcome`` is one of `OUTCOMES`; a second-pass record exists for every id
of each batch's first-round sample (a batch without one is not shipped: it waits in
curation/pending/), and no shipped row is ``not confirmed`` (such a row is fixed or removed).
Tightened inspection: when more than a quarter of a round's sample needed a correction, another
round of the same size is due (`required_rounds`); the rounds done and due are published in
data/README.md's table (`verification_table`), so a batch still owing rounds says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
from pathlib import Path

import pandas as pd

from seawatch import datasets

COLUMNS = ("incident_id", "batch", "pass", "verified_on", "verifier", "outcome", "note")
OUTCOMES = ("confirmed", "corrected", "not confirmed")
EARLIEST = dt.date(2026, 11, 1)
#: Share of a batch the second pass checks (at least `MIN_SAMPLE` rows, at most the batch).
SAMPLE_SHARE = 0.10
MIN_SAMPLE = 5


def verification_path() -> Path:
    """data/incidents_verification.csv (beside data/incidents.csv)."""
    return datasets.incidents_path().with_name("incidents_verification.csv")


#: Tightened inspection: when more than this share of a round's sample needed a correction (or
#: was not confirmed), the batch gets another round, drawn from the rows not yet checked.
TIGHTEN_ABOVE = 0.25


def second_pass_sample(batch: str, ids: list[str], round_: int = 1) -> list[str]:
    """The ids of `batch` the second pass must check in round `round_`: a seeded random sample
    (seed: batch name and round) of the rows earlier rounds did not draw.

    Examples
    --------
    >>> ids = [f"X-{i}" for i in range(30)]
    >>> len(second_pass_sample("demo", ids))
    5
    >>> second_pass_sample("demo", ids) == second_pass_sample("demo", list(reversed(ids)))
    True
    >>> set(second_pass_sample("demo", ids)) & set(second_pass_sample("demo", ids, 2))
    set()
    >>> second_pass_sample("tiny", ["A", "B"])
    ['A', 'B']
    """
    k = min(len(ids), max(MIN_SAMPLE, math.ceil(SAMPLE_SHARE * len(ids))))
    pool = sorted(ids)
    for earlier in range(1, round_):
        drawn = set(second_pass_sample(batch, ids, earlier))
        pool = [i for i in pool if i not in drawn]
    seed = f"seawatch-second-pass:{batch}" + (f":{round_}" if round_ > 1 else "")
    return sorted(random.Random(seed).sample(pool, min(k, len(pool))))


def required_rounds(batch: str, ids: list[str], checked: pd.DataFrame) -> list[list[str]]:
    """The samples `batch` needs: round 1, and one more after each round in which more than
    `TIGHTEN_ABOVE` of the checked rows were corrected or not confirmed (until none is left).

    `checked` holds the batch's second-pass records (``incident_id``, ``outcome``).
    """
    rounds: list[list[str]] = []
    while True:
        sample = second_pass_sample(batch, ids, len(rounds) + 1)
        if not sample:
            return rounds
        rounds.append(sample)
        outcomes = checked[checked["incident_id"].isin(sample)]["outcome"]
        if len(outcomes) < len(sample) or (outcomes != "confirmed").mean() <= TIGHTEN_ABOVE:
            return rounds


def _is_date(text: str, today: dt.date) -> bool:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return False
    return EARLIEST <= day <= today


def problems(incidents: pd.DataFrame, records: pd.DataFrame, today: dt.date) -> list[str]:
    """Every break of the module's rules, as messages naming the record (empty when all hold).

    Examples
    --------
    >>> inc = pd.DataFrame({"incident_id": ["A", "B"]})
    >>> rec = pd.DataFrame([["A", "b1", "1", "2026-12-07", "curator", "confirmed", ""]],
    ...                    columns=COLUMNS)
    >>> problems(inc, rec, dt.date(2026, 12, 7))
    ['B: no first-pass record', 'batch b1: no second pass of A']
    """
    if tuple(records.columns) != COLUMNS:
        return [f"columns are {list(records.columns)}, expected {list(COLUMNS)}"]
    found: list[str] = []
    known = set(incidents["incident_id"])
    for line, rec in enumerate(records.itertuples(index=False), start=2):
        where = f"line {line} ({rec.incident_id})"
        if rec.incident_id not in known:
            found.append(f"{where}: no such incident")
        if rec[2] not in ("1", "2"):
            found.append(f"{where}: pass must be 1 or 2, not {rec[2]!r}")
        if not _is_date(rec.verified_on, today):
            found.append(f"{where}: verified_on {rec.verified_on!r} is not a date since {EARLIEST}")
        if rec.outcome not in OUTCOMES:
            found.append(f"{where}: outcome {rec.outcome!r} is not one of {OUTCOMES}")
        if not rec.verifier.strip():
            found.append(f"{where}: no verifier")
    first = records[records["pass"] == "1"]
    counts = first["incident_id"].value_counts()
    found += [f"{i}: no first-pass record" for i in incidents["incident_id"] if i not in counts]
    found += [f"{i}: {n} first-pass records" for i, n in counts.items() if n > 1]
    second = records[records["pass"] == "2"]
    unconfirmed = second[second["outcome"] == "not confirmed"]["incident_id"]
    found += [f"{i}: not confirmed by the second pass, yet still shipped" for i in unconfirmed]
    for batch, rows in first.groupby("batch", sort=True):
        checked = set(second[second["batch"] == batch]["incident_id"])
        for iid in second_pass_sample(str(batch), rows["incident_id"].tolist()):
            if iid not in checked:
                found.append(f"batch {batch}: no second pass of {iid}")
    return found


def rounds_status(batch: str, ids: list[str], checked: pd.DataFrame) -> tuple[int, int]:
    """(rounds completed, rounds due) of a batch's second pass under tightened inspection.

    Examples
    --------
    >>> ids = [f"T-{i:02d}" for i in range(20)]
    >>> first = second_pass_sample("t", ids)
    >>> rounds_status("t", ids, pd.DataFrame({"incident_id": first, "outcome": "confirmed"}))
    (1, 1)
    >>> rounds_status("t", ids, pd.DataFrame({"incident_id": first, "outcome": "corrected"}))
    (1, 2)
    """
    rounds = required_rounds(batch, ids, checked)
    done = sum(set(sample) <= set(checked["incident_id"]) for sample in rounds)
    return done, len(rounds)


START = "<!-- verification:start -->"
END = "<!-- verification:end -->"


def verification_table(records: pd.DataFrame) -> str:
    """A Markdown table per batch: rows, first-pass dates, second-pass rounds and outcomes.

    Examples
    --------
    >>> rec = pd.DataFrame([["A", "b", "1", "2026-12-07", "curator", "confirmed", ""],
    ...                     ["A", "b", "2", "2026-12-07", "second pass", "corrected", ""]],
    ...                    columns=COLUMNS)
    >>> verification_table(rec).splitlines()[2]
    '| b | 1 | 2026-12-07 | 1 of 1 | 1 | 0 | 1 | 0 |'
    """
    lines = [
        "| batch | rows | first pass | second-pass rounds done | checked | confirmed | corrected "
        "| not confirmed |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    first = records[records["pass"] == "1"]
    second = records[records["pass"] == "2"]
    groups = sorted(first.groupby("batch"), key=lambda g: (g[1]["verified_on"].min(), g[0]))
    for batch, rows in groups:
        checked = second[second["batch"] == batch]
        done, due = rounds_status(str(batch), rows["incident_id"].tolist(), checked)
        days = sorted(rows["verified_on"].unique())
        span = days[0] if len(days) == 1 else f"{days[0]} – {days[-1]}"
        counts = [int((checked["outcome"] == o).sum()) for o in OUTCOMES]
        lines.append(
            f"| {batch} | {len(rows)} | {span} | {done} of {due} | {len(checked)} | "
            + " | ".join(str(c) for c in counts)
            + " |"
        )
    return "\n".join(lines)


def read_records(path: Path | None = None) -> pd.DataFrame:
    """The verification records as text cells."""
    return pd.read_csv(path or verification_path(), dtype=str, keep_default_na=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check the rules; exit 1 if broken")
    sub = parser.add_subparsers(dest="command")
    sample = sub.add_parser(
        "sample", help="print the ids a batch's second pass must check (all rounds due)"
    )
    sample.add_argument("batch")
    args = parser.parse_args(argv)
    incidents = pd.read_csv(datasets.incidents_path(), dtype=str, keep_default_na=False)
    records = read_records()
    if args.command == "sample":
        first = records[(records["pass"] == "1") & (records["batch"] == args.batch)]
        checked = records[(records["pass"] == "2") & (records["batch"] == args.batch)]
        for n, ids in enumerate(
            required_rounds(args.batch, first["incident_id"].tolist(), checked), 1
        ):
            print(f"round {n}: {' '.join(ids)}")
        return 0
    found = problems(incidents, records, dt.datetime.now(dt.UTC).date())
    print("\n".join(found) if found else f"{len(records)} records: all rules hold")
    readme_path = datasets.data_dir() / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from coverage_table import updated_readme

    new = updated_readme(readme, verification_table(records), START, END)
    if new != readme:
        if args.check:
            print(f"{readme_path}: the verification table is out of date; run {sys.argv[0]}")
            return 1
        readme_path.write_text(new, encoding="utf-8")
        print(f"updated the verification table in {readme_path}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
