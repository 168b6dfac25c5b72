"""The incident store: an embedded, transactional SQLite file holding the seed and every upload.

Design
------
- One SQLite file (`seawatch.datasets.store_path`, ``SEAWATCH_STORE``) in WAL mode with a long
  busy timeout, so readers never block and two writers wait for each other instead of failing.
- Points are kept as ``latitude``/``longitude`` REAL columns (WGS84); dates as ISO text;
  ``countries`` as ``;``-joined ISO3 codes — the same cells as ``data/incidents.csv``.
- ``data/incidents.csv`` is the seed (batch kind ``seed``). It is loaded on first use and
  loaded again whenever the file's SHA-256 changes; uploads are untouched by a re-seed, and
  seed rows that repeat an uploaded incident are skipped (counted as the seed batch's
  duplicates). Undoing an upload then loads the seed again, so such rows come back.
- Every upload is one batch (who, when, file name, file SHA-256, counts), written in ONE
  transaction: a crash or a kill mid-import leaves the store exactly as it was.
- Duplicates are skipped, never stored twice: an incoming incident is a duplicate when a
  stored (or earlier) incident has the same ``incident_id``, date and type, or the same date
  and type within 1 nautical mile. An id that is already taken by a *different* incident
  (uploads often number their rows 1, 2, 3...) is namespaced with the file's short hash
  (``1`` -> ``1~ab12cd34``) so that no upload's rows are lost and stored ids stay unique.
- `undo` deletes a batch's incidents and marks the batch undone (the record stays, for audit).
- A version string changes with every write, for the dashboard's caches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from seawatch import datasets, schema
from seawatch.errors import StoreError
from seawatch.incidents import load_incidents, to_canonical, typed_frame

#: Seconds a writer waits for another writer before giving up.
BUSY_TIMEOUT_S = 120.0
#: Rows written per executemany call (one progress step).
CHUNK_ROWS = 20_000
#: Two incidents of the same date and type closer than this are the same incident.
DUPLICATE_NM = 1.0
_EARTH_RADIUS_M = 6_371_008.8

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
_DDL = f"""
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
    undone_at TEXT
);
CREATE TABLE IF NOT EXISTS incidents (
    batch_id INTEGER NOT NULL REFERENCES batches(batch_id),
    {", ".join(f"{c} {t}" for c, t in _COLUMN_SQL.items())}
);
CREATE INDEX IF NOT EXISTS incidents_batch ON incidents(batch_id);
"""


@dataclass(frozen=True)
class Batch:
    """One seed or upload batch as recorded in the store."""

    batch_id: int
    kind: str
    user: str
    created_at: str
    file_name: str
    file_sha256: str
    added: int
    duplicates: int
    undone_at: str | None


@dataclass(frozen=True)
class ImportResult:
    """What `import_incidents` did: the new batch and how many rows it added or skipped."""

    batch_id: int
    added: int
    duplicates: int
    #: Added rows whose id was taken by another incident and got the file's hash appended.
    renamed: int = 0


def file_sha256(path: str | Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _connect(path: Path | None) -> Iterator[sqlite3.Connection]:
    """An open, schema-ready, seeded connection in autocommit mode (we BEGIN ourselves)."""
    path = Path(path) if path is not None else datasets.store_path()
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
        _ensure_schema(con)
        _ensure_seed(con)
        yield con
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"incident store {str(path)!r}: {exc}") from exc
    finally:
        con.close()


@contextlib.contextmanager
def _write(con: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (BEGIN IMMEDIATE) and bumping the version."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
        con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _ensure_schema(con: sqlite3.Connection) -> None:
    if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            con.execute("COMMIT")  # another process created it meanwhile
            return
        for statement in filter(str.strip, _DDL.split(";")):
            con.execute(statement)
        con.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", (uuid.uuid4().hex,))
        con.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
        con.execute("INSERT OR IGNORE INTO meta VALUES ('seed_sha256', '')")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _meta(con: sqlite3.Connection, key: str) -> str:
    row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else ""


def _ensure_seed(con: sqlite3.Connection) -> None:
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
        old = [r[0] for r in con.execute("SELECT batch_id FROM batches WHERE kind = 'seed'")]
        con.executemany("DELETE FROM incidents WHERE batch_id = ?", [(b,) for b in old])
        con.executemany("DELETE FROM batches WHERE batch_id = ?", [(b,) for b in old])
        canonical = to_canonical(seed)
        # uploads stay as they are; a seed row that repeats an uploaded incident is skipped
        # (and comes back when that upload is undone: `undo` asks for a re-seed)
        dup = duplicate_mask(canonical, _stored_keys(con), within=False)  # seed rows are curated
        fresh = canonical[~dup]
        batch_id = _insert_batch(
            con, "seed", "seawatch", seed_path.name, sha, len(fresh), int(dup.sum())
        )
        _insert_rows(con, batch_id, fresh, None)
        con.execute("UPDATE meta SET value = ? WHERE key = 'seed_sha256'", (sha,))


def _insert_batch(
    con: sqlite3.Connection,
    kind: str,
    user: str,
    file_name: str,
    sha: str,
    added: int,
    duplicates: int,
) -> int:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    cur = con.execute(
        "INSERT INTO batches (kind, user, created_at, file_name, file_sha256, added, duplicates)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (kind, user, now, file_name, sha, added, duplicates),
    )
    return int(cur.lastrowid or 0)


def _insert_rows(
    con: sqlite3.Connection,
    batch_id: int,
    rows: pd.DataFrame,
    progress: Callable[[int, int], None] | None,
) -> None:
    columns = ", ".join(("batch_id", *schema.INCIDENT_COLUMNS))
    marks = ", ".join("?" * (len(schema.INCIDENT_COLUMNS) + 1))
    sql = f"INSERT INTO incidents ({columns}) VALUES ({marks})"
    total = len(rows)
    columns_as_lists = [[batch_id] * total] + [
        _sql_values(rows[column]) for column in schema.INCIDENT_COLUMNS
    ]
    records = list(zip(*columns_as_lists, strict=True))
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
        `seawatch.validation.validate`).
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
        The batch id and the numbers of rows added and skipped as duplicates. A batch is
        recorded even when every row was a duplicate (it then adds 0 rows).
    """
    canonical = to_canonical(incidents)
    who = user or _login()
    with _connect(Path(path) if path else None) as con, _write(con):
        existing = _stored_keys(con)
        dup = duplicate_mask(canonical, existing)
        fresh = canonical[~dup].copy()
        ids, renamed = namespaced_ids(fresh[schema.INCIDENT_ID], existing, file_hash)
        fresh[schema.INCIDENT_ID] = ids
        batch_id = _insert_batch(
            con, "upload", who, file_name, file_hash, len(fresh), int(dup.sum())
        )
        _insert_rows(con, batch_id, fresh, progress)
    return ImportResult(batch_id, len(fresh), int(dup.sum()), renamed)


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


