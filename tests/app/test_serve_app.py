"""The dashboard launcher (`python -m seawatch.ui.serve`, what ``make run`` starts).

`warm` is run for real against the session's throwaway store and a temporary app folder; the
hand-over to Streamlit's command line is checked by replacing `streamlit.web.cli.main` with a
recorder (the real server is started by the browser tests in tests/e2e).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from seawatch.ui import data, serve


def test_warm_loads_the_data_and_writes_the_static_files(tmp_path: Path) -> None:
    seconds, problem = serve.warm(tmp_path)
    assert problem is None
    assert seconds > 0
    assert (tmp_path / "static" / "seawatch" / "leaflet" / "leaflet.js").is_file()
    layers = sorted((tmp_path / "static" / "seawatch" / "layers").glob("*/*.json"))
    assert layers, "the zone and land layers are written for the browser"
    assert all(json.loads(p.read_text())["type"] == "FeatureCollection" for p in layers)


def test_warm_starts_the_upload_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The upload worker process starts with the server (its imports load meanwhile)."""
    from seawatch.upload import worker

    started: list[bool] = []
    monkeypatch.setattr(worker, "start", lambda: started.append(True))
    serve.warm(tmp_path)
    assert started == [True]


def test_warm_reports_a_failure_instead_of_raising(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(zone_source: str) -> None:
        raise ValueError("zone file unreadable")

    monkeypatch.setattr(data, "load", broken)
    _, problem = serve.warm(tmp_path)
    assert problem == "ValueError: zone file unreadable"


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, list[object]]:
    """Streamlit's CLI and `warm` replaced by recorders; started from an unrelated folder."""
    from streamlit.web import cli

    seen: dict[str, list[object]] = {"argv": [], "cwd": [], "warm": []}

    def fake_cli() -> None:
        seen["argv"].append(list(sys.argv))
        seen["cwd"].append(Path.cwd())
        raise SystemExit(3)

    def fake_warm(app_dir: Path) -> tuple[float, str]:
        seen["warm"].append(app_dir)
        return 1.5, "no zones"

    monkeypatch.setattr(serve, "warm", fake_warm)
    monkeypatch.setattr(cli, "main", fake_cli)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.chdir(tmp_path)  # restored after the test
    return seen


def test_main_hands_its_arguments_to_streamlit_run(
    recorded: dict[str, list[object]], capsys: pytest.CaptureFixture[str]
) -> None:
    code = serve.main(["--server.port", "8765"])
    assert code == 3
    assert recorded["argv"] == [["streamlit", "run", str(serve.DASHBOARD), "--server.port", "8765"]]
    assert serve.DASHBOARD.name == "dashboard.py" and serve.DASHBOARD.is_file()
    # run from the repository, whose .streamlit/config.toml turns on the static files
    assert recorded["cwd"] == [serve.DASHBOARD.parent]
    assert recorded["warm"] == [serve.DASHBOARD.parent]
    out = capsys.readouterr().out
    assert "data loaded in 1.5 s (not everything could be loaded: no zones)" in out


def test_main_turns_off_streamlits_collection_after_each_run(
    recorded: dict[str, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unless the operator set it: then their value stays."""
    import os

    monkeypatch.delenv(serve.POST_SCRIPT_GC, raising=False)
    serve.main(["--server.port", "8765"])
    assert os.environ[serve.POST_SCRIPT_GC] == "false"
    monkeypatch.setenv(serve.POST_SCRIPT_GC, "true")
    serve.main(["--server.port", "8765"])
    assert os.environ[serve.POST_SCRIPT_GC] == "true"


def test_help_does_not_load_the_data(recorded: dict[str, list[object]]) -> None:
    assert serve.main(["--help"]) == 3
    assert recorded["warm"] == []
    assert recorded["argv"] == [["streamlit", "run", str(serve.DASHBOARD), "--help"]]


def test_main_freezes_the_warmed_heap(recorded: dict[str, list[object]]) -> None:
    import gc

    gc.unfreeze()
    try:
        serve.main(["--server.port", "8765"])
        assert recorded["warm"] == [serve.DASHBOARD.parent]
        assert gc.get_freeze_count() > 0  # the warmed objects are out of the collector's reach
    finally:
        gc.unfreeze()


def test_freeze_heap_keeps_later_objects_collectable() -> None:
    import gc
    import weakref

    class Node:
        pass

    gc.unfreeze()
    try:
        assert serve.freeze_heap() > 0
        later = Node()
        later.cycle = later  # type: ignore[attr-defined]
        ref = weakref.ref(later)
        del later
        gc.collect()
        assert ref() is None
    finally:
        gc.unfreeze()
