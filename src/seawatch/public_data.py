"""Public incident datasets that seawatch can download and import in one step.

Each entry of `DATASETS` says where a dataset is published, under which licence, how to cite
it, what format it comes in and how to verify a download (a SHA-256 for a fixed file; size
bounds and a look at the first bytes for a file that changes). `fetch` downloads a dataset on
the user's machine into the cache (`seawatch.datasets.cache_dir`), verifies it, reads and
validates it as an upload, adds the valid rows to the incident store as ONE batch, and records
the licence and citation of the batch in a JSON file next to the store (`fetched_path`; the
store's batch record has no free-text field). Nothing is bundled with seawatch.

Only datasets whose licence allows anyone to download and reuse them are listed:

- ``scsdi``: South China Sea Data Initiative, News-event Data (Harvard Dataverse), CC0 1.0.
- ``asam``: NGA Anti-Shipping Activity Messages, a US Government work in the public domain.

``SEAWATCH_PUBLIC_DATA_BASE_URL`` (or ``base_url=``) replaces the scheme and host of every
download URL, for a mirror or for tests; the path and query stay the same.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd

from seawatch import __version__, datasets, store, validation
from seawatch.errors import SeawatchError
from seawatch.io import Limits, RawTable, read_table
from seawatch.upload.presets import get_preset

#: Environment variable replacing the scheme and host of every download URL.
BASE_URL_ENV: Final = "SEAWATCH_PUBLIC_DATA_BASE_URL"
#: Seconds to wait for the server (connect and each read).
TIMEOUT_S: Final = 60.0
_CHUNK = 1 << 20


class DownloadError(SeawatchError):
    """A public dataset cannot be downloaded or does not pass its verification."""


@dataclass(frozen=True)
class PublicDataset:
    """One downloadable public dataset.

    Attributes
    ----------
    name
        Short name used on the command line (``seawatch datasets fetch NAME``).
    title, publisher, landing_page
        What it is, who publishes it and where a person reads about it.
    url
        The file to download.
    licence, citation
        Recorded with the imported batch and shown in the About tab.
    file_format
        The format of the downloaded file, in words.
    file_name
        Name of the downloaded file in the cache.
    sha256
        Expected SHA-256 of a fixed file (``None`` for a file that changes).
    min_bytes, max_bytes
        Size bounds of a good download.
    check
        Looks at the downloaded bytes' beginning; returns a problem or ``None``.
    to_importable
        Turns the downloaded file into a file the upload reader takes (may return the path).
    preset
        Name of the upload preset that maps its columns (see `validate_with_preset`).
    """

    name: str
    title: str
    publisher: str
    landing_page: str
    url: str
    licence: str
    citation: str
    file_format: str
    file_name: str
    sha256: str | None
    min_bytes: int
    max_bytes: int
    check: Callable[[bytes], str | None]
    to_importable: Callable[[Path], Path]
    preset: str

    @property
    def verification(self) -> str:
        """How a download is verified, in words."""
        if self.sha256:
            return f"sha256 {self.sha256}"
        return f"{self.min_bytes:,}-{self.max_bytes:,} bytes and a format check"


# --- format checks and conversions ----------------------------------------------------------

SCSDI_COLUMNS: Final = ("event_id", "event_date", "latitude", "longitude", "source")
ASAM_FIELDS: Final = (
    "reference",
    "date",
    "latitude",
    "longitude",
    "navArea",
    "subreg",
    "hostility",
    "victim",
    "description",
)


def check_scsdi(head: bytes) -> str | None:
    """The SCSDI event file is a CSV whose header names the event id, date and position."""
    first = head.decode("cp1252", errors="replace").splitlines()[:1]
    columns = {c.strip().strip('"').lower() for c in first[0].split(",")} if first else set()
    missing = [c for c in SCSDI_COLUMNS if c not in columns]
    if missing:
        shown = first[0][:120] if first else ""
        return f"the first line {shown!r} is not the SCSDI header (missing {missing!r})"
    return None


def check_asam(head: bytes) -> str | None:
    """The ASAM answer is a JSON object with an ``asam`` list of records."""
    text = head.lstrip()
    if not text.startswith(b"{") or b'"asam"' not in text[:200]:
        return f"the answer starts with {text[:60]!r}, not a JSON object with an 'asam' list"
    return None


def asam_json_to_csv(path: Path) -> Path:
    """Write the records of an ASAM JSON answer as a CSV next to it (fields in `ASAM_FIELDS`).

    Raises `DownloadError` naming the record when the JSON is malformed.
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DownloadError(f"{str(path)!r} is not valid JSON: {exc}") from None
    records = doc.get("asam") if isinstance(doc, dict) else None
    if not isinstance(records, list):
        raise DownloadError(f"{str(path)!r} has no 'asam' list of records")
    out = path.with_suffix(".csv")
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ASAM_FIELDS)
        for i, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                raise DownloadError(f"{str(path)!r}: ASAM record {i} is {record!r}, not an object")
            writer.writerow(["" if record.get(f) is None else record.get(f) for f in ASAM_FIELDS])
    return out


