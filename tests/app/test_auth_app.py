"""Sign-in and roles in dashboard.py with Streamlit's AppTest (issue 16): without sign-in
the sidebar says anyone can upload; a viewer sees no Upload tab; an editor cannot undo
another editor's batch; a changed role applies on the next run."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seawatch import auth, store

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 180


@pytest.fixture(scope="module")
def hashes() -> dict[str, str]:
    """argon2 hashes of the test users' passwords (hashing is slow on purpose: once)."""
    return {name: auth.hash_password(f"{name}-pw") for name in ("vic", "ana", "ben")}


def secrets(hashes: dict[str, str], **roles: str) -> dict[str, object]:
    users = {n: {"password_hash": hashes[n], "role": r} for n, r in roles.items()}
    return {"mode": "password", "users": users}


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """dashboard.py, not yet run, with a fresh store and no secrets."""
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)


def tab_labels(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="signin_name").set_value(name)
    at.text_input(key="signin_password").set_value(password)
    return at.button[[b.label for b in at.button].index("Sign in")].click().run()


def test_without_sign_in_everyone_may_upload_and_the_sidebar_says_so(at: AppTest) -> None:
    at.run()
    assert not at.exception
    assert "Upload" in tab_labels(at)
    captions = [c.value for c in at.sidebar.caption]
    assert any("anyone who can open this address can upload" in c for c in captions)


def test_a_viewer_sees_no_upload_tab(at: AppTest, hashes: dict[str, str]) -> None:
    at.secrets["seawatch_auth"] = secrets(hashes, vic="viewer")
    at.run()
    assert "Upload" not in tab_labels(at)  # not signed in: a viewer
    at = sign_in(at, "vic", "wrong")
    assert [e.value for e in at.error] == ["Unknown user name or wrong password."]
    at = sign_in(at, "vic", "vic-pw")
    assert not at.exception
    assert "Signed in as vic (viewer)" in [c.value for c in at.sidebar.caption]
    assert "Upload" not in tab_labels(at)
    assert [(e.action, e.actor) for e in store.list_audit()][-1:] == [("sign-in", "vic")]
    at.session_state["view_tab"] = "Upload"  # asked for anyway: the page stays without it
    at.run()
    assert "Upload" not in tab_labels(at)
    assert not [u for u in at.get("file_uploader") if u.key == "seawatch_upload_file"]


def test_an_editor_is_offered_only_its_own_batches_to_undo(
    at: AppTest, hashes: dict[str, str], tmp_path: Path
) -> None:
    incidents = store.current_incidents()[0].iloc[[0]].drop(columns=["possibly_same_as", "extra"])
    incidents["description"] = "another report"
    ben = auth.import_as(auth.User("ben", "editor", "password"), incidents, "b.csv", "b" * 64)
    incidents["description"] = "a third report"
    ana = auth.import_as(auth.User("ana", "editor", "password"), incidents, "a.csv", "a" * 64)
    at.secrets["seawatch_auth"] = secrets(hashes, ana="editor", ben="editor")
    at.session_state["view_tab"] = "Upload"
    at.run()
    at = sign_in(at, "ana", "ana-pw")
    assert "Upload" in tab_labels(at)
    assert at.selectbox(key="upload_undo_batch").options == [str(ana.batch_id)]
    assert str(ben.batch_id) not in at.selectbox(key="upload_undo_batch").options
    at.secrets["seawatch_auth"] = secrets(hashes, ana="viewer", ben="editor")  # demoted
    at.run()
    assert "Upload" not in tab_labels(at)


def test_an_admin_sees_the_audit_trail(at: AppTest, hashes: dict[str, str]) -> None:
    at.secrets["seawatch_auth"] = secrets(hashes, ana="admin")
    at.session_state["view_tab"] = "Upload"
    at.run()
    at = sign_in(at, "ana", "ana-pw")
    assert not at.exception
    audit = next(d.value for d in at.dataframe if "actor" in d.value.columns)
    assert audit[["action", "actor"]].values.tolist()[0] == ["sign-in", "ana"]
