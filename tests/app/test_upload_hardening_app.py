"""The Upload tab under hostile files: messages instead of tracebacks, a chosen encoding.

Fixtures: tests/data/upload (see the README there).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch import store
from seawatch.ui import upload as upload_tab
from seawatch.upload import worker

REPO = Path(__file__).resolve().parents[2]
UPLOAD = REPO / "tests" / "data" / "upload"
TIMEOUT = 180


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """dashboard.py on its Upload tab, with a fresh store and an empty mapping memory."""
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    at.session_state["view_tab"] = "Upload"
    at.run()
    assert not at.exception
    return at


def _upload(at: AppTest, name: str) -> AppTest:
    data = (UPLOAD / name).read_bytes()
    at.file_uploader(key="seawatch_upload_file").set_value((name, data, "text/csv"))
    return at.run()


def _texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def test_hostile_cells_give_a_report_not_a_traceback(app: AppTest) -> None:
    """18.6: a casualty count of 9999999999999999999 showed an OverflowError traceback."""
    at = _upload(app, "hostile_cells.csv")
    assert not at.exception
    assert "accepted 1, suspect (kept with a warning) 2, rejected 3" in _texts(at)


def test_an_unexpected_error_is_a_message_without_server_details(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("failure in /srv/seawatch/secret_module.py line 12")

    monkeypatch.setattr(worker, "validate_job", broken)  # the upload tab checks rows there
    at = _upload(app, "hostile_cells.csv")
    assert not at.exception
    assert [e.value for e in at.error] == [upload_tab.UNEXPECTED]
    elements = [*at.markdown, *at.text, *at.error, *at.warning, *at.info, *at.caption]
    shown = "\n".join(str(e.value) for e in elements)
    assert "/srv/seawatch" not in shown and "RuntimeError" not in shown


def test_the_encoding_can_be_chosen(app: AppTest) -> None:
    at = _upload(app, "gbk_chinese.csv")
    sha = store.file_sha256(UPLOAD / "gbk_chinese.csv")[:12]
    selector = at.selectbox(key=f"upload_encoding_{sha}")
    assert selector.label.startswith("Text encoding (detected: gb18030, confidence ")
    preview = next(d.value for d in at.dataframe if "incident_id" in d.value.columns)
    assert preview["location_name"].tolist()[1] == "黄岩岛"
    selector.set_value("cp1252").run()
    assert not at.exception
    assert "encoding cp1252" in _texts(at)
    selector = at.selectbox(key=f"upload_encoding_{sha}")
    selector.set_value("gbk").run()
    assert "csv; encoding gbk;" in _texts(at)
