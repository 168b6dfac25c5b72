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


def test_warm_reports_a_failure_instead_of_raising(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(zone_source: str) -> None:
        raise ValueError("zone file unreadable")

    monkeypatch.setattr(data, "load", broken)
    _, problem = serve.warm(tmp_path)
    assert problem == "ValueError: zone file unreadable"


def test_main_hands_its_arguments_to_streamlit_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from streamlit.web import cli

    seen: list[list[str]] = []

    def fake_cli() -> None:
        seen.append(list(sys.argv))
        raise SystemExit(3)

    monkeypatch.setattr(serve, "warm", lambda app_dir: (1.5, "no zones"))
    monkeypatch.setattr(cli, "main", fake_cli)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    code = serve.main(["--server.port", "8765"])
    assert code == 3
    assert seen == [["streamlit", "run", str(serve.DASHBOARD), "--server.port", "8765"]]
    assert serve.DASHBOARD.name == "dashboard.py" and serve.DASHBOARD.is_file()
    out = capsys.readouterr().out
    assert "data loaded in 1.5 s (not everything could be loaded: no zones)" in out