def _stored_keys(con: sqlite3.Connection) -> pd.DataFrame:
    """The columns of every stored incident that the duplicate check needs."""
    return pd.read_sql_query(
        f"SELECT {schema.INCIDENT_ID}, {schema.DATE}, {schema.INCIDENT_TYPE}, "
        f"{schema.LATITUDE}, {schema.LONGITUDE} FROM incidents",
        con,
    )


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def list_batches(path: str | Path | None = None) -> list[Batch]:
    """Every batch, oldest first (the seed first), undone ones included."""
    with _connect(Path(path) if path else None) as con:
        rows = con.execute(
            "SELECT batch_id, kind, user, created_at, file_name, file_sha256, added,"
            " duplicates, undone_at FROM batches ORDER BY batch_id"
        ).fetchall()
    return [Batch(*row) for row in rows]


def undo(batch_id: int, path: str | Path | None = None) -> int:
    """Remove an upload batch's incidents; returns how many were removed.

    Raises
    ------
    StoreError
        When the batch does not exist, is the seed, or was already undone.
    """
    with _connect(Path(path) if path else None) as con, _write(con):
        row = con.execute(
            "SELECT kind, undone_at FROM batches WHERE batch_id = ?", (batch_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no batch {batch_id!r} in the store (see `seawatch store list`)")
        if row[0] == "seed":
            raise StoreError(
                f"batch {batch_id!r} is the bundled seed data/incidents.csv; it cannot be undone"
            )
        if row[1] is not None:
            raise StoreError(f"batch {batch_id!r} was already undone at {row[1]}")
        removed = con.execute("DELETE FROM incidents WHERE batch_id = ?", (batch_id,)).rowcount
        seed_skipped = con.execute(
            "SELECT COALESCE(SUM(duplicates), 0) FROM batches WHERE kind = 'seed'"
        ).fetchone()[0]
        if seed_skipped:  # seed rows skipped as repeats of this upload may now be missing
            con.execute("UPDATE meta SET value = '' WHERE key = 'seed_sha256'")
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        con.execute("UPDATE batches SET undone_at = ? WHERE batch_id = ?", (now, batch_id))
    return int(removed)


def current_incidents(path: str | Path | None = None) -> tuple[gpd.GeoDataFrame, str]:
    """Everything in the store (seed + uploads) and a version string for caches.

    Returns
    -------
    (geopandas.GeoDataFrame, str)
        The incidents in the typed form of `seawatch.load_incidents` (seed first, then
        uploads in batch order), and a string that changes whenever the store changes.
    """
    with _connect(Path(path) if path else None) as con:
        con.execute("BEGIN")  # one consistent snapshot for the rows and the version
        version = f"{_meta(con, 'store_id')}:{_meta(con, 'generation')}"
        frame = pd.read_sql_query(
            f"SELECT {', '.join(schema.INCIDENT_COLUMNS)} FROM incidents ORDER BY rowid", con
        )
        con.execute("COMMIT")
    return typed_frame(frame), version


def store_version(path: str | Path | None = None) -> str:
    """The version string of `current_incidents` without reading the incidents."""
    with _connect(Path(path) if path else None) as con:
        return f"{_meta(con, 'store_id')}:{_meta(con, 'generation')}"


# --- duplicates --------------------------------------------------------------------------

_LAT_CELL = 1.0 / 60.0  # 1 arcminute of latitude = 1 nm
_LON_CELL = 2.0 / 60.0  # >= 1 nm of longitude anywhere below 60 degrees of latitude


def duplicate_mask(
    incoming: pd.DataFrame, existing: pd.DataFrame, *, within: bool = True
) -> np.ndarray:
    """Which incoming rows repeat a stored row or (with `within`) an earlier incoming row.

    A row repeats another when they share ``incident_id``, date and incident type, or have the
    same date and incident type and lie within `DUPLICATE_NM` of each other (great-circle
    distance). A shared id alone is not enough: uploads often number their rows 1, 2, 3...
    (see `namespaced_ids`).
    Position candidates come from a grid of 1' x 2' cells (a 1 nm neighbourhood always
    lies within the 3 x 3 cells around a point below 60 degrees of latitude), then the exact
    distance decides.

    Examples
    --------
    >>> cols = ["incident_id", "date", "incident_type", "latitude", "longitude"]
    >>> old = pd.DataFrame([["a", "2024-01-01", "other", 10.0, 115.0]], columns=cols)
    >>> new = pd.DataFrame([["b", "2024-01-01", "other", 10.01, 115.0],
    ...                     ["c", "2024-01-01", "other", 10.03, 115.0],
    ...                     ["a", "2020-05-05", "other", 5.0, 110.0],
    ...                     ["a", "2024-01-01", "other", 5.0, 110.0]], columns=cols)
    >>> duplicate_mask(new, old).tolist()
    [True, False, False, True]
    """
    n = len(incoming)
    # pandas' hash-table isin: numpy's isin sorts object arrays and takes minutes at 1M rows
    key_in, key_old = _id_keys(incoming), _id_keys(existing)
    dup = np.array(key_in.isin(key_old), dtype=bool)
    if within:
        dup |= key_in.duplicated(keep="first").to_numpy()
    pool = pd.concat(
        [existing.assign(_order=-1), incoming.assign(_order=np.arange(n))], ignore_index=True
    )
    keys = _cell_keys(pool)
    lat = pool[schema.LATITUDE].to_numpy(dtype="float64")
    lon = pool[schema.LONGITUDE].to_numpy(dtype="float64")
    order = pool["_order"].to_numpy()
    base = pd.DataFrame({"key": keys["base"], "pool": np.arange(len(pool))})
    is_new = order >= 0
    base_keys = pd.Index(keys["base"]).unique()
    for shifted in keys["shifts"]:
        undecided = np.zeros(len(pool), dtype=bool)
        undecided[is_new] = ~dup[order[is_new]]  # rows already known as duplicates skip
        candidates = undecided & pd.Series(shifted).isin(base_keys).to_numpy()
        if not candidates.any():
            continue
        left = pd.DataFrame({"key": shifted[candidates], "row": np.flatnonzero(candidates)})
        pairs = left.merge(base, on="key")
        a, b = pairs["row"].to_numpy(), pairs["pool"].to_numpy()
        # a stored row (-1), or (within) an earlier incoming row
        earlier = order[b] < order[a] if within else order[b] < 0
        a, b = a[earlier], b[earlier]
        close = _distance_nm(lat[a], lon[a], lat[b], lon[b]) <= DUPLICATE_NM
        dup[order[a[close]]] = True
    return dup


def _id_keys(frame: pd.DataFrame) -> pd.Series:
    """One string per row joining its id, date and type (the identity of a record)."""
    parts = [frame[c].astype(str) for c in (schema.INCIDENT_ID, schema.DATE, schema.INCIDENT_TYPE)]
    return (parts[0] + "\x1f" + parts[1].str[:10] + "\x1f" + parts[2]).reset_index(drop=True)


def _cell_keys(frame: pd.DataFrame) -> dict[str, np.ndarray | list[np.ndarray]]:
    """Integer keys (date, type, lat cell, lon cell) of each row, and of its 8 neighbours."""
    days = (
        pd.to_datetime(frame[schema.DATE].astype(str), format="%Y-%m-%d", errors="coerce")
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


def _distance_nm(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Haversine distance on a sphere of the mean Earth radius, in nautical miles."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1))) / schema.NM_IN_M
