"""Raw uploaded table -> (typed GeoDataFrame of the usable rows, row-by-row ValidationReport).

Every row ends up ``accepted``, ``suspect`` (kept, with a warning) or ``rejected`` (not kept);
no row is dropped without a line in the report naming the row of the original file, the
column, the value and the problem in plain words.

Rejected: no date or an unreadable one, a date in the future, no position or an unreadable
one, only one half of a latitude/longitude pair, latitude beyond ±90 or longitude beyond ±180.

Rejected too, unless the caller asks to swap them: latitude/longitude that look swapped (out
of the region as given, inside it swapped). Swapped rows are then kept as suspect.

Rejected too: a cell longer than its field's limit (`seawatch.io.Limits`: 10,000 characters
for a description, 1,000 for any other field by default). The row is not cut short: it comes
back whole in the rejected rows, to shorten on purpose and upload again.

Suspect (kept): on land (per the zones' land layer, when available), outside the region,
a reduced-precision date (a month or a year, kept as a period), a day/month order that was
assumed, an unknown incident type (kept as ``other``), unknown country codes (left out), a bad
optional value (left out; a casualty count of `MAX_CASUALTIES` or more is not a count), text
holding characters XML forbids (U+FFFE, control characters: removed, as every export would).

Decisions where the schema needs a value the upload does not give:

- ``incident_id`` missing: ``U-`` + the first 16 hex digits of the SHA-256 of the row's date,
  position, type and description — stable, so re-uploading the same rows finds them again.
- ``incident_type`` missing: ``other``. ``countries`` missing: an empty list.
- ``description`` missing: left empty. ``source`` missing: ``upload: <file name>``, so every
  uploaded incident stays traceable to the file it came from (the store records the batch).

A file in a public dataset format is read through its preset (`seawatch.upload.presets`,
recognised from the header or chosen): the preset's vocabularies give types, precisions and
initiators; its label goes into ``source`` and its prefix before the dataset's own ids. A
mapping guessed from the values (no telling header) is recorded in
`ValidationReport.guessed`; the callers decide whether it may be stored.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from seawatch import schema
from seawatch.columns import POSITION, Mapping, detect
from seawatch.coords import ParsedCoordinates, _as_text, parse_coordinates, parse_positions
from seawatch.dates import DateOrder, parse_dates
from seawatch.errors import DataFormatError, InputError, SeawatchError
from seawatch.incidents import typed_frame
from seawatch.io import Limits, RawTable
from seawatch.text import XML_FORBIDDEN, neutralise_formula, shorten, xml_forbidden, xml_safe
from seawatch.upload import vocabulary
from seawatch.upload.presets import Preset, detect_preset, initiators_from_text, preset_types
from seawatch.upload.region import in_region

REJECTED = "rejected"
SUSPECT = "suspect"
ACCEPTED = "accepted"
PROBLEM_COLUMNS = ("row", "column", "value", "problem", "severity")
#: A casualty count this large is a typing error, not a number of people.
MAX_CASUALTIES = 100_000
#: Longest cell value quoted in the problem list (the whole cell is in the rejected rows).
PROBLEM_VALUE_CHARS = 200
#: Stored text fields: cleaned of characters XML forbids.
_TEXT_FIELDS = (
    schema.INCIDENT_ID,
    schema.DESCRIPTION,
    schema.LOCATION_NAME,
    schema.VESSELS,
    schema.SOURCE,
)

#: Keywords (in normalised type cells) that map free-text incident types onto the taxonomy.
TYPE_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("water_cannon", "water_cannon"),
    ("watercannon", "water_cannon"),
    ("laser", "laser_flare"),
    ("flare", "laser_flare"),
    ("collision", "collision_ramming"),
    ("ramming", "collision_ramming"),
    ("rammed", "collision_ramming"),
    ("block", "blocking_obstruction"),
    ("obstruct", "blocking_obstruction"),
    ("piracy", "piracy_armed_robbery"),
    ("pirate", "piracy_armed_robbery"),
    ("robbery", "piracy_armed_robbery"),
    ("theft", "piracy_armed_robbery"),
    ("hijack", "piracy_armed_robbery"),
    ("board", "boarding_seizure"),
    ("seiz", "boarding_seizure"),
    ("detain", "boarding_seizure"),
    ("arrest", "boarding_seizure"),
    ("harass", "harassment_unsafe_maneuver"),
    ("unsafe", "harassment_unsafe_maneuver"),
    ("swarm", "swarming_militia_presence"),
    ("militia", "swarming_militia_presence"),
    ("construct", "construction_reclamation"),
    ("reclamation", "construction_reclamation"),
    ("survey", "survey_drilling_standoff"),
    ("drill", "survey_drilling_standoff"),
    ("standoff", "survey_drilling_standoff"),
    ("fishing", "fishing_enforcement"),
    ("intercept", "aircraft_intercept"),
    ("firing", "firing_weapons"),
    ("shot", "firing_weapons"),
    ("weapon", "firing_weapons"),
)


@dataclass
class ValidationReport:
    """What became of every row of an upload, and why.

    ``problems`` has one line per problem: ``row`` (line in the original file), ``column``
    (source column), ``value`` (the cell as written), ``problem`` (plain words) and
    ``severity`` (``rejected`` or ``suspect``). ``status`` gives every row's outcome.
    """

    table: RawTable
    mapping: Mapping
    status: np.ndarray
    problems: pd.DataFrame
    notices: list[str] = field(default_factory=list)
    date_order: str | None = None
    swap_candidates: int = 0
    swapped: int = 0
    #: The preset the file was read with (chosen or recognised from the header), if any.
    preset: Preset | None = None
    #: Fields whose columns were guessed from the values -> confidence (0-1).
    guessed: dict[str, float] = field(default_factory=dict)
    #: Kept rows outside the region (`seawatch.schema.REGION_BOUNDS`).
    outside_region: int = 0

    @property
    def rows(self) -> int:
        return len(self.status)

    @property
    def accepted(self) -> int:
        """Rows kept without any warning."""
        return int(np.sum(self.status == ACCEPTED))

    @property
    def suspect(self) -> int:
        """Rows kept with a warning."""
        return int(np.sum(self.status == SUSPECT))

    @property
    def rejected(self) -> int:
        return int(np.sum(self.status == REJECTED))

    @property
    def all_valid(self) -> bool:
        """True when no row was rejected (suspect rows are valid, with a warning)."""
        return self.rejected == 0

    def rejected_text(self) -> str:
        """The rejected rows as in the original file (with its header), to fix and upload again."""
        return self.table.original_rows(np.flatnonzero(self.status == REJECTED))

    def problems_csv(self) -> str:
        """The problem list as CSV text (formulas neutralised with `neutralise_formula`)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(PROBLEM_COLUMNS)
        for record in self.problems.itertuples(index=False, name=None):
            writer.writerow([neutralise_formula(v) for v in record])
        return buffer.getvalue()

    def summary(self) -> list[str]:
        """Plain-text lines: what was read, how, and the counts."""
        t = self.table
        how = [t.format]
        if t.encoding:
            sure = t.encoding_confidence
            how.append(
                f"encoding {t.encoding}"
                + (f" (confidence {sure:.0%})" if sure is not None and sure < 1 else "")
            )
        if t.delimiter:
            how.append(f"delimiter {t.delimiter!r}")
        how.append("header row" if t.header else "no header row")
        mapping = ", ".join(
            f"{f} <- {'+'.join(c)}" + (" (guessed)" if f in self.guessed else "")
            for f, c in self.mapping.items()
        )
        if self.preset is not None:
            how.append(f"preset {self.preset.name!r}: {self.preset.title}")
        return [
            f"{t.name}: {self.rows:,} rows ({'; '.join(how)})",
            f"mapping: {mapping}",
            *self.notices,
            f"accepted {self.accepted:,}, suspect (kept with a warning) {self.suspect:,}, "
            f"rejected {self.rejected:,}",
        ]


