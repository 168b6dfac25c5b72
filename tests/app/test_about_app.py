"""The About tab lists the public datasets fetched into the store, with licence and citation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch import public_data

TIMEOUT = 60


def _about() -> None:
    from seawatch.ui.about import render_about

    render_about()


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("SEAWATCH_STORE", str(path))
    return path


def test_about_says_how_to_fetch_when_nothing_was_fetched(store_path: Path) -> None:
    at = AppTest.from_function(_about, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert any("seawatch datasets fetch NAME" in c.value for c in at.caption)
    assert not at.dataframe


def test_about_lists_fetched_datasets_with_licence_and_citation(store_path: Path) -> None:
    """A record as `seawatch datasets fetch` writes it (batch 99 does not exist: not undone);
    the citation holds markup, shown as text in a table."""
    spec = public_data.DATASETS["scsdi"]
    record = {
        "name": "scsdi",
        "title": spec.title,
        "url": spec.url,
        "licence": spec.licence,
        "citation": spec.citation + " <b>x</b>",
        "fetched_at": "2026-12-03T19:00:00+00:00",
        "batch_id": 99,
        "added": 2,
    }
    public_data.fetched_path(store_path).write_text(json.dumps([record]), encoding="utf-8")
    at = AppTest.from_function(_about, default_timeout=TIMEOUT).run()
    assert not at.exception
    [table] = [d.value for d in at.dataframe]
    row = table.iloc[0]
    assert row["licence"] == "CC0 1.0 (public domain dedication)"
    assert row["citation"].endswith("Harvard Dataverse, V2 <b>x</b>")
    assert row["batch"] == "99"
