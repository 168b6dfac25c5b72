"""The incident store: an embedded, transactional SQLite file holding the seed and every upload.

Design
------
- One SQLite file (`seawatch.datasets.store_path`, ``SEAWATCH_STORE``) in WAL mode with a long
  busy timeout, so readers never block and two writers wait for each other instead of failing.
- Points are kept as ``latitude``/``longitude`` REAL columns (WGS84); dates as ISO text;
  ``countries`` as ``;``-joined ISO3 codes — the same cells as ``data/incidents.csv``. Columns
  an upload had that the schema does not know are kept per row as JSON text (``extra``).
- Every import is one batch (who, when, file name, file SHA-256, counts), written in ONE
  transaction: a crash, a kill or a full disk mid-import leaves the store exactly as it was.
- A batch *holds* incidents (table ``batch_incidents``): the ones it added and the stored ones
  it repeated. An incident stays in the store as long as a live batch holds it; `undo` removes
  a batch's holdings, deletes only the incidents no other batch holds, and marks the batch
  undone (the record stays, for audit).
- ``data/incidents.csv`` is the seed (batch kind ``seed``). It is loaded on first use and again
  whenever the file's SHA-256 changes; the new seed batch holds what it repeats, so uploads and
  seed share incidents without losing them on an undo.
- Only the same incident is merged (see `match_incidents`): the same ``incident_id``, date,
  type, description and source (a corrected position), or identical date, position, type,
  description and source. Near-duplicates (same date and type within `DUPLICATE_NM`) are kept
  and *linked* (table ``related``; ``possibly_same_as`` in `current_incidents`). An id already
  taken by a different incident is namespaced with the file's short hash (``1`` ->
  ``1~ab12cd34``) so that stored ids stay unique.
- A store that cannot be written (read-only file, folder or file system) is read through a
  read-only connection; writing to it is refused with a `StoreError` saying so.
- Schema changes are numbered migrations (`MIGRATIONS`), applied in order in one transaction
  on first write access (or by ``seawatch store migrate``) and recorded in the table
  ``schema_migrations``; a new store is created at `BASELINE_VERSION`, then migrated.
- ``SEAWATCH_STORE=postgresql://...`` keeps the same tables in PostgreSQL with PostGIS
  (`seawatch.store_backends.postgresql`): the same SQL, the same guarantees; writers take a
  transaction-scoped advisory lock where SQLite takes ``BEGIN IMMEDIATE``.
- A version string changes with every write, for the dashboard's caches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from seawatch import datasets, schema
from seawatch.errors import InputError, StoreError
from seawatch.filtering import IncidentFilter
from seawatch.incidents import load_incidents, to_canonical, typed_frame
from seawatch.store_backends import postgresql as pg
from seawatch.zones.geodesic import GEOD

#: An open store connection: a `sqlite3.Connection` or a
#: `seawatch.store_backends.postgresql.PgConnection`.
Connection = Any

#: Seconds a writer waits for another writer before giving up.
BUSY_TIMEOUT_S = 120.0
#: Rows written per executemany call (one progress step).
CHUNK_ROWS = 20_000
#: Two different incidents of the same date and type closer than this are linked.
DUPLICATE_NM = 1.0
#: Version of the tables; stores of an older version are migrated on first write access.
SCHEMA_VERSION = 4
#: The version a new store's tables are created at (`_DDL`); later migrations run after.
BASELINE_VERSION = 2
#: A ``source`` the upload made up for rows without one (see `seawatch.validation`); it says
#: which file a row came from, not who reported the incident, so identity ignores it.
GENERATED_SOURCE_PREFIX = "upload: "

_COLUMN_SQL = {
    schema.INCIDENT_ID: "TEXT NOT NULL",
    schema.DATE: "TEXT NOT NULL",
    schema.LATITUDE: "REAL NOT NULL",
    schema.LONGITUDE: "REAL NOT NULL",
    schema.INCIDENT_TYPE: "TEXT NOT NULL",
    schema.COUNTRIES: "TEXT NOT NULL",
    schema.DESCRIPTION: "TEXT",
    schema.SOURCE: "TEXT",
    schema.LOCATION_NAME: "TEXT",
    schema.LOCATION_PRECISION: "TEXT",
    schema.INITIATOR: "TEXT",
    schema.VESSELS: "TEXT",
    schema.CASUALTIES: "INTEGER",
    schema.END_DATE: "TEXT",
}
_INCIDENTS_DDL = f"""
CREATE TABLE {{name}} (
    incident_key INTEGER PRIMARY KEY,
    {", ".join(f"{c} {t}" for c, t in _COLUMN_SQL.items())},
    {schema.EXTRA} TEXT
)"""
_LINK_DDL = """
CREATE TABLE IF NOT EXISTS batch_incidents (
    batch_id INTEGER NOT NULL REFERENCES batches(batch_id),
    incident_key INTEGER NOT NULL REFERENCES incidents(incident_key) ON DELETE CASCADE,
    PRIMARY KEY (batch_id, incident_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS batch_incidents_incident ON batch_incidents(incident_key);
CREATE TABLE IF NOT EXISTS related (
    incident_key INTEGER NOT NULL REFERENCES incidents(incident_key) ON DELETE CASCADE,
    other_key INTEGER NOT NULL REFERENCES incidents(incident_key) ON DELETE CASCADE,
    PRIMARY KEY (incident_key, other_key),
    CHECK (incident_key < other_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS related_other ON related(other_key);
"""
_DDL = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    batch_id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('seed', 'upload')),
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    added INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    undone_at TEXT,
    linked INTEGER NOT NULL DEFAULT 0
);
"""
    + _INCIDENTS_DDL.format(name="incidents")
    + ";"
    + _LINK_DDL
)
#: Migration of a version-1 store (incidents owned by one batch, no links, no extra).
_MIGRATE_1_TO_2 = (
    _INCIDENTS_DDL.format(name="incidents_v2")
    + f""";
INSERT INTO incidents_v2 (incident_key, {", ".join(_COLUMN_SQL)})
    SELECT rowid, {", ".join(_COLUMN_SQL)} FROM incidents;
CREATE TEMP TABLE old_holdings AS SELECT batch_id, rowid AS incident_key FROM incidents;
DROP TABLE incidents;
ALTER TABLE incidents_v2 RENAME TO incidents;
"""
    + _LINK_DDL
    + """
INSERT INTO batch_incidents SELECT batch_id, incident_key FROM temp.old_holdings;
DROP TABLE temp.old_holdings;
ALTER TABLE batches ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;
UPDATE meta SET value = '' WHERE key = 'seed_sha256';
"""
)


@dataclass(frozen=True)
class Migration:
    """One numbered schema change: what it does and its SQL per backend (None: nothing to do,
    as for PostgreSQL stores, which never had an older version)."""

    version: int
    name: str
    sqlite: str | None
    postgresql: str | None


_AUDIT_DDL = """
CREATE TABLE audit (
    audit_id {key},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    batch_id INTEGER,
    file_sha256 TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at)
"""

#: B-tree indexes for `store_where`'s predicates (the same SQL on both backends; PostgreSQL's
#: baseline has ``incidents_date`` already). The period's end is indexed as the expression the
#: query compares. Countries are matched with ``LIKE '%;PHL;%'``, which no B-tree serves.
_FILTER_INDEXES = f"""
CREATE INDEX IF NOT EXISTS incidents_date ON incidents ({schema.DATE});
CREATE INDEX IF NOT EXISTS incidents_period_end ON incidents
    ((COALESCE(NULLIF({schema.END_DATE}, ''), {schema.DATE})));
CREATE INDEX IF NOT EXISTS incidents_type ON incidents ({schema.INCIDENT_TYPE});
CREATE INDEX IF NOT EXISTS incidents_precision ON incidents ({schema.LOCATION_PRECISION})
"""

#: Every schema change, in order. A store at version ``v`` runs those above ``v``.
MIGRATIONS = (
    Migration(
        2, "batches share incidents; near-duplicate links; extra columns", _MIGRATE_1_TO_2, None
    ),
    Migration(
        3,
        "audit trail",
        _AUDIT_DDL.format(key="INTEGER PRIMARY KEY AUTOINCREMENT"),
        _AUDIT_DDL.format(key="BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    ),
    Migration(4, "indexes of the filters the store evaluates", _FILTER_INDEXES, _FILTER_INDEXES),
)
_MIGRATIONS_DDL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


@dataclass(frozen=True)
class Batch:
    """One seed or upload batch as recorded in the store."""

    batch_id: int
    kind: str
    user: str
    created_at: str
    file_name: str
    file_sha256: str
    #: Incidents this batch stored.
    added: int
    #: Rows that were incidents already in the store (the batch holds those too).
    duplicates: int
    undone_at: str | None
    #: Added incidents linked to a possibly-same incident (same day and type, within 1 nm).
    linked: int = 0


@dataclass(frozen=True)
class ImportResult:
    """What `import_incidents` did: the new batch and how many rows it added or skipped."""

    batch_id: int
    added: int
    duplicates: int
    #: Added rows whose id was taken by another incident and got the file's hash appended.
    renamed: int = 0
    #: Added rows kept beside a near-duplicate (same day and type within 1 nm) and linked to it.
    linked: int = 0


def file_sha256(path: str | Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- connections ---------------------------------------------------------------------------


def store_location(path: str | Path | None = None) -> Path | str:
    """Where the store is: a SQLite file, or the URL of a PostgreSQL database.

    `path` (or ``SEAWATCH_STORE``, or the user data directory) is a file path, a
    ``sqlite:///`` URL (``sqlite:////abs/store.sqlite``) or a ``postgresql://`` URL.

    Examples
    --------
    >>> store_location("sqlite:////tmp/s.sqlite")
    PosixPath('/tmp/s.sqlite')
    >>> store_location("postgresql://db.example.org/seawatch")
    'postgresql://db.example.org/seawatch'
    """
    raw = path if path else os.environ.get("SEAWATCH_STORE")
    if not raw:
        return datasets.store_path()
    if isinstance(raw, str) and pg.is_url(raw):
        return raw
    if isinstance(raw, str) and raw.startswith("sqlite:///"):
        return Path(raw.removeprefix("sqlite:///"))
    return Path(raw)


def describe_location(path: str | Path | None = None) -> str:
    """The store's location for people: the file, or the URL without its password."""
    location = store_location(path)
    return pg.redacted(location) if isinstance(location, str) else str(location)


@contextlib.contextmanager
def _connect(
    path: str | Path | None, *, write: bool = False, seed: bool = True, migrate: bool = True
) -> Iterator[Connection]:
    """An open connection in autocommit mode (we BEGIN ourselves).

    A writable store is made schema-ready (created, migrated) and seeded first (unless not
    `migrate`, not `seed`). A store that cannot be written is opened read-only as it is; with
    `write` that is a `StoreError`.
    """
    location = store_location(path)
    if isinstance(location, str):
        with _connect_pg(location, seed=seed and migrate, migrate=migrate) as con:
            yield con
        return
    path = location
    reason = read_only_reason(path)
    if reason is not None:
        if write:
            raise StoreError(f"the store at {str(path)!r} is read-only: {reason}; nothing changed")
        con = _open_read_only(path, reason)
    else:
        con = _open_writable(path)
    try:
        if reason is None:
            if migrate:
                _ensure_schema(con)
            if seed and migrate:
                _ensure_seed(con)
        elif not _has_table(con, "meta"):
            raise StoreError(
                f"the store at {str(path)!r} is read-only ({reason}) and was never set up; "
                "open it once with write access"
            )
        yield con
    except sqlite3.DatabaseError as exc:
        raise StoreError(_describe(path, exc)) from exc
    finally:
        con.close()


@contextlib.contextmanager
def _connect_pg(url: str, *, seed: bool, migrate: bool) -> Iterator[Connection]:
    """`_connect` for a PostgreSQL store: permissions are the database's, errors name the URL."""
    con = pg.connect(url)
    try:
        if migrate:
            _ensure_schema(con)
        if seed:
            _ensure_seed(con)
        yield con
    except pg.errors() as exc:
        raise StoreError(pg.describe(url, exc)) from exc
    finally:
        con.close()


def _is_pg(con: Connection) -> bool:
    return isinstance(con, pg.PgConnection)


def read_only_reason(path: str | Path) -> str | None:
    """Why the store at `path` cannot be written, or None when it can (or can be created).

    SQLite writes its journal files (``-wal``, ``-shm``) beside the store, so a store in a
    read-only folder is read-only too.
    """
    path = Path(path)
    if not path.exists():
        return None  # created on first use (or a clear error when its folder cannot be)
    if not os.access(path, os.W_OK):
        return "the file is not writable"
    if not os.access(path.parent, os.W_OK):
        return "its folder is not writable (SQLite keeps its journal files beside the store)"
    return None


def _open_writable(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the incident store {str(path)!r}: {exc}") from exc
    try:
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        con.close()
        raise StoreError(_describe(path, exc)) from exc
    return con


def _open_read_only(path: Path, reason: str) -> sqlite3.Connection:
    """``mode=ro``; ``immutable=1`` when SQLite cannot even create the WAL index (``-shm``)."""
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for query in ("mode=ro", "mode=ro&immutable=1"):
        try:
            con = sqlite3.connect(
                f"{uri}?{query}", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
            )
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            con.close()
            last = exc
            continue
        return con
    raise StoreError(f"cannot read the read-only store {str(path)!r} ({reason}): {last}")


def _describe(path: Path, exc: sqlite3.DatabaseError) -> str:
    """The message of a store error, saying what happened to the data."""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return (
            f"incident store {str(path)!r}: {exc}; nothing was written (free some space on "
            "the disk holding the store, then try again)"
        )
    if name.startswith("SQLITE_READONLY"):
        return f"the store at {str(path)!r} is read-only: {exc}; nothing changed"
    return f"incident store {str(path)!r}: {exc}"


@contextlib.contextmanager
def _transaction(con: Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT; on any error a ROLLBACK that never hides the error.

    SQLite rolls a transaction back by itself after some errors (a full disk: SQLITE_FULL), so
    the ROLLBACK only runs while a transaction is still open.
    """
    if _is_pg(con):
        pg.begin_write(con)
    else:
        con.execute("BEGIN IMMEDIATE")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            errors = pg.errors() if _is_pg(con) else (sqlite3.Error,)
            with contextlib.suppress(*errors):  # closing the connection rolls back too
                con.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def _write(con: Connection) -> Iterator[None]:
    """One write transaction, taken at once (BEGIN IMMEDIATE) and bumping the version."""
    with _transaction(con):
        yield
        con.execute(_BUMP_GENERATION)


_BUMP_GENERATION = (
    "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'generation'"
)


def _has_table(con: Connection, name: str) -> bool:
    if _is_pg(con):
        return pg.has_table(con, name)
    row = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return row.fetchone() is not None


def _columns(con: Connection, table: str) -> set[str]:
    if _is_pg(con):
        return pg.columns(con, table)
    return {str(row[1]) for row in con.execute(f"PRAGMA table_info({table})")}


def _read_frame(con: Connection, sql: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    """The result of a query as a frame (as `pandas.read_sql_query` builds it)."""
    if not _is_pg(con):
        return pd.read_sql_query(sql, con, params=params or None)
    cur = con.execute(sql, params or None)
    names = [column.name for column in cur.description]
    return pd.DataFrame.from_records(cur.fetchall(), columns=names, coerce_float=True)


def _ensure_schema(con: Connection) -> list[Migration]:
    """Create the tables of a new store, or migrate an older store's (one transaction).

    Returns
    -------
    list of Migration
        The migrations applied now (none for a store already at `SCHEMA_VERSION`).
    """
    if _has_table(con, "meta") and _schema_version(con) >= SCHEMA_VERSION:
        return []
    with _transaction(con):
        fresh = not _has_table(con, "meta")  # re-checked: another process may have made it
        if fresh:
            _run_script(con, pg.BASELINE if _is_pg(con) else _DDL)
            con.execute("INSERT INTO meta VALUES ('store_id', ?)", (uuid.uuid4().hex,))
            con.execute("INSERT INTO meta VALUES ('generation', '0')")
            con.execute("INSERT INTO meta VALUES ('seed_sha256', '')")
        start = BASELINE_VERSION if fresh else _schema_version(con)
        con.execute(_MIGRATIONS_DDL)
        con.execute(
            "INSERT INTO schema_migrations VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING",
            (start, "new store" if fresh else "the version found", _now()),
        )
        applied = [m for m in MIGRATIONS if m.version > start]
        for migration in applied:
            script = migration.postgresql if _is_pg(con) else migration.sqlite
            if script is not None:
                _run_script(con, script)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                (migration.version, migration.name, _now()),
            )
        if applied and not fresh:
            con.execute(_BUMP_GENERATION)
        con.execute(
            "INSERT INTO meta VALUES ('schema_version', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(SCHEMA_VERSION),),
        )
    return applied


def _schema_version(con: Connection) -> int:
    """The store's version: the last migration recorded (or, before the table of migrations,
    the one in ``meta``; 1 before that)."""
    if _has_table(con, "schema_migrations"):
        row = con.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        if row[0] is not None:
            return int(row[0])
    value = _meta(con, "schema_version")
    return int(value) if value.isdigit() else 1


def _run_script(con: Connection, script: str) -> None:
    for statement in filter(str.strip, script.split(";")):
        con.execute(statement)


def _meta(con: Connection, key: str) -> str:
    row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


# --- seed, import, undo --------------------------------------------------------------------


def _ensure_seed(con: Connection) -> None:
    """Load data/incidents.csv as the seed batch when it is new or has changed."""
    seed_path = datasets.incidents_path()
    try:
        sha = file_sha256(seed_path)
    except OSError as exc:
        raise StoreError(
            f"the seed file {str(seed_path)!r} cannot be read ({exc.strerror or exc}); "
            "set SEAWATCH_DATA_DIR to the folder holding incidents.csv"
        ) from None
    if _meta(con, "seed_sha256") == sha:
        return
    seed = load_incidents(seed_path)  # strict: a broken bundled file fails loudly here
    with _write(con):
        if _meta(con, "seed_sha256") == sha:  # another process seeded meanwhile
            return
        for (old,) in con.execute("SELECT batch_id FROM batches WHERE kind = 'seed'").fetchall():
            _release(con, old)
            con.execute("DELETE FROM batches WHERE batch_id = ?", (old,))
        # the new seed holds what uploads already stored, so undoing them keeps those rows
        done = _add_batch(con, "seed", "seawatch", seed_path.name, sha, to_canonical(seed), None)
        _audit(con, "seawatch", "seed", seed_path.name, done, sha)
        con.execute("UPDATE meta SET value = ? WHERE key = 'seed_sha256'", (sha,))


def import_incidents(
    incidents: gpd.GeoDataFrame | pd.DataFrame,
    file_name: str,
    file_hash: str,
    *,
    user: str | None = None,
    path: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Add validated incidents to the store as one batch, all or nothing.

    Parameters
    ----------
    incidents
        Accepted rows in the typed form of `seawatch.load_incidents` (as returned by
        `seawatch.validation.validate`), optionally with an ``extra`` column of JSON text
        (the row's columns the schema does not know, see `seawatch.extra`).
    file_name, file_hash
        The uploaded file's name and SHA-256, recorded with the batch.
    user
        Who uploads (default: the login name of the process).
    path
        The store file (default `seawatch.datasets.store_path`).
    progress
        Called with ``(rows_written, total)`` after each chunk of the insert.

    Returns
    -------
    ImportResult
        The batch id and the numbers of rows added, skipped as incidents already stored (the
        batch holds them too), renamed and linked. A batch is recorded even when it adds 0 rows.

    Raises
    ------
    StoreError
        When the store cannot be written (read-only, disk full...); nothing is written then.
    """
    canonical = to_canonical(incidents)
    extra = incidents[schema.EXTRA] if schema.EXTRA in incidents else None
    who = user or _login()
    with _connect(path, write=True) as con, _write(con):
        result = _add_batch(con, "upload", who, file_name, file_hash, canonical, extra, progress)
        _audit(con, who, "import", file_name, result, file_hash)
        return result


def _add_batch(
    con: Connection,
    kind: str,
    user: str,
    file_name: str,
    file_hash: str,
    canonical: pd.DataFrame,
    extra: pd.Series | None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Record a batch, store its new incidents, its holdings and its links (in the caller's
    transaction)."""
    stored = _stored_keys(con)
    match = match_incidents(canonical, stored)
    fresh = match.same < 0
    rows = canonical[fresh].copy()
    ids, renamed = namespaced_ids(rows[schema.INCIDENT_ID], stored, file_hash)
    rows[schema.INCIDENT_ID] = ids
    rows[schema.EXTRA] = None if extra is None else extra.to_numpy(dtype=object)[fresh]
    first_key = int(
        con.execute("SELECT COALESCE(MAX(incident_key), 0) + 1 FROM incidents").fetchone()[0]
    )
    # the key of every pool row (stored rows, then incoming rows), -1 for repeated rows
    pool_keys = np.concatenate(
        [stored["incident_key"].to_numpy(dtype="int64"), np.full(len(canonical), -1, "int64")]
    )
    pool_keys[len(stored) + np.flatnonzero(fresh)] = first_key + np.arange(len(rows))
    linked_rows = np.unique(match.links[:, 0]) if len(match.links) else np.array([], "int64")
    batch_id = _insert_batch(
        con, kind, user, file_name, file_hash, len(rows), int((~fresh).sum()), len(linked_rows)
    )
    _insert_rows(con, first_key, rows, progress)
    con.execute(
        "INSERT INTO batch_incidents SELECT ?, incident_key FROM incidents WHERE incident_key >= ?",
        (batch_id, first_key),
    )
    repeated = pool_keys[match.same[~fresh]]
    con.executemany(
        "INSERT INTO batch_incidents VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(batch_id, int(k)) for k in np.unique(repeated)],
    )
    if len(match.links):
        pairs = np.sort(pool_keys[match.links], axis=1)
        con.executemany(
            "INSERT INTO related VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(int(a), int(b)) for a, b in np.unique(pairs, axis=0)],
        )
    return ImportResult(batch_id, len(rows), int((~fresh).sum()), renamed, len(linked_rows))


def _insert_batch(
    con: Connection,
    kind: str,
    user: str,
    file_name: str,
    sha: str,
    added: int,
    duplicates: int,
    linked: int,
) -> int:
    row = con.execute(
        'INSERT INTO batches (kind, "user", created_at, file_name, file_sha256, added,'
        " duplicates, linked) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING batch_id",
        (kind, user, _now(), file_name, sha, added, duplicates, linked),
    ).fetchone()
    return int(row[0])


def _insert_rows(
    con: Connection,
    first_key: int,
    rows: pd.DataFrame,
    progress: Callable[[int, int], None] | None,
) -> None:
    names = ("incident_key", *schema.INCIDENT_COLUMNS, schema.EXTRA)
    sql = f"INSERT INTO incidents ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    total = len(rows)
    columns_as_lists = [list(range(first_key, first_key + total))] + [
        _sql_values(rows[column]) for column in names[1:]
    ]
    records = list(zip(*columns_as_lists, strict=True))
    if _is_pg(con):
        pg.copy_rows(con, "incidents", names, records, CHUNK_ROWS, progress)
        return
    for start in range(0, total, CHUNK_ROWS):
        con.executemany(sql, records[start : start + CHUNK_ROWS])
        if progress is not None:
            progress(min(total, start + CHUNK_ROWS), total)


def _sql_values(column: pd.Series) -> list[object]:
    """Plain Python values for sqlite3 (None for missing), fast for a million rows."""
    values = np.asarray(column.to_numpy(dtype=object), dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = None
    return values.tolist()


#: The incidents an undo of batch ``:b`` removes: held by it and by no other batch. One rule
#: for `undo` and for `undo_preview`, so the preview lists exactly what the undo deletes.
_ONLY_IN_BATCH = (
    "incident_key IN (SELECT incident_key FROM batch_incidents WHERE batch_id = :b)"
    " AND NOT EXISTS (SELECT 1 FROM batch_incidents o"
    "  WHERE o.incident_key = incidents.incident_key AND o.batch_id != :b)"
)


def _release(con: Connection, batch_id: int) -> int:
    """Remove a batch's holdings and the incidents no other batch holds; returns how many."""
    removed = con.execute(f"DELETE FROM incidents WHERE {_ONLY_IN_BATCH}", {"b": batch_id}).rowcount
    con.execute("DELETE FROM batch_incidents WHERE batch_id = ?", (batch_id,))
    return int(removed)


def namespaced_ids(ids: pd.Series, existing: pd.DataFrame, file_hash: str) -> tuple[list[str], int]:
    """The ids to store for new rows: an id already taken gets ``~`` + the file's short hash.

    An id taken by a stored row, or by an earlier row of the same batch, becomes
    ``<id>~<first 8 hex digits of file_hash>`` (and ``-2``, ``-3``... while that is taken too).
    The same file uploaded again gets the same ids, so its rows are recognised as duplicates.

    Returns
    -------
    (list of str, int)
        The ids in the order of `ids`, and how many were renamed.

    Examples
    --------
    >>> old = pd.DataFrame({"incident_id": ["1", "2"]})
    >>> namespaced_ids(pd.Series(["1", "3", "3"]), old, "ab12cd34ef")
    (['1~ab12cd34', '3', '3~ab12cd34'], 2)
    """
    text = ids.astype(str).reset_index(drop=True)
    stored = existing[schema.INCIDENT_ID].astype(str)
    clash = (text.isin(stored) | text.duplicated(keep="first")).to_numpy()
    out = text.tolist()
    if not clash.any():  # the usual case, without a Python loop over a million rows
        return out, 0
    rows = np.flatnonzero(clash)
    bases = text[clash] + f"~{file_hash[:8]}"
    kept = pd.concat([stored, text[~clash]], ignore_index=True)
    again = (bases.isin(kept) | bases.duplicated(keep="first")).to_numpy()
    for i, base in zip(rows[~again], bases[~again], strict=True):
        out[i] = base
    taken = set(kept) | set(bases[~again]) if again.any() else set()
    for i, base in zip(rows[again], bases[again], strict=True):  # rare: the name is taken too
        new, k = f"{base}-2", 3
        while new in taken:
            new, k = f"{base}-{k}", k + 1
        taken.add(new)
        out[i] = new
    return out, len(rows)


_KEY_COLUMNS = (
    schema.INCIDENT_ID,
    schema.DATE,
    schema.INCIDENT_TYPE,
    schema.LATITUDE,
    schema.LONGITUDE,
    schema.DESCRIPTION,
    schema.SOURCE,
)


def _stored_keys(con: Connection) -> pd.DataFrame:
    """The key and the identity columns of every stored incident."""
    return _read_frame(
        con,
        f"SELECT incident_key, {', '.join(_KEY_COLUMNS)} FROM incidents ORDER BY incident_key",
    )


def list_batches(path: str | Path | None = None) -> list[Batch]:
    """Every batch, oldest first (the seed first), undone ones included."""
    with _connect(path) as con:
        linked = "linked" if "linked" in _columns(con, "batches") else "0"
        rows = con.execute(
            'SELECT batch_id, kind, "user", created_at, file_name, file_sha256, added,'
            f" duplicates, undone_at, {linked} FROM batches ORDER BY batch_id"
        ).fetchall()
    return [Batch(*row) for row in rows]


@dataclass(frozen=True)
class UndoPreview:
    """What undoing a batch would do, read in one snapshot before asking for confirmation."""

    batch: Batch
    #: The incidents the undo removes (held by no other batch): id, date, type, location.
    removes: pd.DataFrame
    #: Incidents of the batch that stay because another live batch holds them too.
    keeps: int


def undo_preview(batch_id: int, path: str | Path | None = None) -> UndoPreview:
    """What `undo` of `batch_id` would remove and keep, without changing the store.

    Raises
    ------
    StoreError
        When the batch does not exist, is the seed or was already undone (as `undo` would).
    """
    batch = next((b for b in list_batches(path) if b.batch_id == batch_id), None)
    if batch is None:
        raise StoreError(f"no batch {batch_id!r} in the store (see `seawatch store list`)")
    if batch.kind == "seed":
        raise StoreError(
            f"batch {batch_id!r} is the bundled seed data/incidents.csv; it cannot be undone"
        )
    if batch.undone_at is not None:
        raise StoreError(f"batch {batch_id!r} was already undone at {batch.undone_at}")
    with _connect(path) as con:
        _begin_read(con)
        columns = (
            f"{schema.INCIDENT_ID}, {schema.DATE}, {schema.INCIDENT_TYPE}, {schema.LOCATION_NAME}"
        )
        removes = _read_frame(
            con,
            f"SELECT {columns} FROM incidents WHERE "
            + _ONLY_IN_BATCH.replace(":b", str(int(batch_id)))
            + " ORDER BY incident_key",
        )
        held = con.execute(
            "SELECT COUNT(*) FROM batch_incidents WHERE batch_id = ?", (batch_id,)
        ).fetchone()[0]
        con.execute("COMMIT")
    return UndoPreview(batch=batch, removes=removes, keeps=int(held) - len(removes))


def undo(batch_id: int, path: str | Path | None = None, *, user: str | None = None) -> int:
    """Undo an upload batch: remove the incidents that no other live batch holds.

    Returns
    -------
    int
        How many incidents were removed. Incidents the batch shares with another live batch
        (the seed or another upload) stay.

    Raises
    ------
    StoreError
        When the batch does not exist, is the seed, or was already undone, or when the store
        cannot be written.

    The undo is recorded in the audit trail as `user`'s (default: the login name).
    """
    with _connect(path, write=True) as con, _write(con):
        row = con.execute(
            "SELECT kind, undone_at, file_name, file_sha256 FROM batches WHERE batch_id = ?",
            (batch_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no batch {batch_id!r} in the store (see `seawatch store list`)")
        if row[0] == "seed":
            raise StoreError(
                f"batch {batch_id!r} is the bundled seed data/incidents.csv; it cannot be undone"
            )
        if row[1] is not None:
            raise StoreError(f"batch {batch_id!r} was already undone at {row[1]}")
        removed = _release(con, batch_id)
        con.execute("UPDATE batches SET undone_at = ? WHERE batch_id = ?", (_now(), batch_id))
        _record(con, user or _login(), "undo", batch_id, row[3], f"{row[2]}: removed {removed}")
    return removed


# --- the audit trail ------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditEvent:
    """One line of the audit trail: who did what, when, to which batch and file."""

    audit_id: int
    at: str
    actor: str
    #: ``seed``, ``import``, ``undo``, ``copy``, ``sign-in``, ``sign-out``...
    action: str
    batch_id: int | None
    file_sha256: str | None
    #: The file name and the counts (added, duplicates, linked, renamed; removed).
    detail: str


def _record(
    con: Connection,
    actor: str,
    action: str,
    batch_id: int | None,
    sha: str | None,
    detail: str,
) -> None:
    con.execute(
        "INSERT INTO audit (at, actor, action, batch_id, file_sha256, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (_now(), actor, action, batch_id, sha, detail),
    )


def _audit(
    con: Connection, actor: str, action: str, file_name: str, result: ImportResult, sha: str
) -> None:
    detail = (
        f"{file_name}: added {result.added}, duplicates {result.duplicates}, "
        f"linked {result.linked}, renamed {result.renamed}"
    )
    _record(con, actor, action, result.batch_id, sha, detail)


def record_event(action: str, actor: str, detail: str = "", path: str | Path | None = None) -> None:
    """Add an event other than an import or undo (a sign-in, a role seen) to the audit trail."""
    with _connect(path, write=True) as con, _transaction(con):
        _record(con, actor, action, None, None, detail)


def record_roles(
    roles: dict[str, str],
    changes: Callable[[dict[str, str], dict[str, str]], list[str]],
    path: str | Path | None = None,
) -> list[str]:
    """Record in the audit trail how `roles` (name -> role) differ from the table the store
    saw last (``meta`` key ``roles``), one ``role-change`` event per difference, and keep
    `roles` as the new last table; all in one write transaction. Returns the differences."""
    with _connect(path) as con:
        row = con.execute("SELECT value FROM meta WHERE key = 'roles'").fetchone()
    if row is not None and not changes(json.loads(row[0]), roles):
        return []  # nothing to write (and the store's version stays)
    with _connect(path, write=True) as con, _write(con):
        row = con.execute("SELECT value FROM meta WHERE key = 'roles'").fetchone()
        before = json.loads(row[0]) if row else {}
        found = changes(before, roles)
        for change in found:
            _record(con, "secrets.toml", "role-change", None, None, change)
        if row is None:
            con.execute("INSERT INTO meta VALUES ('roles', ?)", (json.dumps(roles),))
        elif found:
            con.execute("UPDATE meta SET value = ? WHERE key = 'roles'", (json.dumps(roles),))
    return found


def list_audit(path: str | Path | None = None) -> list[AuditEvent]:
    """The audit trail, oldest first."""
    with _connect(path) as con:
        if not _has_table(con, "audit"):  # a read-only store of an older version
            return []
        rows = con.execute(
            "SELECT audit_id, at, actor, action, batch_id, file_sha256, detail FROM audit"
            " ORDER BY audit_id"
        ).fetchall()
    return [AuditEvent(*row) for row in rows]


def current_incidents(path: str | Path | None = None) -> tuple[gpd.GeoDataFrame, str]:
    """Everything in the store (seed + uploads) and a version string for caches.

    Returns
    -------
    (geopandas.GeoDataFrame, str)
        The incidents in the typed form of `seawatch.load_incidents` (in the order they were
        stored), plus ``possibly_same_as`` (the ``;``-joined ids of linked near-duplicates,
        NaN when none) and ``extra`` (JSON text of the columns the schema does not know, NaN
        when none); and a string that changes whenever the store changes.
    """
    return _read_incidents(path, "", {})


def matching_incidents(
    flt: IncidentFilter, path: str | Path | None = None
) -> tuple[gpd.GeoDataFrame, str]:
    """The incidents that `flt`'s store-side predicates keep, selected in SQL, and the version.

    The store evaluates `flt`'s `seawatch.filtering.STORE_FIELDS` (countries involved, the
    period ``since``/``until``, types, location precisions) in a WHERE clause, the same SQL with
    bound parameters on SQLite and PostgreSQL; the other fields (claimants, disputed areas, sea
    areas, text search) are ignored here. With ``store_part, rest =
    seawatch.filtering.split_for_store(f)``, ``apply_filter(matching_incidents(store_part)[0],
    rest)`` has the rows and columns of ``apply_filter(current_incidents()[0], f)``, in the same
    order (with a new 0..n-1 index).

    Returns
    -------
    (geopandas.GeoDataFrame, str)
        The rows as `current_incidents` gives them (``possibly_same_as`` names linked incidents
        whether or not they match) and the store's version string.
    """
    where, params = store_where(flt)
    return _read_incidents(path, where, params)


def incidents_with_ids(
    ids: list[str], path: str | Path | None = None
) -> tuple[gpd.GeoDataFrame, str]:
    """The incidents whose ``incident_id`` is one of `ids` (as `current_incidents` gives them,
    in stored order; unknown ids are absent) and the store's version, selected in SQL."""
    if not ids:
        return _read_incidents(path, "1 = 0", {})
    names = [f"id_{i}" for i in range(len(ids))]
    where = f"{schema.INCIDENT_ID} IN ({', '.join(':' + n for n in names)})"
    return _read_incidents(path, where, dict(zip(names, ids, strict=True)))


#: The last day of an incident's period as the store keeps it (the index of migration 4 is on
#: this expression, so the query must spell it the same).
_PERIOD_END = f"COALESCE(NULLIF({schema.END_DATE}, ''), {schema.DATE})"


def store_where(flt: IncidentFilter) -> tuple[str, dict[str, object]]:
    """The SQL condition (named parameters, ``""`` for none) of `flt`'s store-side fields.

    The cells compared are the store's canonical ones: ISO ``YYYY-MM-DD`` dates (fixed width,
    so text order is date order), ``;``-joined country codes, type and precision names. An
    incident's period (``date`` to ``end_date``, or its day) overlaps ``[since, until]`` as in
    `seawatch.filtering.apply_filter`.

    Examples
    --------
    >>> where, params = store_where(IncidentFilter(countries=("PHL",), types=("other",)))
    >>> where
    "(';' || REPLACE(countries, ' ', '') || ';') LIKE :country_0 AND incident_type IN (:type_0)"
    >>> params
    {'country_0': '%;PHL;%', 'type_0': 'other'}
    """
    clauses: list[str] = []
    params: dict[str, object] = {}
    if flt.countries:
        cell = f"(';' || REPLACE({schema.COUNTRIES}, ' ', '') || ';')"
        ors = []
        for i, code in enumerate(flt.countries):  # codes are checked ISO3: no LIKE wildcards
            params[f"country_{i}"] = f"%;{code};%"
            ors.append(f"{cell} LIKE :country_{i}")
        clauses.append(ors[0] if len(ors) == 1 else "(" + " OR ".join(ors) + ")")
    if flt.since:
        params["since"] = flt.since.isoformat()
        clauses.append(f"{_PERIOD_END} >= :since")
    if flt.until:
        params["until"] = flt.until.isoformat()
        clauses.append(f"{schema.DATE} <= :until")
    for column, name, values in (
        (schema.INCIDENT_TYPE, "type", flt.types),
        (schema.LOCATION_PRECISION, "precision", flt.precisions),
    ):
        if values:
            names = [f"{name}_{i}" for i in range(len(values))]
            params.update(zip(names, values, strict=True))
            clauses.append(f"{column} IN ({', '.join(':' + n for n in names)})")
    return " AND ".join(clauses), params


def _read_incidents(
    path: str | Path | None, where: str, params: dict[str, object]
) -> tuple[gpd.GeoDataFrame, str]:
    """`current_incidents` of the rows meeting `where` (all rows when it is empty)."""
    with _connect(path) as con:
        _begin_read(con)  # one consistent snapshot for the rows and the version
        version = f"{_meta(con, 'store_id')}:{_meta(con, 'generation')}"
        columns = _columns(con, "incidents")
        key = "incident_key" if "incident_key" in columns else "rowid AS incident_key"
        extra = schema.EXTRA if schema.EXTRA in columns else f"NULL AS {schema.EXTRA}"
        condition = f" WHERE {where}" if where else ""
        frame = _read_frame(
            con,
            f"SELECT {key}, {', '.join(schema.INCIDENT_COLUMNS)}, {extra} FROM incidents"
            f"{condition} ORDER BY incident_key",
            params,
        )
        links = (
            _read_frame(con, _links_sql(where), params)
            if _has_table(con, "related")
            else pd.DataFrame({"k": [], "other": []})
        )
        con.execute("COMMIT")
    out = typed_frame(frame)
    joined = links.groupby("k")["other"].agg(lambda ids: schema.LIST_SEP.join(sorted(set(ids))))
    added = {
        schema.POSSIBLY_SAME_AS: frame["incident_key"].map(joined),
        schema.EXTRA: frame[schema.EXTRA],
    }
    for column, values in added.items():  # before the geometry, which stays last
        values = pd.Series(values.to_numpy(dtype=object), dtype=object)
        out.insert(len(out.columns) - 1, column, values.where(values.notna(), np.nan))
    return out, version


def _links_sql(where: str) -> str:
    """(incident key, id of a linked incident) for the incidents meeting `where` (or all)."""
    halves = []
    for mine, other in (("incident_key", "other_key"), ("other_key", "incident_key")):
        sql = (
            f"SELECT r.{mine} AS k, i.incident_id AS other FROM related r"
            f" JOIN incidents i ON i.incident_key = r.{other}"
        )
        if where:
            sql += f" WHERE r.{mine} IN (SELECT incident_key FROM incidents WHERE {where})"
        halves.append(sql)
    return " UNION ALL ".join(halves)


def _begin_read(con: Connection) -> None:
    if _is_pg(con):
        pg.begin_read(con)
    else:
        con.execute("BEGIN")


def migrate(path: str | Path | None = None) -> tuple[int, list[Migration]]:
    """Bring the store's tables to `SCHEMA_VERSION` (every store does so on first write access).

    Returns
    -------
    (int, list of Migration)
        The version the store was at (0 for a new store) and the migrations applied now.
    """
    with _connect(path, write=True, seed=False, migrate=False) as con:
        before = _schema_version(con) if _has_table(con, "meta") else 0
        applied = _ensure_schema(con)
    return before, applied


@dataclass(frozen=True)
class CopyResult:
    """What `copy_store` copied."""

    batches: int
    incidents: int
    holdings: int
    links: int
    audit_events: int


_COPIED = {
    "batches": (
        'batch_id, kind, "user", created_at, file_name, file_sha256, added, duplicates,'
        " undone_at, linked"
    ),
    "incidents": f"incident_key, {', '.join(schema.INCIDENT_COLUMNS)}, {schema.EXTRA}",
    "batch_incidents": "batch_id, incident_key",
    "related": "incident_key, other_key",
    "audit": "audit_id, at, actor, action, batch_id, file_sha256, detail",
}


def copy_store(source: str | Path, target: str | Path) -> CopyResult:
    """Copy every batch, incident, holding and link of one store into another, empty one.

    The ids of batches and the incidents' keys are kept, so ``seawatch store undo N`` means
    the same batch in both. `source` and `target` are paths or URLs (see `store_location`),
    e.g. a SQLite file into a PostgreSQL database. The target is written in one transaction.

    Raises
    ------
    StoreError
        When the target already holds batches (nothing is copied), or a store cannot be opened.
    """
    with _connect(source) as src:
        _begin_read(src)
        frames = {
            table: _read_frame(src, f"SELECT {names} FROM {table} ORDER BY 1")
            for table, names in _COPIED.items()
        }
        seed_sha = _meta(src, "seed_sha256")
        src.execute("COMMIT")
    with _connect(target, write=True, seed=False) as dst, _write(dst):
        held = int(dst.execute("SELECT COUNT(*) FROM batches").fetchone()[0])
        if held:
            raise StoreError(
                f"the target store {describe_location(target)} already holds {held} batch(es); "
                "copy into a new, empty store (nothing was copied)"
            )
        for table, names in _COPIED.items():
            frame = frames[table]
            marks = ", ".join("?" * len(frame.columns))
            records = zip(*(_sql_values(frame[c]) for c in frame.columns), strict=True)
            dst.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(records))
        dst.execute("UPDATE meta SET value = ? WHERE key = 'seed_sha256'", (seed_sha,))
        if _is_pg(dst):
            pg.after_copy(dst)
        _record(dst, _login(), "copy", None, None, f"from {describe_location(source)}")
    return CopyResult(*(len(frames[t]) for t in _COPIED))


#: A PostgreSQL store holding more incidents than this is better read per view, through
#: `matching_incidents`, than loaded whole into each app replica. Measured at 100,000
#: incidents (benchmarks/README.md, store backends): a whole read 1.9 s once per store
#: version, then filter changes in memory 0.01-0.2 s, against 0.14-0.85 s per pushed read; so
#: below a few hundred thousand incidents the whole read wins. The whole read grows linearly
#: (~10 s at 500,000, in every replica after every upload) while a pushed read grows with the
#: rows a view selects.
PUSHDOWN_MIN_INCIDENTS = 500_000
#: The environment variable that changes `PUSHDOWN_MIN_INCIDENTS` for a deployment (``0``: every
#: view of a PostgreSQL store is read through SQL).
PUSHDOWN_ENV = "SEAWATCH_PUSHDOWN_MIN_INCIDENTS"


def pushdown_threshold() -> int:
    """`PUSHDOWN_MIN_INCIDENTS`, or the whole number of ``$SEAWATCH_PUSHDOWN_MIN_INCIDENTS``.

    Raises `InputError` naming the variable and its value when that is not a whole number >= 0.
    """
    raw = os.environ.get(PUSHDOWN_ENV, "").strip()
    if not raw:
        return PUSHDOWN_MIN_INCIDENTS
    if not raw.isdigit():
        raise InputError(f"{PUSHDOWN_ENV}={raw!r}: not a usable number; give a whole number >= 0")
    return int(raw)


def incident_count(path: str | Path | None = None, flt: IncidentFilter | None = None) -> int:
    """How many incidents the store holds (one COUNT, without reading them); with `flt`, how
    many its store-side predicates keep (`store_where`; its other fields are ignored)."""
    where, params = store_where(flt) if flt is not None else ("", {})
    with _connect(path) as con:
        sql = "SELECT COUNT(*) FROM incidents" + (f" WHERE {where}" if where else "")
        cursor = con.execute(sql, params) if params else con.execute(sql)
        return int(cursor.fetchone()[0])


def reads_views_through_sql(
    location: str | Path, incidents: int, threshold: int | None = None
) -> bool:
    """Whether a dashboard should read its views through SQL (`matching_incidents`) rather
    than load the whole store: a PostgreSQL store holding more than `threshold` incidents
    (by default `pushdown_threshold`).

    A SQLite store is a local file read at disk speed by one server: it is always read whole.

    Examples
    --------
    >>> reads_views_through_sql("postgresql://db/seawatch", 600_000)
    True
    >>> reads_views_through_sql("postgresql://db/seawatch", 100_000)
    False
    >>> reads_views_through_sql(Path("store.sqlite"), 5_000_000)
    False
    """
    if threshold is None:
        threshold = pushdown_threshold()
    return isinstance(location, str) and pg.is_url(location) and incidents > threshold


def date_span(path: str | Path | None = None) -> tuple[dt.date, dt.date] | None:
    """The earliest and the latest incident ``date`` of the store (None when it is empty),
    read with one query: what `seawatch.summary.period_change_counted` needs of the store."""
    with _connect(path) as con:
        sql = f"SELECT MIN({schema.DATE}), MAX({schema.DATE}) FROM incidents"
        row = con.execute(sql).fetchone()
    if row is None or row[0] is None:
        return None
    first, last = (dt.date.fromisoformat(str(value)[:10]) for value in row)
    return first, last


def store_version(path: str | Path | None = None) -> str:
    """The version string of `current_incidents` without reading the incidents."""
    with _connect(path) as con:
        return f"{_meta(con, 'store_id')}:{_meta(con, 'generation')}"


# --- which incoming rows are stored incidents, which are near one -----------------------------


@dataclass(frozen=True)
class Matches:
    """How incoming rows relate to stored incidents and to each other (see `match_incidents`).

    Rows are numbered in a *pool*: the stored rows first (``0 .. len(stored) - 1``), then the
    incoming rows (``len(stored) + i`` for incoming row ``i``).
    """

    #: Per incoming row: the pool number of the incident it is (a stored row or an earlier,
    #: new incoming row), or -1 when it is a new incident.
    same: np.ndarray
    #: Pairs ``(new incoming row, other row)`` of pool numbers: different incidents of the same
    #: date and type within `DUPLICATE_NM`, kept both and linked.
    links: np.ndarray


def match_incidents(incoming: pd.DataFrame, stored: pd.DataFrame) -> Matches:
    """Find the incoming rows that are incidents already stored, and the near-duplicates.

    Two rows are the same incident when they have

    - the same ``incident_id``, date, type, description and source (the record again,
      perhaps with a corrected position), or
    - the same date, position (to 1e-6 degree), type, description and source, whatever their
      ids. A source the upload made up (``upload: <file name>``) counts as no source here, so a
      file uploaded again under another name is recognised.

    Rows of the same date and type within `DUPLICATE_NM` (geodesic distance) that are not the
    same incident — their texts or sources differ — are *near-duplicates*: both are kept and
    linked. Both tables need the columns ``incident_id``, ``date``, ``incident_type``,
    ``latitude``, ``longitude``, ``description`` and ``source`` (canonical cells).

    Examples
    --------
    >>> cols = ["incident_id", "date", "incident_type", "latitude", "longitude",
    ...         "description", "source"]
    >>> old = pd.DataFrame([["a", "2024-01-01", "other", 10.0, 115.0, "Boat.", "s"]], columns=cols)
    >>> new = pd.DataFrame([["b", "2024-01-01", "other", 10.0, 115.0, "Boat.", "s"],
    ...                     ["c", "2024-01-01", "other", 10.01, 115.0, "Ship.", "t"],
    ...                     ["d", "2024-01-01", "other", 10.03, 115.0, "Ship.", "t"]],
    ...                    columns=cols)
    >>> m = match_incidents(new, old)
    >>> m.same.tolist(), m.links.tolist()
    ([0, -1, -1], [[2, 0]])
    """
    n, m = len(incoming), len(stored)
    columns = list(_KEY_COLUMNS)
    pool = pd.concat([stored[columns], incoming[columns]], ignore_index=True)
    ident = _identity_columns(pool)
    content = ["date", "lat", "lon", "type", "description", "source_seen"]
    record = ["id", "date", "type", "description", "source"]
    parent = np.minimum(_first_equal(ident, content), _first_equal(ident, record))
    parent[:m] = np.arange(m)  # stored rows stay what they are
    while True:  # an earlier row may itself repeat an even earlier one
        resolved = parent[parent]
        if np.array_equal(resolved, parent):
            break
        parent = resolved
    same = parent[m:].copy()
    same[same == np.arange(m, m + n)] = -1
    fresh = np.zeros(m + n, dtype=bool)
    fresh[m:] = same < 0
    return Matches(same, _near_pairs(pool, fresh, parent))


def _identity_columns(pool: pd.DataFrame) -> pd.DataFrame:
    """The cells identity compares, normalised (text stripped, missing as "", 1e-6 degree)."""

    def text(column: str) -> pd.Series:
        return pool[column].fillna("").astype(str).str.strip()

    source = text(schema.SOURCE)
    return pd.DataFrame(
        {
            "id": text(schema.INCIDENT_ID),
            "date": text(schema.DATE).str[:10],
            "type": text(schema.INCIDENT_TYPE),
            "lat": np.round(pool[schema.LATITUDE].to_numpy(dtype="float64"), 6),
            "lon": np.round(pool[schema.LONGITUDE].to_numpy(dtype="float64"), 6),
            "description": text(schema.DESCRIPTION),
            "source": source,
            "source_seen": source.where(~source.str.startswith(GENERATED_SOURCE_PREFIX), ""),
        }
    )


def _first_equal(ident: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """For each row, the first row with the same cells in `columns` (itself when none)."""
    hashes = pd.util.hash_pandas_object(ident[columns], index=False).to_numpy()
    codes, _ = pd.factorize(hashes)  # codes number the hashes in order of first appearance
    first = np.flatnonzero(~pd.Series(codes).duplicated().to_numpy())[codes]
    # a 64-bit hash may collide: compare the cells themselves
    differs = np.zeros(len(ident), dtype=bool)
    for column in columns:
        values = ident[column].to_numpy()
        differs |= values != values[first]
    first[differs] = np.flatnonzero(differs)
    return first


_LAT_CELL = 1.0 / 60.0  # 1 arcminute of latitude = 1 nm
_LON_CELL = 2.0 / 60.0  # >= 1 nm of longitude anywhere below 60 degrees of latitude


def _near_pairs(pool: pd.DataFrame, fresh: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """``(new row, earlier incident)`` pool pairs of the same date and type within 1 nm.

    Candidates come from a grid of 1' x 2' cells (a 1 nm neighbourhood always lies within the
    3 x 3 cells around a point below 60 degrees of latitude); the geodesic distance decides.
    """
    if not fresh.any():
        return np.empty((0, 2), dtype="int64")
    keys = _cell_keys(pool)
    lat = pool[schema.LATITUDE].to_numpy(dtype="float64")
    lon = pool[schema.LONGITUDE].to_numpy(dtype="float64")
    base = pd.DataFrame({"key": keys["base"], "pool": np.arange(len(pool))})
    base_keys = pd.Index(keys["base"]).unique()
    found: list[np.ndarray] = []
    for shifted in keys["shifts"]:
        candidates = fresh & pd.Series(shifted).isin(base_keys).to_numpy()
        if not candidates.any():
            continue
        left = pd.DataFrame({"key": shifted[candidates], "row": np.flatnonzero(candidates)})
        pairs = left.merge(base, on="key")
        a, b = pairs["row"].to_numpy(), pairs["pool"].to_numpy()
        a, b = a[b < a], b[b < a]  # each pair once, from its later row
        if not len(a):
            continue
        _, _, metres = GEOD.inv(lon[a], lat[a], lon[b], lat[b])
        close = np.asarray(metres) <= DUPLICATE_NM * schema.NM_IN_M
        found.append(np.column_stack([a[close], parent[b[close]]]))
    if not found:
        return np.empty((0, 2), dtype="int64")
    return np.unique(np.concatenate(found).astype("int64"), axis=0)


def _cell_keys(frame: pd.DataFrame) -> dict[str, np.ndarray | list[np.ndarray]]:
    """Integer keys (date, type, lat cell, lon cell) of each row, and of its 8 neighbours."""
    days = (
        pd.to_datetime(frame[schema.DATE].astype(str).str[:10], format="%Y-%m-%d", errors="coerce")
        .to_numpy()
        .astype("datetime64[D]")
        .astype("int64")
    )
    days = (days + 200_000) % (1 << 20)  # NaT folds to some value: the distance check decides
    types = pd.Categorical(frame[schema.INCIDENT_TYPE].astype(str)).codes.astype("int64")
    lat = frame[schema.LATITUDE].to_numpy(dtype="float64")
    lon = frame[schema.LONGITUDE].to_numpy(dtype="float64")
    ci = np.floor((lat + 90.0) / _LAT_CELL).astype("int64")
    cj = np.floor((lon + 180.0) / _LON_CELL).astype("int64")

    def pack(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return (((days << 8 | types) << 15 | (i & 0x7FFF)) << 15) | (j & 0x7FFF)

    shifts = [pack(ci + di, cj + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
    return {"base": pack(ci, cj), "shifts": shifts}
