"""What the command line may write, and how it fails (issue 18.3 and 18.6).

Every command that writes files refuses the incident store and its own input files (also
through a symbolic or a hard link) and replaces another existing file only with ``--force``;
every failure is one line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest

from seawatch import store
from seawatch.cli import main

UPLOAD = Path(__file__).parents[1] / "data" / "upload"
ZONES = Path(__file__).resolve().parents[1] / "data" / "zones" / "mini_zones.geojson"
#: Three valid rows (see tests/data/upload/README.md).
GOOD = UPLOAD / "bom_semicolon.csv"
#: One valid row and three without a usable position.
HALF = UPLOAD / "half_missing_coords.csv"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store and a mapping memory under tmp_path (the store seeded from the bundled file)."""
    monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SEAWATCH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fails_cleanly(argv: list[str], capsys: pytest.CaptureFixture[str], message: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert re.search(message, err), err
    assert "Traceback" not in err and err.count("\n") == 1


def store_ids() -> list[str]:
    return store.current_incidents()[0]["incident_id"].tolist()


@pytest.mark.parametrize("link", ["same path", "symbolic link", "hard link"])
def test_export_never_writes_over_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str
) -> None:
    """`export data --out "$SEAWATCH_STORE"` once replaced the SQLite store with a CSV."""
    before = store_ids()
    path = Path(os.environ["SEAWATCH_STORE"])
    out = path
    if link == "symbolic link":
        out = tmp_path / "view.csv"
        out.symlink_to(path)
    elif link == "hard link":
        out = tmp_path / "view.csv"
        os.link(path, out)
    for force in ([], ["--force"]):
        argv = ["export", "data", "--format", "csv", "--out", str(out), *force]
        fails_cleanly(argv, capsys, r"--out '.*' is the incident store")
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert store_ids() == before


@pytest.mark.parametrize("option", ["--errors", "--problems"])
def test_validate_never_writes_over_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    """`validate f.csv --errors f.csv` once replaced the input with its rejected rows."""
    mine = tmp_path / "mine.csv"
    mine.write_bytes(HALF.read_bytes())
    for force in ([], ["--force"]):
        argv = ["validate", str(mine), option, str(mine), *force]
        fails_cleanly(argv, capsys, r"is an input file of this command")
    assert mine.read_bytes() == HALF.read_bytes()


def test_validate_errors_and_problems_must_differ(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out.csv")
    argv = ["validate", str(HALF), "--errors", out, "--problems", out]
    fails_cleanly(argv, capsys, r"--problems '.*out\.csv' is an input file")


@pytest.mark.parametrize(
    ("argv", "out"),
    [
        (["validate", str(HALF), "--errors", "{out}"], "rejected.csv"),
        (["validate", str(HALF), "--problems", "{out}"], "problems.csv"),
        (["export", "data", "--out", "{out}"], "view.csv"),
        (["export", "data", "--out", "view.geojson", "--zones-out", "{out}"], "zones.geojson"),
        (["export", "map", "--format", "html", "--out", "{out}"], "map.html"),
        (["join", str(GOOD), "--zones", str(ZONES), "--out", "{out}"], "joined.csv"),
    ],
)
def test_an_existing_output_is_replaced_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], out: str
) -> None:
    target = tmp_path / out
    target.write_text("keep me", encoding="utf-8")
    argv = [a.replace("{out}", str(target)) for a in argv]
    fails_cleanly(argv, capsys, rf"'{re.escape(str(target))}' already exists; add --force")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert main([*argv, "--force"]) in (0, 1)  # validate: 1 = some rows invalid
    assert target.read_text(encoding="utf-8") != "keep me"


def test_join_never_writes_over_its_input_or_zones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_bytes(GOOD.read_bytes())
    zones = tmp_path / "zones.geojson"
    zones.write_bytes(ZONES.read_bytes())
    base = ["join", str(mine), "--zones", str(zones), "--force", "--out"]
    fails_cleanly([*base, str(mine)], capsys, r"is an input file of this command")
    fails_cleanly([*base, str(zones)], capsys, r"is an input file of this command")
    assert mine.read_bytes() == GOOD.read_bytes() and zones.read_bytes() == ZONES.read_bytes()


def test_zones_outputs_need_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "eez.gpkg"
    existing.write_text("keep me", encoding="utf-8")
    argv = ["zones", "import", str(ZONES), "--out", str(existing)]
    fails_cleanly(argv, capsys, r"already exists; add --force")
    fails_cleanly([*argv[:3], "--out", str(ZONES), "--force"], capsys, r"is an input file")
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "old.txt").write_text("old", encoding="utf-8")
    fails_cleanly(
        ["zones", "build", "--out", str(folder)], capsys, r"is a folder that is not empty"
    )
    assert existing.read_text(encoding="utf-8") == "keep me"


# --- unexpected errors from reading input: a message and exit 2 (issue 18.6) ----------------


@pytest.fixture
def deep_geojson(tmp_path: Path) -> Path:
    """A GeoJSON point whose one property is a list nested 10,000 deep."""
    nested = "[" * 10_000 + "]" * 10_000
    path = tmp_path / "deep.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        '{"type": "Point", "coordinates": [115.0, 10.0]}, "properties": '
        f'{{"date": "2023-01-01", "x": {nested}}}}}]}}',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def huge_casualties(tmp_path: Path) -> Path:
    """One row whose casualties (9999999999999999999) overflow a 64-bit integer."""
    path = tmp_path / "huge.csv"
    path.write_text(
        "date,latitude,longitude,casualties\n2023-01-01,10.0,115.0,9999999999999999999\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["validate", "import", "join"])
@pytest.mark.parametrize("fixture", ["deep_geojson", "huge_casualties"])
def test_unreadable_content_exits_2_with_a_message(
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    command: str,
    fixture: str,
) -> None:
    path: Path = request.getfixturevalue(fixture)
    argv = [command, str(path)]
    if command == "join":
        argv += ["--zones", str(ZONES), "--out", str(path.with_suffix(".out.csv"))]
    code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code != 0:  # the readers may accept the file (and report the bad cell per row)
        assert code == 2
        assert err.startswith(f"seawatch {command}: error: ") and path.name in err


def test_an_unexpected_error_is_one_line_naming_the_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever a reader raises ends as exit 2 with the error's kind and the file."""
    import seawatch.cli.upload_args as upload_args

    def overflow(*args: object, **kwargs: object) -> None:
        raise OverflowError("Python int too large to convert to C long")

    monkeypatch.setattr(upload_args, "read_table", overflow)
    fails_cleanly(
        ["validate", str(GOOD)],
        capsys,
        r"^seawatch validate: error: cannot process '.*bom_semicolon\.csv': OverflowError: "
        r"Python int too large",
    )
