"""Test-session isolation: no test (nor a doctest in src/) touches the user's real folders.

Every ``SEAWATCH_*`` location points at one throwaway folder for the whole session (so the join's
grid is prepared once per session, not once per test); tests that need a fresh store or cache
still set their own with ``monkeypatch``. Child processes (the CLI, the e2e server) inherit it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

_LOCATIONS = {
    "SEAWATCH_STORE": "store.sqlite",
    "SEAWATCH_CACHE_DIR": "cache",
    "SEAWATCH_CONFIG_DIR": "config",
    "SEAWATCH_USER_DATA_DIR": "user-data",
}


@pytest.fixture(autouse=True, scope="session")
def _isolated_user_folders() -> Iterator[None]:
    root = tempfile.mkdtemp(prefix="seawatch-tests-")
    saved = {name: os.environ.get(name) for name in _LOCATIONS}
    for name, leaf in _LOCATIONS.items():
        os.environ[name] = os.path.join(root, leaf)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(root, ignore_errors=True)
