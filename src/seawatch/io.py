"""Uploaded files -> a raw table of text cells, each row knowing its line in the original file.

Formats: delimited text (CSV and friends), Excel ``.xlsx``, GeoJSON and GeoPackage points.

Delimited text: the encoding is detected (a BOM for UTF-8/16/32; UTF-16 without BOM from its
NUL bytes; else UTF-8; else charset-normalizer's finding, line by line when UTF-8 lines are
mixed with another encoding — decoding never fails, see `decode`) or chosen, the delimiter is
sniffed among ``,`` ``;`` tab ``|``, quoted fields may hold newlines, and the header row is
detected (or forced with ``header=False``). Binary junk is refused with a clear message.

Rows keep their place in the original file: `RawTable.lines` is the 1-based line where each
record starts (the header is line 1), the Excel row number, or the 1-based feature number of a
GeoJSON/GeoPackage layer. `RawTable.original_rows` gives rejected rows back as the untouched
original text (delimited files) or as CSV of their cells (other formats).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import re
import tempfile
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from seawatch.columns import SYNONYMS, normalise
from seawatch.errors import DataFormatError, InputError

DELIMITERS = (",", ";", "\t", "|")
_KNOWN_NAMES = frozenset(n for names in SYNONYMS.values() for n in names) | {
    "year",
    "month",
    "day",
}


_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one upload may cost: bytes, rows, columns, expanded .xlsx size, characters per cell.

    Defaults: 50 MB, 1,000,000 rows, 500 columns, 256 MB of expanded .xlsx XML, 10,000
    characters in a description and 1,000 in any other field. Each has an environment variable
    (`ENVIRONMENT`): ``SEAWATCH_MAX_UPLOAD_MB``, ``SEAWATCH_MAX_UPLOAD_ROWS``,
    ``SEAWATCH_MAX_UPLOAD_COLUMNS``, ``SEAWATCH_MAX_XLSX_MB``, ``SEAWATCH_MAX_DESCRIPTION_CHARS``
    and ``SEAWATCH_MAX_FIELD_CHARS``. Bytes, rows, columns and the .xlsx size refuse the file;
    the character limits reject the rows that exceed them (`seawatch.validation`).
    """

    max_bytes: int = 50 * _MB
    max_rows: int = 1_000_000
    max_columns: int = 500
    max_xlsx_bytes: int = 256 * _MB
    max_description_chars: int = 10_000
    max_field_chars: int = 1_000

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, changed by the environment variables of `ENVIRONMENT`."""
        values: dict[str, int] = {}
        for attr, (variable, unit) in ENVIRONMENT.items():
            raw = os.environ.get(variable)
            if not raw:
                continue
            try:
                number = float(raw)
            except ValueError:
                number = math.nan
            if not (math.isfinite(number) and number > 0) or (unit == 1 and number % 1):
                what = "whole number above 0"
                if unit == _MB:
                    what = "finite number of megabytes above 0"
                raise InputError(f"{variable}={raw!r}: not a usable number; give a {what}")
            values[attr] = int(number * unit)
        return cls(**values)

    def field_chars(self, field_name: str) -> int:
        """Most characters a cell of `field_name` may hold (descriptions have their own)."""
        return self.max_description_chars if field_name == "description" else self.max_field_chars


#: Limits attribute -> (environment variable, unit of its value in the attribute's unit).
ENVIRONMENT: dict[str, tuple[str, int]] = {
    "max_bytes": ("SEAWATCH_MAX_UPLOAD_MB", _MB),
    "max_rows": ("SEAWATCH_MAX_UPLOAD_ROWS", 1),
    "max_columns": ("SEAWATCH_MAX_UPLOAD_COLUMNS", 1),
    "max_xlsx_bytes": ("SEAWATCH_MAX_XLSX_MB", _MB),
    "max_description_chars": ("SEAWATCH_MAX_DESCRIPTION_CHARS", 1),
    "max_field_chars": ("SEAWATCH_MAX_FIELD_CHARS", 1),
}


@dataclass
class RawTable:
    """The cells of an uploaded file as text, with where each row came from.

    Attributes
    ----------
    name, format, sha256, size
        File name, ``csv``/``xlsx``/``geojson``/``gpkg``, SHA-256 and size of the bytes.
    frame
        One column per source column (header names, or ``column 1``... without a header),
        every cell a stripped string (empty = missing).
    lines
        Per row, the 1-based line (or Excel row, or feature number) in the original file.
    header
        Whether the first line was a header.
    encoding, delimiter
        What was detected (or chosen) for delimited text (``None`` for other formats).
    encoding_confidence
        How sure the encoding detection is (1.0: a BOM, valid UTF-8 or chosen; see `decode`).
    line_problems
        1-based physical line -> (problem, severity) from decoding (see `Decoded`).
    notices
        File-level remarks for the report.
    truncated
        The text ends inside a quoted field (the last row is incomplete).
    """

    name: str
    format: str
    frame: pd.DataFrame
    lines: np.ndarray
    header: bool
    sha256: str
    size: int
    encoding: str | None = None
    delimiter: str | None = None
    notices: list[str] = field(default_factory=list)
    truncated: bool = False
    encoding_confidence: float | None = None
    line_problems: dict[int, tuple[str, str]] = field(default_factory=dict)
    _text_lines: list[str] | None = None
    _spans: np.ndarray | None = None

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def row_line_problems(self) -> list[tuple[int, str, str]]:
        """(row position in `frame`, problem, severity) for rows on a line in `line_problems`.

        A record spanning several lines (quoted newlines) takes the problem of any of them.
        """
        if not self.line_problems:
            return []
        spans = self._spans if self._spans is not None else np.ones(len(self.lines), int)
        out = []
        starts = self.lines.tolist()
        for row, (start, span) in enumerate(zip(starts, spans.tolist(), strict=True)):
            lines = range(start, start + span)
            found = [self.line_problems[n] for n in lines if n in self.line_problems]
            if found:
                out.append((row, *found[0]))
        return out

    def original_rows(self, rows: np.ndarray | list[int]) -> str:
        """Header plus the given rows (0-based positions in `frame`), as in the original file.

        Delimited text comes back untouched (line endings normalised to ``\\n``); other
        formats come back as CSV of their cells.
        """
        rows = np.asarray(rows, dtype=int)
        if self._text_lines is not None and self._spans is not None:
            out = [self._text_lines[0]] if self.header else []
            for i in rows:
                start = int(self.lines[i]) - 1
                out.extend(self._text_lines[start : start + int(self._spans[i])])
            return "".join(line.rstrip("\r\n") + "\n" for line in out)
        buffer = io.StringIO()
        self.frame.iloc[rows].to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue()


def read_table(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    header: bool | None = None,
    limits: Limits | None = None,
    encoding: str | None = None,
) -> RawTable:
    """Read an uploaded file (path or bytes) into a `RawTable`.

    Parameters
    ----------
    source
        A path, or the file's bytes (as from a browser upload).
    name
        The file name (needed with bytes to recognise ``.xlsx``/``.geojson``/``.gpkg``).
    header
        ``True``/``False`` to force whether the first row is a header; ``None`` detects it.
    limits
        Size limits (default `Limits.from_env`).
    encoding
        The encoding of delimited text (a Python codec name, e.g. ``gbk``); ``None`` detects
        it (see `decode`).

    Raises
    ------
    InputError
        Too large, too many rows, or unreadable (binary junk, empty, broken xlsx/GeoJSON/GPKG).
    """
    limits = limits or Limits.from_env()
    if encoding is not None:
        encoding = _codec_name(encoding)  # an unknown name is refused before reading
    if isinstance(source, bytes):
        data, name = source, name or "upload"
    else:
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
        _check_size(size, name, limits)
        data = path.read_bytes()
    _check_size(len(data), name, limits)
    if not data.strip():
        raise DataFormatError("the file is empty", name)
    kind = _sniff_format(data, name)
    if kind == "xlsx":
        table = _read_xlsx(data, name, header, limits)
    elif kind == "csv":
        table = _read_delimited(data, name, header, limits, encoding)
    else:
        reader = {"geojson": _read_geojson, "gpkg": _read_gpkg}[kind]
        table = reader(data, name, header)
    _check_columns(table.frame.shape[1], name, limits)
    table.sha256 = hashlib.sha256(data).hexdigest()
    table.size = len(data)
    if len(table.frame) > limits.max_rows:
        raise InputError(
            f"{name}: {len(table.frame):,} rows; the limit is {limits.max_rows:,} "
            "(split the file, or raise SEAWATCH_MAX_UPLOAD_ROWS)"
        )
    if len(table.frame) == 0:
        raise DataFormatError("no data rows (only a header, or nothing readable)", name)
    return table


def _check_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise InputError(
            f"{name}: {_human(size)}; the limit is {_human(limits.max_bytes)} "
            "(split the file, or raise SEAWATCH_MAX_UPLOAD_MB)"
        )


def _check_columns(count: int, name: str, limits: Limits) -> None:
    if count > limits.max_columns:
        raise InputError(
            f"{name}: {count:,} columns; the limit is {limits.max_columns:,} "
            "(keep the columns seawatch needs, or raise SEAWATCH_MAX_UPLOAD_COLUMNS)"
        )


def _human(size: int) -> str:
    """Bytes in words.

    Examples
    --------
    >>> _human(100), _human(52_428_800), _human(1536)
    ('100 bytes', '50 MB', '1.5 KB')
    """
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.3g} KB"
    return f"{size / 1024 / 1024:.3g} MB"


def _sniff_format(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if data[:16] == b"SQLite format 3\x00" or suffix == ".gpkg":
        return "gpkg"
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".geojson", ".json") or head.startswith(b"{"):
        return "geojson"
    return "csv"


# --- delimited text ----------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, how, and the lines that needed care.

    Attributes
    ----------
    text
        The text (never fails: undecodable bytes become U+FFFD in the lines listed).
    encoding
        Python's codec name (``utf-8``, ``gb18030``, ``cp1258``...); a file mixing two
        encodings line by line is ``"utf-8 + cp1252 (by line)"``.
    confidence
        1.0 for a BOM, valid UTF-8 or an encoding the caller chose; otherwise
        charset-normalizer's share of the text that is not mess (0 to 1).
    line_problems
        1-based physical line -> (problem, severity ``"suspect"`` or ``"rejected"``): lines
        in the minority encoding of a mixed file, and lines that do not decode at all.
    """

    text: str
    encoding: str
    confidence: float = 1.0
    line_problems: dict[int, tuple[str, str]] = field(default_factory=dict)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Bytes given to the detector (enough to tell GBK from Big5).
