"""The incident store: seeding, batches, duplicates, undo, kill-safety, concurrent writers, a
read-only store, a full disk and the migration of an older store file."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from seawatch import schema, store
from seawatch.errors import InputError, StoreError
from seawatch.filtering import IncidentFilter
from seawatch.incidents import load_incidents, typed_frame

#: A hand-written three-row seed: two Second Thomas Shoal incidents on different days and
#: one Natuna fishing-enforcement case.
SEED = """\
incident_id,date,latitude,longitude,incident_type,countries,description,source,location_name,location_precision,initiator,vessels,casualties,end_date
S-1,2023-08-05,9.73,115.87,water_cannon,CHN;PHL,Water cannon at a resupply boat.,https://example.org/1,Second Thomas Shoal,feature,CHN,,,
S-2,2024-06-17,9.73,115.87,boarding_seizure,CHN;PHL,Boats boarded and seized.,https://example.org/2,Second Thomas Shoal,feature,CHN,,8,
S-3,2016-03-19,4.0,108.0,fishing_enforcement,CHN;IDN,Fishing boat seized near Natuna.,https://example.org/3,Natuna,approximate,IDN,,,
"""  # noqa: E501


@pytest.fixture(params=["sqlite", "postgresql"])
def seed_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Path:
    """A data dir holding the three-row SEED, and an empty store: a SQLite file under tmp_path,
    or a new database on the test PostgreSQL server (see conftest.py)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    if request.param == "postgresql":
        monkeypatch.setenv("SEAWATCH_STORE", request.getfixturevalue("postgres_url"))
    else:
        monkeypatch.setenv("SEAWATCH_STORE", str(tmp_path / "store" / "store.sqlite"))
    return data