def _same_file(path: Path) -> Path:
    return path


# --- the catalogue ---------------------------------------------------------------------------

DATASETS: dict[str, PublicDataset] = {
    "scsdi": PublicDataset(
        name="scsdi",
        title="South China Sea Data Initiative: News-event Data (geo-located events)",
        publisher="South China Sea Data Initiative, on Harvard Dataverse",
        landing_page="https://doi.org/10.7910/DVN/GCBWA6",
        url="https://dataverse.harvard.edu/api/access/datafile/6457489",
        licence="CC0 1.0 (public domain dedication)",
        citation=(
            'Sexton, Renard; Ravanilla, Nico, 2022, "South China Sea Data Initiative: '
            'News-event Data", https://doi.org/10.7910/DVN/GCBWA6, Harvard Dataverse, V2'
        ),
        file_format="CSV, Windows-1252, one row per event (event_date as M/D/YY)",
        file_name="scsdi-events.csv",
        # file 6457489 of version 2.0 (2022-09-08), as pinned by another public project; a
        # new Dataverse version changes it, and the fetch then stops and says so
        sha256="5d6f78a8df4336a651816b8c5fa3ce1e85f6bf03d0baf6ae04c7818d413a916f",
        min_bytes=1_000,
        max_bytes=50_000_000,
        check=check_scsdi,
        to_importable=_same_file,
        preset="scsdi-events",
    ),
    "asam": PublicDataset(
        name="asam",
        title="Anti-Shipping Activity Messages (ASAM), worldwide",
        publisher="US National Geospatial-Intelligence Agency, Maritime Safety Information",
        landing_page="https://msi.nga.mil/Piracy",
        url="https://msi.nga.mil/api/publications/asam?sort=date&output=json",
        licence="Public domain (work of the US Government, 17 U.S.C. 105)",
        citation=(
            "National Geospatial-Intelligence Agency, Anti-Shipping Activity Messages, "
            "Maritime Safety Information, https://msi.nga.mil/Piracy"
        ),
        file_format="JSON object with an 'asam' list (reference, date, latitude, longitude, "
        "navArea, subreg, hostility, victim, description)",
        file_name="asam.json",
        sha256=None,  # updated as incidents are reported
        min_bytes=100,
        max_bytes=200_000_000,
        check=check_asam,
        to_importable=asam_json_to_csv,
        preset="asam",
    ),
}


def get_dataset(name: str) -> PublicDataset:
    """The catalogue entry `name`; `DownloadError` lists the known names otherwise."""
    try:
        return DATASETS[name]
    except KeyError:
        raise DownloadError(
            f"dataset={name!r} is not a known public dataset; choose one of {sorted(DATASETS)!r}"
        ) from None


# --- download and verification ---------------------------------------------------------------


def download_url(spec: PublicDataset, base_url: str | None = None) -> str:
    """The URL to download, with scheme and host replaced by `base_url` (or the env variable).

    Examples
    --------
    >>> download_url(DATASETS["scsdi"], "http://127.0.0.1:8000/")
    'http://127.0.0.1:8000/api/access/datafile/6457489'
    """
    base = base_url or os.environ.get(BASE_URL_ENV) or ""
    if not base:
        return spec.url
    parts = urllib.parse.urlsplit(spec.url)
    tail = parts.path + (f"?{parts.query}" if parts.query else "")
    return base.rstrip("/") + tail


def download(
    spec: PublicDataset,
    dest_dir: Path | None = None,
    *,
    base_url: str | None = None,
    timeout: float = TIMEOUT_S,
) -> Path:
    """Download `spec` into `dest_dir` (default: the cache) and verify it; returns the path.

    The file is written as ``NAME.part`` and renamed only once it is complete and verified, so
    a broken download never replaces a good one.

    Raises
    ------
    DownloadError
        No network, an HTTP error, a file outside the size bounds, a wrong checksum or a file
        that is not in the expected format. The message names the dataset and the URL.
    """
    url = download_url(spec, base_url)
    folder = Path(dest_dir) if dest_dir is not None else datasets.cache_dir() / "public"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"cannot create the folder {str(folder)!r}: {exc}") from None
    target = folder / spec.file_name
    partial = target.with_name(target.name + ".part")
    try:
        _stream(spec, url, partial, timeout)
        verify(spec, partial, url)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _stream(spec: PublicDataset, url: str, dest: Path, timeout: float) -> None:
    request = urllib.request.Request(
        url, headers={"User-Agent": f"seawatch/{__version__} (datasets fetch)"}
    )
    try:
        with (
            urllib.request.urlopen(request, timeout=timeout) as response,  # noqa: S310
            dest.open("wb") as handle,
        ):
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > spec.max_bytes:
                    raise DownloadError(
                        f"{spec.name}: {url} sent more than {spec.max_bytes:,} bytes, the most "
                        "a good download can be; stopped"
                    )
                handle.write(chunk)
    except urllib.error.HTTPError as exc:
        raise DownloadError(
            f"{spec.name}: the server answered HTTP {exc.code} {exc.reason} for {url}; the "
            f"dataset may have moved: see {spec.landing_page}"
        ) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(
            f"{spec.name}: cannot download {url} ({reason}). `seawatch datasets fetch` needs a "
            f"network connection; check it, or point {BASE_URL_ENV} / --base-url at a mirror"
        ) from None
    except OSError as exc:
        raise DownloadError(f"{spec.name}: cannot write {str(dest)!r}: {exc}") from None