class _Problems:
    """Collects problems column by column, as arrays (fast for a million rows)."""

    def __init__(self, table: RawTable) -> None:
        self.table = table
        self.parts: list[pd.DataFrame] = []
        n = len(table.frame)
        self.rejected = np.zeros(n, dtype=bool)
        self.suspect = np.zeros(n, dtype=bool)

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        values: pd.Series,
        message: str | pd.Series,
        severity: str,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = np.flatnonzero(mask)
        text = message[mask].to_numpy() if isinstance(message, pd.Series) else message
        quoted = values.to_numpy()[rows]
        quoted = np.array(
            [shorten(v, PROBLEM_VALUE_CHARS) if isinstance(v, str) else v for v in quoted.tolist()],
            dtype=object,
        )
        self.parts.append(
            pd.DataFrame(
                {
                    "_index": rows,
                    "row": self.table.lines[rows],
                    "column": column,
                    "value": quoted,
                    "problem": text,
                    "severity": severity,
                }
            )
        )
        (self.rejected if severity == REJECTED else self.suspect)[rows] = True

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})
        out = pd.concat(self.parts, ignore_index=True).sort_values(["_index"], kind="stable")
        return out[list(PROBLEM_COLUMNS)].reset_index(drop=True)


def validate(
    table: RawTable,
    mapping: Mapping | None = None,
    *,
    date_order: DateOrder | None = None,
    swap: bool = False,
    today: dt.date | None = None,
    land: gpd.GeoDataFrame | bool | None = None,
    preset: Preset | None = None,
    limits: Limits | None = None,
) -> tuple[gpd.GeoDataFrame, ValidationReport]:
    """Check and convert every row of an uploaded table.

    Parameters
    ----------
    table
        From `seawatch.io.read_table`.
    mapping
        Field -> source columns; default: detected (`seawatch.columns.detect_mapping`).
    date_order
        Force ``"DMY"`` or ``"MDY"`` for numeric dates (default: decided from the values).
    swap
        Swap latitude and longitude in the rows where they look swapped.
    today
        Reference day for "in the future" and two-digit years (default: today).
    land
        Land polygons (EPSG:4326) for flagging points on land; ``None`` uses the built-in land
        layer (`seawatch.zones.loading.load_land`) when it is available, ``False`` skips it.
    preset
        Read the file as this public dataset format (`seawatch.upload.presets`): its column
        mapping (unless `mapping` is given), vocabularies, missing markers, source label and
        id prefix. ``None`` recognises a preset from the header when one matches.
    limits
        Characters allowed per field (default `Limits.from_env`).

    Returns
    -------
    (geopandas.GeoDataFrame, ValidationReport)
        Accepted and suspect rows in the typed form of `seawatch.load_incidents`, and the
        report of every row.

    Raises
    ------
    DataFormatError
        When no column can give the date or the position (the mapping must be fixed).
    """
    today = today or dt.date.today()
    notices = list(table.notices)
    if preset is None and table.header:
        preset = detect_preset(table.columns)
        if preset is not None:
            notices.append(f"recognised the {preset.title} format (preset {preset.name!r})")
    guessed: dict[str, float] = {}
    if mapping is None:  # a remembered mapping is only proposed: the caller applies it
        if preset is not None:
            mapping = preset.mapping(table.columns)
        else:
            detection = detect(table.columns, table.frame.head(200))
            mapping, guessed = detection.mapping, detection.guessed
    _require_mapping(table, mapping)
    if preset is not None:
        table = dataclasses.replace(table, frame=preset.clean(table.frame))
        date_order = date_order or preset.date_order  # type: ignore[assignment]
    problems = _Problems(table)
    out = pd.DataFrame(index=pd.RangeIndex(len(table.frame)))
    report = ValidationReport(table, mapping, np.array([]), pd.DataFrame(), notices)
    report.preset, report.guessed = preset, guessed
    _lengths(table, mapping, problems, limits or Limits.from_env())
    _dates(table, mapping, out, problems, report, date_order, today)
    _positions(table, mapping, out, problems, report, swap)
    _land(out, land, problems, report, mapping)
    _attributes(table, mapping, out, problems, report)
    _decoding(table, problems)
    if table.truncated:
        last = np.zeros(len(table.frame), dtype=bool)
        last[-1] = True
        cells = pd.Series(table.frame.iloc[:, -1].str.slice(0, 60).to_numpy())
        message = "the file ends inside this row's quoted field: the file looks truncated"
        problems.add(last, str(table.columns[-1]), cells, message, REJECTED)
    status = np.where(
        problems.rejected, REJECTED, np.where(problems.suspect, SUSPECT, ACCEPTED)
    ).astype(object)
    report.status = status
    report.problems = problems.frame()
    keep = status != REJECTED
    return typed_frame(out[keep].reset_index(drop=True)), report


