"""The report pack: one PDF with the map, the timeline, a summary and the table of incidents.

Pages (A4 landscape): 1. the static map page of `seawatch.export.static_map`; 2. the timeline
(incidents per year, or per month for spans under four years, stacked by type); 3. an optional
summary (counts by type, by pair of countries involved, by the claim families in dispute, with
what "disputed" means); 4+. the table of
the incidents in view with their sources, as many pages as needed. An empty view still gives
every page, each saying that no incidents match.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import textwrap
from collections import Counter
from collections.abc import Iterator, Sequence

import geopandas as gpd
import matplotlib
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from seawatch import schema
from seawatch.export.static_map import (
    NO_MATCH,
    MapOptions,
    _as_datetime,
    default_title,
    draw_map_page,
    new_page,
)
from seawatch.filtering import IncidentFilter
from seawatch.presentation import disputed_definition, type_color, type_label
from seawatch.summary import disputed_by_families

#: Table columns: (header, width in characters, x position as a page fraction).
TABLE_COLUMNS = (
    ("Date", 10, 0.03),
    ("Type", 18, 0.095),
    ("Countries", 11, 0.205),
    ("Location", 18, 0.27),
    ("Description", 76, 0.38),
    ("Source", 48, 0.745),
)
LINES_PER_PAGE = 72
TABLE_FONT = 6.3


def timeline_counts(view: pd.DataFrame) -> pd.DataFrame:
    """Incidents per period (rows) and type (columns): years, or months for spans < 4 years.

    Every period from the first incident's to the last one's is a row, those without
    incidents with zeros, so the bars stand on an even time axis.

    Examples
    --------
    >>> df = pd.DataFrame({"date": ["2014-05-02", "2024-03-05", "2024-06-17"],
    ...                    "incident_type": ["collision_ramming", "water_cannon", "water_cannon"]})
    >>> timeline_counts(df).loc["2024", "water_cannon"]
    np.int64(2)
    >>> timeline_counts(df.iloc[1:]).index.tolist()
    ['2024-03', '2024-04', '2024-05', '2024-06']
    """
    if view.empty:
        return pd.DataFrame()
    dates = pd.to_datetime(view[schema.DATE])
    monthly = (dates.max() - dates.min()).days < 4 * 365
    freq = "M" if monthly else "Y"
    period = dates.dt.to_period(freq).astype(str)
    table = pd.crosstab(period.to_numpy(), view[schema.INCIDENT_TYPE].to_numpy())
    every = pd.period_range(dates.min(), dates.max(), freq=freq).astype(str)
    order = [t for t in schema.INCIDENT_TYPES if t in table.columns]
    order += sorted(set(table.columns) - set(order))
    return table.reindex(index=every, columns=order, fill_value=0)


def country_pairs(view: pd.DataFrame) -> Counter[str]:
    """How many incidents involve each pair of countries (``CHN–PHL``)."""
    counts: Counter[str] = Counter()
    for value in view[schema.COUNTRIES]:
        codes = sorted(set(schema.as_codes(value)))
        counts.update(f"{a}–{b}" for a, b in itertools.combinations(codes, 2))
    return counts


def disputed_areas(view: pd.DataFrame, zones: pd.DataFrame | None = None) -> Counter[str]:
    """Incidents in disputed waters by the claim families in dispute there
    (`seawatch.summary.disputed_by_families`; needs the join's columns)."""
    return disputed_by_families(view, zones)


def _wrap_note(text: str) -> str:
    return textwrap.fill(text, 170)


def draw_timeline_page(fig: Figure, view: pd.DataFrame) -> None:
    fig.text(0.04, 0.95, "Incidents over time, by type", fontsize=15, fontweight="bold")
    ax = fig.add_axes((0.07, 0.12, 0.62, 0.75))
    counts = timeline_counts(view)
    if counts.empty:
        ax.text(0.5, 0.5, NO_MATCH, ha="center", va="center", fontsize=13)
        ax.set_axis_off()
        return
    bottom = pd.Series(0, index=counts.index)
    for itype in counts.columns:
        ax.bar(
            counts.index,
            counts[itype],
            bottom=bottom,
            color=type_color(itype),
            edgecolor="white",
            linewidth=0.3,
            label=type_label(itype),
        )
        bottom = bottom + counts[itype]
    ax.set_ylabel("incidents")
    ax.tick_params(axis="x", labelrotation=90 if len(counts) > 12 else 0, labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False)


def draw_summary_page(fig: Figure, view: pd.DataFrame, zones: pd.DataFrame | None = None) -> None:
    fig.text(0.04, 0.95, "Summary", fontsize=15, fontweight="bold")
    if view.empty:
        fig.text(0.5, 0.5, NO_MATCH, ha="center", fontsize=13)
        return
    types = Counter(type_label(t) for t in view[schema.INCIDENT_TYPE])
    blocks = (
        ("By type", types),
        ("By pair of countries involved", country_pairs(view)),
        ("In disputed areas, by claim families", disputed_areas(view, zones)),
    )
    for i, (title, counts) in enumerate(blocks):
        x = 0.04 + i * 0.32
        fig.text(x, 0.88, title, fontsize=10, fontweight="bold")
        rows = counts.most_common(40) or [("(none)", 0)]
        body = "\n".join(f"{n:>5}  {textwrap.shorten(k, 38)}" for k, n in rows)
        fig.text(x, 0.86, body, fontsize=7.5, va="top", family="monospace", linespacing=1.4)
    fig.text(
        0.04,
        0.06,
        _wrap_note(
            f"{disputed_definition()} A claim family is a set of states asserting one and the "
            "same claim (CHN+TWN: the dashed line); families are separated by ' / '."
        ),
        fontsize=7.5,
        va="bottom",
    )


def _cells(row: pd.Series) -> list[list[str]]:
    countries = schema.LIST_SEP.join(schema.as_codes(row[schema.COUNTRIES]))
    location = row.get(schema.LOCATION_NAME)
    values = [
        f"{pd.Timestamp(row[schema.DATE]):%Y-%m-%d}",
        type_label(row[schema.INCIDENT_TYPE]),
        countries,
        "" if location is None or pd.isna(location) else str(location),
        str(row[schema.DESCRIPTION]),
        str(row[schema.SOURCE]),
    ]
    return [
        textwrap.wrap(value, width, break_long_words=True, break_on_hyphens=False) or [""]
        for value, (_, width, _) in zip(values, TABLE_COLUMNS, strict=True)
    ]


def table_pages(view: pd.DataFrame) -> Iterator[list[list[str]]]:
    """The table's text, page by page: per page one list of lines per column (rows aligned)."""
    page: list[list[str]] = [[] for _ in TABLE_COLUMNS]
    for _, row in view.sort_values(schema.DATE, kind="stable").iterrows():
        cells = _cells(row)
        height = max(len(c) for c in cells) + 1
        if len(page[0]) + height > LINES_PER_PAGE and page[0]:
            yield page
            page = [[] for _ in TABLE_COLUMNS]
        for column, cell in zip(page, cells, strict=True):
            column.extend(cell + [""] * (height - len(cell)))
    if page[0]:
        yield page


def draw_table_page(fig: Figure, columns: Sequence[list[str]], number: int, total: int) -> None:
    fig.text(0.03, 0.95, f"Incidents in view ({number}/{total})", fontsize=13, fontweight="bold")
    for (header, _, x), lines in zip(TABLE_COLUMNS, columns, strict=True):
        fig.text(x, 0.91, header, fontsize=7.5, fontweight="bold")
        fig.text(x, 0.895, "\n".join(lines), fontsize=TABLE_FONT, va="top", linespacing=1.25)


@contextlib.contextmanager
def _core_fonts(enabled: bool) -> Iterator[None]:
    """Draw with the PDF core fonts; quiet matplotlib's note on Helvetica's weights."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context({"pdf.use14corefonts": enabled}):
            yield
    finally:
        logger.setLevel(level)


def _core_font_text(columns: Sequence[list[str]]) -> bool:
    """True when a page's text fits the PDF core fonts (WinAnsi, i.e. cp1252).

    Core fonts (Helvetica) make a table page many times faster to write than embedded DejaVu
    glyphs; pages with other characters (Vietnamese diacritics, CJK) keep the embedded font.
    """
    try:
        "".join("".join(lines) for lines in columns).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def render_report(
    view: pd.DataFrame,
    zones: gpd.GeoDataFrame | None,
    land: gpd.GeoDataFrame | None = None,
    *,
    flt: IncidentFilter | None = None,
    options: MapOptions | None = None,
    summary: bool = True,
    lines: gpd.GeoDataFrame | None = None,
) -> bytes:
    """The report pack as PDF bytes (see the module docstring for its pages); `lines`: the
    boundary and claim lines drawn on its map."""
    options = options or MapOptions()
    buf = io.BytesIO()
    metadata = {
        "Title": options.title or default_title(flt),
        "Creator": "seawatch",
        "CreationDate": _as_datetime(options.created),
    }
    with PdfPages(buf, metadata=metadata) as pdf:
        fig = new_page(options.paper)
        draw_map_page(fig, view, zones, land, flt, options, lines)
        pdf.savefig(fig)
        fig = new_page(options.paper)
        draw_timeline_page(fig, view)
        pdf.savefig(fig)
        if summary:
            fig = new_page(options.paper)
            draw_summary_page(fig, view, zones)
            pdf.savefig(fig)
        pages = list(table_pages(view))
        if not pages:
            fig = new_page(options.paper)
            fig.text(0.03, 0.95, "Incidents in view", fontsize=13, fontweight="bold")
            fig.text(0.5, 0.5, NO_MATCH, ha="center", fontsize=13)
            pdf.savefig(fig)
        for number, columns in enumerate(pages, start=1):
            fig = new_page(options.paper)
            draw_table_page(fig, columns, number, len(pages))
            with _core_fonts(_core_font_text(columns)):
                pdf.savefig(fig)
    return buf.getvalue()
