"""Where seawatch's bundled and user data live.

The bundled data are the curated incidents (``incidents.csv``) and the built-in zone layers
(``eez/``) with their READMEs. Their canonical copies sit in the repository's top-level ``data/``
folder, where they are edited and rebuilt (``seawatch zones build`` writes ``data/eez/``). A
wheel ships a copy inside the package as ``seawatch/data/`` (copied at build time by
``setup.py``), read through ``importlib.resources``; a checkout (the editable install of
``make run`` and ``make test``) has no such copy and reads ``data/`` in place.
``SEAWATCH_DATA_DIR`` points elsewhere.

``SEAWATCH_STORE`` sets the incident store's file, by default in the user's data directory
(``SEAWATCH_USER_DATA_DIR`` moves that directory); ``SEAWATCH_CACHE_DIR`` sets where one-time
preparations (join grids) are cached; ``SEAWATCH_CONFIG_DIR`` where remembered column mappings live.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

from seawatch.errors import SeawatchError

#: The checkout's top-level ``data/``, read when the package holds no copy (editable install).
_CHECKOUT_DATA = Path(__file__).resolve().parents[2] / "data"


def data_dir() -> Path:
    """Folder of the bundled data.

    ``SEAWATCH_DATA_DIR`` if set; else the package's own ``seawatch/data/`` (an installed
    wheel); else the checkout's top-level ``data/`` (an editable install).
    """
    override = os.environ.get("SEAWATCH_DATA_DIR")
    if override:
        return Path(override)
    packaged = resources.files("seawatch").joinpath("data")
    if not packaged.is_dir():
        return _CHECKOUT_DATA
    if not isinstance(packaged, Path):
        raise SeawatchError(
            f"seawatch's bundled data are not on disk ({packaged}, e.g. inside a zip): install "
            "seawatch unpacked, or set SEAWATCH_DATA_DIR to a copy of its data/ folder"
        )
    return packaged


def incidents_path() -> Path:
    """The curated incident file, ``data/incidents.csv``."""
    return data_dir() / "incidents.csv"


def zones_dir() -> Path:
    """The built-in zone layers, ``data/eez/``."""
    return data_dir() / "eez"


def user_data_dir() -> Path:
    """The user's seawatch data folder (``SEAWATCH_USER_DATA_DIR`` or the platform's default)."""
    override = os.environ.get("SEAWATCH_USER_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("seawatch"))


def store_path() -> Path:
    """The incident store's SQLite file (``SEAWATCH_STORE`` or the user data directory)."""
    override = os.environ.get("SEAWATCH_STORE")
    if override:
        return Path(override)
    return user_data_dir() / "store.sqlite"


def cache_dir() -> Path:
    """Cache for derived data (``SEAWATCH_CACHE_DIR`` or the user cache directory)."""
    override = os.environ.get("SEAWATCH_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("seawatch"))


def config_dir() -> Path:
    """Settings such as remembered column mappings (``SEAWATCH_CONFIG_DIR`` or the user's)."""
    override = os.environ.get("SEAWATCH_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("seawatch"))


def imported_zones_path() -> Path:
    """Where ``seawatch zones import`` keeps the Marine Regions layer it converted."""
    return user_data_dir() / "zones_imported.gpkg"