_DETECT_SAMPLE = 1 << 20
#: Most lines of a mixed file whose encoding is decided by comparing two readings.
_MAX_COMPARED = 20_000
#: The legacy encodings the detector chooses among: those of the region's incident files
#: (Western European, Vietnamese, simplified and traditional Chinese, Japanese, Korean,
#: Thai). Left open, charset-normalizer reads short French text as cp1250 and one cp1252 line
#: as Urdu (cp1006); any other encoding can be chosen with ``encoding=``.
DETECTED_ENCODINGS = ("cp1252", "cp1258", "gb18030", "big5", "cp932", "cp949", "cp874")


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode bytes to text and say how; never fails.

    `encoding` (a Python codec name) forces the encoding; lines that are not valid in it are
    reported as rejected. Otherwise: a BOM (UTF-8/16/32), UTF-16 without a BOM (from its NUL
    bytes), valid UTF-8, else the encoding charset-normalizer finds for the lines that are not
    UTF-8. A file whose lines are partly UTF-8 and partly another encoding (rows appended by
    another program) is decoded line by line, and the lines of the minority encoding are
    reported as suspect.

    Examples
    --------
    >>> samples = ("Ωmega".encode("utf-16"), b"caf\\xc3\\xa9", b"\\xef\\xbb\\xbfa")
    >>> [decode(b).encoding for b in samples]
    ['utf-16', 'utf-8', 'utf-8-sig']
    >>> decode("Đà Nẵng\\n".encode() + "Hà Nội café\\n".encode("cp1252", "replace")).encoding
    'utf-8 + cp1252 (by line)'
    """
    if encoding is not None:
        return _decode_as(data, _codec_name(encoding), forced=True)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, codec, forced=True)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _decode_as(data, utf16, forced=True)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_by_line(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for UTF-16 text without a BOM, else None.

    Text in an 8-bit encoding or UTF-8 holds no NUL byte; UTF-16 holds one in every line end
    (``0A 00`` little-endian, ``00 0A`` big-endian) and in every ASCII character. Chinese or
    Japanese text has few ASCII characters, so the line ends decide first.

    Examples
    --------
    >>> _utf16_without_bom("编号,日期\\n仁爱礁,2024\\n".encode("utf-16-be"))
    'utf-16-be'
    >>> _utf16_without_bom(b"a,b\\n") is None
    True
    """
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    le_ends = sum(1 for i in range(0, len(sample) - 1, 2) if sample[i : i + 2] == b"\n\x00")
    be_ends = sum(1 for i in range(0, len(sample) - 1, 2) if sample[i : i + 2] == b"\x00\n")
    if le_ends != be_ends:
        return "utf-16-le" if le_ends > be_ends else "utf-16-be"
    if sample.count(b"\x00") > len(sample) // 4:  # one line: the NULs of ASCII characters
        odd_nuls = sample[1::2].count(b"\x00")
        return "utf-16-le" if odd_nuls > sample[0::2].count(b"\x00") else "utf-16-be"
    return None


