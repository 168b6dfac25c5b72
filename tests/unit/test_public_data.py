"""Public datasets: download from a local HTTP server, verify, import as one batch, record.

Also ``seawatch datasets list|fetch`` (the CLI tests at the end share the server fixture).
"""

from __future__ import annotations

import dataclasses
import hashlib
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from seawatch import public_data, store
from seawatch.cli import main
from seawatch.public_data import DATASETS, DownloadError
from seawatch.upload.presets import preset_names

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "public"
SCSDI_PATH = "/api/access/datafile/6457489"
ASAM_PATH = "/api/publications/asam"


class _Files(http.server.BaseHTTPRequestHandler):
    """Serves `files` (path without query -> (status, body)); 404 for anything else."""

    files: dict[str, tuple[int, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        status, body = self.files.get(self.path.split("?")[0], (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, tuple[int, bytes]]]]:
    """A local HTTP server serving the hand-written fixtures at the publishers' paths."""
    files = {
        SCSDI_PATH: (200, (FIXTURES / "scsdi_events.csv").read_bytes()),
        ASAM_PATH: (200, (FIXTURES / "asam.json").read_bytes()),
    }
    handler = type("Handler", (_Files,), {"files": files})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", files
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store and cache; returns the store path."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("SEAWATCH_STORE", str(path))
    monkeypatch.setenv("SEAWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(public_data.BASE_URL_ENV, raising=False)
    return path


@pytest.fixture
def scsdi_fixture_pinned(monkeypatch: pytest.MonkeyPatch) -> str:
    """The scsdi entry pinned to the fixture's checksum (the real file is 1,000+ bytes)."""
    sha = hashlib.sha256((FIXTURES / "scsdi_events.csv").read_bytes()).hexdigest()
    spec = dataclasses.replace(DATASETS["scsdi"], sha256=sha, min_bytes=100)
    monkeypatch.setitem(DATASETS, "scsdi", spec)
    return sha


def closed_port_url() -> str:
    """A URL on 127.0.0.1 whose port nobody listens on (connection refused: 'offline')."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_scsdi_is_fetched_verified_and_imported_as_one_batch(
    server: tuple[str, dict], fresh: Path, scsdi_fixture_pinned: str
) -> None:
    url, _ = server
    before = len(store.list_batches(fresh))
    result = public_data.fetch("scsdi", base_url=url, user="tester")
    assert result.sha256 == scsdi_fixture_pinned
    assert result.path.read_bytes() == (FIXTURES / "scsdi_events.csv").read_bytes()
    assert (result.imported.added, result.report.rejected) == (2, 1)
    batches = store.list_batches(fresh)
    assert len(batches) == before + 1
    batch = batches[-1]
    assert (batch.kind, batch.user, batch.added) == ("upload", "tester", 2)
    assert batch.file_name == "scsdi: scsdi-events.csv"
    incidents, _ = store.current_incidents(fresh)
    # read with the SCSDI upload preset: the dataset's own ids, prefixed
    mine = incidents[incidents["incident_id"].isin(["SCSDI-T-1", "SCSDI-T-2"])]
    assert sorted(mine["date"].dt.strftime("%Y-%m-%d")) == ["2014-03-05", "2014-05-26"]
    assert "–" in " ".join(mine["description"])  # cp1252 0x96 read as an en dash
    [record] = public_data.fetched_records(fresh)
    assert record["licence"] == DATASETS["scsdi"].licence
    assert record["citation"].startswith("Sexton, Renard; Ravanilla, Nico")
    assert (record["batch_id"], record["added"], record["undone"]) == (batch.batch_id, 2, False)


def test_asam_json_is_converted_and_imported(server: tuple[str, dict], fresh: Path) -> None:
    url, _ = server
    result = public_data.fetch("asam", base_url=url)
    assert result.imported.added == 3
    converted = result.path.with_suffix(".csv").read_text(encoding="utf-8").splitlines()
    assert converted[0] == ",".join(public_data.ASAM_FIELDS)
    incidents, _ = store.current_incidents(fresh)
    row = incidents.set_index("incident_id").loc["ASAM-2020-902"]  # the ASAM preset's ids
    assert (row["latitude"], row["longitude"]) == (5.45, 119.3)
    assert row["vessels"] == "Fishing vessel"
    [record] = public_data.fetched_records(fresh)
    assert record["licence"].startswith("Public domain")
    assert record["url"] == f"{url}{ASAM_PATH}?sort=date&output=json"


def test_base_url_from_the_environment(
    server: tuple[str, dict], fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = server
    monkeypatch.setenv(public_data.BASE_URL_ENV, url)
    assert public_data.fetch("asam").imported.added == 3


def test_undone_batch_is_marked(server: tuple[str, dict], fresh: Path) -> None:
    url, _ = server
    result = public_data.fetch("asam", base_url=url)
    store.undo(result.imported.batch_id, fresh)
    [record] = public_data.fetched_records(fresh)
    assert record["undone"] is True


def test_wrong_checksum_stops_before_import(
    server: tuple[str, dict], fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixture is not the published file: the real checksum refuses it."""
    url, _ = server
    spec = dataclasses.replace(DATASETS["scsdi"], min_bytes=100)
    monkeypatch.setitem(DATASETS, "scsdi", spec)
    before = len(store.list_batches(fresh))
    with pytest.raises(
        DownloadError, match=rf"scsdi: .* has sha256 [0-9a-f]{{64}}, expected {spec.sha256}"
    ):
        public_data.fetch("scsdi", base_url=url)
    assert len(store.list_batches(fresh)) == before
    assert public_data.fetched_records(fresh) == []
    assert not list((fresh.parent / "cache" / "public").glob("scsdi*"))  # no partial file left


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>maintenance</html>" * 10, r"asam: .*not a JSON object with an 'asam' list"),
        (b"{}", r"asam: .*gave 2 bytes; a good download has 100-200,000,000 bytes"),
    ],
)
def test_format_and_size_checks(
    server: tuple[str, dict], fresh: Path, body: bytes, message: str
) -> None:
    url, files = server
    files[ASAM_PATH] = (200, body)
    with pytest.raises(DownloadError, match=message):
        public_data.fetch("asam", base_url=url)