def _decoding(table: RawTable, problems: _Problems) -> None:
    """Rows on lines decoded apart (a mixed file: suspect) or not decodable (rejected)."""
    found = table.row_line_problems()
    if not found:
        return
    n = len(table.frame)
    row_text = pd.Series([""] * n, dtype=object)
    rows = [row for row, _, _ in found]
    row_text[rows] = [" | ".join(table.frame.iloc[row].tolist()) for row in rows]
    for severity in (SUSPECT, REJECTED):
        mask = np.zeros(n, dtype=bool)
        message = pd.Series(None, index=range(n), dtype=object)
        for row, problem, level in found:
            if level == severity:
                mask[row], message[row] = True, problem
        problems.add(mask, "(whole row)", row_text, message, severity)


def _require_mapping(table: RawTable, mapping: Mapping) -> None:
    has_place = POSITION in mapping or (schema.LATITUDE in mapping and schema.LONGITUDE in mapping)
    missing = [] if has_place else ["latitude/longitude (or position)"]
    if schema.DATE not in mapping:
        missing.insert(0, "date")
    if missing:
        columns = ", ".join(f"{i}={c!r}" for i, c in enumerate(table.columns, 1))
        hint = (
            " Only one column was found: is the delimiter one of comma, semicolon, tab or pipe?"
            if len(table.columns) == 1
            else ""
        )
        raise DataFormatError(
            f"cannot tell which column holds the {' and the '.join(missing)}; the columns are "
            f"{columns}. Name them with --map FIELD=COLUMN (e.g. --map latitude=3).{hint}",
            table.name,
        )


