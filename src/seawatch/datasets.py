"""Where seawatch's bundled and user data live.

The bundled data sit in the repository's top-level ``data/`` folder (``data/incidents.csv`` and
``data/eez/``). ``SEAWATCH_DATA_DIR`` points elsewhere (for a packaged install);
``SEAWATCH_STORE`` sets the incident store's file, by default in the user's data directory
(``SEAWATCH_USER_DATA_DIR`` moves that directory); ``SEAWATCH_CACHE_DIR`` sets where one-time
preparations (join grids) are cached; ``SEAWATCH_CONFIG_DIR`` where remembered column mappings live.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def data_dir() -> Path:
    """Folder of the bundled data (``SEAWATCH_DATA_DIR`` or the repository's ``data/``)."""
    override = os.environ.get("SEAWATCH_DATA_DIR")
    return Path(override) if override else _REPO_DATA


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
