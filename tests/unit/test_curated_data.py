"""Checks of the curated data/incidents.csv as data: schema, places, duplicates, sources, years.

`tests/unit/test_incidents.py` checks the loader on the same file; these tests state the
curation rules of data/README.md (issue 19) and keep the README's coverage table generated.
"""

from __future__ import annotations

import datetime as dt
import doctest
import importlib.util
import urllib.parse
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import seawatch
from seawatch import datasets, schema, store
from seawatch.incidents import to_canonical

REPO = Path(__file__).resolve().parents[2]

#: Rows whose source is still http, each with why (no https copy or original was found).
#: The list must shrink, never grow: a new http source fails `test_every_source_is_https`.
KNOWN_HTTP = {
    "SCS-2011-05-24-1": "Newsbreak archive (archives.newsbreak-knowledge.ph) has no https",
    "SCS-2011-06-09-1": "thanhniennews.com is defunct; it quotes the MFA with the position",
    "SCS-2015-03-09-1": "marsecreview.com (IMB position); no https copy found",
    "SCS-2015-07-09-1": "thanhniennews.com is defunct; no other report names the boat",
    "SCS-2015-09-11-1": "en.dalje.com AFP reprint; the AFP original was not found",
    "SCS-2019-12-23-1": "marsecreview.com (ICC/IMB position); ReCAAP's page not found",
}


