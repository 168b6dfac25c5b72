"""Roles and sign-in: who may upload and undo, checked on the server side (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seawatch import auth, store
from seawatch.errors import SeawatchError

SEED = """\
incident_id,date,latitude,longitude,incident_type,countries,description,source,location_name,location_precision,initiator,vessels,casualties,end_date
S-1,2023-08-05,9.73,115.87,water_cannon,CHN;PHL,Water cannon at a resupply boat.,https://example.org/1,Second Thomas Shoal,feature,CHN,,,
"""  # noqa: E501

ANA = auth.User("ana", "editor", "password")
BEN = auth.User("ben", "editor", "password")
ADMIN = auth.User("root", "admin", "oidc")
VIEWER = auth.User("vic", "viewer", "oidc")


@pytest.fixture
def one_row_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-incident seed and an empty SQLite store under tmp_path."""
    (tmp_path / "incidents.csv").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    return tmp_path


def rows(prefix: str) -> object:
    incidents = store.current_incidents()[0].iloc[[0]].copy()
    incidents["incident_id"] = f"{prefix}-1"
    incidents["description"] = f"{prefix} report"
    return incidents.drop(columns=["possibly_same_as", "extra"])


def test_a_password_is_stored_hashed_and_checked() -> None:
    hashed = auth.hash_password("correct horse")
    assert "correct horse" not in hashed and hashed.startswith("$argon2id$")
    settings = auth.load_settings(
        {"mode": "password", "users": {"ana": {"password_hash": hashed, "role": "editor"}}}
    )
    assert auth.sign_in(settings, "ana", "correct horse") == ANA
    assert auth.sign_in(settings, "ana", "wrong") is None
    assert auth.sign_in(settings, "nobody", "correct horse") is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"mode": "ldap"}, r"mode 'ldap' is not one of"),
        ({"anonymous": "write"}, r"anonymous 'write'"),
        ({"users": {"ana": {"password_hash": "plain", "role": "admin"}}}, "never the password"),
        ({"roles": {"a@example.org": "owner"}}, r"roles\.a@example\.org: role 'owner'"),
    ],
)
def test_bad_settings_are_refused_by_name(table: dict[str, object], message: str) -> None:
    with pytest.raises(SeawatchError, match=message):
        auth.load_settings(table)


def test_without_sign_in_visitors_may_do_everything_unless_read_only() -> None:
    assert auth.can_import(auth.anonymous(auth.load_settings(None)))
    assert not auth.can_import(auth.anonymous(auth.load_settings({"anonymous": "read-only"})))
    assert not auth.can_import(auth.anonymous(auth.load_settings({"mode": "oidc"})))


def test_oidc_roles_come_from_the_e_mail_address() -> None:
    settings = auth.load_settings({"mode": "oidc", "roles": {"root@example.org": "admin"}})
    assert auth.oidc_user(settings, "root@example.org").role == "admin"
    assert auth.oidc_user(settings, "someone@example.org").role == "viewer"


def test_a_viewer_cannot_import_and_nothing_is_stored(one_row_store: Path) -> None:
    before = store.store_version()
    with pytest.raises(auth.PermissionDenied, match=r"'vic' \(viewer\) may not upload"):
        auth.import_as(VIEWER, rows("V"), "v.csv", "1" * 64)
    assert store.store_version() == before


def test_an_editor_undoes_its_own_batch_only_and_an_admin_any(one_row_store: Path) -> None:
    mine = auth.import_as(ANA, rows("A"), "a.csv", "a" * 64, user="typed name")
    theirs = auth.import_as(BEN, rows("B"), "b.csv", "b" * 64)
    assert store.list_batches()[-1].user == "ben"  # the verified name, not a typed one
    assert store.list_batches()[-2].user == "ana"
    with pytest.raises(auth.PermissionDenied, match="may not undo batch 3 of 'ben'"):
        auth.undo_as(ANA, theirs.batch_id)
    assert auth.undo_as(ANA, mine.batch_id) == 1
    assert auth.undo_as(ADMIN, theirs.batch_id) == 1


def test_role_changes_are_recorded_once_each(one_row_store: Path) -> None:
    """Issue 16.3: the role table of the secrets is compared with the one the store saw last;
    each change is one audit event, and a server restarted on the same table records nothing
    (and leaves the store's version alone)."""
    first = auth.load_settings({"mode": "oidc", "roles": {"ana@example.org": "editor"}})
    assert auth.record_role_changes(first) == [
        "*: (new) -> viewer",
        "ana@example.org: (new) -> editor",
    ]
    version = store.store_version()
    assert auth.record_role_changes(first) == []
    assert store.store_version() == version
    second = auth.load_settings(
        {"mode": "oidc", "roles": {"ana@example.org": "admin", "ben@example.org": "editor"}}
    )
    assert auth.record_role_changes(second) == [
        "ana@example.org: editor -> admin",
        "ben@example.org: (new) -> editor",
    ]
    events = [e for e in store.list_audit() if e.action == "role-change"]
    assert [(e.actor, e.detail) for e in events] == [
        ("secrets.toml", "*: (new) -> viewer"),
        ("secrets.toml", "ana@example.org: (new) -> editor"),
        ("secrets.toml", "ana@example.org: editor -> admin"),
        ("secrets.toml", "ben@example.org: (new) -> editor"),
    ]
