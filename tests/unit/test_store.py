"""The incident store: seeding, batches, duplicates, undo, kill-safety and concurrent writers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from seawatch import schema, store
from seawatch.errors import StoreError
from seawatch.incidents import load_incidents, typed_frame

#: A hand-written three-row seed: two Second Thomas Shoal incidents on different days and
#: one Natuna fishing-enforcement case.
SEED = """\
incident_id,date,latitude,longitude,incident_type,countries,description,source,location_name,location_precision,initiator,vessels,casualties,end_date
S-1,2023-08-05,9.73,115.87,water_cannon,CHN;PHL,Water cannon at a resupply boat.,https://example.org/1,Second Thomas Shoal,feature,CHN,,,
S-2,2024-06-17,9.73,115.87,boarding_seizure,CHN;PHL,Boats boarded and seized.,https://example.org/2,Second Thomas Shoal,feature,CHN,,8,
S-3,2016-03-19,4.0,108.0,fishing_enforcement,CHN;IDN,Fishing boat seized near Natuna.,https://example.org/3,Natuna,approximate,IDN,,,
"""  # noqa: E501


@pytest.fixture
def seed_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir holding the three-row SEED and an empty store location under tmp_path."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "incidents.csv").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(data))
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
    assert_geodataframe_equal(incidents, load_incidents(seed_dir / "incidents.csv"))
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


def test_reimporting_the_same_rows_adds_nothing(seed_dir: Path) -> None:
    rows = make_incidents(50, "U")
    store.import_incidents(rows, "a.csv", "1" * 64)
    again = store.import_incidents(rows, "a.csv", "1" * 64)
    assert (again.added, again.duplicates) == (0, 50)
    assert len(store.current_incidents()[0]) == 53


@pytest.mark.parametrize(
    ("dlat_nm", "same_type", "same_day", "duplicate"),
    [
        (0.0, True, True, True),
        (0.9, True, True, True),
        (1.1, True, True, False),
        (0.0, False, True, False),
        (0.0, True, False, False),
    ],
)
def test_duplicates_by_date_type_and_position(
    seed_dir: Path, dlat_nm: float, same_type: bool, same_day: bool, duplicate: bool
) -> None:
    """A new id near seed S-1: duplicate only on the same day and type within 1 nm."""
    row = make_incidents(1, "NEW")
    row["latitude"] = 9.73 + dlat_nm / 60.0  # 1 nm = 1 minute of latitude
    row["longitude"] = 115.87
    row["incident_type"] = "water_cannon" if same_type else "other"
    row["date"] = pd.Timestamp("2023-08-05" if same_day else "2023-08-06")
    result = store.import_incidents(row, "near.csv", "2" * 64)
    assert result.duplicates == int(duplicate)


def test_duplicates_inside_one_batch_keep_the_first(seed_dir: Path) -> None:
    rows = make_incidents(3, "U")
    rows.loc[1, "incident_id"] = "U-0"  # same id as row 0
    rows.loc[2, ["latitude", "longitude"]] = rows.loc[0, ["latitude", "longitude"]].to_numpy()
    rows.loc[2, "incident_id"] = "U-other"  # same day, type and place as row 0
    result = store.import_incidents(rows, "dups.csv", "3" * 64)
    assert (result.added, result.duplicates) == (1, 2)


def test_undo_removes_a_batch_and_keeps_its_record(seed_dir: Path) -> None:
    result = store.import_incidents(make_incidents(5, "U"), "u.csv", "4" * 64)
    assert store.undo(result.batch_id) == 5
    assert store.current_incidents()[0]["incident_id"].tolist() == ["S-1", "S-2", "S-3"]
    assert store.list_batches()[-1].undone_at is not None
    # the same file can be uploaded again after an undo
    assert store.import_incidents(make_incidents(5, "U"), "u.csv", "4" * 64).added == 5


@pytest.mark.parametrize(
    ("batch", "message"),
    [(1, "is the bundled seed"), (99, "no batch 99"), ("undone", "already undone")],
)
def test_undo_errors(seed_dir: Path, batch: object, message: str) -> None:
    if batch == "undone":
        batch = store.import_incidents(make_incidents(1, "U"), "u.csv", "5" * 64).batch_id
        store.undo(int(batch))
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
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
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


def test_a_shared_id_with_the_same_date_and_type_is_a_duplicate(seed_dir: Path) -> None:
    """The same id, day and type is the same incident even when the position was corrected."""
    row = make_incidents(1, "S")
    row["incident_id"] = "S-1"
    row["date"] = pd.Timestamp("2023-08-05")
    row["incident_type"] = "water_cannon"
    row["latitude"] = 9.0  # far from the stored S-1
    result = store.import_incidents(row, "fix.csv", "c" * 64)
    assert (result.added, result.duplicates) == (0, 1)


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


def test_a_reseed_skips_incidents_already_uploaded(seed_dir: Path) -> None:
    """The new seed holds S-9, the same incident as the earlier upload's U-0: stored once.

    Undoing the upload brings the seed's own row back.
    """
    upload = make_incidents(1, "U")  # 2022-01-01, other, 10.0 N 105.0 E
    batch = store.import_incidents(upload, "u.csv", "6" * 64).batch_id
    seed = seed_dir / "incidents.csv"
    seed.write_text(
        SEED + "S-9,2022-01-01,10.001,105.0,other,PHL,Same as U-0.,https://example.org/9,,,,,,\n",
        encoding="utf-8",
    )
    ids = store.current_incidents()[0]["incident_id"].tolist()
    assert sorted(ids) == ["S-1", "S-2", "S-3", "U-0"]
    assert store.list_batches()[-1].kind == "seed" and store.list_batches()[-1].duplicates == 1
    store.undo(batch)
    assert sorted(store.current_incidents()[0]["incident_id"]) == ["S-1", "S-2", "S-3", "S-9"]


def test_the_seed_keeps_its_own_close_rows(seed_dir: Path) -> None:
    """Two curated seed incidents on the same day, type and shoal are both kept."""
    seed = seed_dir / "incidents.csv"
    seed.write_text(
        SEED
        + "S-4,2023-08-05,9.731,115.87,water_cannon,CHN;PHL,Second boat.,https://e.org/4,,,,,,\n",
        encoding="utf-8",
    )
    assert len(store.current_incidents()[0]) == 4
