"""Which column of an uploaded file feeds which field of the incident schema.

A `Mapping` sends each schema field to one or more source columns: ``latitude`` and
``longitude`` to one column each, or the pseudo-field ``position`` to one column holding both;
``date`` to one column or to year + month (+ day) columns. Detection matches normalised header
names against common spellings (`SYNONYMS`); columns that no name decides (headerless files,
unknown headers) get their roles from their values (`seawatch.upload.roles`), and those roles
are reported as guessed (`Detection.guessed`).
``--map FIELD=COLUMN`` overrides one field (COLUMN by name or 1-based position, ``+`` joins
date parts; description, type, countries, vessels and location name join several columns
in order). Mappings are remembered per user and header signature in a JSON file in the
config directory (``SEAWATCH_CONFIG_DIR`` overrides it). A remembered mapping is only ever
*proposed* — the CLI applies it with ``--use-remembered``, the dashboard when the analyst
confirms it — and a column named exactly like a schema field always feeds that field.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import platformdirs

from seawatch import schema
from seawatch.errors import InputError
from seawatch.upload.roles import RoleGuess, infer_roles

POSITION = "position"
#: Every field a column can be mapped to.
FIELDS = (*schema.INCIDENT_COLUMNS, POSITION)

Mapping = dict[str, tuple[str, ...]]

#: Normalised header names (lower case, letters and digits only) recognised for each field.
SYNONYMS: dict[str, tuple[str, ...]] = {
    schema.INCIDENT_ID: ("incidentid", "id", "eventid", "reference", "ref", "refno", "sourceid"),
    schema.DATE: (
        "date",
        "dateofocc",
        "dateofoccurrence",
        "eventdate",
        "incidentdate",
        "occurred",
        "datetime",
        "startdate",
        "when",
    ),
    schema.LATITUDE: (
        "geometrylatitude",
        "latitude",
        "lat",
        "y",
        "latdd",
        "latdec",
        "decimallatitude",
        "ycoord",
    ),
    schema.LONGITUDE: (
        "geometrylongitude",
        "longitude",
        "lon",
        "long",
        "lng",
        "x",
        "londd",
        "londec",
        "decimallongitude",
        "xcoord",
    ),
    POSITION: ("position", "coordinates", "coords", "latlon", "latlong", "latlng", "geo"),
    schema.INCIDENT_TYPE: ("incidenttype", "type", "eventtype", "category", "hostility"),
    schema.COUNTRIES: ("countries", "country", "states", "parties", "countriesinvolved"),
    schema.DESCRIPTION: (
        "description",
        "desc",
        "details",
        "narrative",
        "summary",
        "remarks",
        "notes",
    ),
    schema.SOURCE: ("source", "url", "link", "sourceurl", "citation"),
    schema.LOCATION_NAME: ("locationname", "location", "place", "feature", "site", "area"),
    schema.LOCATION_PRECISION: ("locationprecision", "precision", "accuracy"),
    schema.INITIATOR: ("initiator", "aggressor", "actor"),
    schema.VESSELS: ("vessels", "vessel", "ships", "ship", "vesselname", "victim"),
    schema.CASUALTIES: ("casualties", "fatalities", "deaths", "killed"),
    schema.END_DATE: ("enddate", "dateend", "until"),
}
_DATE_PARTS = (("year", "yr"), ("month", "mon", "mo"), ("day", "dd"))
#: Fields that may join several columns (``--map description=Desc1+Desc2``): the date from
#: its parts; text fields joined in order (description with spaces, the others as lists).
JOINABLE = (
    schema.DATE,
    schema.DESCRIPTION,
    schema.INCIDENT_TYPE,
    schema.COUNTRIES,
    schema.VESSELS,
    schema.LOCATION_NAME,
)


def normalise(name: object) -> str:
    """Lower-case letters and digits of a header cell.

    Examples
    --------
    >>> normalise(" Incident Date "), normalise("LAT_dd")
    ('incidentdate', 'latdd')
    """
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


@dataclass
class Detection:
    """A detected mapping, and which of its fields were guessed from the values.

    ``guessed`` maps each field decided by content (not by a header name) to a confidence
    (0-1); ``roles`` says, per column guessed, what it was taken for ("date: month").
    """

    mapping: Mapping
    guessed: dict[str, float] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)


def detect(columns: list[str], sample: pd.DataFrame | None = None) -> Detection:
    """Detect the mapping from header names, then guess missing date/place roles from values.

    Header names decide first (`SYNONYMS`, year/month/day names). When they leave the date or
    the position without a column and a `sample` of the rows is given, the remaining columns
    are profiled by `seawatch.upload.roles.infer_roles` and the fields still missing are
    filled with its guesses, each recorded in `Detection.guessed`.
    """
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(normalise(column), column)
    mapping: Mapping = {}
    used: set[str] = set()
    for field_name in FIELDS:
        for synonym in SYNONYMS[field_name]:
            found = by_norm.get(synonym)
            if found is not None and found not in used:
                mapping[field_name] = (found,)
                used.add(found)
                break
    if schema.DATE not in mapping:
        parts = [next((by_norm[s] for s in names if s in by_norm), "") for names in _DATE_PARTS]
        if parts[0] and parts[1]:
            mapping[schema.DATE] = tuple(p for p in parts if p)
            used.update(p for p in parts if p)
    if POSITION in mapping and schema.LATITUDE in mapping and schema.LONGITUDE in mapping:
        del mapping[POSITION]
    detection = Detection(mapping)
    if sample is not None and (not _has_place(mapping) or schema.DATE not in mapping):
        _add_guesses(detection, infer_roles(sample, skip=used))
    detection.mapping = {f: mapping[f] for f in FIELDS if f in mapping}
    return detection


def _add_guesses(detection: Detection, guess: RoleGuess) -> None:
    mapping = detection.mapping
    for field_name, cols in guess.mapping.items():
        if field_name in mapping:
            continue
        if field_name in (schema.LATITUDE, schema.LONGITUDE) and POSITION in mapping:
            continue
        if field_name == POSITION and _has_place(mapping):
            continue
        mapping[field_name] = cols
        detection.guessed[field_name] = guess.confidence[field_name]
        detection.roles.update({c: guess.roles[c] for c in cols if c in guess.roles})


def detect_mapping(columns: list[str], sample: pd.DataFrame | None = None) -> Mapping:
    """Guess the mapping from header names, or from values when names say nothing.

    Examples
    --------
    >>> detect_mapping(["Incident Date", "LAT", "Long", "Remarks"])
    {'date': ('Incident Date',), 'latitude': ('LAT',), 'longitude': ('Long',), 'description': ('Remarks',)}
    >>> detect_mapping(["Year", "Month", "Day", "Position"])
    {'date': ('Year', 'Month', 'Day'), 'position': ('Position',)}
    """  # noqa: E501
    return detect(columns, sample).mapping


def _has_place(mapping: Mapping) -> bool:
    return POSITION in mapping or (schema.LATITUDE in mapping and schema.LONGITUDE in mapping)


def apply_overrides(mapping: Mapping, options: list[str] | None, columns: list[str]) -> Mapping:
    """Apply ``FIELD=COLUMN[+COLUMN...]`` options (COLUMN by name or 1-based position).

    Examples
    --------
    >>> apply_overrides({"date": ("When",)}, ["date=1+2+3", "latitude=Lat"], ["Y", "M", "D", "Lat"])
    {'date': ('Y', 'M', 'D'), 'latitude': ('Lat',)}
    """
    out = dict(mapping)
    for option in options or []:
        field, sep, spec = option.partition("=")
        field = field.strip()
        if not sep or field not in FIELDS:
            raise InputError(
                f"--map {option!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
            )
        names = tuple(_resolve(part.strip(), columns, option) for part in spec.split("+"))
        if len(names) > 1 and field not in JOINABLE:
            raise InputError(
                f"--map {option!r}: only {', '.join(JOINABLE)} can join several columns with '+'"
            )
        if len(names) > 3 and field == schema.DATE:
            raise InputError(f"--map {option!r}: a date has at most year+month+day columns")
        for other, cols in list(out.items()):
            if set(cols) & set(names) and other != field:
                del out[other]
        out[field] = names
        if field == POSITION:
            out.pop(schema.LATITUDE, None)
            out.pop(schema.LONGITUDE, None)
        elif field in (schema.LATITUDE, schema.LONGITUDE):
            out.pop(POSITION, None)
    return {f: out[f] for f in FIELDS if f in out}


def _resolve(part: str, columns: list[str], option: str) -> str:
    if part in columns:
        return part
    if part.isdigit() and 1 <= int(part) <= len(columns):
        return columns[int(part) - 1]
    matches = [c for c in columns if normalise(c) == normalise(part)]
    if len(matches) == 1:
        return matches[0]
    raise InputError(
        f"--map {option!r}: no column {part!r}; the columns are "
        + ", ".join(f"{i}={c!r}" for i, c in enumerate(columns, 1))
    )


# --- remembered mappings -------------------------------------------------------------------


def mappings_path() -> Path:
    """The JSON file of remembered mappings (``SEAWATCH_CONFIG_DIR`` or the user config dir)."""
    base = os.environ.get("SEAWATCH_CONFIG_DIR") or platformdirs.user_config_dir("seawatch")
    return Path(base) / "mappings.json"


def header_signature(columns: list[str]) -> str:
    """A key for a source format: the hash of its normalised header names, in order."""
    joined = "\x1f".join(normalise(c) for c in columns)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def current_user() -> str:
    """The login name of the process: whose remembered mappings the command line uses."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


