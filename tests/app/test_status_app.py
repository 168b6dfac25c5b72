"""The status model in the dashboard's panels, under Streamlit's AppTest, on the built-in zones.

"What is here?" at Second Thomas Shoal (issue 13: disputed among the CHN/TWN family, PHL and
VNM; MYS only entitled; held by the Philippines) and the dossier of the 2000 China-Vietnam Gulf
of Tonkin agreement. Each test runs against a fresh incident store seeded from
``data/incidents.csv``; expected counts come from the public functions the page uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 120


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A fresh store file (the seed only)."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("SEAWATCH_STORE", str(path))
    return path


def _unescaped(at: AppTest) -> str:
    text = " ".join(str(m.value) for m in at.markdown)
    return re.sub(r"\\(.)", r"\1", text)


def _here_script() -> None:
    """ "What is here?" for a click on Second Thomas Shoal, with the built-in zones and land."""
    from seawatch.ui import mapview
    from seawatch.zones import loading

    mapview.render_what_is_here((9.73, 115.87), loading.load_zones())


def test_what_is_here_at_second_thomas_shoal(store) -> None:
    at = AppTest.from_function(_here_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    shown = _unescaped(at)
    assert "**Status:** Disputed: claims of two or more claim families overlap" in shown
    assert "**Claimed by:** China (CHN) + Taiwan (TWN); Philippines (PHL); Vietnam (VNM)" in shown
    assert "**Entitled only (200 nm, no claim):** Malaysia (MYS)" in shown
    assert "Malaysia" not in shown.split("**Claimed by:**")[1].split("**")[0]
    assert "held by Philippines (PHL) since 1999 (as of 2024-06-19)" in shown
    assert "2016 award: a low-tide elevation" in shown


def _dossier_script() -> None:
    """The dossier tab's panel with the seed incidents joined to the built-in zones."""
    from seawatch.ui import data, dossier

    loaded = data.load("builtin")
    dossier.render_dossier(loaded.incidents, loaded.zones)


def test_dossier_of_the_gulf_of_tonkin_agreement(store) -> None:
    from seawatch.export.view import load_view
    from seawatch.summary import incidents_in_zones

    at = AppTest.from_function(_dossier_script, default_timeout=TIMEOUT).run()
    labels = at.selectbox(key="dossier_choice").options
    assert any(label.startswith("Agreement CHN–VNM 2000: ") for label in labels)
    assert any(label.startswith("Disputed area: ") for label in labels)
    at.selectbox(key="dossier_choice").set_value("agreement:chn-vnm-tonkin-2000").run()
    assert not at.exception
    shown = _unescaped(at)
    assert "**Parties:** China (CHN), Vietnam (VNM)" in shown
    assert "**Signed:** 2000-12-25" in shown and "**In force:** since 2004-06-30" in shown
    assert "**Scope:** territorial sea, EEZ and continental shelf" in shown
    assert "**Citation:** Article II." in shown
    assert at.subheader[0].value.startswith("Agreement between the People's Republic of China")
    view = load_view().incidents
    ids = ["agreement-chn-vnm-tonkin-2000-CHN", "agreement-chn-vnm-tonkin-2000-VNM"]
    expected = len(incidents_in_zones(view, ids, []))
    assert f"**{expected} incidents in view inside this area**" in shown
