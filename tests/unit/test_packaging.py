"""A wheel installed outside the repository finds its bundled incidents and zones.

The wheel is built (``pip wheel --no-deps``) from a copy of the project without its virtual
environment, caches and tests, so the checkout gets no ``build/`` folder. It is installed with
``--no-deps`` into a fresh venv (made without pip: the running pip installs into it with
``--python``); the venv reaches the running environment's dependencies through a ``.pth`` file
naming their site-packages folders (plain folders: the editable install's own ``.pth`` there is
not processed, so ``seawatch`` resolves to the wheel). Installing is offline; building needs the
``[build-system]`` requirements from pip's configured indexes or cache (build isolation).
About 30 s in all. Commands run from a folder outside the repository; expected output comes
from the checkout through the same public functions.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import seawatch
from seawatch.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

REPO = Path(__file__).resolve().parents[2]
#: Not build inputs: left out of the copy the wheel is built from.
NOT_BUILD_INPUTS = shutil.ignore_patterns(
    ".git",
    ".venv",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "build",
    "dist",
    "test-artifacts",
    "tests",
    "benchmarks",
)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from a clean copy of the checkout."""
    root = tmp_path_factory.mktemp("wheel")
    project = root / "project"
    shutil.copytree(REPO, project, ignore=NOT_BUILD_INPUTS, symlinks=True)
    dist = root / "dist"
    pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist)]
    _run([*pip, str(project)], cwd=root)
    (built,) = dist.glob("seawatch-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel; its ``bin/`` folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False, symlinks=True)
    python = env_dir / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    _run([*install, "--no-deps", "--no-index", str(wheel)], cwd=env_dir)
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], env_dir
    )
    deps = [*site.getsitepackages(), site.getusersitepackages()]
    (Path(purelib.strip()) / "seawatch_test_deps.pth").write_text("\n".join(deps) + "\n")
    return env_dir / "bin"


@pytest.fixture
def elsewhere(tmp_path: Path) -> dict[str, str]:
    """Environment for commands run outside the checkout: no PYTHONPATH, no data override."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SEAWATCH_DATA_DIR")}
    assert REPO not in tmp_path.parents
    return env


def test_wheel_ships_the_bundled_data_inside_the_package(wheel: Path) -> None:
    """data/README.md, data/incidents.csv and every file of data/eez/, byte for byte, at
    seawatch/data/ (the zone loader checks each layer's sha256 against the manifest)."""
    data = REPO / "data"
    sources = [data / "README.md", data / "incidents.csv"]
    sources += sorted(p for p in (data / "eez").iterdir() if p.is_file())
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n: archive.read(n) for n in archive.namelist() if "/data/" in f"/{n}"}
    expected = {f"seawatch/data/{p.relative_to(data).as_posix()}": p.read_bytes() for p in sources}
    assert sorted(shipped) == sorted(expected)
    assert shipped == expected


def test_installed_cli_answers_claimants_from_the_wheel(
    installed: Path, elsewhere: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run([str(installed / "seawatch"), "claimants", "9.73", "115.87"], tmp_path, elsewhere)
    assert main(["claimants", "9.73", "115.87"]) == 0
    assert out == capsys.readouterr().out  # the same answer as the checkout's
    assert "claimants:  CHN, PHL, TWN, VNM  [disputed]" in out
    assert "Second Thomas Shoal" in out


def test_installed_package_loads_the_curated_incidents(
    installed: Path, elsewhere: dict[str, str], tmp_path: Path
) -> None:
    code = "import seawatch; print(len(seawatch.load_incidents()))"
    out = _run([str(installed / "python"), "-c", code], tmp_path, elsewhere)
    assert int(out) == len(seawatch.load_incidents()) > 0
    where = "from seawatch import datasets; print(datasets.data_dir())"
    data_dir = Path(_run([str(installed / "python"), "-c", where], tmp_path, elsewhere).strip())
    assert installed.parent in data_dir.parents  # read from the installed package, not the repo