#: Version of the JSON file: {"version": 2, "users": {user: {header signature: mapping}}}.
#: Entries of version 1 (signatures at the top level, shared by everyone) are ignored: nobody
#: can tell whose they were.
_FILE_VERSION = 2


def _load_all() -> dict[str, dict[str, dict[str, list[str]]]]:
    try:
        data = json.loads(mappings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _FILE_VERSION:
        return {}
    users = data.get("users")
    return users if isinstance(users, dict) else {}


def exact_headers_win(mapping: Mapping, columns: list[str]) -> Mapping:
    """`mapping` with every column named exactly like a schema field feeding that field.

    A remembered mapping that sent ``end_date`` to ``date`` must not turn a file with both
    canonical headers into one whose end dates are stored as dates. Names compare as
    `normalise` does (``End Date`` is the ``end_date`` header).

    Examples
    --------
    >>> exact_headers_win({"date": ("end_date",)}, ["date", "end_date", "latitude"])
    {'date': ('date',), 'latitude': ('latitude',), 'end_date': ('end_date',)}
    >>> exact_headers_win({"date": ("Year", "Month")}, ["Year", "Month", "Lat"])
    {'date': ('Year', 'Month')}
    """
    exact: dict[str, str] = {}
    for column in columns:
        field = next((f for f in FIELDS if normalise(f) == normalise(column)), None)
        if field is not None:
            exact.setdefault(field, column)
    claimed = set(exact.values())
    out = {f: cols for f, cols in mapping.items() if f not in exact and not set(cols) & claimed}
    out.update({f: (c,) for f, c in exact.items()})
    if POSITION in out and schema.LATITUDE in out and schema.LONGITUDE in out:
        del out[POSITION]
    return {f: out[f] for f in FIELDS if f in out}


def recall_mapping(columns: list[str], user: str | None = None) -> Mapping | None:
    """The mapping `user` remembered for this header, if any, to *propose* (never to apply
    silently). Columns no longer present are ignored; exact schema headers win
    (`exact_headers_win`).

    Parameters
    ----------
    columns
        The header of the file.
    user
        Whose memory (default: `current_user`). The dashboard passes the name the analyst
        gives in the upload tab.
    """
    saved = _load_all().get(user or current_user(), {}).get(header_signature(columns))
    if not isinstance(saved, dict):
        return None
    mapping = {
        f: tuple(saved[f])
        for f in FIELDS
        if isinstance(saved.get(f), list) and saved[f] and all(c in columns for c in saved[f])
    }
    return exact_headers_win(mapping, columns) if mapping else None


def remember_mapping(columns: list[str], mapping: Mapping, user: str | None = None) -> None:
    """Remember `mapping` for `user` (default: `current_user`) and files with this header (best
    effort: errors are ignored)."""
    users = _load_all()
    who = user or current_user()
    users.setdefault(who, {})[header_signature(columns)] = {
        f: list(cols) for f, cols in mapping.items()
    }
    data = {"version": _FILE_VERSION, "users": users}
    path = mappings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
