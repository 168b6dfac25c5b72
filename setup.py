"""Build hook: ship the repository's ``data/`` inside the package, as ``seawatch/data/``.

The canonical files stay at the top of the repository (``data/incidents.csv``, ``data/eez/``,
edited there and rebuilt there by ``seawatch zones build``). Building a wheel copies them into
the built package, where `seawatch.datasets` finds them through ``importlib.resources``. An
editable install copies nothing: it reads the checkout's ``data/`` directly, so a zone rebuild
is seen at once. Everything else about the package is configured in ``pyproject.toml``; the
sdist carries ``data/`` through ``MANIFEST.in``.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = Path(__file__).resolve().parent / "data"
#: What is shipped from data/: its README, the curated incidents and every zone file.
SHIPPED = ("README.md", "incidents.csv", "eez/*")
#: Files without which the package would have no incidents or no zones.
REQUIRED = ("incidents.csv", "eez/manifest.json")


def bundled_files() -> list[Path]:
    """The files of ``data/`` that the package ships (an error if the required ones are missing)."""
    missing = [name for name in REQUIRED if not (DATA / name).is_file()]
    if missing:
        raise FileNotFoundError(f"cannot build seawatch without {', '.join(missing)} in {DATA}")
    return sorted(p for pattern in SHIPPED for p in DATA.glob(pattern) if p.is_file())


class BuildPyWithData(build_py):
    """``build_py`` that also copies `bundled_files` to ``<build_lib>/seawatch/data/``."""

    def run(self) -> None:
        super().run()
        for source, target in self._data_targets():
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        return outputs + [str(target) for _, target in self._data_targets()]

    def _data_targets(self) -> list[tuple[Path, Path]]:
        if self.editable_mode:  # the checkout's data/ is read in place
            return []
        target = Path(self.build_lib) / "seawatch" / "data"
        return [(p, target / p.relative_to(DATA)) for p in bundled_files()]


setup(cmdclass={"build_py": BuildPyWithData})