def test_download_larger_than_the_bound_is_stopped(
    server: tuple[str, dict], fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = server
    monkeypatch.setitem(DATASETS, "asam", dataclasses.replace(DATASETS["asam"], max_bytes=500))
    with pytest.raises(DownloadError, match=r"sent more than 500 bytes"):
        public_data.fetch("asam", base_url=url)


def test_http_error_names_the_status_and_the_landing_page(
    server: tuple[str, dict], fresh: Path
) -> None:
    url, files = server
    del files[ASAM_PATH]
    with pytest.raises(DownloadError, match=r"HTTP 404 .*see https://msi.nga.mil/Piracy"):
        public_data.fetch("asam", base_url=url)


def test_offline_fails_with_a_clear_message(fresh: Path) -> None:
    with pytest.raises(DownloadError, match=r"needs a network connection"):
        public_data.fetch("scsdi", base_url=closed_port_url(), timeout=5)
    assert public_data.fetched_records(fresh) == []


def test_unknown_dataset_lists_the_known_ones() -> None:
    with pytest.raises(DownloadError, match=r"dataset='acled' .* \['asam', 'scsdi'\]"):
        public_data.get_dataset("acled")


def test_malformed_asam_record_is_named(tmp_path: Path) -> None:
    path = tmp_path / "asam.json"
    path.write_text(json.dumps({"asam": [{"reference": "a"}, "oops"]}), encoding="utf-8")
    with pytest.raises(DownloadError, match=r"ASAM record 2 is 'oops', not an object"):
        public_data.asam_json_to_csv(path)


def test_each_dataset_is_read_with_an_upload_preset() -> None:
    """Every catalogue entry names a preset of `seawatch.upload.presets`."""
    for spec in public_data.iter_catalogue():
        assert spec.preset in preset_names(), spec.name


def test_catalogue_entries_are_complete() -> None:
    for spec in public_data.iter_catalogue():
        assert spec.url.startswith("https://") and spec.landing_page.startswith("https://")
        assert spec.licence and spec.citation and spec.file_format
        assert spec.sha256 or spec.min_bytes < spec.max_bytes


# --- the command line -------------------------------------------------------------------------


def test_list_shows_licences_citations_and_verification(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["datasets", "list"]) == 0
    out = capsys.readouterr().out
    assert "scsdi: South China Sea Data Initiative" in out
    assert "licence:      CC0 1.0" in out
    assert "Public domain (work of the US Government" in out
    assert f"sha256 {public_data.DATASETS['scsdi'].sha256}" in out
    assert "fetched into" in out and ": 0" in out


def test_fetch_then_list(
    server: tuple[str, dict], fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = server
    assert main(["datasets", "fetch", "asam", "--base-url", url, "--user", "cli"]) == 0
    out = capsys.readouterr().out
    assert f"downloading asam from {url}/api/publications/asam?sort=date&output=json" in out
    assert "added 3 incident(s)" in out
    assert "cite as: National Geospatial-Intelligence Agency" in out
    assert main(["datasets", "list"]) == 0
    assert "asam  batch" in capsys.readouterr().out


def test_fetch_offline_exits_2_with_a_clear_message(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["datasets", "fetch", "scsdi", "--base-url", closed_port_url(), "--timeout", "5"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("seawatch datasets: error: scsdi: cannot download http://127.0.0.1:")
    assert "needs a network connection" in err
    assert "Traceback" not in err


def test_fetch_unknown_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["datasets", "fetch", "acled"])
    assert info.value.code == 2
    assert "invalid choice: 'acled'" in capsys.readouterr().err