def _codec_name(encoding: str) -> str:
    """Python's name for `encoding`, or an InputError naming it."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"encoding={encoding!r} is not an encoding Python knows (e.g. utf-8, cp1252, gbk, "
            "big5, cp1258, shift_jis, utf-16)"
        ) from None


def _decode_as(data: bytes, codec: str, *, forced: bool, confidence: float = 1.0) -> Decoded:
    """`data` in `codec`; lines not valid in it are decoded with U+FFFD and reported."""
    try:
        return Decoded(_normalise(data.decode(codec), codec), codec, confidence)
    except UnicodeDecodeError:
        pass
    if codec.startswith(("utf-16", "utf-32")):  # no byte lines to split: keep and say so
        text = data.decode(codec, errors="replace")
        problems = {
            number: (f"bytes not valid in {codec} (shown as \ufffd)", "rejected")
            for number, line in enumerate(physical_lines(text), 1)
            if "\ufffd" in line
        }
        return Decoded(text, codec, confidence, problems)
    parts, problems = [], {}
    for number, line in enumerate(data.splitlines(keepends=True), 1):
        try:
            parts.append(line.decode(codec))
        except UnicodeDecodeError as exc:
            parts.append(line.decode(codec, errors="replace"))
            bad = line[exc.start : exc.start + 4]
            how = "the chosen encoding" if forced else "the encoding found for this file"
            problems[number] = (
                f"bytes {bad.hex(' ')} are not valid {codec} ({how}): the line cannot be read "
                "as written",
                "rejected",
            )
    return Decoded(_normalise("".join(parts), codec), codec, confidence, problems)


def _normalise(text: str, codec: str) -> str:
    """cp1258 writes Vietnamese tone marks as combining characters: compose them (NFC)."""
    return unicodedata.normalize("NFC", text) if codec == "cp1258" else text


def _detect(data: bytes) -> tuple[str, float]:
    """(codec, confidence) charset-normalizer finds for `data` among `DETECTED_ENCODINGS`.

    The confidence is the share of the text that is not mess (1 - chaos), divided among the
    encodings that read the bytes equally well (a tie is a guess); cp1252 at 0 when none fits.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:_DETECT_SAMPLE], cp_isolation=list(DETECTED_ENCODINGS))
    best = matches.best()
    if best is None:
        return "cp1252", 0.0
    tied = sum(1 for m in matches if m.chaos <= best.chaos + 0.01)
    return codecs.lookup(best.encoding).name, round((1.0 - float(best.chaos)) / tied, 2)