def verify(spec: PublicDataset, path: Path, url: str | None = None) -> None:
    """Check size bounds, checksum and format of a downloaded file; `DownloadError` if not."""
    where = url or str(path)
    size = path.stat().st_size
    if not spec.min_bytes <= size <= spec.max_bytes:
        raise DownloadError(
            f"{spec.name}: {where} gave {size:,} bytes; a good download has "
            f"{spec.min_bytes:,}-{spec.max_bytes:,} bytes"
        )
    if spec.sha256:
        actual = store.file_sha256(path)
        if actual != spec.sha256:
            raise DownloadError(
                f"{spec.name}: {where} has sha256 {actual}, expected {spec.sha256}: the "
                f"published file has changed or the download is damaged; see {spec.landing_page}"
            )
    with path.open("rb") as handle:
        problem = spec.check(handle.read(4096))
    if problem:
        raise DownloadError(f"{spec.name}: {where}: {problem}")


# --- import ----------------------------------------------------------------------------------


def validate_with_preset(
    table: RawTable, preset: str
) -> tuple[gpd.GeoDataFrame, validation.ValidationReport]:
    """Validate `table` with the upload preset named `preset` (`seawatch.upload.presets`)."""
    return validation.validate(table, preset=get_preset(preset))


@dataclass(frozen=True)
class FetchResult:
    """What `fetch` did."""

    dataset: PublicDataset
    path: Path
    sha256: str
    size: int
    report: validation.ValidationReport
    imported: store.ImportResult


def fetch(
    name: str,
    *,
    base_url: str | None = None,
    timeout: float = TIMEOUT_S,
    user: str | None = None,
    store_path: str | Path | None = None,
) -> FetchResult:
    """Download, verify, validate and import the public dataset `name` as one store batch.

    The licence and citation are recorded in `fetched_path` with the batch id.

    Raises
    ------
    DownloadError
        The download failed or did not verify (nothing is imported).
    seawatch.errors.InputError, seawatch.errors.StoreError
        The file cannot be read as incidents, or the store cannot take them (the store is
        left as it was).
    """
    spec = get_dataset(name)
    path = download(spec, base_url=base_url, timeout=timeout)
    importable = spec.to_importable(path)
    table = read_table(importable, limits=Limits(max_bytes=spec.max_bytes))
    accepted, report = validate_with_preset(table, spec.preset)
    sha = store.file_sha256(path)
    result = store.import_incidents(
        accepted, f"{spec.name}: {path.name}", sha, user=user, path=store_path
    )
    record = {
        "name": spec.name,
        "title": spec.title,
        "url": download_url(spec, base_url),
        "licence": spec.licence,
        "citation": spec.citation,
        "sha256": sha,
        "bytes": path.stat().st_size,
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "batch_id": result.batch_id,
        "added": result.added,
        "duplicates": result.duplicates,
        "rejected": report.rejected,
    }
    _append_record(record, store_path)
    return FetchResult(spec, path, sha, path.stat().st_size, report, result)


# --- the record of fetched datasets ----------------------------------------------------------


def fetched_path(store_path: str | Path | None = None) -> Path:
    """The JSON file next to the store that lists the datasets fetched into it."""
    base = Path(store_path) if store_path else datasets.store_path()
    return base.with_name(base.stem + ".public_datasets.json")


def fetched_records(store_path: str | Path | None = None) -> list[dict[str, Any]]:
    """The fetched datasets recorded for the store (oldest first); ``[]`` when none.

    A record whose batch was undone carries ``"undone": True``.
    """
    path = fetched_path(store_path)
    if not path.exists():
        return []
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DownloadError(
            f"the record of fetched datasets {str(path)!r} is unreadable: {exc}"
        ) from None
    if not isinstance(records, list):
        raise DownloadError(f"the record of fetched datasets {str(path)!r} is not a JSON list")
    undone = {b.batch_id for b in store.list_batches(store_path) if b.undone_at}
    return [{**r, "undone": r.get("batch_id") in undone} for r in records if isinstance(r, dict)]


def _append_record(record: dict[str, Any], store_path: str | Path | None) -> None:
    path = fetched_path(store_path)
    records: list[Any] = []
    if path.exists():
        with contextlib.suppress(OSError, UnicodeDecodeError, json.JSONDecodeError):
            loaded = json.loads(path.read_text(encoding="utf-8"))
            records = loaded if isinstance(loaded, list) else []
    records.append(record)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise DownloadError(
            f"batch {record['batch_id']} was imported, but its licence and citation could not be "
            f"recorded in {str(path)!r}: {exc}"
        ) from None


def iter_catalogue() -> Iterator[PublicDataset]:
    """The catalogue entries in name order."""
    for name in sorted(DATASETS):
        yield DATASETS[name]
