"""A real, throwaway PostgreSQL + PostGIS server for the store's tests on that backend.

`postgres_server` runs ``initdb`` and ``pg_ctl`` (the Debian packages ``postgresql`` and
``postgresql-15-postgis-3``, installed by ``.ci/run``) in a temporary folder, on a free local
port, once per session; as root it runs them as the user ``postgres`` (or ``nobody``), since
PostgreSQL refuses to run as root. Each test gets its own database (`postgres_url`), copied
from a template that has the postgis extension. Without the server binaries the tests are
skipped with the reason, unless ``SEAWATCH_REQUIRE_POSTGRES=1`` (set by ``.ci/run``), which
turns it into a failure.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Where Debian puts the server programs (SEAWATCH_PG_BIN overrides it).
PG_BIN = Path(os.environ.get("SEAWATCH_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "seawatch_template"


def _missing(reason: str) -> None:
    if os.environ.get("SEAWATCH_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason + " (SEAWATCH_REQUIRE_POSTGRES=1)")
    pytest.skip(reason)


def _run_as() -> tuple[list[str], int | None]:
    """The command prefix and uid that run the server: as root, another user."""
    if os.geteuid() != 0:
        return [], None
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        _missing("running as root: needs setpriv to run PostgreSQL as another user")
    try:
        user = pwd.getpwnam("postgres")
        uid, gid = user.pw_uid, user.pw_gid
    except KeyError:
        uid = gid = 65534  # nobody
    return [str(setpriv), f"--reuid={uid}", f"--regid={gid}", "--clear-groups"], uid


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL prefix ``postgresql://seawatch@127.0.0.1:PORT/`` of a running test server."""
    try:
        import psycopg
    except ImportError:
        _missing("psycopg is not installed (pip install -e '.[test]')")
    if not (PG_BIN / "initdb").exists():
        _missing(f"no PostgreSQL server in {PG_BIN} (apt-get install postgresql)")
    if not Path("/usr/share/postgresql/15/extension/postgis.control").exists():
        _missing("no PostGIS for PostgreSQL 15 (apt-get install postgresql-15-postgis-3)")
    prefix, uid = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="seawatch-pg-"))
    if uid is not None:
        os.chown(folder, uid, -1)
    data, port = folder / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stderr}{done.stdout}\n{tail}")

    run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "seawatch", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        str(PG_BIN / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(folder / "log"),
        "-w",
        "start",
    )
    base = f"postgresql://seawatch@127.0.0.1:{port}/"
    try:
        with psycopg.connect(base + "postgres", autocommit=True) as con:
            con.execute(f"CREATE DATABASE {TEMPLATE}")
        with psycopg.connect(base + TEMPLATE, autocommit=True) as con:
            con.execute("CREATE EXTENSION postgis")
        yield base
    finally:
        run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database (with postgis) on the test server, dropped after."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server + "postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield postgres_server + name
    with psycopg.connect(postgres_server + "postgres", autocommit=True) as con:
        con.execute(f"DROP DATABASE {name} WITH (FORCE)")
