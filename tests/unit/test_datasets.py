"""Where seawatch reads and writes: every location can be moved with a SEAWATCH_* variable."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from seawatch import datasets
from seawatch.cli import main
from seawatch.errors import SeawatchError

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("variable", "function"),
    [
        ("SEAWATCH_STORE", datasets.store_path),
        ("SEAWATCH_CACHE_DIR", datasets.cache_dir),
        ("SEAWATCH_CONFIG_DIR", datasets.config_dir),
        ("SEAWATCH_DATA_DIR", datasets.data_dir),
    ],
)
def test_variables_move_each_location(monkeypatch, tmp_path, variable, function):
    monkeypatch.setenv(variable, str(tmp_path / "moved"))
    assert function() == tmp_path / "moved"


def test_user_data_dir_moves_the_store_and_imported_zones(monkeypatch, tmp_path):
    monkeypatch.delenv("SEAWATCH_STORE", raising=False)
    monkeypatch.setenv("SEAWATCH_USER_DATA_DIR", str(tmp_path))
    assert datasets.store_path() == tmp_path / "store.sqlite"
    assert datasets.imported_zones_path() == tmp_path / "zones_imported.gpkg"


def test_bundled_data_paths_exist_in_a_checkout(monkeypatch):
    monkeypatch.delenv("SEAWATCH_DATA_DIR", raising=False)
    assert datasets.incidents_path().is_file()
    assert (datasets.zones_dir() / "manifest.json").is_file()


def test_a_checkout_reads_the_repository_data_in_place(monkeypatch):
    """The editable install has no seawatch/data/ copy: a zones rebuild is seen at once."""
    monkeypatch.delenv("SEAWATCH_DATA_DIR", raising=False)
    assert datasets.data_dir() == REPO / "data"
    assert datasets.zones_dir() == REPO / "data" / "eez"
    assert datasets.incidents_path() == REPO / "data" / "incidents.csv"


def test_a_package_copy_of_the_data_is_read_first(monkeypatch, tmp_path):
    """An installed wheel: seawatch/data/ inside the package (see tests/unit/test_packaging.py)."""
    monkeypatch.delenv("SEAWATCH_DATA_DIR", raising=False)
    package = tmp_path / "seawatch"
    (package / "data" / "eez").mkdir(parents=True)
    monkeypatch.setattr(datasets.resources, "files", lambda name: package)
    assert datasets.incidents_path() == package / "data" / "incidents.csv"
    assert datasets.zones_dir() == package / "data" / "eez"


def test_data_inside_a_zip_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv("SEAWATCH_DATA_DIR", raising=False)
    archive = tmp_path / "seawatch.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("seawatch/data/incidents.csv", "")
    monkeypatch.setattr(
        datasets.resources, "files", lambda name: zipfile.Path(archive, "seawatch/")
    )
    with pytest.raises(SeawatchError, match=r"not on disk .*seawatch\.zip.*SEAWATCH_DATA_DIR"):
        datasets.data_dir()


def test_test_session_never_uses_the_real_home(monkeypatch):
    home = Path.home()
    for path in (datasets.store_path(), datasets.cache_dir(), datasets.config_dir()):
        assert home not in path.parents, path


def test_cli_turns_an_unwritable_output_into_a_message(tmp_path, capsys):
    out = tmp_path / "missing-folder" / "joined.csv"
    code = main(["join", str(datasets.incidents_path()), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert "missing-folder" in err