def _decode_by_line(data: bytes) -> Decoded:
    """Bytes that are not all UTF-8: one other encoding, or UTF-8 mixed with one other."""
    lines = [line for line in data.splitlines(keepends=True) if line]
    utf8: dict[int, str] = {}
    other: list[int] = []
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            utf8[i] = line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(i)
    if not utf8:  # one encoding: the whole text (its ASCII too) helps tell languages apart
        codec, confidence = _detect(data)
        return _decode_as(data, codec, forced=False, confidence=confidence)
    codec, confidence = _detect(b"".join(lines[i] for i in other))
    from charset_normalizer.md import mess_ratio

    chosen: dict[int, str] = dict.fromkeys(other, codec)  # line index -> codec (non-ASCII)
    votes = {"utf-8": 0, codec: 0}
    for i, text in utf8.items():
        # A legacy line is valid UTF-8 by chance only when it holds a few non-ASCII bytes
        # (UTF-8 spends at least one extra byte per non-ASCII character): those few lines are
        # compared by charset-normalizer's mess ratio, the first _MAX_COMPARED of them at most
        # (then the majority of the comparisons decides: the cost per upload stays bounded).
        if len(lines[i]) - len(text) > 6:
            chosen[i] = "utf-8"
            continue
        try:
            legacy = lines[i].decode(codec)
        except UnicodeDecodeError:
            chosen[i] = "utf-8"
            continue
        if sum(votes.values()) < _MAX_COMPARED:
            better = mess_ratio(legacy, 1.0) < mess_ratio(text, 1.0)
            chosen[i] = codec if better else "utf-8"
            votes[chosen[i]] += 1
        else:
            chosen[i] = max(votes, key=votes.__getitem__)
    counts = {c: sum(1 for v in chosen.values() if v == c) for c in ("utf-8", codec)}
    if not counts["utf-8"]:  # the UTF-8-looking lines read better in the other encoding
        return _decode_as(data, codec, forced=False, confidence=confidence)
    major, minor = ("utf-8", codec) if counts["utf-8"] >= counts[codec] else (codec, "utf-8")
    parts, problems = [], {}
    for i, line in enumerate(lines):
        use = chosen.get(i, "ascii")
        try:
            parts.append(_normalise(line.decode(use), use))
        except UnicodeDecodeError:
            parts.append(line.decode(use, errors="replace"))
            problems[i + 1] = (f"bytes not valid in {use}: the line cannot be read", "rejected")
            continue
        if use == minor:
            problems[i + 1] = (
                f"this line is {minor} while the file is {major}: decoded as {minor}, check it",
                "suspect",
            )
    return Decoded("".join(parts), f"{major} + {minor} (by line)", confidence, problems)