def _lengths(table: RawTable, mapping: Mapping, problems: _Problems, limits: Limits) -> None:
    """Reject the rows with a cell longer than its field allows (the cell is named)."""
    for field_name, columns in mapping.items():
        limit = limits.field_chars(field_name)
        for column in columns:
            cells = table.frame[column]
            lengths = cells.str.len().to_numpy(dtype="float64")
            over = lengths > limit
            if over.any():
                message = pd.Series(None, index=cells.index, dtype=object)
                message[over] = [
                    f"{int(n):,} characters; the limit for {field_name} is {limit:,} "
                    "(shorten it, or raise SEAWATCH_MAX_"
                    f"{'DESCRIPTION' if field_name == schema.DESCRIPTION else 'FIELD'}_CHARS)"
                    for n in lengths[over]
                ]
                problems.add(over, column, cells, message, REJECTED)


def _cells(table: RawTable, columns: tuple[str, ...]) -> pd.Series:
    """One source column as text, or several joined by ' + ' (for reporting)."""
    if len(columns) == 1:
        return _as_text(table.frame[columns[0]])
    parts = [_as_text(table.frame[c]) for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + " + " + part
    return joined


#: How several columns of one text field are joined (`--map description=Desc1+Desc2`).
_JOINED = {
    schema.DESCRIPTION: " ",
    schema.COUNTRIES: ";",
    schema.VESSELS: "; ",
    schema.LOCATION_NAME: "; ",
}


def _joined(table: RawTable, columns: tuple[str, ...], sep: str) -> pd.Series:
    """Several text columns joined in order, empty parts skipped.

    Examples
    --------
    >>> t = RawTable("f", "csv", pd.DataFrame({"a": ["x", ""], "b": ["y", "z"]}), np.array([2, 3]), True, "", 0)
    >>> _joined(t, ("a", "b"), " ").tolist()
    ['x y', 'z']
    """  # noqa: E501
    parts = [_as_text(table.frame[c]) for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        both = joined.ne("") & part.ne("")
        joined = (joined + sep).where(both, joined) + part
    return joined


def _date_text(table: RawTable, columns: tuple[str, ...]) -> pd.Series:
    """Text to parse for a date: the cell, or year/month(/day) columns assembled."""
    if len(columns) == 1:
        return _as_text(table.frame[columns[0]])
    y, m = _as_text(table.frame[columns[0]]), _as_text(table.frame[columns[1]])
    d = _as_text(table.frame[columns[2]]) if len(columns) > 2 else pd.Series("", index=y.index)
    numeric_month = m.str.fullmatch(r"\d{1,2}")
    iso = (y + "-" + m.str.zfill(2)).where(d.eq(""), y + "-" + m.str.zfill(2) + "-" + d)
    named = (m + " " + y).where(d.eq(""), d + " " + m + " " + y)
    text = iso.where(numeric_month, named)
    return text.where(y.ne("") & m.ne(""), "")


def _dates(
    table: RawTable,
    mapping: Mapping,
    out: pd.DataFrame,
    problems: _Problems,
    report: ValidationReport,
    order: DateOrder | None,
    today: dt.date,
) -> None:
    columns = mapping[schema.DATE]
    label, cells = "+".join(columns), _cells(table, columns)
    parsed = parse_dates(_date_text(table, columns), order=order, today=today)
    report.date_order = parsed.order
    if parsed.order_reason:
        report.notices.append(f"numeric dates read as {parsed.order_reason}")
    problems.add(parsed.missing, label, cells, "date is missing", REJECTED)
    problems.add(parsed.problem.notna(), label, cells, parsed.problem, REJECTED)
    future = parsed.start > np.datetime64(today, "ns")
    problems.add(future, label, cells, "date is in the future", REJECTED)
    other = "M/D/Y" if parsed.order == "DMY" else "D/M/Y"
    problems.add(
        parsed.ambiguous,
        label,
        cells,
        f"day and month are ambiguous: read as {parsed.order}, could be {other}",
        SUSPECT,
    )
    start_text = _iso(parsed.start)
    end_text = _iso(parsed.end)
    for precision in ("month", "year"):
        rows = parsed.precision == precision
        if rows.any():
            period = pd.Series(None, index=start_text.index, dtype=object)
            period[rows] = (
                f"only the {precision} is known: kept as the period "
                + start_text[rows]
                + " to "
                + end_text[rows]
            )
            problems.add(rows, label, cells, period, SUSPECT)
    out[schema.DATE] = start_text.to_numpy()
    end = end_text
    if schema.END_DATE in mapping:
        end_cols = mapping[schema.END_DATE]
        end_cells = _cells(table, end_cols)
        given = parse_dates(_date_text(table, end_cols), order=parsed.order, today=today)
        end_label = "+".join(end_cols)
        bad = given.problem.notna()
        problems.add(bad, end_label, end_cells, "end date unreadable: left out", SUSPECT)
        before = given.start < parsed.start
        problems.add(before, end_label, end_cells, "end date before the date: left out", SUSPECT)
        usable = ~bad.to_numpy() & ~before & ~np.isnat(given.start)
        last = np.where(np.isnat(given.end), given.start, given.end)
        end = end.where(~usable, _iso(last))
    out[schema.END_DATE] = end.to_numpy()


def _iso(values: np.ndarray) -> pd.Series:
    days = np.asarray(values).astype("datetime64[D]")
    text = pd.Series(np.datetime_as_string(days, unit="D"), dtype=object)
    return text.where(~np.isnat(days), "")


def _positions(
    table: RawTable,
    mapping: Mapping,
    out: pd.DataFrame,
    problems: _Problems,
    report: ValidationReport,
    swap: bool,
) -> None:
    if POSITION in mapping:
        label = mapping[POSITION][0]
        cells = _cells(table, mapping[POSITION])
        lat, lon = parse_positions(table.frame[label])
        lat_label = lon_label = label
        lat_cells = lon_cells = cells
    else:
        lat_label, lon_label = mapping[schema.LATITUDE][0], mapping[schema.LONGITUDE][0]
        lat_cells, lon_cells = _cells(table, (lat_label,)), _cells(table, (lon_label,))
        lat = parse_coordinates(table.frame[lat_label], "latitude")
        lon = parse_coordinates(table.frame[lon_label], "longitude")
    raw_y = lat.raw if lat.raw is not None else lat.values
    raw_x = lon.raw if lon.raw is not None else lon.values
    looks_swapped = ~_in_region(raw_y, raw_x) & _in_region(raw_x, raw_y)
    report.swap_candidates = int(looks_swapped.sum())
    both = lat_cells + " / " + lon_cells if lat_label != lon_label else lat_cells
    both_label = lat_label if lat_label == lon_label else f"{lat_label}/{lon_label}"
    y, x = lat.values.copy(), lon.values.copy()
    if swap:
        y[looks_swapped], x[looks_swapped] = raw_x[looks_swapped], raw_y[looks_swapped]
        lat.problem[looks_swapped] = None
        lon.problem[looks_swapped] = None
        report.swapped = report.swap_candidates
        message = "latitude and longitude were swapped, as requested"
        problems.add(looks_swapped, both_label, both, message, SUSPECT)
    else:
        y[looks_swapped] = x[looks_swapped] = np.nan
        message = "latitude and longitude look swapped: swap them to use this row"
        problems.add(looks_swapped, both_label, both, message, REJECTED)
        lat.problem[looks_swapped] = None
        lon.problem[looks_swapped] = None
        if report.swap_candidates:
            report.notices.append(
                f"{report.swap_candidates} row(s) look like latitude and longitude are swapped"
                " (swap option: --swap-latlon / 'Swap lat/lon')"
            )
    _coordinate_problems(lat, lon, lat_label, lon_label, lat_cells, lon_cells, problems)
    outside = ~_in_region(y, x) & ~np.isnan(y) & ~np.isnan(x) & ~looks_swapped
    report.outside_region = int(outside.sum())
    west, south, east, north = schema.REGION_BOUNDS
    problems.add(
        outside,
        both_label,
        both,
        f"outside the region (latitude {south} to {north}, longitude {west} to {east})",
        SUSPECT,
    )
    out[schema.LATITUDE] = y
    out[schema.LONGITUDE] = x


def _coordinate_problems(
    lat: ParsedCoordinates,
    lon: ParsedCoordinates,
    lat_label: str,
    lon_label: str,
    lat_cells: pd.Series,
    lon_cells: pd.Series,
    problems: _Problems,
) -> None:
    if lat_label == lon_label:
        problems.add(lat.missing, lat_label, lat_cells, "position is missing", REJECTED)
        bad = lat.problem.notna() | lon.problem.notna()
        problems.add(bad, lat_label, lat_cells, lat.problem.fillna(lon.problem), REJECTED)
        return
    both_missing = lat.missing & lon.missing
    problems.add(both_missing, f"{lat_label}/{lon_label}", lat_cells, "no position", REJECTED)
    problems.add(
        lon.missing & ~lat.missing,
        lon_label,
        lon_cells,
        "longitude missing while the latitude is given",
        REJECTED,
    )
    problems.add(
        lat.missing & ~lon.missing,
        lat_label,
        lat_cells,
        "latitude missing while the longitude is given",
        REJECTED,
    )
    problems.add(lat.problem.notna(), lat_label, lat_cells, lat.problem, REJECTED)
    problems.add(lon.problem.notna(), lon_label, lon_cells, lon.problem, REJECTED)


def _land(
    out: pd.DataFrame,
    land: gpd.GeoDataFrame | bool | None,
    problems: _Problems,
    report: ValidationReport,
    mapping: Mapping,
) -> None:
    """Flag points on land as suspect (a coastal town, or a latitude/longitude typo)."""
    if land is False:
        return
    if land is None or land is True:
        from seawatch.zones.loading import load_land

        try:
            land = load_land()
        except SeawatchError as exc:
            report.notices.append(f"points on land were not checked (no land layer: {exc})")
            return
    if not isinstance(land, gpd.GeoDataFrame):
        raise InputError(
            f"land: expected a GeoDataFrame of land polygons, True/None (the built-in layer) "
            f"or False (no check), got {type(land).__name__}"
        )
    y = out[schema.LATITUDE].to_numpy(dtype="float64")
    x = out[schema.LONGITUDE].to_numpy(dtype="float64")
    on_land = points_on_land(x, y, land)
    columns = mapping.get(POSITION) or (mapping[schema.LATITUDE][0], mapping[schema.LONGITUDE][0])
    label = "/".join(columns)
    values = pd.Series(None, index=range(len(y)), dtype=object)
    rows = np.flatnonzero(on_land)
    values[rows] = [f"{y[i]:.5f}, {x[i]:.5f}" for i in rows]
    problems.add(on_land, label, values, "on land (per the land layer of the zones)", SUSPECT)


def points_on_land(x: np.ndarray, y: np.ndarray, land: gpd.GeoDataFrame) -> np.ndarray:
    """Which points lie in or on a land polygon (bounding-box filter, then exact test).

    Covered-by, as `seawatch.spatial`'s ``on_land``: a point exactly on the coastline is on
    land. The two must agree, or an uploaded point could be flagged "on land" by the join
    and not by the upload check (or the reverse); and a point on the line is as suspect as
    one just inside it.
    """
    mask = np.zeros(len(x), dtype=bool)
    for polygon in land.to_crs(schema.CRS).geometry.to_numpy():
        if polygon is None or polygon.is_empty:
            continue
        shapely.prepare(polygon)
        west, south, east, north = polygon.bounds
        with np.errstate(invalid="ignore"):
            near = (x >= west) & (x <= east) & (y >= south) & (y <= north) & ~mask
        rows = np.flatnonzero(near)
        if len(rows):
            mask[rows] = shapely.intersects_xy(polygon, x[rows], y[rows])  # covered-by
    return mask


def _in_region(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return in_region(lat, lon)


def _attributes(
    table: RawTable,
    mapping: Mapping,
    out: pd.DataFrame,
    problems: _Problems,
    report: ValidationReport,
) -> None:
    n = len(table.frame)
    preset = report.preset

    def text(field_name: str) -> tuple[pd.Series, str | None]:
        columns = mapping.get(field_name)
        if not columns:
            return pd.Series([""] * n, dtype=object), None
        if len(columns) > 1 and field_name in _JOINED:
            return _joined(table, columns, _JOINED[field_name]), "+".join(columns)
        return _cells(table, columns), "+".join(columns)

    types, label = text(schema.INCIDENT_TYPE)
    mapped_types = _map_types(types)
    if preset is not None and label:
        cells = [_as_text(table.frame[c]) for c in mapping[schema.INCIDENT_TYPE]]
        by_vocabulary = preset_types(cells, preset)
        if by_vocabulary is not None:
            mapped_types = by_vocabulary.fillna(mapped_types)
    if label:
        unknown = types.ne("") & mapped_types.isna()
        problems.add(unknown, label, types, "unknown incident type: kept as 'other'", SUSPECT)
    else:
        report.notices.append("no incident type column: every row is typed 'other'")
    out[schema.INCIDENT_TYPE] = mapped_types.fillna("other").to_numpy()

    countries, label = text(schema.COUNTRIES)
    codes, unknown_codes = _map_countries(countries)
    if label:
        message = "unknown country left out: " + unknown_codes
        problems.add(unknown_codes.ne(""), label, countries, message, SUSPECT)
    out[schema.COUNTRIES] = codes.to_numpy()

    initiator, label = text(schema.INITIATOR)
    if preset is not None and preset.initiator_in_text:
        initiator = initiators_from_text(initiator)
    init_codes, init_unknown = _map_countries(initiator)
    if label:
        bad = init_unknown.ne("") | init_codes.str.contains(";")
        problems.add(bad, label, initiator, "not one known country: left out", SUSPECT)
        init_codes = init_codes.where(~bad, "")
    out[schema.INITIATOR] = init_codes.to_numpy()
    if preset is not None and preset.initiator_in_text:  # the initiator is involved too
        both = out[schema.COUNTRIES] + ";" + init_codes
        out[schema.COUNTRIES] = both.map(lambda c: schema.join_list(schema.split_list(c)))

    precision, label = text(schema.LOCATION_PRECISION)
    if preset is not None and preset.precision is not None:
        precision = vocabulary.map_precision(precision, preset.precision)
    lowered = precision.str.lower()
    bad_precision = lowered.ne("") & ~lowered.isin(schema.PRECISIONS)
    if label:
        message = "unknown location precision (allowed: " + ", ".join(schema.PRECISIONS) + ")"
        problems.add(bad_precision, label, precision, message + ": left out", SUSPECT)
    out[schema.LOCATION_PRECISION] = lowered.where(~bad_precision, "").to_numpy()

    casualties, label = text(schema.CASUALTIES)
    whole = casualties.str.fullmatch(r"[0-9]+").to_numpy(dtype=bool)  # ASCII: not "１２"
    digits = casualties.where(whole, "").str.lstrip("0")
    huge = whole & (digits.str.len().to_numpy() > len(str(MAX_CASUALTIES)))
    count = pd.to_numeric(casualties.where(whole & ~huge, None)).astype("float64")
    huge |= count.to_numpy() >= MAX_CASUALTIES
    count[huge] = np.nan
    if label:
        bad = casualties.ne("").to_numpy() & ~whole
        problems.add(bad, label, casualties, "not a whole number of people: left out", SUSPECT)
        message = f"{MAX_CASUALTIES:,} or more is not a count of casualties: left out"
        problems.add(huge, label, casualties, message, SUSPECT)
    out[schema.CASUALTIES] = count.to_numpy()

    for name in (schema.DESCRIPTION, schema.LOCATION_NAME, schema.VESSELS):
        out[name] = _xml_clean(*text(name), problems).to_numpy()
    if preset is not None and preset.location_prefix:
        places = preset.places_from_descriptions(out[schema.DESCRIPTION].astype(str))
        empty = out[schema.LOCATION_NAME].astype(str).eq("")
        out[schema.LOCATION_NAME] = out[schema.LOCATION_NAME].where(~empty, places)
    source = _xml_clean(*text(schema.SOURCE), problems)
    if preset is not None:
        source = preset.label_sources(source)
    out[schema.SOURCE] = source.where(source.ne(""), f"upload: {table.name}").to_numpy()
    ids = _xml_clean(*text(schema.INCIDENT_ID), problems)
    if preset is not None:
        ids = preset.prefix_ids(ids)
    missing = ids.eq("").to_numpy()
    if missing.any():
        ids[missing] = _content_ids(out[missing])
    out[schema.INCIDENT_ID] = ids.to_numpy()


def _xml_clean(cells: pd.Series, label: str | None, problems: _Problems) -> pd.Series:
    """`cells` without the characters XML forbids; each cleaned cell is a suspect row.

    Every XML/HTML writer removes them anyway (`seawatch.text.xml_safe`); removing them here
    too stores what the exports will show, and the report says so.
    """
    if label is None or not XML_FORBIDDEN.search("".join(cells.tolist())):
        return cells
    found = cells.map(lambda v: ", ".join(xml_forbidden(v)))
    has = found.ne("").to_numpy()
    message = "removed characters XML forbids (" + found + "): the rest of the text is kept"
    problems.add(has, label, cells.map(repr), message, SUSPECT)
    return cells.map(xml_safe)


def _map_types(cells: pd.Series) -> pd.Series:
    """Taxonomy value per cell (NaN when unknown or empty), via the unique values."""
    unique = pd.unique(cells)
    lookup: dict[object, str | None] = {}
    for value in unique:
        key = str(value).strip().lower().replace(" ", "_").replace("-", "_")
        if key in schema.INCIDENT_TYPES:
            lookup[value] = key
            continue
        squashed = key.replace("_", "")
        lookup[value] = next(
            (kind for word, kind in TYPE_KEYWORDS if word.replace("_", "") in squashed), None
        )
    return cells.map(lookup)


def _map_countries(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(``;``-joined ISO3 codes, ``;``-joined unknown parts) per cell, via the unique values.

    A cell is split on ``; , / | &``; a part is then tried whole, and split on `` and `` only
    when every piece is a known country (``China and Philippines``), so that names holding
    "and" (``Trinidad and Tobago``) stay one name.
    """
    codes_of, unknown_of = {}, {}
    for value in pd.unique(cells):
        codes, unknown = set(), []
        for part in filter(None, (p.strip() for p in re.split(r"[;,/|&]", str(value)))):
            found = _country_codes(part)
            if found:
                codes.update(found)
            else:
                unknown.append(part)
        codes_of[value] = schema.join_list(codes)
        unknown_of[value] = "; ".join(dict.fromkeys(unknown))
    return cells.map(codes_of), cells.map(unknown_of)


def _country_code(name: str) -> str | None:
    return vocabulary.country_code(name)


def _country_codes(part: str) -> list[str]:
    """The codes of one part: the whole part, else its pieces around " and " if all known."""
    whole = _country_code(part)
    if whole:
        return [whole]
    pieces = [p.strip() for p in re.split(r"\s+and\s+", part, flags=re.IGNORECASE)]
    codes = [_country_code(p) for p in pieces if p]
    if len(pieces) > 1 and codes and all(codes):
        return [c for c in codes if c]
    return []


def _content_ids(rows: pd.DataFrame) -> list[str]:
    """Stable ids for rows without one: a hash of date, position, type and description."""
    parts = [
        rows[schema.DATE].map(str),
        rows[schema.LATITUDE].round(6).map(repr),
        rows[schema.LONGITUDE].round(6).map(repr),
        rows[schema.INCIDENT_TYPE].map(str),
        rows[schema.DESCRIPTION].map(str),
    ]
    keys = parts[0]
    for part in parts[1:]:
        keys = keys + "|" + part
    return ["U-" + hashlib.sha256(k.encode("utf-8")).hexdigest()[:16] for k in keys]