def make_incidents(n: int, prefix: str, lat0: float = 10.0) -> pd.DataFrame:
    """`n` distinct typed incidents: ids prefix-0..n-1, 0.1 degree apart on a 100-column grid."""
    i = np.arange(n)
    canonical = pd.DataFrame(
        {
            "incident_id": [f"{prefix}-{k}" for k in i],
            "date": "2022-01-01",
            "latitude": lat0 + (i // 100) * 0.1,
            "longitude": 105.0 + (i % 100) * 0.1,
            "incident_type": "other",
            "countries": "PHL",
            "description": "synthetic",
            "source": "test",
        }
    )
    for column in schema.OPTIONAL_COLUMNS:
        canonical[column] = ""
    return typed_frame(canonical)


def test_first_use_seeds_from_the_bundled_file(seed_dir: Path) -> None:
    incidents, version = store.current_incidents()
    added = [schema.POSSIBLY_SAME_AS, schema.EXTRA]
    assert list(incidents.columns) == [*schema.INCIDENT_COLUMNS, *added, "geometry"]
    assert incidents[added].isna().all().all()
    assert_geodataframe_equal(
        incidents.drop(columns=added), load_incidents(seed_dir / "incidents.csv")
    )
    [batch] = store.list_batches()
    assert (batch.kind, batch.file_name, batch.added) == ("seed", "incidents.csv", 3)
    assert batch.file_sha256 == store.file_sha256(seed_dir / "incidents.csv")
    assert version == store.store_version()


def test_import_records_a_batch_and_changes_the_version(seed_dir: Path) -> None:
    before = store.store_version()
    result = store.import_incidents(make_incidents(4, "U"), "mine.csv", "f" * 64, user="ana")
    assert (result.added, result.duplicates) == (4, 0)
    batch = store.list_batches()[-1]
    assert batch.batch_id == result.batch_id
    assert (batch.kind, batch.user, batch.file_name, batch.file_sha256) == (
        "upload",
        "ana",
        "mine.csv",
        "f" * 64,
    )
    assert batch.created_at.endswith("+00:00")
    incidents, after = store.current_incidents()
    assert after != before
    assert incidents["incident_id"].tolist() == ["S-1", "S-2", "S-3", "U-0", "U-1", "U-2", "U-3"]
    assert incidents["countries"].iloc[-1] == ["PHL"]


def test_the_count_of_incidents_follows_imports_and_undos(seed_dir: Path) -> None:
    assert store.incident_count() == 3
    result = store.import_incidents(make_incidents(4, "U"), "u.csv", "4" * 64)
    assert store.incident_count() == 7
    store.undo(result.batch_id)
    assert store.incident_count() == 3


def test_reimporting_the_same_rows_adds_nothing(seed_dir: Path) -> None:
    rows = make_incidents(50, "U")
    store.import_incidents(rows, "a.csv", "1" * 64)
    again = store.import_incidents(rows, "a.csv", "1" * 64)
    assert (again.added, again.duplicates) == (0, 50)
    assert len(store.current_incidents()[0]) == 53


def near_s1(dlat_nm: float, same_type: bool = True, same_day: bool = True) -> pd.DataFrame:
    """A new incident near seed S-1 (Second Thomas Shoal, water cannon, 2023-08-05)."""
    row = make_incidents(1, "NEW")
    row["latitude"] = 9.73 + dlat_nm / 60.0  # 1 nm = 1 minute of latitude
    row["longitude"] = 115.87
    row["incident_type"] = "water_cannon" if same_type else "other"
    row["date"] = pd.Timestamp("2023-08-05" if same_day else "2023-08-06")
    return row


@pytest.mark.parametrize(
    ("dlat_nm", "same_type", "same_day", "linked"),
    [
        (0.0, True, True, True),
        (0.9, True, True, True),
        (1.1, True, True, False),
        (0.0, False, True, False),
        (0.0, True, False, False),
    ],
)
def test_near_duplicates_with_other_texts_are_kept_and_linked(
    seed_dir: Path, dlat_nm: float, same_type: bool, same_day: bool, linked: bool
) -> None:
    """Issue 14: same day and type within 1 nm but another text and source is not a duplicate:
    both incidents stay, linked to each other when within 1 nm."""
    result = store.import_incidents(near_s1(dlat_nm, same_type, same_day), "near.csv", "2" * 64)
    assert (result.added, result.duplicates, result.linked) == (1, 0, int(linked))
    incidents = store.current_incidents()[0].set_index("incident_id")
    links = incidents[schema.POSSIBLY_SAME_AS]
    if linked:
        assert (links["S-1"], links["NEW-0"]) == ("NEW-0", "S-1")
        assert store.list_batches()[-1].linked == 1
    else:
        assert links.isna().all()


def test_extra_is_stored_with_its_own_row(seed_dir: Path) -> None:
    """Each added row keeps its own ``extra`` JSON, also when rows before it were duplicates."""
    rows = make_incidents(3, "X")
    store.import_incidents(rows.iloc[[0]], "first.csv", "e" * 64)
    rows[schema.EXTRA] = ['{"n": "0"}', '{"n": "1"}', None]
    result = store.import_incidents(rows, "x.csv", "f" * 64)
    assert (result.added, result.duplicates) == (2, 1)
    incidents = store.current_incidents()[0].set_index("incident_id")
    assert incidents.loc["X-0", schema.EXTRA] != incidents.loc["X-0", schema.EXTRA]  # NaN
    assert incidents.loc["X-1", schema.EXTRA] == '{"n": "1"}'
    assert incidents.loc["X-2", schema.EXTRA] != incidents.loc["X-2", schema.EXTRA]
    assert store.import_incidents(rows.iloc[:0], "empty.csv", "0" * 64).added == 0


def test_every_cell_comes_back_as_written(seed_dir: Path) -> None:
    """Text that a bulk load must escape (tab, newline, backslash, ``\\N``, quotes, non-ASCII),
    coordinates to the last bit, casualties and missing cells come back unchanged."""
    rows = make_incidents(3, "C")
    rows[schema.DESCRIPTION] = ["tab\there", "line\nbreak \\N back\\slash", "quote \" '; 南海"]
    rows[schema.LATITUDE] = [10.123456789012345, 0.1 + 0.2, -2.5e-7]
    rows[schema.CASUALTIES] = pd.array([0, None, 12], dtype="Int64")
    rows[schema.EXTRA] = ['{"note": "a\\tb"}', None, "{}"]
    store.import_incidents(rows, "c.csv", "c" * 64)
    back = store.current_incidents()[0].iloc[3:].reset_index(drop=True)
    assert back[schema.DESCRIPTION].tolist() == rows[schema.DESCRIPTION].tolist()
    assert back[schema.LATITUDE].tolist() == rows[schema.LATITUDE].tolist()
    assert back[schema.CASUALTIES].tolist() == rows[schema.CASUALTIES].tolist()
    assert back[schema.EXTRA].iloc[[0, 2]].tolist() == ['{"note": "a\\tb"}', "{}"]
    assert pd.isna(back[schema.EXTRA].iloc[1])


def test_identical_content_under_another_id_is_the_same_incident(seed_dir: Path) -> None:
    seed_row = (
        store.current_incidents()[0].iloc[[0]].drop(columns=[schema.POSSIBLY_SAME_AS, schema.EXTRA])
    )
    seed_row["incident_id"] = "OTHER-ID"
    result = store.import_incidents(seed_row, "copy.csv", "2" * 64)
    assert (result.added, result.duplicates, result.linked) == (0, 1, 0)


def test_a_file_uploaded_again_under_another_name_adds_nothing(seed_dir: Path) -> None:
    """The source the upload makes up ("upload: <file name>") does not make rows different."""
    rows = make_incidents(3, "U")
    rows["source"] = "upload: a.csv"
    store.import_incidents(rows, "a.csv", "1" * 64)
    rows["source"] = "upload: a (1).csv"
    again = store.import_incidents(rows, "a (1).csv", "1" * 64)
    assert (again.added, again.duplicates) == (0, 3)


def test_duplicates_inside_one_batch_keep_the_first(seed_dir: Path) -> None:
    rows = make_incidents(4, "U")
    rows.loc[1, "incident_id"] = "U-0"  # same id and record as row 0, position corrected
    rows.loc[2, ["latitude", "longitude"]] = rows.loc[0, ["latitude", "longitude"]].to_numpy()
    rows.loc[2, "incident_id"] = "U-other"  # same day, type, place and texts as row 0
    rows.loc[3, ["latitude", "longitude"]] = rows.loc[0, ["latitude", "longitude"]].to_numpy()
    rows.loc[3, "description"] = "another report"  # same place and day, another text: linked
    result = store.import_incidents(rows, "dups.csv", "3" * 64)
    assert (result.added, result.duplicates, result.linked) == (2, 2, 1)
    incidents = store.current_incidents()[0]
    assert incidents[schema.POSSIBLY_SAME_AS].tolist()[-2:] == ["U-3", "U-0"]


def test_undo_removes_a_batch_and_keeps_its_record(seed_dir: Path) -> None:
    result = store.import_incidents(make_incidents(5, "U"), "u.csv", "4" * 64)
    assert store.undo(result.batch_id) == 5
    assert store.current_incidents()[0]["incident_id"].tolist() == ["S-1", "S-2", "S-3"]
    assert store.list_batches()[-1].undone_at is not None
    # the same file can be uploaded again after an undo
    assert store.import_incidents(make_incidents(5, "U"), "u.csv", "4" * 64).added == 5


@pytest.mark.parametrize(
    ("undone", "removed", "left"), [("b", 1, ["A-1"]), ("a", 0, ["A-1", "B-2"])]
)
def test_undo_keeps_what_another_live_batch_holds(
    seed_dir: Path, undone: str, removed: int, left: list[str]
) -> None:
    """Issue 18.1: a.csv holds A-1; b.csv holds the same incident as B-1, and B-2. Undoing
    either batch removes only what no other live batch holds."""
    a = make_incidents(1, "A")
    a["incident_id"] = "A-1"
    b = make_incidents(2, "B", lat0=10.0)
    b["incident_id"] = ["B-1", "B-2"]
    b.loc[1, "date"] = pd.Timestamp("2023-06-01")
    batches = {
        "a": store.import_incidents(a, "a.csv", "a" * 64),
        "b": store.import_incidents(b, "b.csv", "b" * 64),
    }
    assert (batches["b"].added, batches["b"].duplicates) == (1, 1)
    # the confirmation shows exactly what the undo then removes, and changes nothing itself
    before = store.store_version()
    preview = store.undo_preview(batches[undone].batch_id)
    assert preview.removes["incident_id"].tolist() == (["B-2"] if undone == "b" else [])
    assert preview.keeps == 1 and preview.batch.file_name == f"{undone}.csv"
    assert store.store_version() == before
    assert store.undo(batches[undone].batch_id) == removed
    assert store.current_incidents()[0]["incident_id"].tolist()[3:] == left
    other = batches["a" if undone == "b" else "b"].batch_id
    assert store.undo(other) == len(left)  # the last holder goes: so do its incidents
    assert store.current_incidents()[0]["incident_id"].tolist() == ["S-1", "S-2", "S-3"]


@pytest.mark.parametrize(
    ("batch", "message"),
    [(1, "is the bundled seed"), (99, "no batch 99"), ("undone", "already undone")],
)
def test_undo_errors(seed_dir: Path, batch: object, message: str) -> None:
    if batch == "undone":
        batch = store.import_incidents(make_incidents(1, "U"), "u.csv", "5" * 64).batch_id
        store.undo(int(batch))
    with pytest.raises(StoreError, match=message):
        store.undo_preview(int(batch))  # type: ignore[call-overload]
    with pytest.raises(StoreError, match=message):
        store.undo(int(batch))  # type: ignore[call-overload]


def test_a_changed_seed_is_loaded_again_and_uploads_stay(seed_dir: Path) -> None:
    store.import_incidents(make_incidents(2, "U"), "u.csv", "6" * 64)
    version = store.store_version()
    seed = seed_dir / "incidents.csv"
    seed.write_text("\n".join(SEED.splitlines()[:2]) + "\n", encoding="utf-8")  # only S-1
    incidents, new_version = store.current_incidents()
    assert incidents["incident_id"].tolist() == ["U-0", "U-1", "S-1"]
    assert new_version != version
    assert [b.kind for b in store.list_batches()] == ["upload", "seed"]


def test_an_unopenable_store_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("SEAWATCH_STORE", str(junk))
    with pytest.raises(StoreError, match="junk.sqlite"):
        store.current_incidents()


# --- crashes and concurrent writers, in real child processes -------------------------------

CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from test_store import make_incidents
    from seawatch import store

    def progress(done, total):
        if {pause!r}:
            print("written", done, flush=True)
            time.sleep(60)  # killed here: rows written, transaction not committed

    result = store.import_incidents(make_incidents({n}, {prefix!r}, {lat0}), "big.csv", "9" * 64,
                                    progress=progress)
    print("done", result.batch_id, result.added, flush=True)
    """
)


def child(n: int, prefix: str, lat0: float, pause: bool) -> subprocess.Popen[str]:
    code = CHILD.format(
        tests=str(Path(__file__).parent), n=n, prefix=prefix, lat0=lat0, pause=pause
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )


def test_killing_an_import_midway_leaves_the_store_exactly_as_before(seed_dir: Path) -> None:
    store.import_incidents(make_incidents(3, "OLD"), "old.csv", "7" * 64)
    before_rows, before_version = store.current_incidents()
    before_batches = store.list_batches()
    proc = child(3 * store.CHUNK_ROWS, "BIG", 11.0, pause=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().split()[0] == "written"  # first chunk is in the transaction
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    after_rows, after_version = store.current_incidents()
    assert_geodataframe_equal(after_rows, before_rows)
    assert after_version == before_version
    assert store.list_batches() == before_batches
    if not store.describe_location().startswith("postgresql://"):
        with sqlite3.connect(os.environ["SEAWATCH_STORE"]) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # and the store still takes writes
    assert store.import_incidents(make_incidents(2, "NEXT", 15.0), "n.csv", "8" * 64).added == 2


def test_two_processes_importing_at_once_both_succeed(seed_dir: Path) -> None:
    store.current_incidents()  # seeded once, so the children only race on their imports
    procs = [child(3000, "A", 10.0, False), child(3000, "B", 20.0, False)]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert sorted(o.split()[2] for o in outputs) == ["3000", "3000"]
    incidents = store.current_incidents()[0]
    assert len(incidents) == 3 + 6000
    assert incidents["incident_id"].is_unique
    assert [b.kind for b in store.list_batches()] == ["seed", "upload", "upload"]


def test_two_files_sharing_generic_ids_both_land(seed_dir: Path) -> None:
    """Two unrelated uploads numbered 1, 2: the second file's rows are new incidents, not
    duplicates; their ids get the file's short hash so every stored id stays unique."""
    first = make_incidents(2, "X")
    first["incident_id"] = ["1", "2"]
    second = make_incidents(2, "Y", lat0=12.0)
    second["incident_id"] = ["1", "2"]
    second["date"] = pd.Timestamp("2023-02-02")
    store.import_incidents(first, "a.csv", "a" * 64)
    result = store.import_incidents(second, "b.csv", "b" * 64)
    assert (result.added, result.duplicates, result.renamed) == (2, 0, 2)
    ids = store.current_incidents()[0]["incident_id"].tolist()
    assert ids == ["S-1", "S-2", "S-3", "1", "2", "1~bbbbbbbb", "2~bbbbbbbb"]
    again = store.import_incidents(second, "b.csv", "b" * 64)  # the same file again
    assert (again.added, again.duplicates) == (0, 2)


def test_a_shared_id_with_the_same_record_is_a_duplicate(seed_dir: Path) -> None:
    """The same id, day, type, description and source is the same incident even when the
    position was corrected; the same id with another description is another incident."""
    row = (
        store.current_incidents()[0].iloc[[0]].drop(columns=[schema.POSSIBLY_SAME_AS, schema.EXTRA])
    )
    row["latitude"] = 9.0  # far from the stored S-1
    result = store.import_incidents(row, "fix.csv", "c" * 64)
    assert (result.added, result.duplicates) == (0, 1)
    row["description"] = "Another incident numbered S-1 by another source."
    result = store.import_incidents(row, "other.csv", "c" * 64)
    assert (result.added, result.duplicates, result.renamed) == (1, 0, 1)


def test_shared_ids_inside_one_file_are_kept_apart(seed_dir: Path) -> None:
    rows = make_incidents(2, "U")
    rows["incident_id"] = ["7", "7"]
    rows.loc[1, "date"] = pd.Timestamp("2022-05-05")
    result = store.import_incidents(rows, "f.csv", "d" * 64)
    assert (result.added, result.duplicates, result.renamed) == (2, 0, 1)
    assert store.current_incidents()[0]["incident_id"].tolist()[-2:] == ["7", "7~dddddddd"]


def test_a_missing_seed_file_is_a_store_error_naming_it(seed_dir: Path) -> None:
    (seed_dir / "incidents.csv").unlink()
    with pytest.raises(StoreError, match=r"seed file .*incidents\.csv.* cannot be read"):
        store.current_incidents()


def test_a_reseed_holds_incidents_already_uploaded(seed_dir: Path) -> None:
    """The new seed holds S-9, the same incident as the earlier upload's U-0: stored once, and
    still there after the upload is undone."""
    upload = make_incidents(1, "U")  # 2022-01-01, other, 10.0 N 105.0 E, "synthetic", "test"
    batch = store.import_incidents(upload, "u.csv", "6" * 64).batch_id
    seed = seed_dir / "incidents.csv"
    seed.write_text(SEED + "S-9,2022-01-01,10.0,105.0,other,PHL,synthetic,test,,,,,,\n", "utf-8")
    ids = store.current_incidents()[0]["incident_id"].tolist()
    assert sorted(ids) == ["S-1", "S-2", "S-3", "U-0"]
    assert store.list_batches()[-1].kind == "seed" and store.list_batches()[-1].duplicates == 1
    assert store.undo(batch) == 0
    assert sorted(store.current_incidents()[0]["incident_id"]) == ["S-1", "S-2", "S-3", "U-0"]


def test_the_seed_keeps_its_own_close_rows(seed_dir: Path) -> None:
    """Two curated seed incidents on the same day, type and shoal are both kept."""
    seed = seed_dir / "incidents.csv"
    seed.write_text(
        SEED
        + "S-4,2023-08-05,9.731,115.87,water_cannon,CHN;PHL,Second boat.,https://e.org/4,,,,,,\n",
        encoding="utf-8",
    )
    assert len(store.current_incidents()[0]) == 4


# --- a read-only store, a full disk, an older store file ------------------------------------

#: The uid/gid a root test run drops to, so that file permissions apply (root ignores them).
NOBODY = 65534


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder that another user can traverse (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="seawatch-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.chmod(0o700)
        subprocess.run(["rm", "-rf", str(folder)], check=True)


@pytest.fixture
def seeded(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store under shared_dir/store/ seeded with the three-row SEED, plus one upload U-0."""
    data = shared_dir / "data"
    data.mkdir(mode=0o755)
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    (data / "incidents.csv").chmod(0o644)
    (shared_dir / "store").mkdir(mode=0o755)
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    monkeypatch.setenv("SEAWATCH_STORE", str(shared_dir / "store" / "store.sqlite"))
    store.import_incidents(make_incidents(1, "U"), "u.csv", "1" * 64, user="ana")
    return shared_dir / "store" / "store.sqlite"


READER = textwrap.dedent(
    """
    import sys
    from seawatch import store
    from seawatch.errors import StoreError

    incidents, _ = store.current_incidents()
    print("ids", ",".join(incidents["incident_id"]))
    print("batches", len(store.list_batches()))
    try:
        store.undo(2)
    except StoreError as exc:
        print("undo refused:", exc)
    """
)


def run_as_reader(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a child process that cannot write files it does not own (as root: as the
    user nobody, through util-linux's setpriv)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root: needs setpriv to read the store as another user")
        prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return subprocess.run(
        [*prefix, sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd="/",
        check=False,
    )


@pytest.mark.parametrize("locked", ["file", "folder", "folder with journal files"])
def test_a_read_only_store_is_read_and_writes_are_refused(seeded: Path, locked: str) -> None:
    """Issue 18.7: `store list`, exports and the dashboard read a store they cannot write."""
    holder = None
    if locked == "folder with journal files":  # a writer keeps the -wal and -shm files alive
        holder = sqlite3.connect(seeded)
        holder.execute("SELECT count(*) FROM incidents").fetchone()
        assert Path(f"{seeded}-wal").exists()
    if locked == "file" or os.geteuid() != 0:
        seeded.chmod(0o444)
    if locked != "file":
        seeded.parent.chmod(0o555)
    try:
        done = run_as_reader(READER)
    finally:
        if holder is not None:
            holder.close()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "ids S-1,S-2,S-3,U-0"
    assert lines[1] == "batches 2"
    assert lines[2].startswith(f"undo refused: the store at {str(seeded)!r} is read-only: ")


def test_a_full_disk_is_reported_as_such_and_changes_nothing(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18.8: "database or disk is full", not "cannot rollback - no transaction is
    active"; the store stays as it was. The full disk is SQLite's max_page_count."""
    before, version = store.current_incidents()
    real_connect = sqlite3.connect

    def full_disk(*args: object, **kwargs: object) -> sqlite3.Connection:
        con = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {pages + 2}")
        return con

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    with pytest.raises(StoreError, match=r"database or disk is full; nothing was written"):
        store.import_incidents(make_incidents(5000, "BIG", 12.0), "big.csv", "2" * 64)
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    after, after_version = store.current_incidents()
    assert after["incident_id"].tolist() == before["incident_id"].tolist()
    assert after_version == version
    assert [b.file_name for b in store.list_batches()] == ["incidents.csv", "u.csv"]


#: The tables of a store made by seawatch before batches could share incidents (version 1).
V1_DDL = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE batches (
    batch_id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('seed', 'upload')), user TEXT NOT NULL,
    created_at TEXT NOT NULL, file_name TEXT NOT NULL, file_sha256 TEXT NOT NULL,
    added INTEGER NOT NULL, duplicates INTEGER NOT NULL, undone_at TEXT);
CREATE TABLE incidents (
    batch_id INTEGER NOT NULL REFERENCES batches(batch_id),
    {", ".join(f"{c} TEXT" for c in schema.INCIDENT_COLUMNS)});
CREATE INDEX incidents_batch ON incidents(batch_id);
INSERT INTO meta VALUES ('store_id', 'old'), ('generation', '3'), ('seed_sha256', 'x');
INSERT INTO batches VALUES (1, 'seed', 'seawatch', '2026-01-01T00:00:00+00:00',
    'incidents.csv', 'x', 1, 0, NULL);
INSERT INTO batches VALUES (2, 'upload', 'ana', '2026-01-02T00:00:00+00:00',
    'a.csv', 'a', 1, 0, NULL);
INSERT INTO incidents (batch_id, incident_id, date, latitude, longitude, incident_type,
    countries, description, source)
    VALUES (1, 'S-1', '2023-08-05', 9.73, 115.87, 'water_cannon', 'CHN;PHL', 'Old seed.', 's'),
           (2, 'A-1', '2023-05-01', 10.5, 113.2, 'other', 'PHL', 'Alpha.', 'https://e.org/a');
"""


def test_a_store_of_the_previous_version_opens_and_keeps_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript(V1_DDL)
    con.close()
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    incidents = store.current_incidents(path)[0]
    # the upload is kept; the seed is loaded again (its file changed since)
    assert sorted(incidents["incident_id"]) == ["A-1", "S-1", "S-2", "S-3"]
    batches = store.list_batches(path)
    assert [(b.batch_id, b.kind, b.file_name) for b in batches] == [
        (2, "upload", "a.csv"),
        (3, "seed", "incidents.csv"),
    ]
    b = make_incidents(1, "B")
    b.loc[0, ["latitude", "longitude", "description", "source"]] = [10.5, 113.2, "Alpha.", "x"]
    b["date"] = incidents.loc[incidents["incident_id"] == "A-1", "date"].to_numpy()
    assert store.import_incidents(b, "b.csv", "b" * 64, path=path).linked == 1
    assert store.undo(2, path=path) == 1  # A-1 held by no other batch
    assert sorted(store.current_incidents(path)[0]["incident_id"]) == ["B-0", "S-1", "S-2", "S-3"]


# --- schema migrations, copying a store between backends -----------------------------------


def migrations_of(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT version, name FROM schema_migrations ORDER BY 1").fetchall()
    con.close()
    return rows


def test_a_new_store_records_its_baseline_and_an_old_one_each_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    new, old = tmp_path / "new.sqlite", tmp_path / "old.sqlite"
    before, applied = store.migrate(new)
    assert (before, [m.version for m in applied]) == (0, [3, 4])  # created at 2, then migrated
    assert migrations_of(new) == [
        (store.BASELINE_VERSION, "new store"),
        (3, "audit trail"),
        (4, store.MIGRATIONS[2].name),
    ]
    with sqlite3.connect(old) as con:
        con.executescript(V1_DDL)
    con.close()
    before, applied = store.migrate(old)
    assert (before, [m.version for m in applied]) == (1, [2, 3, 4])
    assert migrations_of(old) == [
        (1, "the version found"),
        (2, store.MIGRATIONS[0].name),
        (3, "audit trail"),
        (4, store.MIGRATIONS[2].name),
    ]
    assert store.migrate(old) == (store.SCHEMA_VERSION, [])  # applied once


def test_a_store_is_copied_with_its_batches_to_the_other_backend(
    seed_dir: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """`seawatch store migrate --from --to`: batch ids, holdings, links, undone batches and
    the seed's hash arrive; the copy takes further imports and undos like the original."""
    a = store.import_incidents(make_incidents(3, "A"), "a.csv", "a" * 64, user="ana")
    store.import_incidents(near_s1(0.5), "near.csv", "b" * 64, user="ben")
    store.undo(store.import_incidents(make_incidents(2, "C", 20.0), "c.csv", "c" * 64).batch_id)
    source = store.describe_location()
    if source.startswith("postgresql://"):
        target: str = f"sqlite:///{tmp_path / 'copy.sqlite'}"
    else:
        target = request.getfixturevalue("postgres_url")
    copied = store.copy_store(source, target)
    assert (copied.batches, copied.incidents, copied.links) == (4, 7, 1)
    assert store.list_batches(target) == store.list_batches()
    original, copy = store.current_incidents()[0], store.current_incidents(target)[0]
    assert_geodataframe_equal(copy, original)
    assert store.undo(a.batch_id, path=target) == 3
    assert (
        store.import_incidents(make_incidents(1, "D"), "d.csv", "d" * 64, path=target).batch_id == 5
    )
    assert [e.action for e in store.list_audit(target)][-4:] == ["undo", "copy", "undo", "import"]
    with pytest.raises(StoreError, match=r"already holds 5 batch\(es\).*nothing was copied"):
        store.copy_store(source, target)


def test_a_postgresql_url_that_cannot_be_opened_is_named_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.setenv("SEAWATCH_STORE", "postgresql://ana:s3cret@127.0.0.1:1/seawatch")
    with pytest.raises(StoreError, match=r"postgresql://ana:\*\*\*@127\.0\.0\.1:1/seawatch") as err:
        store.list_batches()
    assert "s3cret" not in str(err.value)


def test_every_import_and_undo_is_in_the_audit_trail(seed_dir: Path) -> None:
    """Issue 16.3: who, when, which file (name and hash) and the counts."""
    result = store.import_incidents(make_incidents(2, "U"), "u.csv", "4" * 64, user="ana")
    store.undo(result.batch_id, user="ben")
    store.record_event("sign-in", "carla", "editor, password")
    seed, imported, undone, signed_in = store.list_audit()
    assert (seed.action, seed.actor, seed.batch_id) == ("seed", "seawatch", 1)
    assert (imported.action, imported.actor, imported.batch_id) == ("import", "ana", 2)
    assert imported.file_sha256 == "4" * 64
    assert imported.detail == "u.csv: added 2, duplicates 0, linked 0, renamed 0"
    assert (undone.action, undone.actor, undone.detail) == ("undo", "ben", "u.csv: removed 2")
    assert (signed_in.actor, signed_in.detail) == ("carla", "editor, password")
    assert imported.at.endswith("+00:00")


def test_the_store_commands_migrate_copy_and_list_the_audit_trail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from seawatch.cli import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as con:
        con.executescript(V1_DDL)
    con.close()
    monkeypatch.setenv("SEAWATCH_STORE", f"sqlite:///{old}")
    assert main(["store", "migrate"]) == 0
    out = capsys.readouterr().out
    assert "applied migration 2 (batches share incidents" in out
    assert "applied migration 3 (audit trail)" in out
    assert "applied migration 4 (indexes of the filters the store evaluates)" in out
    assert main(["store", "migrate"]) == 0
    assert "schema version 4, up to date" in capsys.readouterr().out
    copy = tmp_path / "copy.sqlite"
    assert main(["store", "migrate", "--from", str(old), "--to", f"sqlite:///{copy}"]) == 0
    assert (
        "copied 2 batch(es), 4 incident(s), 0 link(s)"
    )  # upload + reseed in capsys.readouterr().out
    assert main(["store", "migrate", "--from", str(old)]) == 2
    assert "give both --from STORE and --to STORE" in capsys.readouterr().err
    monkeypatch.setenv("SEAWATCH_STORE", str(copy))
    assert main(["store", "audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "copy" in lines[-1] and f"from {old}" in lines[-1]


UNDO_CHILD = textwrap.dedent(
    """
    from seawatch import store
    print("removed", store.undo({batch}), flush=True)
    """
)


def test_four_imports_then_two_undos_at_once_all_land(seed_dir: Path) -> None:
    """Issue 16: 4 concurrent imports, then 2 concurrent undos, in real processes."""
    store.current_incidents()  # seeded once, so the children only race on their writes
    procs = [child(500, f"P{k}", 10.0 + 5 * k, False) for k in range(4)]
    outputs = [p.communicate(timeout=180)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    batches = sorted(int(o.split()[1]) for o in outputs)
    assert len(set(batches)) == 4 and [o.split()[2] for o in outputs] == ["500"] * 4
    assert len(store.current_incidents()[0]) == 3 + 2000
    undoers = [
        subprocess.Popen(
            [sys.executable, "-c", UNDO_CHILD.format(batch=b)],
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for b in batches[:2]
    ]
    outputs = [p.communicate(timeout=180)[0] for p in undoers]
    assert [p.returncode for p in undoers] == [0, 0], outputs
    assert sorted(outputs) == ["removed 500\n", "removed 500\n"]
    assert len(store.current_incidents()[0]) == 3 + 1000
    assert [b.undone_at is not None for b in store.list_batches()] == [False] + [True] * 2 + [
        False
    ] * 2


def test_date_span_and_incidents_with_ids(seed_dir: Path) -> None:
    """The two reads a dashboard makes through SQL besides a view: the earliest and latest
    incident day of the store (SEED: 2016-03-19 .. 2024-06-17), and incidents by id."""
    assert store.date_span() == (dt.date(2016, 3, 19), dt.date(2024, 6, 17))
    rows, version = store.incidents_with_ids(["S-3", "NOT-THERE", "S-1"])
    assert rows["incident_id"].tolist() == ["S-1", "S-3"]  # stored order, unknown ids absent
    assert version == store.store_version()
    whole, _ = store.current_incidents()
    pd.testing.assert_frame_equal(
        rows.reset_index(drop=True),
        whole[whole["incident_id"].isin(["S-1", "S-3"])].reset_index(drop=True),
    )
    assert store.incidents_with_ids([])[0].empty


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (None, 3),
        (IncidentFilter(countries=("PHL",)), 2),  # S-1, S-2
        (IncidentFilter(since=dt.date(2020, 1, 1)), 2),
        (IncidentFilter(types=("fishing_enforcement",), countries=("IDN",)), 1),
        (IncidentFilter(countries=("VNM",)), 0),
        (IncidentFilter(countries=("PHL",), search="resupply"), 2),  # search is not the store's
    ],
)
def test_incident_count_of_a_filter(
    seed_dir: Path, flt: IncidentFilter | None, expected: int
) -> None:
    """The COUNT the dashboard's previous-period metric uses when the store alone decides."""
    assert store.incident_count(flt=flt) == expected


def test_an_empty_store_has_no_date_span(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED.splitlines()[0] + "\n", encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
    assert store.date_span(tmp_path / "store.sqlite") is None


@pytest.mark.parametrize(
    ("setting", "large_at"), [("", store.PUSHDOWN_MIN_INCIDENTS + 1), ("0", 1), ("1000", 1001)]
)
def test_the_pushdown_threshold_setting(
    monkeypatch: pytest.MonkeyPatch, setting: str, large_at: int
) -> None:
    monkeypatch.setenv(store.PUSHDOWN_ENV, setting)
    url = "postgresql://db.example.org/seawatch"
    assert store.reads_views_through_sql(url, large_at)
    assert not store.reads_views_through_sql(url, large_at - 1)
    assert not store.reads_views_through_sql(Path("store.sqlite"), 10 * large_at)


@pytest.mark.parametrize("bad", ["-1", "1e6", "lots", "2.5"])
def test_an_unusable_pushdown_threshold_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv(store.PUSHDOWN_ENV, bad)
    with pytest.raises(InputError, match=rf"{store.PUSHDOWN_ENV}='{re.escape(bad)}'.*whole number"):
        store.pushdown_threshold()