def _check_text(text: str, name: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if "\x00" in sample or controls > max(3, len(sample) // 100):
        raise DataFormatError(
            "does not look like a table of text (binary content); expected CSV/TSV text, "
            ".xlsx, GeoJSON or GeoPackage",
            name,
        )


#: What `str.splitlines` also splits on, besides CR and LF.
_OTHER_LINE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_LINE_END = re.compile(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)")


def physical_lines(text: str) -> list[str]:
    """The lines of `text` with their ends, split only on CR LF, CR or LF.

    Unlike `str.splitlines`, a U+2028 line separator, a form feed or a vertical tab inside
    a cell stays in its line (the CSV parser does not end records there either).

    Examples
    --------
    >>> physical_lines("a\\u2028b\\r\\nc\\rd\\ne")
    ['a\\u2028b\\r\\n', 'c\\r', 'd\\n', 'e']
    """
    if not any(sep in text for sep in _OTHER_LINE_BREAKS):  # C speed: the usual case
        return text.splitlines(keepends=True)
    return [line for line in _LINE_END.split(text) if line]


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab | that splits the first lines most consistently.

    Examples
    --------
    >>> sniff_delimiter('date;lat;lon\\n"5,3";9,7;115,8\\n')
    ';'
    """
    sample = "".join(physical_lines(text[:200_000])[:50])
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (counts.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_delimited(
    data: bytes, name: str, header: bool | None, limits: Limits, encoding: str | None
) -> RawTable:
    decoded = decode(data, encoding)
    text = decoded.text
    _check_text(text, name)
    delimiter = sniff_delimiter(text)
    _check_columns(_first_record_width(text, delimiter), name, limits)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
        spans = _spans(frame, text)
        truncated = False
    except (pd.errors.ParserError, ValueError):
        frame, spans = _read_ragged(text, delimiter, name, limits)
        truncated = _ends_inside_quotes(text, delimiter)
    frame = frame.fillna("").astype(str)
    starts = np.concatenate([[1], 1 + np.cumsum(spans)[:-1]]).astype(int)
    blank = frame.apply(lambda c: c.str.strip().eq("")).all(axis=1).to_numpy()
    frame, starts, spans = frame[~blank], starts[~blank], spans[~blank]
    has_header = _looks_like_header(frame) if header is None else header
    if has_header:
        names = _header_names(frame.iloc[0].tolist())
        frame, starts, spans = frame.iloc[1:], starts[1:], spans[1:]
    else:
        names = [f"column {i}" for i in range(1, frame.shape[1] + 1)]
    frame = frame.apply(lambda c: c.str.strip())
    frame.columns = names
    table = RawTable(
        name,
        "csv",
        frame.reset_index(drop=True),
        starts,
        has_header,
        "",
        0,
        decoded.encoding,
        delimiter,
        encoding_confidence=decoded.confidence,
        line_problems=decoded.line_problems,
        _text_lines=physical_lines(text),
        _spans=spans,
    )
    table.notices.extend(_encoding_notices(decoded, chosen=encoding is not None))
    if truncated:
        table.truncated = True
        table.notices.append(
            "the file ends inside a quoted field: it looks truncated; its last row is rejected"
        )
    if frame.shape[1] == 1:
        table.notices.append(
            "only one column was found: is the delimiter one of comma, semicolon, tab or pipe?"
        )
    return table


#: Below this confidence the report asks the analyst to check the detected encoding.
CONFIDENT = 0.8


def _encoding_notices(decoded: Decoded, *, chosen: bool) -> list[str]:
    """File-level remarks on the encoding: an unsure guess, lines read apart."""
    out = []
    if not chosen and decoded.confidence < CONFIDENT:
        out.append(
            f"the encoding was guessed as {decoded.encoding} with confidence "
            f"{decoded.confidence:.0%}: if the text looks wrong, choose the encoding "
            "(--encoding, or the encoding selector of the upload tab)"
        )
    severities = [severity for _, severity in decoded.line_problems.values()]
    if "suspect" in severities:
        out.append(
            f"the file mixes encodings ({decoded.encoding}): "
            f"{severities.count('suspect'):,} line(s) were decoded apart and are marked suspect"
        )
    if "rejected" in severities:
        out.append(
            f"{severities.count('rejected'):,} line(s) hold bytes that are not valid in "
            f"{decoded.encoding}: their rows are rejected"
        )
    return out


def _first_record_width(text: str, delimiter: str) -> int:
    """Fields in the first record (read before parsing: 100,000 columns cost minutes)."""
    first = physical_lines(text[:1_000_000])[:20]
    for record in csv.reader(io.StringIO("".join(first)), delimiter=delimiter):
        return len(record)
    return 0


def _spans(frame: pd.DataFrame, text: str) -> np.ndarray:
    """Physical lines per record: 1 + newlines inside its quoted fields."""
    spans = np.ones(len(frame), dtype=int)
    if '"' in text:
        for column in frame.columns:
            spans += frame[column].fillna("").str.count("\n").to_numpy(dtype=int)
    return spans


def _read_ragged(
    text: str, delimiter: str, name: str, limits: Limits
) -> tuple[pd.DataFrame, np.ndarray]:
    """Slow path for rows with more fields than the first, or a quote left open at the end."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[list[str]] = []
    spans: list[int] = []
    previous = 0
    try:
        for record in reader:
            _check_columns(len(record), name, limits)
            records.append(record)
            spans.append(reader.line_num - previous)
            previous = reader.line_num
    except csv.Error:
        pass  # the rest of a truncated file: keep what was read
    width = max((len(r) for r in records), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=str)
    return frame, np.asarray(spans, dtype=int)


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Whether the CSV parser reaches the end of the text inside a quoted field.

    The parser decides, not a count of ``"`` characters: an unquoted cell may hold a quote
    (DMS seconds, ``9°43'48"N``) without opening a quoted field.

    Examples
    --------
    >>> _ends_inside_quotes('a,"open' + chr(10), ","), _ends_inside_quotes('a,9°48"N', ",")
    (True, False)
    """
    try:
        for _ in csv.reader(io.StringIO(text), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _looks_like_header(frame: pd.DataFrame) -> bool:
    if len(frame) == 0:
        return False
    first = [str(v).strip() for v in frame.iloc[0]]
    if any(normalise(v) in _KNOWN_NAMES for v in first):
        return True
    numeric = [_is_number(v) for v in first]
    if any(numeric) or not all(first):
        return False
    if len(frame) < 2:
        return True
    second = [_is_number(str(v).strip()) for v in frame.iloc[1]]
    return any(second)


def _is_number(value: str) -> bool:
    return re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", value) is not None


def _header_names(cells: list[object]) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(cells, 1):
        name = str(cell).strip() or f"column {i}"
        base, k = name, 2
        while name in names:
            name, k = f"{base} ({k})", k + 1
        names.append(name)
    return names


# --- other formats -------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table_from_records(
    records: list[list[object]], lines: list[int], name: str, kind: str, header: bool | None
) -> RawTable:
    width = max((len(r) for r in records), default=0)
    cells = [[_cell_text(v) for v in r] + [""] * (width - len(r)) for r in records]
    frame = pd.DataFrame(cells, dtype=str) if cells else pd.DataFrame(dtype=str)
    line_arr = np.asarray(lines, dtype=int)
    has_header = _looks_like_header(frame) if header is None else header
    if has_header and len(frame):
        names = _header_names(frame.iloc[0].tolist())
        frame, line_arr = frame.iloc[1:], line_arr[1:]
    else:
        names = [f"column {i}" for i in range(1, width + 1)]
    frame.columns = names
    return RawTable(name, kind, frame.reset_index(drop=True), line_arr, has_header, "", 0)


#: Rows of an Excel sheet (a row number beyond it was not written by a spreadsheet program).
EXCEL_MAX_ROWS = 1_048_576
_DIMENSION = re.compile(r"^[A-Z]{1,3}\d+:([A-Z]{1,3})(\d+)$")


def _check_xlsx_archive(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a workbook whose parts expand beyond `Limits.max_xlsx_bytes`, before parsing.

    The sizes are those the zip declares; Python's zip reader never expands a part beyond its
    declared size (it stops there and checks the CRC), so they bound what openpyxl reads.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if expanded > limits.max_xlsx_bytes:
                raise InputError(
                    f"{name}: the workbook expands to {_human(expanded)}; the limit is "
                    f"{_human(limits.max_xlsx_bytes)} (save the sheet as CSV, split it, or "
                    "raise SEAWATCH_MAX_XLSX_MB)"
                )
            sheets = [n for n in archive.namelist() if _SHEET_PART.fullmatch(n)]
            widest = max((_widest_cell(archive, part) for part in sheets), default=0)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataFormatError(f"not a readable .xlsx workbook ({exc})", name) from None
    _check_columns(widest, name, limits)


_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL_COLUMN = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]{1,3})\d")


def _widest_cell(archive: zipfile.ZipFile, part: str) -> int:
    """The largest column number a cell of the sheet XML `part` names (a streamed scan: a
    declared dimension can be absent or lie, and openpyxl would pad every row to it)."""
    from openpyxl.utils import column_index_from_string

    letters: set[bytes] = set()
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            letters.update(_CELL_COLUMN.findall(block))
            tail = block[-64:]
    longest = max((len(x) for x in letters), default=0)
    return max(
        (column_index_from_string(x.decode()) for x in letters if len(x) == longest), default=0
    )


def _check_declared_size(ref: str | None, name: str, limits: Limits) -> None:
    """Refuse a sheet whose declared dimension (``A1:K1200``) is beyond the limits."""
    from openpyxl.utils import column_index_from_string

    match = _DIMENSION.match(ref or "")
    if match is None:
        return
    columns, rows = column_index_from_string(match.group(1)), int(match.group(2))
    _check_columns(columns, name, limits)
    if rows > limits.max_rows + 1:
        raise InputError(
            f"{name}: the sheet declares {rows:,} rows ({ref}); the limit is "
            f"{limits.max_rows:,} (split the file, or raise SEAWATCH_MAX_UPLOAD_ROWS)"
        )


def _read_xlsx(data: bytes, name: str, header: bool | None, limits: Limits) -> RawTable:
    """The first sheet's non-blank rows, streamed; stops at the first limit reached.

    Before openpyxl parses anything: the archive's expanded size, then the sheet's declared
    dimension. While streaming: at most `Limits.max_columns` columns (read one further to see
    whether a row goes beyond), `Limits.max_rows` non-blank rows and `EXCEL_MAX_ROWS` rows.
    """
    import openpyxl

    _check_xlsx_archive(data, name, limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many unrelated types on junk
        raise DataFormatError(f"not a readable .xlsx workbook ({exc})", name) from None
    width, max_rows = limits.max_columns, limits.max_rows
    try:
        sheet = book.worksheets[0]
        title, sheets = sheet.title, len(book.sheetnames)
        if hasattr(sheet, "reset_dimensions"):  # read-only sheets: stream what is there
            declared = sheet.calculate_dimension() if sheet.max_row and sheet.max_column else None
            _check_declared_size(declared, name, limits)
            sheet.reset_dimensions()  # a declared size must not cut or pad the rows read
        records, lines = [], []
        rows = sheet.iter_rows(values_only=True, max_col=width + 1, max_row=EXCEL_MAX_ROWS)
        for number, row in enumerate(rows, 1):
            if len(row) > width and _filled(row[width]):
                _check_columns(width + 1, name, limits)
            if any(_filled(v) for v in row):
                cells = list(row[:width])
                while cells and not _filled(cells[-1]):  # the padding up to `width`
                    cells.pop()
                records.append(cells)
                lines.append(number)
                if len(records) > max_rows + 1:  # + 1: the header row
                    raise InputError(
                        f"{name}: more than {max_rows:,} rows; the limit is {max_rows:,} "
                        "(split the file, or raise SEAWATCH_MAX_UPLOAD_ROWS)"
                    )
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 — the sheet XML is only parsed while iterating
        raise DataFormatError(f"not a readable .xlsx workbook ({exc})", name) from None
    finally:
        book.close()
    table = _table_from_records(records, lines, name, "xlsx", header)
    if sheets > 1:
        table.notices.append(f"read the first sheet {title!r} of {sheets}")
    return table


def _filled(value: object) -> bool:
    return value is not None and bool(str(value).strip())


def _read_geojson(data: bytes, name: str, header: bool | None) -> RawTable:
    text = decode(data).text
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise DataFormatError(f"not valid GeoJSON ({exc})", name) from None
    except RecursionError:
        raise DataFormatError(
            "GeoJSON nested too deeply to read (thousands of levels of lists or objects); "
            "a FeatureCollection of points needs five",
            name,
        ) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        records = _json_records(doc)
        if records is None:
            raise DataFormatError(
                "JSON without a 'features' list (a GeoJSON FeatureCollection) and not a list "
                "of records (a list of objects, or an object holding one, as the NGA ASAM web "
                "service returns)",
                name,
            )
        rows = [{str(k): _cell_text(v) for k, v in r.items()} for r in records]
        return _geo_table(rows, name, "json")
    rows = []
    for number, feature in enumerate(features, 1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geom = feature.get("geometry") if isinstance(feature, dict) else None
        if props is not None and not isinstance(props, dict):
            raise DataFormatError(
                f"feature {number}: 'properties' must be an object (or null), "
                f"not {type(props).__name__} {props!r:.60}",
                name,
            )
        row = {str(k): _cell_text(v) for k, v in (props or {}).items()}
        lon, lat = _point_xy(geom)
        row["geometry longitude"], row["geometry latitude"] = lon, lat
        rows.append(row)
    return _geo_table(rows, name, "geojson")


def _json_records(doc: object) -> list[dict[str, object]] | None:
    """The records of a JSON table: a list of objects, or the one list of objects held by
    an object (``{"asam": [{...}, ...]}``); ``None`` when the document is not one.

    Examples
    --------
    >>> _json_records({"asam": [{"reference": "2022-217"}]}), _json_records({"a": 1})
    ([{'reference': '2022-217'}], None)
    """
    if isinstance(doc, dict):
        lists = [v for v in doc.values() if isinstance(v, list)]
        doc = lists[0] if len(lists) == 1 else None
    if isinstance(doc, list) and doc and all(isinstance(r, dict) for r in doc):
        return doc
    return None


def _point_xy(geom: object) -> tuple[str, str]:
    if isinstance(geom, dict) and geom.get("type") == "Point":
        xy = geom.get("coordinates")
        if isinstance(xy, list) and len(xy) >= 2:
            return _cell_text(xy[0]), _cell_text(xy[1])
    return "", ""


def _geo_table(rows: list[dict[str, str]], name: str, kind: str) -> RawTable:
    frame = pd.DataFrame(rows, dtype=str).fillna("")
    table = RawTable(name, kind, frame, np.arange(1, len(frame) + 1), True, "", 0)
    if len(frame) and "geometry latitude" in frame and frame["geometry latitude"].eq("").any():
        table.notices.append("features that are not points have no coordinates")
    return table


def _read_gpkg(data: bytes, name: str, header: bool | None) -> RawTable:
    import pyogrio
    from geopandas import GeoDataFrame

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.gpkg"
        path.write_bytes(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's own complaints
                gdf = pyogrio.read_dataframe(path)
        except Exception as exc:  # noqa: BLE001 — GDAL errors come in many types
            raise DataFormatError(f"not a readable GeoPackage ({exc})", name) from None
    if not isinstance(gdf, GeoDataFrame):  # an attribute table: lat/lon are its columns
        return _geo_table(
            [
                {str(k): _cell_text(v) for k, v in record.items()}
                for record in gdf.to_dict("records")
            ],
            name,
            "gpkg",
        )
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("EPSG:4326")
    points = gdf.geometry.geom_type == "Point"
    rows = []
    props = gdf.drop(columns=gdf.geometry.name)
    for i, record in enumerate(props.itertuples(index=False, name=None)):
        row = {str(k): _cell_text(v) for k, v in zip(props.columns, record, strict=True)}
        geom = gdf.geometry.iloc[i]
        ok = bool(points.iloc[i]) and not geom.is_empty
        row["geometry longitude"] = repr(geom.x) if ok else ""
        row["geometry latitude"] = repr(geom.y) if ok else ""
        rows.append(row)
    return _geo_table(rows, name, "gpkg")