#: Pairs of distinct incidents that the store's near-duplicate rule links (same day and type,
#: within 1 nm), each with the report that tells them apart. The store keeps both and shows the
#: link; the list must only grow with such a reason.
KNOWN_DISTINCT = {
    ("SCS-2020-10-25-1", "SCS-2020-10-26-1"): "El Matador and A Racer, two ships boarded within "
    "two hours north of Nongsa (ReCAAP, three robberies in two hours on 25-26 Oct 2020)",
    ("SCS-2021-04-08-2", "SCS-2021-04-08-3"): "two ships in the eastbound lane off Tanjung "
    "Pergam: one boarded (crewman hit), the tanker Harrisburg approached hours later (ReCAAP)",
}


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """data/incidents.csv as text cells."""
    return pd.read_csv(datasets.incidents_path(), dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def joined() -> pd.DataFrame:
    """The curated incidents joined to the built-in zones (for ``on_land``)."""
    return seawatch.join(seawatch.load_incidents())


def coverage_script() -> ModuleType:
    return _script("coverage_table")


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_schema_columns_in_order(raw: pd.DataFrame) -> None:
    assert list(raw.columns) == list(schema.INCIDENT_COLUMNS)
    assert raw["incident_id"].is_unique


def test_no_row_on_land_unless_in_port(joined: pd.DataFrame) -> None:
    """A position on land is allowed only for an incident in port, which must say so in
    ``location_precision``; the schema has no ``port`` value yet, so no row may be on land."""
    allowed = {"port"} & set(schema.PRECISIONS)
    on_land = joined[joined[schema.JOIN_ON_LAND].astype(bool)]
    bad = on_land[~on_land[schema.LOCATION_PRECISION].isin(allowed)]
    assert bad.empty, bad[["incident_id", "latitude", "longitude", "location_name"]].to_string()


def test_no_duplicate_events(raw: pd.DataFrame) -> None:
    """No incident twice: the store's rule (`store.match_incidents`: the same record, or the
    same date, position, type and text), no near-duplicate (same day and type within 1 nm),
    and no report cited twice for the same date and type."""
    canonical = to_canonical(seawatch.load_incidents())
    found = store.match_incidents(canonical, canonical.iloc[0:0])
    same = found.same >= 0
    assert not same.any(), canonical.loc[same, "incident_id"].tolist()
    ids = canonical["incident_id"].tolist()
    near = {tuple(sorted((ids[a], ids[b]))) for a, b in found.links}
    assert near == set(KNOWN_DISTINCT), (
        f"new near-duplicates: {sorted(near - set(KNOWN_DISTINCT))}; "
        f"no longer near (remove from KNOWN_DISTINCT): {sorted(set(KNOWN_DISTINCT) - near)}"
    )
    same_report = raw.duplicated(["source", "date", "incident_type"], keep=False)
    assert not same_report.any(), raw.loc[same_report, "incident_id"].tolist()


def test_every_source_is_a_well_formed_url(raw: pd.DataFrame) -> None:
    for iid, source in zip(raw["incident_id"], raw["source"], strict=True):
        parts = urllib.parse.urlsplit(source)
        assert parts.scheme in ("https", "http"), (iid, source)
        assert "." in parts.netloc and " " not in source and parts.path, (iid, source)


def test_every_source_is_https(raw: pd.DataFrame) -> None:
    http = set(raw.loc[~raw["source"].str.startswith("https://"), "incident_id"])
    assert http == set(KNOWN_HTTP), (
        f"new http sources: {sorted(http - set(KNOWN_HTTP))}; "
        f"fixed (remove from KNOWN_HTTP): {sorted(set(KNOWN_HTTP) - http)}"
    )


def test_no_encyclopaedia_or_aggregator_sources(raw: pd.DataFrame) -> None:
    hosts = raw["source"].map(lambda s: urllib.parse.urlsplit(s).netloc.lower())
    banned = hosts.str.contains(r"wikipedia\.org|wikiwand|scribd\.com|amo-union", regex=True)
    assert not banned.any(), raw.loc[banned, ["incident_id", "source"]].to_string()


def test_every_year_is_represented(raw: pd.DataFrame) -> None:
    years = set(pd.to_datetime(raw["date"]).dt.year)
    missing = sorted(set(range(2009, 2026)) - years)
    assert not missing, f"no incident in {missing}"


def test_readme_coverage_table_is_generated_and_current(raw: pd.DataFrame) -> None:
    module = coverage_script()
    readme = (datasets.data_dir() / "README.md").read_text(encoding="utf-8")
    assert module.updated_readme(readme, module.coverage_table(raw)) == readme, (
        "data/README.md's coverage table is stale: run python scripts/coverage_table.py"
    )
    assert module.main(["--check"]) == 0


def test_coverage_script_doctests() -> None:
    failed, attempted = doctest.testmod(coverage_script())
    assert attempted > 0 and failed == 0


def verification_script() -> ModuleType:
    return _script("verification")


def test_every_row_is_verified_and_every_batch_has_its_second_pass(raw: pd.DataFrame) -> None:
    """data/incidents_verification.csv: one first-pass record (with its date) per incident, and
    for each curation batch an independent second pass over its seeded random sample; the
    README's table (rounds done and due under tightened inspection) is current."""
    module = verification_script()
    records = module.read_records()
    assert module.problems(raw, records, dt.datetime.now(dt.UTC).date()) == []
    assert set(records["incident_id"]) == set(raw["incident_id"])
    assert module.main(["--check"]) == 0


def test_verification_rules_name_each_break() -> None:
    """Hand-made: three incidents in batch b; the sample of a 3-row batch is all three rows.
    A has its second pass, B's second pass did not confirm it, C has none; D is not an incident;
    A's first pass has a date in the future."""
    module = verification_script()
    inc = pd.DataFrame({"incident_id": ["A", "B", "C"]})
    rows = [
        ["A", "b", "1", "2026-12-09", "curator", "confirmed", ""],
        ["B", "b", "1", "2026-12-07", "curator", "confirmed", ""],
        ["C", "b", "1", "2026-12-07", "curator", "confirmed", ""],
        ["A", "b", "2", "2026-12-07", "second pass", "confirmed", ""],
        ["B", "b", "2", "2026-12-07", "second pass", "not confirmed", "date differs"],
        ["D", "b", "2", "2026-12-07", "second pass", "maybe", ""],
    ]
    found = module.problems(inc, pd.DataFrame(rows, columns=module.COLUMNS), dt.date(2026, 12, 7))
    assert found == [
        "line 2 (A): verified_on '2026-12-09' is not a date since 2026-11-01",
        "line 7 (D): no such incident",
        "line 7 (D): outcome 'maybe' is not one of ('confirmed', 'corrected', 'not confirmed')",
        "B: not confirmed by the second pass, yet still shipped",
        "batch b: no second pass of C",
    ]


def test_verification_script_doctests() -> None:
    failed, attempted = doctest.testmod(verification_script())
    assert attempted > 0 and failed == 0


def test_a_batch_with_many_corrections_gets_another_round() -> None:
    """Hand-made: a batch of 20 ids (round samples of 5). Round 1 with 1 of 5 corrected (20 %)
    is enough; with 2 of 5 corrected (40 %) a second, disjoint round of 5 is due."""
    module = verification_script()
    ids = [f"T-{i:02d}" for i in range(20)]
    first = module.second_pass_sample("t", ids)

    def checked(corrected: int) -> pd.DataFrame:
        outcomes = ["corrected"] * corrected + ["confirmed"] * (len(first) - corrected)
        return pd.DataFrame({"incident_id": first, "outcome": outcomes})

    assert module.required_rounds("t", ids, checked(1)) == [first]
    rounds = module.required_rounds("t", ids, checked(2))
    assert len(rounds) == 2 and len(rounds[1]) == 5 and not set(rounds[1]) & set(first)
